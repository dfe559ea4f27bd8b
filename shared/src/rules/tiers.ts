// Tier rules: which tier a growth value earns, and the progress to the next one.
import type { Benefit, TierRef } from '../api/member.js';
import type { TierCode } from '../api/common.js';
import { addMonths } from '../time.js';
import type { LocalDate } from '../time.js';

export interface TierDefinition {
  code: TierCode;
  name: string;
  /** Growth at or above which a member holds this tier. The base tier has 0. */
  growthThreshold: number;
  /** Growth that must be earned in a review period to keep this tier (保级). */
  keepGrowth: number;
  /** Points multiplier in basis points: 10000 = ×1, 15000 = ×1.5. */
  pointsMultiplierBp: number;
  /** Price rate in basis points: 10000 = no discount, 9500 = 95折. */
  discountRateBp: number;
  benefits: Benefit[];
}

function sorted(tiers: readonly TierDefinition[]): TierDefinition[] {
  if (tiers.length === 0) throw new RangeError('a programme needs at least one tier');
  return [...tiers].sort((a, b) => a.growthThreshold - b.growthThreshold);
}

/** The highest tier whose threshold `growth` has reached (the base tier if none). */
export function tierForGrowth(tiers: readonly TierDefinition[], growth: number): TierDefinition {
  const ordered = sorted(tiers);
  let result = ordered[0]!;
  for (const t of ordered) if (growth >= t.growthThreshold) result = t;
  return result;
}

export interface NextTierProgress extends TierRef {
  growthNeeded: number;
  threshold: number;
}

/** The tier above `current`, and how much growth is still needed; null at the top. */
export function nextTierProgress(
  tiers: readonly TierDefinition[],
  currentCode: TierCode,
  growth: number,
): NextTierProgress | null {
  const ordered = sorted(tiers);
  const idx = ordered.findIndex((t) => t.code === currentCode);
  const next = ordered[idx + 1];
  if (idx < 0 || !next) return null;
  return {
    code: next.code,
    name: next.name,
    threshold: next.growthThreshold,
    growthNeeded: Math.max(0, next.growthThreshold - growth),
  };
}

/** Upgrades happen at once: the tier after a growth change never drops below the current one. */
export function tierAfterGrowth(tiers: readonly TierDefinition[], currentCode: TierCode, growth: number): TierDefinition {
  const ordered = sorted(tiers);
  const current = ordered.find((t) => t.code === currentCode) ?? ordered[0]!;
  const earned = tierForGrowth(ordered, growth);
  return earned.growthThreshold > current.growthThreshold ? earned : current;
}

/**
 * Yearly review (保级). Upgrades happen at once (`tierAfterGrowth`); downgrades only here.
 *
 * Policy (a `code`, default `one_down`, like Talon.One's): a member whose growth earned in the
 * review period reaches the current tier's `keepGrowth` keeps it. Otherwise the member drops to the
 * highest lower tier whose `keepGrowth` the period growth meets — but with `one_down` never more than
 * one level per review (a lapsed 白金 becomes 金卡, and is reviewed again a period later);
 * `to_earned` drops straight to that tier. A review never lowers a tier that total growth would
 * earn by promotion: if `totalGrowth` qualifies for a tier above the current one (a missed
 * upgrade), the review upgrades instead.
 *
 * Growth after a downgrade: total growth is capped at the new tier's threshold, so the next
 * purchase does not re-promote at once through `tierAfterGrowth`; progress to the next tier
 * starts from that threshold. When the tier is kept, growth is unchanged.
 * Refunds reverse growth but never downgrade between reviews; they lower the period growth the
 * next review sees.
 */
export type TierReviewPolicyCode = 'one_down' | 'to_earned';

export interface TierReviewResult {
  tier: TierDefinition;
  change: 'kept' | 'upgraded' | 'downgraded';
  /** Total growth to store after the review. */
  growthAfter: number;
}

export function reviewTier(
  tiers: readonly TierDefinition[],
  currentCode: TierCode,
  growthInPeriod: number,
  totalGrowth: number,
  policy: TierReviewPolicyCode = 'one_down',
): TierReviewResult {
  const ordered = sorted(tiers);
  const idx = Math.max(
    0,
    ordered.findIndex((t) => t.code === currentCode),
  );
  const current = ordered[idx]!;
  const byTotal = tierForGrowth(ordered, totalGrowth);
  if (byTotal.growthThreshold > current.growthThreshold) {
    return { tier: byTotal, change: 'upgraded', growthAfter: totalGrowth };
  }
  if (growthInPeriod >= current.keepGrowth) return { tier: current, change: 'kept', growthAfter: totalGrowth };
  let target = 0;
  for (let i = 0; i < idx; i++) if (growthInPeriod >= ordered[i]!.keepGrowth) target = i;
  if (policy === 'one_down') target = Math.max(target, idx - 1);
  const tier = ordered[target]!;
  return { tier, change: 'downgraded', growthAfter: Math.min(totalGrowth, tier.growthThreshold) };
}

/**
 * The local date of a member's next review: `periodMonths` after the later of the date the
 * member reached the current tier and the last review (anniversary style, clamped to month end).
 */
export function nextTierReviewDate(tierSince: LocalDate, lastReviewOn: LocalDate | null, periodMonths = 12): LocalDate {
  const anchor = lastReviewOn !== null && lastReviewOn > tierSince ? lastReviewOn : tierSince;
  return addMonths(anchor, periodMonths);
}

export function isTierReviewDue(
  tierSince: LocalDate,
  lastReviewOn: LocalDate | null,
  today: LocalDate,
  periodMonths = 12,
): boolean {
  return today >= nextTierReviewDate(tierSince, lastReviewOn, periodMonths);
}

/** The default programme: 普通/银卡/金卡/白金 (growth = spend in yuan). */
export const DEFAULT_TIERS: readonly TierDefinition[] = [
  {
    code: 'normal',
    name: '普通会员',
    growthThreshold: 0,
    keepGrowth: 0,
    pointsMultiplierBp: 10000,
    discountRateBp: 10000,
    benefits: [
      { code: 'points', title: '消费积分' },
      { code: 'birthday_gift', title: '生日礼券' },
    ],
  },
  {
    code: 'silver',
    name: '银卡会员',
    growthThreshold: 500,
    keepGrowth: 300,
    pointsMultiplierBp: 12000,
    discountRateBp: 9800,
    benefits: [
      { code: 'points', title: '1.2 倍积分' },
      { code: 'discount', title: '98 折会员价' },
      { code: 'birthday_gift', title: '生日礼券' },
    ],
  },
  {
    code: 'gold',
    name: '金卡会员',
    growthThreshold: 2000,
    keepGrowth: 1200,
    pointsMultiplierBp: 15000,
    discountRateBp: 9500,
    benefits: [
      { code: 'points', title: '1.5 倍积分' },
      { code: 'discount', title: '95 折会员价' },
      { code: 'birthday_gift', title: '生日双倍礼券' },
      { code: 'priority', title: '优先服务' },
    ],
  },
  {
    code: 'platinum',
    name: '白金会员',
    growthThreshold: 5000,
    keepGrowth: 3000,
    pointsMultiplierBp: 20000,
    discountRateBp: 9000,
    benefits: [
      { code: 'points', title: '2 倍积分' },
      { code: 'discount', title: '9 折会员价' },
      { code: 'birthday_gift', title: '生日专属礼包' },
      { code: 'priority', title: '专属客服与优先服务' },
    ],
  },
];
