// Paid membership (付费会员): terms, stacking, benefits and the pro-rata refund, decided once.
//
// A purchase buys `termDays` days. Bought while a term runs, it starts when that term ends
// (renewals stack, CRMEB's rule); otherwise now. The benefits are the plan's, copied onto the
// purchase and the membership when bought (like a coupon's terms), so editing a plan later never
// changes what a member already paid for. While a term runs, further purchases must carry the
// same benefits (a member cannot stack a year of one discount on a month of another) — they switch
// plans when the term ends. The monthly coupon pack is granted once per programme-timezone
// calendar month in which the membership is active.
import type { Fen } from '../money.js';
import { mulDivFloor } from '../money.js';
import { assertCount, refuse } from './result.js';
import { planTitleProblem } from './stored-value.js';
import { memberPriceZhe, pointsMultiplierTitle } from './tier-benefits.js';
import type { Refusal } from './result.js';

const DAY_MS = 86_400_000;
const BP = 10_000;

export interface MembershipBenefits {
  /** Price rate at the till (10000 = full price, 9500 = 95折); the better of it and the tier's applies. */
  discountRateBp: number;
  /** Multiplies the points an order earns (10000 = ×1), on top of the tier's multiplier. */
  pointsMultiplierBp: number;
  /** Granted once per calendar month while active; null = no pack. */
  monthlyCouponTemplateId: string | null;
}

export interface MembershipPlanInput {
  title: string;
  /** Fen; 0 only for a trial. */
  price: Fen;
  termDays: number;
  /** A free trial: price 0, once per member. */
  trial?: boolean;
  discountRateBp?: number;
  pointsMultiplierBp?: number;
  monthlyCouponTemplateId?: string | null;
}

export function membershipPlanProblems(p: MembershipPlanInput): Record<string, string> {
  const problems: Record<string, string> = {};
  const title = planTitleProblem(p.title);
  if (title) problems.title = title;
  if (p.trial) {
    if (p.price !== 0) problems.price = 'a trial is free: 0';
  } else if (!Number.isSafeInteger(p.price) || p.price < 1 || p.price > 10_000_000) problems.price = '1 fen to ¥100,000, in fen';
  if (!Number.isSafeInteger(p.termDays) || p.termDays < 1 || p.termDays > 3660) problems.termDays = '1–3660 days';
  if (
    p.discountRateBp !== undefined &&
    (!Number.isSafeInteger(p.discountRateBp) || p.discountRateBp < 1000 || p.discountRateBp > BP)
  )
    problems.discountRateBp = '1000–10000 (10000 = full price)';
  if (
    p.pointsMultiplierBp !== undefined &&
    (!Number.isSafeInteger(p.pointsMultiplierBp) || p.pointsMultiplierBp < BP || p.pointsMultiplierBp > 10 * BP)
  )
    problems.pointsMultiplierBp = '10000–100000 (10000 = ×1)';
  if (p.discountRateBp === undefined && p.pointsMultiplierBp === undefined && !p.monthlyCouponTemplateId)
    problems.benefits = 'a plan gives at least one benefit: a member price, a points multiplier or a monthly coupon pack';
  return problems;
}

export function planBenefits(p: MembershipPlanInput): MembershipBenefits {
  return {
    discountRateBp: p.discountRateBp ?? BP,
    pointsMultiplierBp: p.pointsMultiplierBp ?? BP,
    monthlyCouponTemplateId: p.monthlyCouponTemplateId ?? null,
  };
}

export function sameBenefits(a: MembershipBenefits, b: MembershipBenefits): boolean {
  return (
    a.discountRateBp === b.discountRateBp &&
    a.pointsMultiplierBp === b.pointsMultiplierBp &&
    a.monthlyCouponTemplateId === b.monthlyCouponTemplateId
  );
}

export interface CurrentMembership {
  expiresAt: Date;
  benefits: MembershipBenefits;
}

export type PurchaseRefusal = Refusal<'TRIAL_ALREADY_USED'> | Refusal<'MEMBERSHIP_PLAN_CONFLICT', 'other_benefits_active'>;

/** Whether a purchase may be made now, and the term it buys. */
export function planPurchase(
  current: CurrentMembership | null,
  plan: { termDays: number; trial: boolean; benefits: MembershipBenefits },
  trialUsed: boolean,
  now: Date,
): { ok: true; startsAt: Date; endsAt: Date } | PurchaseRefusal {
  if (plan.trial && trialUsed) return refuse('TRIAL_ALREADY_USED');
  const running = current !== null && current.expiresAt.getTime() > now.getTime();
  if (running && !sameBenefits(current.benefits, plan.benefits))
    return refuse('MEMBERSHIP_PLAN_CONFLICT', 'other_benefits_active');
  const startsAt = running ? current.expiresAt : now;
  return { ok: true, startsAt, endsAt: new Date(startsAt.getTime() + plan.termDays * DAY_MS) };
}

export function membershipActive(m: { expiresAt: Date } | null, now: Date): boolean {
  return m !== null && m.expiresAt.getTime() > now.getTime();
}

/** The points multiplier of an order: the tier's × the paid membership's (floor, in bp). */
export function combinedMultiplierBp(tierBp: number, paidBp: number | null | undefined): number {
  assertCount(tierBp, 'tierBp');
  if (paidBp === null || paidBp === undefined) return tierBp;
  return mulDivFloor(tierBp, assertCount(paidBp, 'paidBp'), BP);
}

export interface PurchaseForRefund {
  id: string;
  price: Fen;
  startsAt: Date;
  endsAt: Date;
  refunded: Fen;
}

/**
 * What refunding the unused term returns, per purchase: the price × unused share of its own
 * term (floor to the fen; a term not started yet is returned whole, a term used up gives 0), less
 * what was refunded before. Free trials have price 0 and return nothing.
 */
export function proRataRefund(purchases: readonly PurchaseForRefund[], now: Date): { id: string; amount: Fen }[] {
  const t = now.getTime();
  return purchases
    .map((p) => {
      const term = p.endsAt.getTime() - p.startsAt.getTime();
      const unused = Math.max(0, Math.min(term, p.endsAt.getTime() - Math.max(t, p.startsAt.getTime())));
      const due = term <= 0 ? 0 : mulDivFloor(p.price, unused, term);
      return { id: p.id, amount: Math.max(0, due - p.refunded) };
    })
    .filter((r) => r.amount > 0);
}

/**
 * When a membership ends given the paid terms it still has (after a refund, or a refund that
 * failed and gave a term back): what is left of each — its unused time from `now`, a term still
 * to come whole — laid end to end from now. Null when nothing is left. A refunded term is not
 * passed in, so a refund that fails gives back its own term and never one another refund removed.
 */
export function termEndFromPurchases(terms: readonly { startsAt: Date; endsAt: Date }[], now: Date): Date | null {
  const t = now.getTime();
  const left = terms.reduce((sum, p) => sum + Math.max(0, p.endsAt.getTime() - Math.max(t, p.startsAt.getTime())), 0);
  return left > 0 ? new Date(t + left) : null;
}

/** The benefits as the member centre and the console word them. */
export function membershipBenefitLines(b: MembershipBenefits): string[] {
  const lines: string[] = [];
  const zhe = memberPriceZhe(b.discountRateBp);
  if (zhe) lines.push(`会员价 ${zhe}（与等级折扣取更优）`);
  if (b.pointsMultiplierBp > BP) lines.push(`消费享 ${pointsMultiplierTitle(b.pointsMultiplierBp)}（叠加等级倍数）`);
  if (b.monthlyCouponTemplateId) lines.push('每月领取一次优惠券礼包');
  return lines;
}
