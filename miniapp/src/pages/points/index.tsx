import { Button, Text, View } from '@tarojs/components';
import type { PointsHistoryItem } from '@huiyuan/shared';
import { useReachBottom } from '@tarojs/taro';
import { StatusText } from '../../components/status-text';
import { formatDateTime, formatDelta, lastValidDate, usePointsHistory } from '../../hooks/use-points-history';
import './index.css';

function HistoryItem({ item }: { item: PointsHistoryItem }) {
  return (
    // Every entry carries id `history-item` (tests count them) and its own `data-entry` id.
    <View className="history-item" id="history-item" data-entry={item.id}>
      <View className="history-item__main">
        <Text className="history-item__reason">{item.reason}</Text>
        <Text className="history-item__line">{formatDateTime(item.createdAt)}</Text>
        {item.orderNo ? <Text className="history-item__line history-item__order">订单号 {item.orderNo}</Text> : null}
        {item.delta > 0 && item.expiresAt ? (
          <Text className="history-item__line history-item__expiry">有效期至 {lastValidDate(item.expiresAt)}</Text>
        ) : null}
      </View>
      <View className="history-item__side">
        <Text className={`history-item__delta ${item.delta >= 0 ? 'delta--plus' : 'delta--minus'}`}>
          {formatDelta(item.delta)}
        </Text>
        <Text className="history-item__line">余额 {item.balanceAfter}</Text>
      </View>
    </View>
  );
}

export default function PointsPage() {
  const { items, loading, done, error, loadMore } = usePointsHistory();
  useReachBottom(() => void loadMore());

  return (
    <View className="page" id="history-page">
      <View className="panel" id="history-list">
        {items.map((item) => (
          <HistoryItem key={item.id} item={item} />
        ))}
        {!loading && done && items.length === 0 ? (
          <Text className="muted history-footer" id="history-empty">
            暂无积分记录
          </Text>
        ) : null}
        {done && items.length > 0 ? (
          <Text className="muted history-footer" id="history-end">
            没有更多了
          </Text>
        ) : null}
      </View>
      <StatusText id="history-error" error={error} />
      {!done ? (
        <Button className={`btn btn-secondary ${loading ? 'btn--busy' : ''}`} id="history-more" onClick={() => void loadMore()}>
          {loading ? '加载中…' : '加载更多'}
        </Button>
      ) : null}
    </View>
  );
}
