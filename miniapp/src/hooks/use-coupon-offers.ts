// The claim centre and the points mall: the offers, the member's points (mall), and claiming —
// free offers at once, points offers after the member confirms the price.
import type { CouponCenterItem } from '@huiyuan/shared';
import { useDidShow } from '@tarojs/taro';
import { useCallback, useRef, useState } from 'react';
import { api, type CouponOfferChannel } from '../services/api';
import { claimState } from '../services/coupons';
import { errorMessage } from '../services/errors';
import { ApiError } from '../services/http';
import { relaunch, ROUTES } from '../services/routes';
import { getSession } from '../services/session';
import { useAsyncAction } from './use-async-action';

const CLAIM_MESSAGES = { INSUFFICIENT_POINTS: '积分不足，无法兑换', NOT_FOUND: '该优惠已下架' } as const;

function newRequestId(): string {
  return `c-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

export interface CouponOffersOptions {
  /** `points`: the mall's offers only; absent: everything the centre offers (free and points). */
  channel?: CouponOfferChannel;
  /** Also load the member's spendable points (the mall shows them and checks prices). */
  withPoints?: boolean;
}

export function useCouponOffers({ channel, withPoints = false }: CouponOffersOptions = {}) {
  const [items, setItems] = useState<CouponCenterItem[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [points, setPoints] = useState<number | null>(null);
  const [pending, setPending] = useState<CouponCenterItem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // One retry key per offer until the server answers: a claim retried after a lost answer
  // returns the coupon it claimed first and charges the points once.
  const requestIds = useRef(new Map<string, string>());

  const load = useCallback(async () => {
    if (getSession()?.kind !== 'member') return relaunch(ROUTES.login);
    setLoading(true);
    setLoadError(null);
    try {
      const [center, me] = await Promise.all([api.getCouponCenter(channel), withPoints ? api.getMe() : Promise.resolve(null)]);
      setItems(center.items);
      if (me) setPoints(me.points);
      setLoaded(true);
    } catch (err) {
      setLoadError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }, [channel, withPoints]);

  useDidShow(() => {
    void load();
  });

  const patch = useCallback((templateId: string, change: (item: CouponCenterItem) => CouponCenterItem) => {
    setItems((prev) => prev.map((i) => (i.templateId === templateId ? change(i) : i)));
  }, []);

  const claimAction = useCallback(
    async (item: CouponCenterItem) => {
      setNotice(null);
      const key = item.templateId;
      const requestId = requestIds.current.get(key) ?? newRequestId();
      requestIds.current.set(key, requestId);
      try {
        await api.claimCoupon(item.templateId, { requestId });
      } catch (err) {
        if (err instanceof ApiError && err.statusCode > 0) {
          requestIds.current.delete(key); // the server answered: a new attempt is a new claim
          // What the refusal tells about the offer shows on its button at once.
          if (err.code === 'COUPON_OUT_OF_STOCK') patch(key, (i) => ({ ...i, remaining: 0 }));
          if (err.code === 'COUPON_LIMIT_REACHED') patch(key, (i) => ({ ...i, claimedByMe: i.perMemberLimit }));
        }
        throw new Error(errorMessage(err, CLAIM_MESSAGES), { cause: err });
      }
      requestIds.current.delete(key);
      patch(key, (i) => ({ ...i, claimedByMe: i.claimedByMe + 1, remaining: Math.max(0, i.remaining - 1) }));
      if (item.pointsCost) setPoints((p) => (p === null ? p : p - item.pointsCost!));
      setNotice(item.pointsCost ? `兑换成功，「${item.title}」已放入券包` : `领取成功，「${item.title}」已放入券包`);
    },
    [patch],
  );
  const claim = useAsyncAction(claimAction);

  /** The button: free offers are claimed at once; points offers ask first. */
  const request = useCallback(
    (item: CouponCenterItem) => {
      if (claimState(item) !== 'open') return;
      claim.setError(null);
      setNotice(null);
      if (!item.pointsCost) return void claim.run(item);
      if (points !== null && points < item.pointsCost) {
        claim.setError(`积分不足：兑换需要 ${item.pointsCost} 积分，您当前有 ${points} 积分`);
        return;
      }
      setPending(item);
    },
    [claim, points],
  );

  const confirm = useCallback(async () => {
    if (!pending) return;
    const item = pending;
    setPending(null);
    await claim.run(item);
  }, [pending, claim]);

  const cancel = useCallback(() => setPending(null), []);

  return {
    items,
    loaded,
    loading,
    loadError,
    reload: load,
    points,
    pending,
    request,
    confirm,
    cancel,
    busy: claim.busy,
    error: claim.error,
    notice,
  };
}
