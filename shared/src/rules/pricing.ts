// The pricing pipeline of an order, decided once: the till records what `priceOrder` returns and
// the cashier screen previews with the same function.
//
// Steps, in this order (each on what the previous left):
//   1. items      — when the order lists items, Σ quantity × unitPrice must equal the amount
//                   (else ITEMS_TOTAL_MISMATCH). Items are recorded, they do not change the price.
//   2. member price — the better (lower) of the tier's `discountRateBp` and the paid membership's
//                   `paidMembershipRateBp` (付费会员, when active). 10000 = full price.
//   3. coupons    — shared `orderDiscount` on the amount after member price: thresholds are checked
//                   against that amount (what the member is actually charged), cash then percent.
//   4. points     — `planPointsRedemption` on the amount after coupons (maxShareBp of that).
//   5. stored value — `payWithBalance` fen from the member's balance (INSUFFICIENT_BALANCE past it;
//                   more than is left to pay → VALIDATION_FAILED).
//   6. external   — the rest (cash, card, WeChat Pay at the POS).
// Points and growth are earned on what the member paid: balance + external (= payable), by the
// programme's earning rules (EARNING_RULES in points.ts). A rule that looks at items (category_bonus)
// sees each item's share of the paid amount: the paid fen split over the lines in proportion to
// their totals by `allocateFen` — so every discount is pro-rated per fen, and Σ shares = paid.
// Conditional rules (member_day) see the order's `couponContext.now` on the programme timezone's
// clock, the member's tier code and the store id; coupons valid only on some weekdays or hours
// are checked on the same clock.
//
// Rounding to the fen happens in one place, `fenOff`: a rate's discount is rounded DOWN to the fen
// (like percent coupons), so a discount never exceeds its rate and the payable never goes negative.
// A new step goes between two of these, takes the amount left, and adds one field to `discounts`
// (or `tenders` if it is a way of paying rather than a price reduction) — docs/architecture.md.
import type { Fen } from '../money.js';
import { mulDivFloor } from '../money.js';
import { orderDiscount } from './coupons.js';
import { combinedMultiplierBp } from './membership.js';
import type { CouponContext, CouponDiscountLine, CouponForOrder, CouponRefusal } from './coupons.js';
import { earningForOrder, planPointsRedemption } from './points.js';
import type { EarningLine, RedemptionRefusalReason } from './points.js';
import type { Programme } from './programme.js';
import { assertCount, refuse } from './result.js';
import type { Refusal } from './result.js';
import type { TierDefinition } from './tiers.js';
import { DEFAULT_TIMEZONE } from '../time.js';

const BP = 10_000;

export interface PricingItem {
  sku: string;
  name: string;
  category?: string | null;
  quantity: number;
  /** Fen per unit. */
  unitPrice: Fen;
}

/** `timezone` (absent: DEFAULT_TIMEZONE) reads the order's `now` for member days and coupon hours. */
export type PricingProgramme = Pick<Programme, 'earning' | 'redemption'> & Partial<Pick<Programme, 'timezone'>>;

export interface PricingInput {
  /** The order amount in fen, before anything is taken off. */
  amountFen: Fen;
  items?: readonly PricingItem[] | null;
  /** The member's tier: its price rate and points multiplier. */
  tier: Pick<TierDefinition, 'discountRateBp' | 'pointsMultiplierBp'>;
  /** A paid membership's price rate (付费会员); the better of it and the tier's applies. */
  paidMembershipRateBp?: number | null;
  /** A paid membership's points multiplier: it multiplies the tier's (combinedMultiplierBp). */
  paidMembershipPointsMultiplierBp?: number | null;
  /** The chosen coupons (any order); `context` says where and when they are used. */
  coupons?: readonly CouponForOrder[];
  couponContext: Omit<CouponContext, 'amountFen'>;
  pointsToRedeem?: number;
  /** The member's spendable points. */
  pointsBalance: number;
  payWithBalance?: Fen;
  /** The member's spendable stored value (储值) in fen (only read when payWithBalance > 0). */
  storedBalance: Fen;
}

export interface PricedOrder {
  ok: true;
  amount: Fen;
  discounts: { memberPrice: Fen; coupons: Fen; points: Fen };
  /** Σ discounts. */
  discount: Fen;
  /** amount − discount: what the member pays, in tenders. */
  payable: Fen;
  tenders: { balance: Fen; external: Fen };
  /** The price rate that applied (10000 = none). */
  memberRateBp: number;
  couponLines: CouponDiscountLine[];
  pointsRedeemed: number;
  earned: { points: number; growth: number };
}

export type PricingRefusal =
  | Refusal<'ITEMS_TOTAL_MISMATCH'>
  | CouponRefusal
  | Refusal<'INSUFFICIENT_POINTS'>
  | Refusal<'POINTS_REDEEM_NOT_ALLOWED', RedemptionRefusalReason>
  | Refusal<'INSUFFICIENT_BALANCE'>
  | Refusal<'VALIDATION_FAILED', 'balance_exceeds_payable'>;

/** The one rounding rule: the part of `amountFen` a rate of `bp` takes off, rounded down to the fen. */
export function fenOff(amountFen: Fen, bp: number): Fen {
  return mulDivFloor(assertCount(amountFen, 'amountFen'), bp, BP);
}

function checkRate(bp: number, what: string): number {
  if (!Number.isSafeInteger(bp) || bp < 0 || bp > BP) throw new RangeError(`${what} must be 0..10000`);
  return bp;
}

/** The price rate that applies: the lower of the tier's and the paid membership's. */
export function memberRateBp(tier: Pick<TierDefinition, 'discountRateBp'>, paidMembershipRateBp?: number | null): number {
  const tierRate = checkRate(tier.discountRateBp, 'discountRateBp');
  if (paidMembershipRateBp === null || paidMembershipRateBp === undefined) return tierRate;
  return Math.min(tierRate, checkRate(paidMembershipRateBp, 'paidMembershipRateBp'));
}

/**
 * `totalFen` split in proportion to `weights` (largest remainder): each share is
 * floor(total × weight / Σweights), and the fen left over go one each to the largest remainders,
 * ties to the earlier index. Deterministic, Σ shares = total, and a share never exceeds its
 * exact proportion by a whole fen. All weights 0 → all shares 0 (nothing to carry the total).
 */
export function allocateFen(totalFen: Fen, weights: readonly number[]): Fen[] {
  assertCount(totalFen, 'totalFen');
  weights.forEach((w) => assertCount(w, 'weight'));
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) return weights.map(() => 0);
  const exact = weights.map((w) => BigInt(totalFen) * BigInt(w));
  const shares = exact.map((e) => Number(e / BigInt(sum)));
  let left = totalFen - shares.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((e, i) => ({ i, r: e % BigInt(sum) }))
    .sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of byRemainder) {
    if (left === 0) break;
    shares[i]! += 1;
    left--;
  }
  return shares;
}

/** The order's items with what the member paid for each (allocateFen over the line totals). */
export function earningLines(items: readonly PricingItem[] | null | undefined, paidFen: Fen): EarningLine[] {
  if (!items || items.length === 0) return [];
  const shares = allocateFen(
    paidFen,
    items.map((i) => i.quantity * i.unitPrice),
  );
  return items.map((item, k) => ({ category: item.category ?? null, paidFen: shares[k]! }));
}

/** Σ quantity × unitPrice of the items. */
export function itemsTotal(items: readonly PricingItem[]): Fen {
  return items.reduce((sum, i) => sum + assertCount(i.quantity, 'quantity') * assertCount(i.unitPrice, 'unitPrice'), 0);
}

/** Prices an order: every discount, tender and what it earns, or the first refusal (API codes). */
export function priceOrder(input: PricingInput, programme: PricingProgramme): PricedOrder | PricingRefusal {
  const amount = assertCount(input.amountFen, 'amountFen');
  if (input.items && itemsTotal(input.items) !== amount) return refuse('ITEMS_TOTAL_MISMATCH');

  const rate = memberRateBp(input.tier, input.paidMembershipRateBp);
  const memberPrice = fenOff(amount, BP - rate);
  const afterMemberPrice = amount - memberPrice;

  const timeZone = programme.timezone ?? DEFAULT_TIMEZONE;
  const coupons = input.coupons ?? [];
  let couponDiscount = 0;
  let couponLines: CouponDiscountLine[] = [];
  if (coupons.length > 0) {
    const applied = orderDiscount(coupons, { timeZone, ...input.couponContext, amountFen: afterMemberPrice });
    if (!applied.ok) return applied;
    couponDiscount = applied.discountFen;
    couponLines = applied.lines;
  }
  const afterCoupons = afterMemberPrice - couponDiscount;

  const plan = planPointsRedemption(
    { pointsToRedeem: input.pointsToRedeem ?? 0, balance: input.pointsBalance, amountFen: afterCoupons },
    programme.redemption,
  );
  if (!plan.ok) return plan;
  // pointsValueFen floors, and maxShareBp ≤ 100%: the points never pay more than is left.
  const pointsDiscount = Math.min(plan.discountFen, afterCoupons);
  const payable = afterCoupons - pointsDiscount;

  const balance = input.payWithBalance ?? 0;
  if (!Number.isSafeInteger(balance) || balance < 0) return refuse('VALIDATION_FAILED', 'balance_exceeds_payable');
  if (balance > assertCount(input.storedBalance, 'storedBalance')) return refuse('INSUFFICIENT_BALANCE');
  if (balance > payable) return refuse('VALIDATION_FAILED', 'balance_exceeds_payable');
  const external = payable - balance;
  // A paid membership's multiplier stacks on the tier's (points only; growth follows the money).
  const earningTier = {
    pointsMultiplierBp: combinedMultiplierBp(input.tier.pointsMultiplierBp, input.paidMembershipPointsMultiplierBp),
  };

  return {
    ok: true,
    amount,
    discounts: { memberPrice, coupons: couponDiscount, points: pointsDiscount },
    discount: memberPrice + couponDiscount + pointsDiscount,
    payable,
    tenders: { balance, external },
    memberRateBp: rate,
    couponLines,
    pointsRedeemed: plan.pointsUsed,
    // When, who and where for conditional rules (member days): the coupon context's instant, tier and store.
    earned: earningForOrder(balance + external, programme.earning, earningTier, earningLines(input.items, balance + external), {
      now: input.couponContext.now,
      timeZone,
      tierCode: input.couponContext.tierCode,
      ...(input.couponContext.storeId ? { storeId: input.couponContext.storeId } : {}),
    }),
  };
}
