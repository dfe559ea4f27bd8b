// One coupon of the member's wallet, to show its code to the cashier (`?id=<coupon id>`).
import type { Coupon } from '@huiyuan/shared';
import { useDidShow } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { api } from '../services/api';
import { errorMessage } from '../services/errors';
import { relaunch, ROUTES, routeParam } from '../services/routes';
import { getSession } from '../services/session';
import { useScreenBrightness } from './use-screen-brightness';

export function useCouponDetail() {
  const [id] = useState(() => routeParam('id'));
  const [coupon, setCoupon] = useState<Coupon | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    if (getSession()?.kind !== 'member') return relaunch(ROUTES.login);
    if (!id) {
      setLoading(false);
      return setError('未找到该优惠券');
    }
    setLoading(true);
    setError(null);
    try {
      setCoupon(await api.getMyCoupon(id));
    } catch (err) {
      setError(errorMessage(err, { NOT_FOUND: '未找到该优惠券', VALIDATION_FAILED: '未找到该优惠券' }));
    } finally {
      setLoading(false);
    }
  }, [id]);

  // Again on each show: after the cashier scanned it the coupon reads 已使用.
  useDidShow(() => {
    void load();
  });

  // Scanners read a dim screen badly: full brightness while a usable code is up (weapp).
  useScreenBrightness(coupon?.status === 'available');

  return { coupon, loading, error, reload: load };
}
