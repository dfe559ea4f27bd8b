// How coupons read in the mini-program (terms, validity, claim state) and the till's discount
// preview, which applies shared's `orderDiscount` — the same rule the server charges with.
import type {
  Coupon,
  CouponCenterItem,
  CouponForOrder,
  CouponKind,
  CouponRefusal,
  CouponRefusalReason,
  TierCode,
} from '@huiyuan/shared';
import {
  COUPON_KIND_CODES,
  COUPON_KINDS,
  couponFaceOf,
  couponYuan,
  describeCouponTerms,
  formatCouponCode,
  formatYuan,
  isValidCouponCode,
  normalizeCouponCode,
  orderDiscount,
  zhe,
} from '@huiyuan/shared';

/** The discount terms a template (offer) and a coupon have in common. */
export interface CouponTermsView {
  kind: CouponKind;
  threshold?: number;
  amountOff?: number;
  percentOff?: number;
  maxOff?: number;
}

/** `10000` → `100`, `1250` → `12.50`: whole yuan without decimals, as coupons are printed. */
export const yuan = couponYuan;

export { zhe };

/** `满100减20`, `无门槛减5`, `满200享8折 最高减50`, `兑换礼品` — the kind's rule in shared words it. */
export function couponTerms(t: CouponTermsView): string {
  return describeCouponTerms(t);
}

/** The big face value on the coupon's stub and the line under it. */
export function couponFace(t: CouponTermsView): { value: string; unit: string; note: string } {
  return couponFaceOf(t);
}

/** 满减券 / 折扣券 / 兑换券: the kinds' titles in shared. */
export const KIND_LABELS = Object.fromEntries(COUPON_KIND_CODES.map((k) => [k, COUPON_KINDS[k].title])) as Record<
  CouponKind,
  string
>;

/** `有效期 2026-03-01 至 2026-03-31`. */
export function couponValidity(c: Pick<Coupon, 'validFrom' | 'validTo' | 'usableTimes'>): string {
  const dates = c.validFrom === c.validTo ? `仅限 ${c.validTo} 当天有效` : `有效期 ${c.validFrom} 至 ${c.validTo}`;
  return c.usableTimes ? `${dates}，${c.usableTimes}` : dates;
}

/** What a claimed coupon of this offer will be good for. */
export function offerValidity(o: Pick<CouponCenterItem, 'validDays' | 'validFrom' | 'validTo' | 'usableTimes'>): string {
  const times = o.usableTimes ? `，${o.usableTimes}` : '';
  if (o.validDays) return `领取后 ${o.validDays} 天内有效${times}`;
  if (o.validFrom && o.validTo) return `有效期 ${o.validFrom} 至 ${o.validTo}${times}`;
  if (o.validTo) return `${o.validTo} 前有效${times}`;
  return o.usableTimes ?? '';
}

export type ClaimState = 'open' | 'claimed' | 'sold_out';

/** Reaching one's own limit says more than the stock running out, so it wins. */
export function claimState(o: Pick<CouponCenterItem, 'claimedByMe' | 'perMemberLimit' | 'remaining'>): ClaimState {
  if (o.claimedByMe >= o.perMemberLimit) return 'claimed';
  if (o.remaining <= 0) return 'sold_out';
  return 'open';
}

/** The claim button: `领取` / `100 积分兑换` (or `兑换` in the mall) / `已领取` / `已抢光`. */
export function claimLabel(o: CouponCenterItem, mall = false): string {
  switch (claimState(o)) {
    case 'claimed':
      return mall ? '已兑换' : '已领取';
    case 'sold_out':
      return '已抢光';
    case 'open':
      if (o.pointsCost) return mall ? '兑换' : `${o.pointsCost} 积分兑换`;
      return '领取';
  }
}

export function limitText(o: Pick<CouponCenterItem, 'perMemberLimit' | 'claimedByMe'>): string {
  return `每人限 ${o.perMemberLimit} 张${o.claimedByMe > 0 ? `，已领 ${o.claimedByMe} 张` : ''}`;
}

/** `ABCDE-FGHJK-MNPQR`; anything that is not a coupon code is shown as it is. */
export function displayCode(code: string): string {
  return normalizeCouponCode(code) === null ? code : formatCouponCode(code);
}

/** The code as the server stores it, or null when it has a typo (the last character is a check). */
export function cleanCouponCode(input: string): string | null {
  const code = normalizeCouponCode(input);
  return code !== null && isValidCouponCode(code) ? code : null;
}

export const STATUS_LABELS: Record<Coupon['status'], string> = { available: '可用', used: '已使用', expired: '已过期' };

// ───────────────────────────── the till ─────────────────────────────

/**
 * A wallet coupon as shared's order rules see it. The server listed it as usable at this store
 * now (`usableCoupons`), so it is valid from the epoch for the preview; `expiresAt` still counts
 * (the till may sit open past midnight).
 */
export function couponForOrder(c: Coupon): CouponForOrder {
  return {
    id: c.id,
    status: c.status,
    validFrom: new Date(0),
    expiresAt: c.expiresAt ? new Date(c.expiresAt) : new Date(8.64e15),
    terms: {
      kind: c.kind,
      threshold: c.threshold ?? 0,
      amountOff: c.amountOff ?? null,
      percentOff: c.percentOff ?? null,
      maxOff: c.maxOff ?? null,
      stackable: c.stackable ?? false,
      storeIds: c.storeIds ?? null,
      minTier: c.minTier ?? null,
      validWeekdays: c.validWeekdays ?? null,
      validTimeFrom: c.validTimeFrom ?? null,
      validTimeTo: c.validTimeTo ?? null,
    },
  };
}

export type CouponPreview = { ok: true; discountFen: number; payableFen: number } | { ok: false; message: string };

/** What the cashier reads for each reason a coupon cannot go on the order (`name` is 「title」). */
const REFUSAL_REASON_TEXT: { [R in CouponRefusalReason]: (name: string, coupon: Coupon | undefined) => string } = {
  below_threshold: (name, coupon) => `${name}需订单满 ¥${formatYuan(coupon?.threshold ?? 0)} 可用`,
  not_stackable: (name) => `${name}不能与其他优惠券同时使用`,
  gift_coupon: (name) => `${name}是礼品券，请在「核销礼品券」中核销`,
  store_not_eligible: (name) => `${name}不适用于本店`,
  tier_too_low: (name) => `会员等级不满足${name}的使用条件`,
  not_yet_valid: (name) => `${name}尚未到使用时间`,
  duplicate: (name) => `${name}重复选择`,
};

function refusalMessage(r: CouponRefusal, coupon: Coupon | undefined): string {
  const name = coupon ? `「${coupon.title}」` : '所选优惠券';
  if (r.code === 'COUPON_ALREADY_USED') return `${name}已被使用`;
  if (r.code === 'COUPON_EXPIRED') return `${name}已过期`;
  if (r.code === 'COUPON_NOT_VALID_NOW') return `${name}${coupon?.usableTimes ? `${coupon.usableTimes}` : '当前时段不可用'}`;
  return r.reason ? REFUSAL_REASON_TEXT[r.reason](name, coupon) : `${name}不适用于本单`;
}

/** The discount the ticked coupons give an order of `amountFen`, or why they cannot be used together. */
export function previewCoupons(
  selected: readonly Coupon[],
  ctx: { amountFen: number; storeId: string; tierCode: TierCode; now: Date },
): CouponPreview {
  if (selected.length === 0) return { ok: true, discountFen: 0, payableFen: ctx.amountFen };
  const result = orderDiscount(selected.map(couponForOrder), ctx);
  if (result.ok) return { ok: true, discountFen: result.discountFen, payableFen: result.payableFen };
  return {
    ok: false,
    message: refusalMessage(
      result,
      selected.find((c) => c.id === result.couponId),
    ),
  };
}

/**
 * Ticking a coupon at the till. A non-stackable coupon goes on an order alone (shared rule), so
 * ticking one replaces the selection, and ticking a stackable one drops a non-stackable one.
 */
export function toggleCoupon(selected: readonly Coupon[], coupon: Coupon): Coupon[] {
  if (selected.some((c) => c.id === coupon.id)) return selected.filter((c) => c.id !== coupon.id);
  if (!coupon.stackable) return [coupon];
  return [...selected.filter((c) => c.stackable), coupon];
}
