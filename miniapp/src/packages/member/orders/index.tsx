import { Button, Text, View } from '@tarojs/components';
import type { MyOrder } from '@huiyuan/shared';
import { formatYuan } from '@huiyuan/shared';
import { useReachBottom } from '@tarojs/taro';
import { StatusText } from '../../../components/status-text';
import { refundLabel, useMyOrders } from '../../../hooks/use-my-orders';
import { formatDateTime } from '../../../hooks/use-points-history';
import { open, ROUTES } from '../../../services/routes';
import '../../../pages/points/index.css';

function OrderItem({ order }: { order: MyOrder }) {
  const refunded = refundLabel(order);
  return (
    <View className="history-item" id="order-item" data-order-no={order.orderNo}>
      <View className="history-item__main">
        <Text className="history-item__reason">{order.storeName}</Text>
        <Text className="history-item__line">{formatDateTime(order.createdAt)}</Text>
        <Text className="history-item__line history-item__order">订单号 {order.orderNo}</Text>
        {order.items.map((i) => (
          <Text key={i.sku} className="history-item__line" id="order-item-line">
            {i.name} × {i.quantity}
          </Text>
        ))}
        {refunded ? (
          <Text className="history-item__line" id="order-item-refunded">
            {refunded}
          </Text>
        ) : null}
      </View>
      <View className="history-item__side">
        <Text className="history-item__delta" id="order-item-payable">
          ¥{formatYuan(order.payable)}
        </Text>
        {order.payable !== order.amount ? (
          <Text className="history-item__line muted">原价 ¥{formatYuan(order.amount)}</Text>
        ) : null}
        <Text className="history-item__line">积分 +{order.pointsEarned}</Text>
        <Text
          className="history-item__line history-item__link"
          id="order-item-feedback"
          onClick={() => open(ROUTES.feedback, { orderNo: order.orderNo })}
        >
          评价/反馈 ›
        </Text>
      </View>
    </View>
  );
}

export default function OrdersPage() {
  const { items, loading, done, error, loadMore } = useMyOrders();
  useReachBottom(() => void loadMore());

  return (
    <View className="page" id="orders-page">
      <View className="panel" id="orders-list">
        {items.map((order) => (
          <OrderItem key={order.orderNo + order.createdAt} order={order} />
        ))}
        {!loading && done && items.length === 0 ? (
          <Text className="muted history-footer" id="orders-empty">
            暂无消费记录
          </Text>
        ) : null}
        {done && items.length > 0 ? (
          <Text className="muted history-footer" id="orders-end">
            没有更多了
          </Text>
        ) : null}
      </View>
      <StatusText id="orders-error" error={error} />
      {!done ? (
        <Button className={`btn btn-secondary ${loading ? 'btn--busy' : ''}`} id="orders-more" onClick={() => void loadMore()}>
          {loading ? '加载中…' : '加载更多'}
        </Button>
      ) : null}
    </View>
  );
}
