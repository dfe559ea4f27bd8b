// 付费会员: where the member's paid membership stands (until when, its benefits), the plans on offer
// (the free trial hidden once used), a purchase through the one payment flow (use-wechat-payment),
// and the purchases made.
import type { MembershipPlan, MyMembershipResponse } from '@huiyuan/shared';
import { useDidShow } from '@tarojs/taro';
import { useCallback, useMemo, useState } from 'react';
import { api } from '../services/api';
import { errorMessage } from '../services/errors';
import { relaunch, ROUTES } from '../services/routes';
import { getSession } from '../services/session';
import { useWechatPayment, type WechatPaymentOptions } from './use-wechat-payment';

export function useMembership(paymentOptions: Omit<WechatPaymentOptions, 'onDone'> = {}) {
  const [mine, setMine] = useState<MyMembershipResponse | null>(null);
  const [plans, setPlans] = useState<MembershipPlan[]>([]);
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);

  const load = useCallback(async () => {
    if (getSession()?.kind !== 'member') return relaunch(ROUTES.login);
    setLoading(true);
    setLoadError(null);
    try {
      const [m, offered] = await Promise.all([api.getMyMembership(), api.getMembershipPlans()]);
      setMine(m);
      setPlans(offered.items);
    } catch (err) {
      setLoadError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }, []);

  useDidShow(() => void load());

  const payment = useWechatPayment({ ...paymentOptions, onDone: load });
  const { start } = payment;
  /** A trial answers active at once (no payment); a paid plan goes through WeChat Pay. */
  const buy = useCallback(
    (plan: MembershipPlan) => start(plan.id, (requestId) => api.purchaseMembership({ planId: plan.id, requestId })),
    [start],
  );

  /** The free trial is offered once: hidden after it was used. */
  const offered = useMemo(() => plans.filter((p) => !(p.trial && mine?.trialUsed)), [plans, mine]);

  return { mine, plans: offered, loading, loadError, reload: load, payment, buy };
}
