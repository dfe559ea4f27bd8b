// Points and growth: earning on a paid amount, points as payment, spending lots, and refund reversal.
//
// Decisions written down here (docs/ledger.md may point at this header):
//
// • Earning. Points = floor(paidFen × pointsPerYuan × tierMultiplierBp / (100 × 10000)) on the amount
//   the member actually paid (after coupons and after points used as payment). Growth (成长值) is a
//   separate number, floor(paidFen × growthPerYuan / 100), never spendable, and ignores the tier
//   multiplier. Rates may have up to 4 decimals (0.1 = one point per ¥10). Arithmetic is exact (BigInt).
//
// • Points as payment. `pointsPerYuan` points take ¥1 off; a redemption is a multiple of `unit`, at
//   least `minPoints`, at most the balance, and its nominal value may not exceed `maxShareBp` of the
//   amount due (the amount after coupons). The discount is floor(points × 100 / pointsPerYuan) fen.
//
// • Spending. Lots are consumed first-expiring-first; lots that never expire last; ties by
//   earnedAt, then id (string order). Lots expired at `now` are skipped: they belong to the expiry job.
//
// • Refunds reverse in proportion to the refunded share of the PAID amount, cumulatively:
//   target = floor(total × refundedTotal / paid), or exactly `total` once the full paid amount is
//   refunded; this refund reverses target − alreadyReversed. So partial refunds never over-reverse,
//   and a full refund (in any number of steps) reverses exactly what the order earned. The same
//   formula applies to earned points, earned growth and to points REDEEMED on the order.
//
// • Redeemed points go back to the member on refund, proportionally (same formula). They go back
//   with the expiry of the lots they were taken from (returned latest-expiring first), so a refund
//   never extends a point's life; a returned point whose original lot has expired by the refund is
//   forfeited (已过期积分不予退还), as it would have been had it never been spent.
//
// • Shortfall. When the points to reverse were partly spent already, the reversal takes what the
//   member still has (live lots: the order's own lot first, then by the spending order) and records
//   the rest as a shortfall; the balance never goes negative. The shortfall is kept on the member as
//   a points debt (积分欠款) and settled from later credits before they become spendable
//   (`settleShortfall`), so "earn, spend, refund" cannot be used to keep points never paid for.
import { mulDivFloor } from '../money.js';
import type { Fen } from '../money.js';
import type { TierDefinition } from './tiers.js';
import type { TierCode } from '../api/common.js';
import { isCount, unknownArgKeys, type Args } from './args.js';
import {
  CONDITION_KEYS,
  conditionProblems,
  conditionsHold,
  dayMatches,
  localMoment,
  whenText,
  whoText,
  type RuleConditions,
  type RuleContext,
} from './earning-conditions.js';
import { assertCount, refuse } from './result.js';
import type { Refusal } from './result.js';

// ───────────────────────────── earning ─────────────────────────────

export interface EarningConfig {
  /** Points per yuan paid at ×1 (up to 4 decimals). */
  pointsPerYuan: number;
  /** Growth per yuan paid (up to 4 decimals); growth ignores the tier multiplier. */
  growthPerYuan: number;
  /**
   * The earning rules of EARNING_RULES that make an order's points, summed; absent means
   * `[{ code: 'per_yuan_paid', args: {} }]` — points per yuan paid × the tier multiplier. A list
   * replaces that default, so a bonus rule sits beside `per_yuan_paid`, not instead of it.
   */
  rules?: EarningRuleConfig[];
}

export const DEFAULT_EARNING: EarningConfig = { pointsPerYuan: 1, growthPerYuan: 1 };

const BP = 10_000;

/** A rate with at most 4 decimals as an exact integer number of basis points. */
export function rateToBp(rate: number, what = 'rate'): number {
  const bp = Math.round(rate * BP);
  if (!(rate >= 0) || !Number.isSafeInteger(bp) || Math.abs(rate * BP - bp) > 1e-6) {
    throw new RangeError(`${what} must be a non-negative number with at most 4 decimals`);
  }
  return bp;
}

/** Points earned on `paidFen`: floor(paidYuan × pointsPerYuan × multiplier), rounding down. */
export function pointsForPaid(paidFen: Fen, config: EarningConfig, multiplierBp: number = BP): number {
  assertCount(paidFen, 'paidFen');
  assertCount(multiplierBp, 'multiplierBp');
  const rateBp = rateToBp(config.pointsPerYuan, 'pointsPerYuan');
  const num = BigInt(paidFen) * BigInt(rateBp) * BigInt(multiplierBp);
  return Number(num / BigInt(100 * BP * BP));
}

/** Growth earned on `paidFen`: floor(paidYuan × growthPerYuan). */
export function growthForPaid(paidFen: Fen, config: EarningConfig): number {
  assertCount(paidFen, 'paidFen');
  return mulDivFloor(paidFen, rateToBp(config.growthPerYuan, 'growthPerYuan'), 100 * BP);
}

/** One line of an order as earning rules see it: what the member paid for it (see allocateFen in pricing.ts). */
export interface EarningLine {
  category: string | null;
  /** This line's share of the paid amount, fen; Σ over the lines = paidFen. */
  paidFen: Fen;
}

/** What an earning rule sees of an order. */
export interface EarningOrder {
  /** What the member paid: stored value + external, after every discount. */
  paidFen: Fen;
  tierMultiplierBp: number;
  /** The order's items with their share of paidFen; empty when the order lists no items. */
  lines: readonly EarningLine[];
  /** When (local clock in the programme timezone), who (tier) and where (store): for conditional rules. */
  context?: RuleContext;
}

/**
 * One earning rule. A new rule is one more object in EARNING_RULES (plus its test): programme
 * validation, pricing (till and cashier preview), and the member-facing text all go through it.
 * A rule earns only on what was paid — `paidFen` or the lines' shares of it — never on a discount.
 */
export interface EarningRule<A> {
  code: string;
  /** At most one rule of this code in a programme (a second would pay the same points twice). */
  unique: boolean;
  /** Everything wrong with `args` (`field: reason`, relative to args; empty when valid). */
  validateArgs(args: Args): string[];
  /** The points this rule gives the order (rounded down, here, once per rule). */
  points(order: EarningOrder, args: A, config: EarningConfig): number;
  /** The rule as a member reads it: 实付每 ¥1 得 1 积分（再乘等级积分倍数）. */
  describe(args: A, config: EarningConfig): string;
}

/** `bp / 10^k` as a short decimal: an integer over a power of ten prints without float noise. */
const decimalOf = (n: number, divisor: number): string => String(n / divisor);

/** Today's rule: floor(paidYuan × pointsPerYuan × tier multiplier). */
export const perYuanPaidEarning: EarningRule<Record<string, never>> = {
  code: 'per_yuan_paid',
  unique: true,
  validateArgs: (a) => unknownArgKeys(a, []),
  points: (order, _a, config) => pointsForPaid(order.paidFen, config, order.tierMultiplierBp),
  describe: (_a, config) => `实付每 ¥1 得 ${config.pointsPerYuan} 积分（再乘等级积分倍数）`,
};

export const MAX_CATEGORY_LENGTH = 64;
const MAX_BONUS_MULTIPLIER_BP = 100_000;

/**
 * Bonus points on featured items (Starbucks-style 双倍积分): on what was paid for the order's
 * items of `category`, floor(paidYuan × pointsPerYuan × multiplierBp / 10000) extra points. The
 * tier multiplier does not apply to the bonus. Orders without items earn no bonus.
 */
export const categoryBonusEarning: EarningRule<{ category: string; multiplierBp: number }> = {
  code: 'category_bonus',
  unique: false,
  validateArgs: (a) => [
    ...unknownArgKeys(a, ['category', 'multiplierBp']),
    ...(typeof a.category === 'string' && a.category.trim().length > 0 && a.category.length <= MAX_CATEGORY_LENGTH
      ? []
      : [`category: must be a non-empty string of at most ${MAX_CATEGORY_LENGTH}`]),
    ...(isCount(a.multiplierBp, 1, MAX_BONUS_MULTIPLIER_BP)
      ? []
      : [`multiplierBp: must be an integer 1-${MAX_BONUS_MULTIPLIER_BP} (basis points, 10000 = one more ×1)`]),
  ],
  points: (order, { category, multiplierBp }, config) => {
    const paid = order.lines.reduce((sum, l) => sum + (l.category === category ? l.paidFen : 0), 0);
    return pointsForPaid(paid, config, multiplierBp);
  },
  describe: ({ category, multiplierBp }, config) =>
    `「${category}」类商品实付每 ¥1 额外得 ${decimalOf(rateToBp(config.pointsPerYuan) * multiplierBp, BP * BP)} 积分`,
};

export interface MemberDayArgs extends RuleConditions {
  /** The order's points in total, in basis points of what it earns without the rule: 20000 = 积分 2 倍. */
  multiplierBp: number;
  /** Only on what was paid for the items of this category (else the whole paid amount). */
  category?: string;
}

const MIN_MEMBER_DAY_BP = 10_001;

/** `20000` → `2`, `15000` → `1.5`. */
export const multiplierText = (multiplierBp: number): string => decimalOf(multiplierBp, BP);

/**
 * 会员日 / multiplied points (积分 N 倍) when its conditions hold: weekdays, days of the month, a local
 * time window, tiers, stores (earning-conditions.ts; all given ones must hold), optionally only on
 * one item category. The rule pays the EXTRA over the base rule, so with per_yuan_paid the order
 * earns floor(paidYuan × pointsPerYuan × tier multiplier × multiplierBp / 10000) in total, rounded
 * down once: bonus = floor(base × M) − floor(base) on the same exact base. Several member-day
 * rules that hold at once add their extras (2 倍 and 3 倍 → 1 + 1 + 2 = 4 倍).
 */
export const memberDayEarning: EarningRule<MemberDayArgs> = {
  code: 'member_day',
  unique: false,
  validateArgs: (a) => [
    ...unknownArgKeys(a, ['multiplierBp', 'category', ...CONDITION_KEYS]),
    ...(isCount(a.multiplierBp, MIN_MEMBER_DAY_BP, MAX_BONUS_MULTIPLIER_BP)
      ? []
      : [
          `multiplierBp: must be an integer ${MIN_MEMBER_DAY_BP}-${MAX_BONUS_MULTIPLIER_BP} (basis points of the points in total, 20000 = 积分 2 倍)`,
        ]),
    ...(a.category === undefined ||
    (typeof a.category === 'string' && a.category.trim().length > 0 && a.category.length <= MAX_CATEGORY_LENGTH)
      ? []
      : [`category: must be a non-empty string of at most ${MAX_CATEGORY_LENGTH}`]),
    ...conditionProblems(a),
  ],
  points: (order, args, config) => {
    if (!conditionsHold(args, order.context ?? {})) return 0;
    const paid =
      args.category === undefined
        ? order.paidFen
        : order.lines.reduce((sum, l) => sum + (l.category === args.category ? l.paidFen : 0), 0);
    const base = BigInt(assertCount(paid, 'paidFen')) * BigInt(rateToBp(config.pointsPerYuan)) * BigInt(order.tierMultiplierBp);
    const unit = BigInt(100 * BP * BP);
    return Number((base * BigInt(args.multiplierBp)) / (unit * BigInt(BP)) - base / unit);
  },
  describe: (args) =>
    `会员日 ${whenText(args)}：${args.category !== undefined ? `「${args.category}」类商品` : ''}积分 ${multiplierText(args.multiplierBp)} 倍${whoText(args)}`,
};

/** The earning rules by code: the one place an earning rule is added. */
export const EARNING_RULES = {
  per_yuan_paid: perYuanPaidEarning,
  category_bonus: categoryBonusEarning,
  member_day: memberDayEarning,
} as const;

export type EarningRuleCode = keyof typeof EARNING_RULES;
export type EarningRuleArgs<C extends EarningRuleCode> = (typeof EARNING_RULES)[C] extends EarningRule<infer A> ? A : never;

/** An earning rule as a programme stores it. */
export type EarningRuleConfig = { [C in EarningRuleCode]: { code: C; args: EarningRuleArgs<C> } }[EarningRuleCode];

/** For DTOs and admin forms: every earning rule code. */
export const EARNING_RULE_CODES = Object.keys(EARNING_RULES) as EarningRuleCode[];

export const DEFAULT_EARNING_RULES: readonly EarningRuleConfig[] = [{ code: 'per_yuan_paid', args: {} }];

export function isEarningRuleCode(code: unknown): code is EarningRuleCode {
  return typeof code === 'string' && Object.hasOwn(EARNING_RULES, code);
}

/** The rule of a stored config, typed to take that config's args (the one cast of the registry). */
function earningRuleOf(config: EarningRuleConfig): EarningRule<EarningRuleConfig['args']> {
  return EARNING_RULES[config.code] as EarningRule<EarningRuleConfig['args']>;
}

/** The rules in force: the programme's list, or today's per-yuan rule. */
export function earningRules(config: EarningConfig): readonly EarningRuleConfig[] {
  return config.rules ?? DEFAULT_EARNING_RULES;
}

/** The earning rules as a member reads them, one line per rule. */
export function describeEarningRules(config: EarningConfig): string[] {
  return earningRules(config).map((r) => earningRuleOf(r).describe(r.args, config));
}

/** When, who and where an order is: the instant (read in `timeZone`), the member's tier, the store. */
export interface EarningContext {
  now: Date;
  /** The programme timezone. */
  timeZone: string;
  tierCode?: TierCode;
  storeId?: string;
}

export function ruleContextOf(c: EarningContext): RuleContext {
  return {
    local: localMoment(c.now, c.timeZone),
    ...(c.tierCode !== undefined ? { tierCode: c.tierCode } : {}),
    ...(c.storeId !== undefined ? { storeId: c.storeId } : {}),
  };
}

export interface TodayPromotion {
  /** The rule's code (`member_day`). */
  code: EarningRuleCode;
  /** 今天是会员日，积分 2 倍 */
  title: string;
}

/**
 * The member-day rules that hold TODAY for this member, as the card shows them: the local day
 * matches (weekdays, days of the month), the tier condition is absent or names the member's tier,
 * and the rule names no stores (a card is not at a store). A time window stays in the title.
 */
export function todayPromotions(config: EarningConfig, ctx: EarningContext & { tierCode: TierCode }): TodayPromotion[] {
  const local = localMoment(ctx.now, ctx.timeZone);
  const out: TodayPromotion[] = [];
  for (const r of earningRules(config)) {
    if (r.code !== 'member_day') continue;
    const a = r.args;
    if (!dayMatches(a, local)) continue;
    if (a.tiers && a.tiers.length > 0 && !a.tiers.includes(ctx.tierCode)) continue;
    if (a.storeIds && a.storeIds.length > 0) continue;
    const window = a.timeFrom !== undefined && a.timeTo !== undefined ? `${a.timeFrom}–${a.timeTo} ` : '';
    const what = a.category !== undefined ? `「${a.category}」类商品` : '';
    out.push({ code: r.code, title: `今天是会员日，${window}${what}积分 ${multiplierText(a.multiplierBp)} 倍` });
  }
  return out;
}

/**
 * What an order earns: points (the sum of the earning rules; per_yuan_paid applies the tier
 * multiplier) and growth, kept apart. `lines`: the items with their share of `paidFen`.
 */
export function earningForOrder(
  paidFen: Fen,
  config: EarningConfig,
  tier?: Pick<TierDefinition, 'pointsMultiplierBp'>,
  lines: readonly EarningLine[] = [],
  context?: EarningContext,
): { points: number; growth: number } {
  const order: EarningOrder = {
    paidFen: assertCount(paidFen, 'paidFen'),
    tierMultiplierBp: tier?.pointsMultiplierBp ?? BP,
    lines,
    ...(context ? { context: ruleContextOf(context) } : {}),
  };
  return {
    points: earningRules(config).reduce((sum, r) => sum + earningRuleOf(r).points(order, r.args, config), 0),
    growth: growthForPaid(paidFen, config),
  };
}

// ───────────────────────── points as payment ─────────────────────────

export interface RedemptionConfig {
  enabled: boolean;
  /** Points that take ¥1 off (100 → 1 point = 1 fen). A positive integer. */
  pointsPerYuan: number;
  /** Largest share of the amount due that points may pay, in basis points (5000 = 50%). */
  maxShareBp: number;
  /** Redeem in multiples of this many points. */
  unit: number;
  /** Smallest redemption (0 = any multiple of `unit`). */
  minPoints: number;
}

export const DEFAULT_REDEMPTION: RedemptionConfig = {
  enabled: true,
  pointsPerYuan: 100,
  maxShareBp: 5000,
  unit: 100,
  minPoints: 0,
};

export type RedemptionRefusalReason =
  'disabled' | 'not_whole_points' | 'not_a_multiple_of_unit' | 'below_minimum' | 'exceeds_order_share';

export type RedemptionPlan =
  | { ok: true; pointsUsed: number; discountFen: Fen }
  | Refusal<'INSUFFICIENT_POINTS'>
  | Refusal<'POINTS_REDEEM_NOT_ALLOWED', RedemptionRefusalReason>;

function checkRedemptionConfig(config: RedemptionConfig): void {
  if (!Number.isSafeInteger(config.pointsPerYuan) || config.pointsPerYuan < 1)
    throw new RangeError('pointsPerYuan must be a positive integer');
  if (!Number.isSafeInteger(config.unit) || config.unit < 1) throw new RangeError('unit must be a positive integer');
  if (!Number.isSafeInteger(config.maxShareBp) || config.maxShareBp < 0 || config.maxShareBp > BP)
    throw new RangeError('maxShareBp must be 0..10000');
  assertCount(config.minPoints, 'minPoints');
}

/** The discount `points` buy: floor(points × 100 / pointsPerYuan) fen. */
export function pointsValueFen(points: number, config: RedemptionConfig): Fen {
  checkRedemptionConfig(config);
  return mulDivFloor(assertCount(points, 'points'), 100, config.pointsPerYuan);
}

/** Largest points count whose nominal value stays within the order share: points × 100 ≤ cap × pointsPerYuan. */
function pointsWithinShare(amountFen: Fen, config: RedemptionConfig): number {
  const capFen = mulDivFloor(amountFen, config.maxShareBp, BP);
  return mulDivFloor(capFen, config.pointsPerYuan, 100);
}

/** The most points the member may use on this amount (a multiple of `unit`; 0 when none), for the UI slider. */
export function maxRedeemablePoints(balance: number, amountFen: Fen, config: RedemptionConfig = DEFAULT_REDEMPTION): number {
  checkRedemptionConfig(config);
  assertCount(balance, 'balance');
  assertCount(amountFen, 'amountFen');
  if (!config.enabled) return 0;
  const limit = Math.min(balance, pointsWithinShare(amountFen, config));
  const max = limit - (limit % config.unit);
  return max >= config.minPoints ? max : 0;
}

/**
 * Validates `pointsToRedeem` against the balance and the amount due (after coupons). 0 is always fine.
 * Checks run in this order: shape (whole, unit, minimum), then balance, then the order share.
 */
export function planPointsRedemption(
  input: { pointsToRedeem: number; balance: number; amountFen: Fen },
  config: RedemptionConfig = DEFAULT_REDEMPTION,
): RedemptionPlan {
  checkRedemptionConfig(config);
  const { pointsToRedeem, balance, amountFen } = input;
  assertCount(balance, 'balance');
  assertCount(amountFen, 'amountFen');
  if (pointsToRedeem === 0) return { ok: true, pointsUsed: 0, discountFen: 0 };
  if (!Number.isSafeInteger(pointsToRedeem) || pointsToRedeem < 0) return refuse('POINTS_REDEEM_NOT_ALLOWED', 'not_whole_points');
  if (!config.enabled) return refuse('POINTS_REDEEM_NOT_ALLOWED', 'disabled');
  if (pointsToRedeem % config.unit !== 0) return refuse('POINTS_REDEEM_NOT_ALLOWED', 'not_a_multiple_of_unit');
  if (pointsToRedeem < config.minPoints) return refuse('POINTS_REDEEM_NOT_ALLOWED', 'below_minimum');
  if (pointsToRedeem > balance) return refuse('INSUFFICIENT_POINTS');
  if (pointsToRedeem > pointsWithinShare(amountFen, config)) return refuse('POINTS_REDEEM_NOT_ALLOWED', 'exceeds_order_share');
  return { ok: true, pointsUsed: pointsToRedeem, discountFen: pointsValueFen(pointsToRedeem, config) };
}

// ───────────────────────────── lots ─────────────────────────────

export interface PointsLot {
  id: string;
  /** Points of this credit not yet spent, reversed or expired. */
  remaining: number;
  /** The instant the lot stops being spendable; null = never. */
  expiresAt: Date | null;
  earnedAt: Date;
}

export interface LotAllocation {
  lotId: string;
  points: number;
}

export function isLotLive(lot: Pick<PointsLot, 'remaining' | 'expiresAt'>, now: Date): boolean {
  return lot.remaining > 0 && (lot.expiresAt === null || now.getTime() < lot.expiresAt.getTime());
}

/** The balance a member can spend at `now`: the sum of live lots' remainders. */
export function spendableBalance(lots: readonly PointsLot[], now: Date): number {
  let sum = 0;
  for (const l of lots) if (isLotLive(l, now)) sum += l.remaining;
  return sum;
}

/** Spending order: earliest expiry first, never-expiring last, then earliest earned, then id. */
export function compareLotsForSpending(a: PointsLot, b: PointsLot): number {
  const ea = a.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
  const eb = b.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
  if (ea !== eb) return ea < eb ? -1 : 1;
  const da = a.earnedAt.getTime();
  const db = b.earnedAt.getTime();
  if (da !== db) return da < db ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function takeFrom(ordered: readonly PointsLot[], points: number): { allocations: LotAllocation[]; taken: number } {
  const allocations: LotAllocation[] = [];
  let left = points;
  for (const lot of ordered) {
    if (left === 0) break;
    const take = Math.min(lot.remaining, left);
    if (take > 0) {
      allocations.push({ lotId: lot.id, points: take });
      left -= take;
    }
  }
  return { allocations, taken: points - left };
}

export type SpendPlan = { ok: true; allocations: LotAllocation[] } | Refusal<'INSUFFICIENT_POINTS'>;

/** Which lots a spend of `points` consumes at `now` (FIFO by expiry), or INSUFFICIENT_POINTS. */
export function planSpend(lots: readonly PointsLot[], points: number, now: Date): SpendPlan {
  assertCount(points, 'points');
  const live = lots.filter((l) => isLotLive(l, now)).sort(compareLotsForSpending);
  const { allocations, taken } = takeFrom(live, points);
  if (taken < points) return refuse('INSUFFICIENT_POINTS');
  return { ok: true, allocations };
}

// ───────────────────────── reversal and shortfall ─────────────────────────

/** The scalar shortfall rule: take what the balance holds, record the rest. Balance never goes negative. */
export function applyReversal(balance: number, toReverse: number): { reversed: number; shortfall: number } {
  assertCount(balance, 'balance');
  assertCount(toReverse, 'toReverse');
  const reversed = Math.min(balance, toReverse);
  return { reversed, shortfall: toReverse - reversed };
}

/**
 * Which live lots a reversal of `toReverse` points takes: the order's own lot (`preferLotId`) first,
 * then the others in spending order; whatever the live lots cannot cover is the shortfall.
 */
export function planReversal(
  lots: readonly PointsLot[],
  toReverse: number,
  now: Date,
  preferLotId?: string,
): { allocations: LotAllocation[]; reversed: number; shortfall: number } {
  assertCount(toReverse, 'toReverse');
  const live = lots.filter((l) => isLotLive(l, now)).sort(compareLotsForSpending);
  const ordered = [...live.filter((l) => l.id === preferLotId), ...live.filter((l) => l.id !== preferLotId)];
  const { allocations, taken } = takeFrom(ordered, toReverse);
  return { allocations, reversed: taken, shortfall: toReverse - taken };
}

/** A new credit first pays the member's points debt; only the rest becomes a spendable lot. */
export function settleShortfall(debt: number, credit: number): { debtPaid: number; credited: number; debtAfter: number } {
  assertCount(debt, 'debt');
  assertCount(credit, 'credit');
  const debtPaid = Math.min(debt, credit);
  return { debtPaid, credited: credit - debtPaid, debtAfter: debt - debtPaid };
}

// ───────────────────────────── refunds ─────────────────────────────

/** What an order earned and redeemed, and what its refunds so far have reversed. */
export interface OrderPointsState {
  /** The amount the member paid (after coupons and points) — refunds are shares of this. */
  paidFen: Fen;
  earnedPoints: number;
  earnedGrowth: number;
  /** Points used as payment on the order. */
  redeemedPoints: number;
  /** Sum of earlier refunds of this order. */
  refundedFen: Fen;
  reversedPoints: number;
  reversedGrowth: number;
  /** Redeemed points already handed back (credited or forfeited as expired). */
  returnedRedeemedPoints: number;
}

export interface RefundPlan {
  ok: true;
  pointsToReverse: number;
  growthToReverse: number;
  redeemedPointsToReturn: number;
  refundedFenAfter: Fen;
  fullyRefunded: boolean;
}

/** Cumulative proportional share: floor(total × refunded / paid), or all of it once fully refunded. */
export function proportionalShare(total: number, refundedFen: Fen, paidFen: Fen): number {
  assertCount(total, 'total');
  if (refundedFen >= paidFen) return total;
  return mulDivFloor(total, refundedFen, paidFen);
}

/** What this refund reverses; REFUND_EXCEEDS_PAID when the refunds would sum past the paid amount. */
export function planRefund(order: OrderPointsState, refundFen: Fen): RefundPlan | Refusal<'REFUND_EXCEEDS_PAID'> {
  assertCount(order.paidFen, 'paidFen');
  assertCount(order.refundedFen, 'refundedFen');
  assertCount(refundFen, 'refundFen');
  const after = order.refundedFen + refundFen;
  if (after > order.paidFen) return refuse('REFUND_EXCEEDS_PAID');
  const delta = (total: number, already: number) =>
    Math.max(0, proportionalShare(total, after, order.paidFen) - assertCount(already, 'already reversed'));
  return {
    ok: true,
    pointsToReverse: delta(order.earnedPoints, order.reversedPoints),
    growthToReverse: delta(order.earnedGrowth, order.reversedGrowth),
    redeemedPointsToReturn: delta(order.redeemedPoints, order.returnedRedeemedPoints),
    refundedFenAfter: after,
    fullyRefunded: after === order.paidFen,
  };
}

export interface RedeemedAllocation extends LotAllocation {
  /** Expiry of the lot the points were taken from. */
  expiresAt: Date | null;
}

/**
 * Where returned redeemed points go: back with their original lots' expiry, latest-expiring first,
 * skipping what earlier refunds returned; points whose original lot has expired at `now` are forfeited.
 */
export function planRedeemedReturn(
  spent: readonly RedeemedAllocation[],
  alreadyReturned: number,
  toReturn: number,
  now: Date,
): { credits: { sourceLotId: string; points: number; expiresAt: Date | null }[]; forfeited: number } {
  assertCount(alreadyReturned, 'alreadyReturned');
  assertCount(toReturn, 'toReturn');
  let skip = alreadyReturned;
  let left = toReturn;
  const credits: { sourceLotId: string; points: number; expiresAt: Date | null }[] = [];
  let forfeited = 0;
  for (let i = spent.length - 1; i >= 0 && left > 0; i--) {
    const a = spent[i]!;
    const skipped = Math.min(skip, a.points);
    skip -= skipped;
    const take = Math.min(a.points - skipped, left);
    if (take === 0) continue;
    left -= take;
    if (a.expiresAt !== null && now.getTime() >= a.expiresAt.getTime()) forfeited += take;
    else credits.push({ sourceLotId: a.lotId, points: take, expiresAt: a.expiresAt });
  }
  if (left > 0) throw new RangeError('returning more redeemed points than were spent');
  return { credits, forfeited };
}
