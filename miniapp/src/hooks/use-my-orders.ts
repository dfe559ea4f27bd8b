// The member's order history (GET /me/orders), newest first, a page at a time by cursor.
import type { MyOrder } from '@huiyuan/shared';
import { formatYuan } from '@huiyuan/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../services/api';
import { errorMessage } from '../services/errors';
import { relaunch, ROUTES } from '../services/routes';
import { getSession } from '../services/session';

export const ORDERS_PAGE_SIZE = 20;

/** `已退款 ¥10.00` / `已全额退款` / null when nothing was refunded. */
export function refundLabel(order: Pick<MyOrder, 'refunded' | 'payable'>): string | null {
  if (order.refunded <= 0) return null;
  return order.refunded >= order.payable ? '已全额退款' : `已退款 ¥${formatYuan(order.refunded)}`;
}

export function useMyOrders() {
  const [items, setItems] = useState<MyOrder[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inFlight = useRef(false);

  const loadMore = useCallback(async () => {
    if (inFlight.current || done) return;
    inFlight.current = true;
    setLoading(true);
    setError(null);
    try {
      const page = await api.getMyOrders({ limit: ORDERS_PAGE_SIZE, ...(cursor ? { cursor } : {}) });
      setItems((prev) => {
        const seen = new Set(prev.map((o) => o.orderNo + o.createdAt));
        return [...prev, ...page.items.filter((o) => !seen.has(o.orderNo + o.createdAt))];
      });
      setCursor(page.nextCursor);
      setDone(!page.nextCursor);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      inFlight.current = false;
      setLoading(false);
    }
  }, [cursor, done]);

  useEffect(() => {
    if (getSession()?.kind !== 'member') return relaunch(ROUTES.login);
    void loadMore();
  }, []); // the first page once; later pages on demand

  return { items, loading, done, error, loadMore };
}
