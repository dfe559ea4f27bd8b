// Coupon rules: kinds (满减 / 折扣 / 兑换), validity, applicability to an order, and stacking.
//
// Kinds are small rule objects selected by the template's `kind` code (COUPON_KINDS):
//   cash     满减: `amountOff` when the order amount ≥ `threshold` (0 = 无门槛).
//   percent  折扣: `percentOff` % off (20 → 8折), rounded down to the fen, capped at `maxOff`.
//   gift     兑换: an item handed over at the till; takes nothing off an order and is redeemed on its own.
//
// Stacking and order of application (orderDiscount):
//   • An order takes any number of coupons only if EVERY one is `stackable`; a non-stackable coupon
//     must be the only coupon on the order ("at most one cash/percent coupon per order").
//   • Thresholds are checked against the order amount BEFORE any coupon, so the result does not depend
//     on the order the cashier scanned the coupons in.
//   • Cash coupons apply first, then percent coupons on the amount left after cash (a 满100减20 and a
//     9折 on ¥100 → ¥100 − 20 = ¥80, then 10% of 80 = ¥8 → ¥72). Within a kind: by coupon id.
//   • Each step is capped at what is left, so the discount never exceeds the amount.
//   • Points as payment come after coupons, on the amount they leave (see points.ts).
//
// Validity (couponValidity): a fixed window of local dates [validFrom, validTo] in the programme
// timezone, or N days after claim: from the claim instant through the local day claimDate + N − 1
// (N = 7 claimed on a Monday → usable through Sunday). Like lots, a coupon expires at the START of
// the local day after its last valid day; `expiresAt` is exclusive. Within that, a coupon may be
// usable only on some weekdays and/or in a daily time window (`validWeekdays`, `validTimeFrom`/
// `validTimeTo`, programme timezone; earning-conditions.ts): outside them COUPON_NOT_VALID_NOW.
import type { TierCode } from '../api/common.js';
import type { Fen } from '../money.js';
import { formatYuan } from '../money.js';
import { addDays, DEFAULT_TIMEZONE, startOfLocalDate, toLocalDate } from '../time.js';
import type { LocalDate } from '../time.js';
import { refuse } from './result.js';
import { dayMatches, localMoment, timeConditionProblems, timeMatches, whenText } from './earning-conditions.js';
import type { Refusal } from './result.js';
import { DEFAULT_TIERS } from './tiers.js';
import type { TierDefinition } from './tiers.js';
import type { CouponKind, CouponStatus } from '../api/coupons.js';

/** The discount-relevant terms of a coupon template, copied onto each coupon when claimed. */
export interface CouponTerms {
  kind: CouponKind;
  /** Minimum order amount in fen (0 or absent: none). */
  threshold?: Fen | null;
  /** cash: fen taken off. */
  amountOff?: Fen | null;
  /** percent: whole percent off, 1…99. */
  percentOff?: number | null;
  /** percent: largest discount in fen (absent: no cap). */
  maxOff?: Fen | null;
  /** May share an order with other stackable coupons. */
  stackable?: boolean;
  /** Stores where it can be used; null or empty = all stores. */
  storeIds?: readonly string[] | null;
  /** Lowest tier allowed to use it; null = everyone. */
  minTier?: TierCode | null;
  /** ISO weekdays (1 = Monday … 7 = Sunday) it can be used on, programme timezone; null or empty = every day. */
  validWeekdays?: readonly number[] | null;
  /** Local `HH:MM` from which it can be used each day (inclusive); with validTimeTo; null = all day. */
  validTimeFrom?: string | null;
  /** Local `HH:MM` until which it can be used (exclusive, `24:00` = midnight); with validTimeFrom. */
  validTimeTo?: string | null;
}

export interface CouponKindRule<K extends CouponKind> {
  code: K;
  title: string;
  /** False for coupons that never take money off an order (gift). */
  discountsOrder: boolean;
  /** Lower applies first when coupons stack. */
  applyOrder: number;
  /** What is wrong with these terms for this kind (empty when fine) — for template creation. */
  validateTerms(terms: CouponTerms): string[];
  /** The discount on `baseFen` (the amount left when this coupon applies), before the cap at `baseFen`. */
  discount(baseFen: Fen, terms: CouponTerms): Fen;
  /** The terms as a member reads them: 满100减20 / 无门槛减5 / 满200享8折 最高减50 / 兑换礼品. */
  describe(terms: CouponTermsText): string;
  /** The big face value on the coupon's stub (20 元, 8 折, 礼品) and the line under it. */
  face(terms: CouponTermsText): CouponFace;
}

/** The figures of a coupon's terms that its texts need (a template, an offer or a coupon). */
export type CouponTermsText = Pick<CouponTerms, 'threshold' | 'amountOff' | 'percentOff' | 'maxOff'>;

export interface CouponFace {
  value: string;
  unit: string;
  note: string;
}

/** `10000` → `100`, `1250` → `12.50`: whole yuan without decimals, as coupons are printed. */
export function couponYuan(fen: Fen): string {
  return fen % 100 === 0 ? String(fen / 100) : formatYuan(fen);
}

/** `percentOff` 20 → `8`, 15 → `8.5` (Chinese discounts name what is paid, in tenths). */
export function zhe(percentOff: number): string {
  return String((100 - percentOff) / 10);
}

const thresholdOf = (t: CouponTermsText): Fen => t.threshold ?? 0;
const conditionText = (t: CouponTermsText): string => (thresholdOf(t) > 0 ? `满${couponYuan(thresholdOf(t))}可用` : '无门槛');

const isPositiveFen = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
const commonProblems = (t: CouponTerms): string[] =>
  t.threshold !== null && t.threshold !== undefined && !(Number.isSafeInteger(t.threshold) && t.threshold >= 0)
    ? ['threshold must be fen ≥ 0']
    : [];

export const cashCoupon: CouponKindRule<'cash'> = {
  code: 'cash',
  title: '满减券',
  discountsOrder: true,
  applyOrder: 0,
  validateTerms: (t) => [...commonProblems(t), ...(isPositiveFen(t.amountOff) ? [] : ['amountOff must be fen > 0'])],
  discount: (base, t) => Math.min(t.amountOff ?? 0, base),
  describe: (t) =>
    thresholdOf(t) > 0
      ? `满${couponYuan(thresholdOf(t))}减${couponYuan(t.amountOff ?? 0)}`
      : `无门槛减${couponYuan(t.amountOff ?? 0)}`,
  face: (t) => ({ value: couponYuan(t.amountOff ?? 0), unit: '元', note: conditionText(t) }),
};

export const percentCoupon: CouponKindRule<'percent'> = {
  code: 'percent',
  title: '折扣券',
  discountsOrder: true,
  applyOrder: 1,
  validateTerms: (t) => [
    ...commonProblems(t),
    ...(Number.isInteger(t.percentOff) && t.percentOff! >= 1 && t.percentOff! <= 99 ? [] : ['percentOff must be 1…99']),
    ...(t.maxOff === null || t.maxOff === undefined || isPositiveFen(t.maxOff) ? [] : ['maxOff must be fen > 0']),
  ],
  discount: (base, t) => {
    const off = Math.floor((base * (t.percentOff ?? 0)) / 100);
    return Math.min(off, t.maxOff ?? Number.MAX_SAFE_INTEGER, base);
  },
  describe: (t) => {
    const cap = t.maxOff ? ` 最高减${couponYuan(t.maxOff)}` : '';
    return `${thresholdOf(t) > 0 ? `满${couponYuan(thresholdOf(t))}享` : ''}${zhe(t.percentOff ?? 0)}折${cap}`;
  },
  face: (t) => ({
    value: zhe(t.percentOff ?? 0),
    unit: '折',
    note: t.maxOff ? `最高减${couponYuan(t.maxOff)}` : conditionText(t),
  }),
};

export const giftCoupon: CouponKindRule<'gift'> = {
  code: 'gift',
  title: '兑换券',
  discountsOrder: false,
  applyOrder: 2,
  validateTerms: (t) => commonProblems(t),
  discount: () => 0,
  describe: () => '兑换礼品',
  face: () => ({ value: '礼品', unit: '', note: '到店兑换' }),
};

export const COUPON_KINDS: { [K in CouponKind]: CouponKindRule<K> } = {
  cash: cashCoupon,
  percent: percentCoupon,
  gift: giftCoupon,
};

/** For DTOs and admin forms: every coupon kind. */
export const COUPON_KIND_CODES = Object.keys(COUPON_KINDS) as CouponKind[];

export function couponKindRule(kind: CouponKind): CouponKindRule<CouponKind> {
  return COUPON_KINDS[kind];
}

/** A coupon's terms in words (满100减20 …), by its kind's rule. */
export function describeCouponTerms(terms: CouponTermsText & { kind: CouponKind }): string {
  return COUPON_KINDS[terms.kind].describe(terms);
}

/** A coupon's face value, by its kind's rule. */
export function couponFaceOf(terms: CouponTermsText & { kind: CouponKind }): CouponFace {
  return COUPON_KINDS[terms.kind].face(terms);
}

// ───────────────────────────── validity ─────────────────────────────

export type CouponValidity =
  { type: 'window'; validFrom: LocalDate; validTo: LocalDate } | { type: 'days_after_claim'; days: number };

/** The instants a claimed coupon is usable: [validFrom, expiresAt). */
export function couponValidity(
  validity: CouponValidity,
  claimedAt: Date,
  timeZone: string = DEFAULT_TIMEZONE,
): { validFrom: Date; expiresAt: Date } {
  if (validity.type === 'window') {
    if (validity.validTo < validity.validFrom) throw new RangeError('validTo is before validFrom');
    return {
      validFrom: startOfLocalDate(validity.validFrom, timeZone),
      expiresAt: startOfLocalDate(addDays(validity.validTo, 1), timeZone),
    };
  }
  if (!Number.isSafeInteger(validity.days) || validity.days < 1) throw new RangeError('days must be a positive integer');
  return {
    validFrom: claimedAt,
    expiresAt: startOfLocalDate(addDays(toLocalDate(claimedAt, timeZone), validity.days), timeZone),
  };
}

// ─────────────────────────── applicability ───────────────────────────

export interface CouponForOrder {
  /** The member's coupon (not the template): two coupons of one template are two ids. */
  id: string;
  terms: CouponTerms;
  validFrom: Date;
  expiresAt: Date;
  status?: CouponStatus;
}

const given = (v: unknown): boolean => v !== null && v !== undefined;

/** The weekday / hour terms of a coupon as conditions (earning-conditions.ts); null fields = none. */
function usableTimes(t: Pick<CouponTerms, 'validWeekdays' | 'validTimeFrom' | 'validTimeTo'>) {
  return {
    ...(t.validWeekdays && t.validWeekdays.length > 0 ? { weekdays: t.validWeekdays } : {}),
    ...(given(t.validTimeFrom) && given(t.validTimeTo) ? { timeFrom: t.validTimeFrom!, timeTo: t.validTimeTo! } : {}),
  };
}

/** 仅每周三 10:00–14:00 可用 / 仅每周六、日可用; null when usable at any time of its validity. */
export function couponUsableTimesText(t: Pick<CouponTerms, 'validWeekdays' | 'validTimeFrom' | 'validTimeTo'>): string | null {
  const c = usableTimes(t);
  if (Object.keys(c).length === 0) return null;
  return `仅${whenText(c)}可用`;
}

/** Problems with weekday / hour terms, `field: reason` (validWeekdays, validTimeFrom, validTimeTo). */
export function couponUsableTimesProblems(t: {
  validWeekdays?: unknown;
  validTimeFrom?: unknown;
  validTimeTo?: unknown;
}): string[] {
  const rename: Record<string, string> = { weekdays: 'validWeekdays', timeFrom: 'validTimeFrom', timeTo: 'validTimeTo' };
  return timeConditionProblems({
    ...(given(t.validWeekdays) ? { weekdays: t.validWeekdays } : {}),
    ...(given(t.validTimeFrom) ? { timeFrom: t.validTimeFrom } : {}),
    ...(given(t.validTimeTo) ? { timeTo: t.validTimeTo } : {}),
  }).map((p) =>
    p.replace(/^(weekdays|timeFrom|timeTo)\b/, (k) => rename[k]!).replace(/\b(timeFrom|timeTo)\b/g, (k) => rename[k]!),
  );
}

/** Whether `now` (read in `timeZone`) is on one of the coupon's weekdays and inside its hours. */
export function couponUsableAt(
  t: Pick<CouponTerms, 'validWeekdays' | 'validTimeFrom' | 'validTimeTo'>,
  now: Date,
  timeZone: string,
): boolean {
  const c = usableTimes(t);
  if (Object.keys(c).length === 0) return true;
  const local = localMoment(now, timeZone);
  return dayMatches(c, local) && timeMatches(c, local);
}

export interface CouponContext {
  now: Date;
  /** The programme timezone, for coupons valid only on some weekdays or hours (absent: DEFAULT_TIMEZONE). */
  timeZone?: string;
  /** The order amount before coupons, fen. */
  amountFen: Fen;
  storeId: string;
  tierCode: TierCode;
  tiers?: readonly TierDefinition[];
}

export type CouponRefusalReason =
  'not_yet_valid' | 'below_threshold' | 'store_not_eligible' | 'tier_too_low' | 'gift_coupon' | 'not_stackable' | 'duplicate';

export const COUPON_REFUSAL_CODES = [
  'COUPON_NOT_APPLICABLE',
  'COUPON_EXPIRED',
  'COUPON_ALREADY_USED',
  'COUPON_NOT_VALID_NOW',
] as const;

export type CouponRefusal = Refusal<(typeof COUPON_REFUSAL_CODES)[number], CouponRefusalReason> & {
  couponId?: string;
};

/** Whether a refusal (of pricing, say) is about one of the order's coupons. */
export function isCouponRefusal<R extends Refusal>(r: R | CouponRefusal): r is CouponRefusal {
  return (COUPON_REFUSAL_CODES as readonly string[]).includes(r.code);
}

function tierRank(tiers: readonly TierDefinition[], code: TierCode): number {
  const t = tiers.find((x) => x.code === code);
  return t ? t.growthThreshold : -1;
}

/**
 * Whether the coupon may be used now, at this store, by this tier — for the till's gift/handover
 * redemption; ignores the order threshold and kind.
 */
export function checkCouponRedeemable(
  coupon: CouponForOrder,
  ctx: Omit<CouponContext, 'amountFen'>,
): { ok: true } | CouponRefusal {
  if (coupon.status === 'used') return refuse('COUPON_ALREADY_USED');
  if (coupon.status === 'expired' || ctx.now.getTime() >= coupon.expiresAt.getTime()) return refuse('COUPON_EXPIRED');
  if (ctx.now.getTime() < coupon.validFrom.getTime()) return refuse('COUPON_NOT_APPLICABLE', 'not_yet_valid');
  // Within its validity, but only on some weekdays / hours (programme timezone): 仅每周三可用.
  if (!couponUsableAt(coupon.terms, ctx.now, ctx.timeZone ?? DEFAULT_TIMEZONE)) return refuse('COUPON_NOT_VALID_NOW');
  const stores = coupon.terms.storeIds;
  if (stores && stores.length > 0 && !stores.includes(ctx.storeId)) return refuse('COUPON_NOT_APPLICABLE', 'store_not_eligible');
  const minTier = coupon.terms.minTier;
  if (minTier) {
    const tiers = ctx.tiers ?? DEFAULT_TIERS;
    if (tierRank(tiers, ctx.tierCode) < tierRank(tiers, minTier)) return refuse('COUPON_NOT_APPLICABLE', 'tier_too_low');
  }
  return { ok: true };
}

/** Whether the coupon can take money off this order (all of the above, plus kind and threshold). */
export function checkCouponApplicable(coupon: CouponForOrder, ctx: CouponContext): { ok: true } | CouponRefusal {
  const base = checkCouponRedeemable(coupon, ctx);
  if (!base.ok) return base;
  if (!COUPON_KINDS[coupon.terms.kind].discountsOrder) return refuse('COUPON_NOT_APPLICABLE', 'gift_coupon');
  if (ctx.amountFen < (coupon.terms.threshold ?? 0)) return refuse('COUPON_NOT_APPLICABLE', 'below_threshold');
  return { ok: true };
}

// ───────────────────────────── stacking ─────────────────────────────

export interface CouponDiscountLine {
  couponId: string;
  kind: CouponKind;
  discountFen: Fen;
}

export type OrderDiscount = { ok: true; discountFen: Fen; payableFen: Fen; lines: CouponDiscountLine[] } | CouponRefusal;

function withCoupon(refusal: CouponRefusal, couponId: string): CouponRefusal {
  return { ...refusal, couponId };
}

/** The discount a set of coupons gives this order, or the first reason one of them cannot be used. */
export function orderDiscount(coupons: readonly CouponForOrder[], ctx: CouponContext): OrderDiscount {
  if (!Number.isSafeInteger(ctx.amountFen) || ctx.amountFen < 0) throw new RangeError('amountFen must be fen ≥ 0');
  // Checked in a fixed order (by id) so even the refusal does not depend on the scanning order.
  const byId = [...coupons].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const seen = new Set<string>();
  for (const c of byId) {
    if (seen.has(c.id)) return withCoupon(refuse('COUPON_NOT_APPLICABLE', 'duplicate'), c.id);
    seen.add(c.id);
    const check = checkCouponApplicable(c, ctx);
    if (!check.ok) return withCoupon(check, c.id);
  }
  if (coupons.length > 1) {
    const loner = byId.find((c) => !c.terms.stackable);
    if (loner) return withCoupon(refuse('COUPON_NOT_APPLICABLE', 'not_stackable'), loner.id);
  }
  const ordered = [...byId].sort((a, b) => COUPON_KINDS[a.terms.kind].applyOrder - COUPON_KINDS[b.terms.kind].applyOrder);
  let left = ctx.amountFen;
  const lines: CouponDiscountLine[] = [];
  for (const c of ordered) {
    const d = Math.max(0, Math.min(COUPON_KINDS[c.terms.kind].discount(left, c.terms), left));
    left -= d;
    lines.push({ couponId: c.id, kind: c.terms.kind, discountFen: d });
  }
  return { ok: true, discountFen: ctx.amountFen - left, payableFen: left, lines };
}

/** The single usable coupon that takes the most off (ties: the one expiring first), for pre-selection at the till. */
export function bestSingleCoupon(
  coupons: readonly CouponForOrder[],
  ctx: CouponContext,
): { couponId: string; discountFen: Fen } | null {
  let best: { couponId: string; discountFen: Fen; expiresAt: number } | null = null;
  for (const c of coupons) {
    const r = orderDiscount([c], ctx);
    if (!r.ok || r.discountFen === 0) continue;
    const cand = { couponId: c.id, discountFen: r.discountFen, expiresAt: c.expiresAt.getTime() };
    if (
      !best ||
      cand.discountFen > best.discountFen ||
      (cand.discountFen === best.discountFen && cand.expiresAt < best.expiresAt)
    )
      best = cand;
  }
  return best && { couponId: best.couponId, discountFen: best.discountFen };
}
