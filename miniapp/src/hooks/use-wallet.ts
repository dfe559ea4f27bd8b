// 我的券包: the member's coupons by status, one tab at a time; the shown tab is read again each
// time the page shows (a coupon used at the till moves from 可用 to 已使用).
import type { Coupon, CouponStatus } from '@huiyuan/shared';
import { useDidShow } from '@tarojs/taro';
import { useCallback, useRef, useState } from 'react';
import { api } from '../services/api';
import { errorMessage } from '../services/errors';
import { relaunch, ROUTES, routeParam } from '../services/routes';
import { getSession } from '../services/session';

export const WALLET_TABS: readonly CouponStatus[] = ['available', 'used', 'expired'];

function initialTab(): CouponStatus {
  const wanted = routeParam('status');
  return (WALLET_TABS as readonly string[]).includes(wanted) ? (wanted as CouponStatus) : 'available';
}

export function useWallet() {
  const [tab, setTabState] = useState<CouponStatus>(initialTab);
  const [lists, setLists] = useState<Partial<Record<CouponStatus, Coupon[]>>>({});
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Only the answer for the tab asked last is shown (a quick tab switch must not show a stale list).
  const latest = useRef(0);

  const load = useCallback(async (status: CouponStatus) => {
    if (getSession()?.kind !== 'member') return relaunch(ROUTES.login);
    const ticket = ++latest.current;
    setLoading(true);
    setError(null);
    try {
      const { items } = await api.getMyCoupons(status);
      setLists((prev) => ({ ...prev, [status]: items }));
    } catch (err) {
      if (ticket === latest.current) setError(errorMessage(err));
    } finally {
      if (ticket === latest.current) setLoading(false);
    }
  }, []);

  const tabRef = useRef(tab);
  tabRef.current = tab;
  useDidShow(() => {
    setLists({}); // the other tabs may be stale too: they load again when opened
    void load(tabRef.current);
  });

  const setTab = useCallback(
    (status: CouponStatus) => {
      setTabState(status);
      void load(status);
    },
    [load],
  );

  const items = lists[tab];
  return { tab, setTab, items: items ?? [], loaded: items !== undefined, loading, error, reload: () => load(tab) };
}
