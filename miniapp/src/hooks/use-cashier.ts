// The till: identify a member (scanned code, or member number + phone for managers), tick the
// member's coupons, record the purchase, show what it earned. Retrying a failed submit reuses the
// order number, so the server's idempotency makes a retry safe. Identify also hands back an
// identification (10 minutes, this store) that the order carries: spending points or coupons needs
// it. When it has expired the screen asks to scan again (请重新扫码) and keeps the order as typed.
// Stored value (储值) pays part or all of what is left (储值支付, off until the cashier turns it on);
// the preview prices it with shared priceOrder, and the till never sends more than the balance.
import type {
  Coupon,
  IdentificationView,
  IdentifiedMember,
  IdentifyResponse,
  OrderResponse,
  PricedOrder,
  PricingProgramme,
  PricingRefusal,
  RedemptionConfig,
  RedemptionRefusalReason,
} from '@huiyuan/shared';
import {
  COUPON_KINDS,
  DEFAULT_EARNING,
  formatYuan,
  maxRedeemablePoints,
  parseMemberCode,
  planPointsRedemption,
  pointsValueFen,
  priceOrder,
} from '@huiyuan/shared';
import Taro from '@tarojs/taro';
import { useCallback, useMemo, useState } from 'react';
import { api } from '../services/api';
import { couponForOrder, previewCoupons, toggleCoupon } from '../services/coupons';
import { errorMessage } from '../services/errors';
import { ApiError } from '../services/http';
import { getSession } from '../services/session';
import { tillNumber } from '../services/till-numbers';
import { parseCount, parseYuan } from '../services/yuan';
import { useAsyncAction } from './use-async-action';

export type CashierStep = 'identify' | 'order' | 'result';

export function redemptionConfig(member: IdentifiedMember): RedemptionConfig {
  const r = member.redemption;
  return {
    pointsPerYuan: r.pointsPerYuan,
    unit: r.unit,
    maxShareBp: r.maxShareBp,
    enabled: r.enabled ?? true,
    minPoints: r.minPoints ?? 0,
  };
}

/** The programme and tier as the identify response gives them (full price, ×1 when a server predates `pricing`). */
function pricingOf(member: IdentifiedMember): {
  programme: PricingProgramme;
  tier: { discountRateBp: number; pointsMultiplierBp: number };
  paid: { discountRateBp: number; pointsMultiplierBp: number } | null;
} {
  const p = member.pricing;
  return {
    paid: p?.paidMembership ?? null,
    programme: {
      earning: p?.earning ?? DEFAULT_EARNING,
      redemption: redemptionConfig(member),
      ...(p?.timezone ? { timezone: p.timezone } : {}),
    },
    tier: { discountRateBp: p?.discountRateBp ?? 10_000, pointsMultiplierBp: p?.pointsMultiplierBp ?? 10_000 },
  };
}

/** Stored value the member can spend now, fen (0 when the server predates it). */
export function storedBalanceOf(member: IdentifiedMember): number {
  return member.storedBalance ?? 0;
}

/**
 * The order priced by shared `priceOrder` — the function the server records with — from what
 * identify returned: member price (the better of the tier's and the paid membership's), the
 * ticked coupons, the points typed, and the stored value to pay with.
 */
export function previewOrder(
  member: IdentifiedMember,
  input: {
    amountFen: number;
    coupons: readonly Coupon[];
    pointsToRedeem: number;
    payWithBalance?: number;
    storeId: string;
    now: Date;
  },
): PricedOrder | PricingRefusal {
  const { programme, tier, paid } = pricingOf(member);
  return priceOrder(
    {
      amountFen: input.amountFen,
      tier,
      ...(paid ? { paidMembershipRateBp: paid.discountRateBp, paidMembershipPointsMultiplierBp: paid.pointsMultiplierBp } : {}),
      coupons: input.coupons.map(couponForOrder),
      couponContext: { now: input.now, storeId: input.storeId, tierCode: member.tier.code },
      pointsToRedeem: input.pointsToRedeem,
      pointsBalance: member.points,
      payWithBalance: input.payWithBalance ?? 0,
      storedBalance: storedBalanceOf(member),
    },
    programme,
  );
}

/** The price after member price only (coupon thresholds and the points cap start from it). */
function afterMemberPrice(member: IdentifiedMember, amountFen: number): number {
  const r = previewOrder(member, { amountFen, coupons: [], pointsToRedeem: 0, storeId: '', now: new Date() });
  return r.ok ? amountFen - r.discounts.memberPrice : amountFen;
}

/** Digits only (a pasted code may carry the spaces of its grouping); null unless a member code. */
export function cleanMemberCode(input: string): string | null {
  const digits = input.replace(/[\s-]/g, '');
  return parseMemberCode(digits) ? digits : null;
}

const REDEEM_REFUSALS: Record<RedemptionRefusalReason, (config: RedemptionConfig, max: number) => string> = {
  disabled: () => '本店暂不支持积分抵扣',
  not_whole_points: () => '积分需为整数',
  not_a_multiple_of_unit: (c) => `积分需为 ${c.unit} 的整数倍`,
  below_minimum: (c) => `至少使用 ${c.minPoints} 积分`,
  exceeds_order_share: (_c, max) => `本单最多可使用 ${max} 积分`,
};

/** Checks the points the cashier typed before sending them; null when fine. */
export function redeemProblem(member: IdentifiedMember, amountFen: number, points: number): string | null {
  const config = redemptionConfig(member);
  const plan = planPointsRedemption({ pointsToRedeem: points, balance: member.points, amountFen }, config);
  if (plan.ok) return null;
  if (plan.code === 'INSUFFICIENT_POINTS') return `会员积分不足（可用 ${member.points}）`;
  if (!plan.reason) return '积分抵扣数量不符合规则';
  return REDEEM_REFUSALS[plan.reason](config, maxRedeemablePoints(member.points, amountFen, config));
}

/** The 储值支付 field: empty or 0 → 0; else yuan → fen; null when it is not an amount. */
export function parseBalanceInput(text: string): number | null {
  const cleaned = text.trim();
  if (!cleaned || /^0*(\.0*)?$/.test(cleaned)) return 0;
  const parsed = parseYuan(cleaned);
  return parsed.ok ? parsed.fen : null;
}

/** Why the stored value typed cannot pay this order (checked before sending); null when it can. */
export function balanceProblem(member: IdentifiedMember, payWithBalance: number | null, payable: number | null): string | null {
  if (payWithBalance === null) return '请输入正确的储值支付金额，例如 38.50';
  const balance = storedBalanceOf(member);
  if (payWithBalance > balance) return `会员储值余额不足（可用 ¥${formatYuan(balance)}）`;
  if (payable !== null && payWithBalance > payable) return `储值支付不能超过应付金额 ¥${formatYuan(payable)}`;
  return null;
}

const LOOKUP_MESSAGES = { NOT_FOUND: '未找到会员，请核对会员号和手机尾号' } as const;

/** The coupons were usable at identify; another till may have used one since. */
const ORDER_MESSAGES = {
  MEMBER_NOT_PRESENT: '会员身份确认已过期（10 分钟），请重新扫码',
  COUPON_ALREADY_USED: '所选优惠券已被使用，请取消勾选后重试',
  COUPON_EXPIRED: '所选优惠券已过期，请取消勾选后重试',
  COUPON_NOT_APPLICABLE: '所选优惠券不适用于本单，请取消勾选后重试',
  INSUFFICIENT_BALANCE: '会员储值余额不足（可能已在别处使用），请减少储值支付金额或重新扫码',
} as const;

function staffStoreId(): string {
  const session = getSession();
  return session?.kind === 'staff' ? (session.staff.storeId ?? '') : '';
}

export function useCashier() {
  const [step, setStep] = useState<CashierStep>('identify');
  const [member, setMember] = useState<IdentifiedMember | null>(null);
  const [result, setResult] = useState<OrderResponse | null>(null);
  const [codeInput, setCodeInput] = useState('');
  const [orderNo, setOrderNo] = useState('');
  const [amount, setAmount] = useState('');
  const [points, setPoints] = useState('');
  /** 储值支付: off by default; the amount typed (yuan) while on. */
  const [balanceOn, setBalanceOn] = useState(false);
  const [balance, setBalance] = useState('');
  const [coupons, setCoupons] = useState<Coupon[]>([]);
  const [selected, setSelected] = useState<Coupon[]>([]);
  const [identification, setIdentification] = useState<IdentificationView | null>(null);
  /** The server said MEMBER_NOT_PRESENT: the identification expired (or was never made). */
  const [presenceExpired, setPresenceExpired] = useState(false);
  /** Set by `rescan`: the next identification of this member resumes the order as typed. */
  const [resumeFor, setResumeFor] = useState<string | null>(null);

  const startOrder = useCallback(
    (res: IdentifyResponse) => {
      const usable = res.usableCoupons ?? [];
      setMember(res.member);
      setCoupons(usable);
      setIdentification(res.identification ?? null);
      setPresenceExpired(false);
      setResumeFor(null);
      setStep('order');
      if (resumeFor === res.member.id) {
        // Same member scanned again: keep the order number, amount and points; keep the ticked
        // coupons that are still usable.
        setSelected((prev) => prev.filter((c) => usable.some((u) => u.id === c.id)));
        return;
      }
      setSelected([]);
      setOrderNo(tillNumber('POS', new Date()));
      setAmount('');
      setPoints('');
      setBalanceOn(false);
      setBalance('');
    },
    [resumeFor],
  );

  const identifyAction = useCallback(
    async (raw: string) => {
      const memberCode = cleanMemberCode(raw);
      if (!memberCode) throw new Error('请输入 18 位会员码（以 66 开头）');
      const res = await api.identifyMember({ memberCode });
      setCodeInput('');
      startOrder(res);
    },
    [startOrder],
  );
  const identify = useAsyncAction(identifyAction);

  const lookupAction = useCallback(
    async (memberNo: string, phoneLast4: string) => {
      if (!memberNo.trim()) throw new Error('请输入会员号');
      if (!/^\d{4}$/.test(phoneLast4.trim())) throw new Error('请输入手机号后 4 位');
      try {
        const res = await api.identifyByMemberNo({ memberNo: memberNo.trim(), phoneLast4: phoneLast4.trim() });
        startOrder(res);
      } catch (err) {
        throw new Error(errorMessage(err, LOOKUP_MESSAGES), { cause: err });
      }
    },
    [startOrder],
  );
  const lookup = useAsyncAction(lookupAction);

  /** Weapp: the camera scanner; the scanned text goes straight to identify. */
  const scan = useCallback(async () => {
    let scanned: string;
    try {
      scanned = (await Taro.scanCode({ onlyFromCamera: true, scanType: ['barCode', 'qrCode'] })).result;
    } catch {
      return; // the cashier closed the scanner
    }
    setCodeInput(scanned);
    await identify.run(scanned);
  }, [identify]);

  const amountFen = useMemo(() => {
    const parsed = parseYuan(amount);
    return parsed.ok ? parsed.fen : null;
  }, [amount]);

  /** Gift coupons are handed over on their own (核销), never ticked onto an order. */
  const orderCoupons = useMemo(() => coupons.filter((c) => c.kind !== 'gift'), [coupons]);
  const giftCoupons = useMemo(() => coupons.filter((c) => !COUPON_KINDS[c.kind].discountsOrder), [coupons]);
  const toggle = useCallback((coupon: Coupon) => setSelected((prev) => toggleCoupon(prev, coupon)), []);

  /** The member price (tier rate) comes first: coupons and points apply to what it leaves. */
  const memberPriceFen = useMemo(
    () => (member && amountFen !== null ? afterMemberPrice(member, amountFen) : null),
    [member, amountFen],
  );

  /** shared's orderDiscount on the ticked coupons, on the member price: what the server will take off. */
  const preview = useMemo(() => {
    if (!member || memberPriceFen === null || selected.length === 0) return null;
    return previewCoupons(selected, {
      amountFen: memberPriceFen,
      storeId: staffStoreId(),
      tierCode: member.tier.code,
      now: new Date(),
    });
  }, [member, memberPriceFen, selected]);
  const couponDiscount = preview?.ok ? preview.discountFen : 0;

  // Points pay for what the coupons leave (the server applies coupons first).
  const maxPoints = useMemo(() => {
    if (!member || memberPriceFen === null) return null;
    return maxRedeemablePoints(member.points, memberPriceFen - couponDiscount, redemptionConfig(member));
  }, [member, memberPriceFen, couponDiscount]);

  /** The order without stored value: what is left to pay, which 储值支付 may take part of. */
  const beforeBalance = useMemo(() => {
    if (!member || amountFen === null) return null;
    const pointsToRedeem = parseCount(points) ?? 0;
    const r = previewOrder(member, { amountFen, coupons: selected, pointsToRedeem, storeId: staffStoreId(), now: new Date() });
    return r.ok ? r : null;
  }, [member, amountFen, selected, points]);

  const balanceFen = balanceOn ? parseBalanceInput(balance) : 0;
  const balanceError = member && balanceOn ? balanceProblem(member, balanceFen, beforeBalance?.payable ?? null) : null;

  /** The whole order as the server will price it (shared priceOrder), or null until it can be priced. */
  const pricing = useMemo(() => {
    if (!member || amountFen === null || !beforeBalance) return null;
    if (balanceFen === null || balanceFen === 0) return beforeBalance;
    const pointsToRedeem = parseCount(points) ?? 0;
    const r = previewOrder(member, {
      amountFen,
      coupons: selected,
      pointsToRedeem,
      payWithBalance: balanceFen,
      storeId: staffStoreId(),
      now: new Date(),
    });
    return r.ok ? r : null;
  }, [member, amountFen, selected, points, beforeBalance, balanceFen]);

  /** 全部用储值: min(balance, what is left to pay). */
  const fillBalance = useCallback(() => {
    if (!member) return;
    setBalanceOn(true);
    const fen = Math.min(storedBalanceOf(member), beforeBalance?.payable ?? storedBalanceOf(member));
    setBalance(formatYuan(fen));
  }, [member, beforeBalance]);

  const toggleBalance = useCallback(() => {
    setBalanceOn((on) => !on);
    setBalance('');
  }, []);

  const pointsHint = useMemo(() => {
    if (!member) return '';
    if (maxPoints === null) return `可用 ${member.points} 积分，输入金额后显示本单可抵扣上限`;
    const value = pointsValueFen(maxPoints, redemptionConfig(member));
    return `本单最多可用 ${maxPoints} 积分（抵 ¥${(value / 100).toFixed(2)}）`;
  }, [member, maxPoints]);

  const submitAction = useCallback(async () => {
    if (!member) return;
    const no = orderNo.trim();
    if (!no) throw new Error('请输入订单号');
    const parsed = parseYuan(amount);
    if (!parsed.ok) throw new Error(parsed.message);
    const pointsToRedeem = parseCount(points);
    if (pointsToRedeem === null) throw new Error('积分需为整数');
    const payWithBalance = balanceOn ? parseBalanceInput(balance) : 0;
    const unpaid = previewOrder(member, {
      amountFen: parsed.fen,
      coupons: selected,
      pointsToRedeem,
      storeId: staffStoreId(),
      now: new Date(),
    });
    // Never more than the balance identify gave, nor more than is left to pay.
    const problem = balanceOn ? balanceProblem(member, payWithBalance, unpaid.ok ? unpaid.payable : null) : null;
    if (problem || payWithBalance === null) throw new Error(problem ?? '请输入正确的储值支付金额');
    const priced =
      unpaid.ok && payWithBalance > 0
        ? previewOrder(member, {
            amountFen: parsed.fen,
            coupons: selected,
            pointsToRedeem,
            payWithBalance,
            storeId: staffStoreId(),
            now: new Date(),
          })
        : unpaid;
    if (!priced.ok) {
      // The same refusal the server would give, in the till's words.
      const base = afterMemberPrice(member, parsed.fen);
      const check = previewCoupons(selected, {
        amountFen: base,
        storeId: staffStoreId(),
        tierCode: member.tier.code,
        now: new Date(),
      });
      if (!check.ok) throw new Error(check.message);
      throw new Error(redeemProblem(member, base - check.discountFen, pointsToRedeem) ?? '本单无法结算，请核对金额');
    }
    try {
      const res = await api.createOrder({
        memberId: member.id,
        orderNo: no,
        amount: parsed.fen,
        ...(selected.length > 0 ? { couponCodes: selected.map((c) => c.code) } : {}),
        ...(pointsToRedeem > 0 ? { pointsToRedeem } : {}),
        ...(payWithBalance > 0 ? { payWithBalance } : {}),
        ...(identification ? { identificationId: identification.id } : {}),
      });
      setResult(res);
      setStep('result');
    } catch (err) {
      if (err instanceof ApiError && err.code === 'MEMBER_NOT_PRESENT') setPresenceExpired(true);
      throw new Error(errorMessage(err, ORDER_MESSAGES), { cause: err });
    }
  }, [member, orderNo, amount, points, balanceOn, balance, selected, identification]);
  const submit = useAsyncAction(submitAction);

  /** Back to identify to scan the same member again; the order as typed comes back after. */
  const rescan = useCallback(() => {
    if (member) setResumeFor(member.id);
    setIdentification(null);
    setPresenceExpired(false);
    setStep('identify');
    submit.setError(null);
    identify.setError(null);
    lookup.setError(null);
  }, [member, submit, identify, lookup]);

  const reset = useCallback(() => {
    setMember(null);
    setResult(null);
    setCoupons([]);
    setSelected([]);
    setIdentification(null);
    setPresenceExpired(false);
    setResumeFor(null);
    setCodeInput('');
    setStep('identify');
    identify.setError(null);
    lookup.setError(null);
    submit.setError(null);
  }, [identify, lookup, submit]);

  const error = step === 'identify' ? (identify.error ?? lookup.error) : step === 'order' ? submit.error : null;

  return {
    step,
    member,
    identification,
    presenceExpired,
    rescan,
    /** On identify after `rescan`: the order typed so far comes back for this member. */
    resuming: resumeFor !== null,
    result,
    error,
    busy: identify.busy || lookup.busy || submit.busy,
    codeInput,
    setCodeInput,
    identify: identify.run,
    lookup: lookup.run,
    scan,
    orderNo,
    setOrderNo,
    amount,
    setAmount,
    points,
    setPoints,
    pointsHint,
    maxPoints,
    /** 储值支付: on/off, the amount typed, its problem, and 全部用储值. */
    storedBalance: member ? storedBalanceOf(member) : 0,
    balanceOn,
    toggleBalance,
    balance,
    setBalance,
    balanceError,
    fillBalance,
    orderCoupons,
    giftCoupons,
    selected,
    toggle,
    preview,
    /** shared priceOrder on the order as typed: member price, coupons, points, payable, points to earn. */
    pricing,
    submit: submit.run,
    reset,
  };
}
