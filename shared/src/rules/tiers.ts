// Tier rules: which tier a growth value earns, and the progress to the next one.
import type { Benefit, TierRef } from '../api/member.js';
import type { TierCode } from '../api/common.js';

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
export function tierAfterGrowth(
  tiers: readonly TierDefinition[],
  currentCode: TierCode,
  growth: number,
): TierDefinition {
  const ordered = sorted(tiers);
  const current = ordered.find((t) => t.code === currentCode) ?? ordered[0]!;
  const earned = tierForGrowth(ordered, growth);
  return earned.growthThreshold > current.growthThreshold ? earned : current;
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
