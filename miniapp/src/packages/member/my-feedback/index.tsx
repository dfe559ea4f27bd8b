import { Button, Text, View } from '@tarojs/components';
import { FEEDBACK_CATEGORIES, FEEDBACK_STATUS_LABELS, type MyFeedbackItem } from '@huiyuan/shared';
import { useReachBottom } from '@tarojs/taro';
import { StatusText } from '../../../components/status-text';
import { useMyFeedback } from '../../../hooks/use-feedback';
import { formatDateTime } from '../../../hooks/use-points-history';
import { open, ROUTES } from '../../../services/routes';
import '../../../pages/points/index.css';
import '../feedback/index.css';

function FeedbackItem({ item }: { item: MyFeedbackItem }) {
  return (
    <View className="history-item" id="my-feedback-item" data-status={item.status}>
      <View className="history-item__main">
        <Text className="history-item__reason">
          {FEEDBACK_CATEGORIES[item.category].label}
          {item.rating ? ` · ${'★'.repeat(item.rating)}` : ''}
        </Text>
        <Text className="history-item__line">{formatDateTime(item.createdAt)}</Text>
        {item.storeName ? <Text className="history-item__line">{item.storeName}</Text> : null}
        {item.orderNo ? <Text className="history-item__line">订单号 {item.orderNo}</Text> : null}
        <Text className="history-item__line" id="my-feedback-content">
          {item.content}
        </Text>
        {item.reply ? (
          <Text className="feedback-item__reply" id="my-feedback-reply">
            门店回复：{item.reply}
          </Text>
        ) : null}
      </View>
      <View className="history-item__side">
        <Text className={`history-item__line feedback-item__status--${item.status}`} id="my-feedback-status">
          {FEEDBACK_STATUS_LABELS[item.status]}
        </Text>
      </View>
    </View>
  );
}

export default function MyFeedbackPage() {
  const { items, loading, done, error, loadMore } = useMyFeedback();
  useReachBottom(() => void loadMore());

  return (
    <View className="page" id="my-feedback-page">
      <View className="panel" id="my-feedback-list">
        {items.map((item) => (
          <FeedbackItem key={item.id} item={item} />
        ))}
        {!loading && done && items.length === 0 ? (
          <Text className="muted history-footer" id="my-feedback-empty">
            您还没有提交过反馈
          </Text>
        ) : null}
        {done && items.length > 0 ? (
          <Text className="muted history-footer" id="my-feedback-end">
            没有更多了
          </Text>
        ) : null}
      </View>
      <StatusText id="my-feedback-error" error={error} />
      {!done ? (
        <Button
          className={`btn btn-secondary ${loading ? 'btn--busy' : ''}`}
          id="my-feedback-more"
          onClick={() => void loadMore()}
        >
          {loading ? '加载中…' : '加载更多'}
        </Button>
      ) : null}
      <Button className="btn btn-primary" id="my-feedback-new" onClick={() => open(ROUTES.feedback)}>
        写反馈
      </Button>
    </View>
  );
}
