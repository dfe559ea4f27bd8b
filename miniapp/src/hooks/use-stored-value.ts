// 储值: the balance (principal and bonus apart, the soonest bonus expiry), the plans on offer, a
// top-up through the one payment flow (use-wechat-payment), and the ledger a page at a time.
import type { MyStoredValueResponse, StoredValueEntry, StoredValuePlan } from '@huiyuan/shared';
import { useDidShow } from '@tarojs/taro';
import { useCallback, useRef, useState } from 'react';
import { api } from '../services/api';
import { errorMessage } from '../services/errors';
import { relaunch, ROUTES } from '../services/routes';
import { getSession } from '../services/session';
import { useWechatPayment, type WechatPaymentOptions } from './use-wechat-payment';

export const ENTRIES_PAGE = 20;

export type StoredValueSummary = Omit<MyStoredValueResponse, 'entries' | 'nextCursor'>;

export function useStoredValue(paymentOptions: Omit<WechatPaymentOptions, 'onDone'> = {}) {
  const [summary, setSummary] = useState<StoredValueSummary | null>(null);
  const [plans, setPlans] = useState<StoredValuePlan[]>([]);
  const [entries, setEntries] = useState<StoredValueEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const inFlight = useRef(false);

  /** The balance and the first page of the ledger (again after a top-up). */
  const load = useCallback(async () => {
    if (getSession()?.kind !== 'member') return relaunch(ROUTES.login);
    setLoading(true);
    setLoadError(null);
    try {
      const [mine, offered] = await Promise.all([api.getMyStoredValue({ limit: ENTRIES_PAGE }), api.getStoredValuePlans()]);
      const { entries: first, nextCursor, ...rest } = mine;
      setSummary(rest);
      setEntries(first);
      setCursor(nextCursor);
      setPlans(offered.items);
    } catch (err) {
      setLoadError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }, []);

  useDidShow(() => void load());

  const loadMore = useCallback(async () => {
    if (!cursor || inFlight.current) return;
    inFlight.current = true;
    setLoading(true);
    try {
      const page = await api.getMyStoredValue({ limit: ENTRIES_PAGE, cursor });
      setEntries((prev) => {
        const seen = new Set(prev.map((e) => e.id));
        return [...prev, ...page.entries.filter((e) => !seen.has(e.id))];
      });
      setCursor(page.nextCursor);
    } catch (err) {
      setLoadError(errorMessage(err));
    } finally {
      inFlight.current = false;
      setLoading(false);
    }
  }, [cursor]);

  const payment = useWechatPayment({ ...paymentOptions, onDone: load });
  const { start } = payment;
  const topUp = useCallback(
    (plan: StoredValuePlan) => start(plan.id, (requestId) => api.createTopUp({ planId: plan.id, requestId })),
    [start],
  );

  return { summary, plans, entries, hasMore: cursor !== null, loading, loadError, reload: load, loadMore, payment, topUp };
}
