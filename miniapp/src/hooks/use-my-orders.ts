// The member's order history (GET /me/orders), newest first, a page at a time by cursor.
import type { MyOrder } from '@huiyuan/shared';
import { formatYuan } from '@huiyuan/shared';
import { api } from '../services/api';
import { useCursorPages } from './use-cursor-pages';

export const ORDERS_PAGE_SIZE = 20;

/** `已退款 ¥10.00` / `已全额退款` / null when nothing was refunded. */
export function refundLabel(order: Pick<MyOrder, 'refunded' | 'payable'>): string | null {
  if (order.refunded <= 0) return null;
  return order.refunded >= order.payable ? '已全额退款' : `已退款 ¥${formatYuan(order.refunded)}`;
}

const orderKey = (o: MyOrder) => o.orderNo + o.createdAt;
const fetchOrders = (query: { limit: number; cursor?: string }) => api.getMyOrders(query);

export function useMyOrders() {
  return useCursorPages(fetchOrders, orderKey, ORDERS_PAGE_SIZE);
}
