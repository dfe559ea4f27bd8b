// The benefits a member reads for a tier (card, 会员权益 page, upgrade message).
//
// Two benefits are numbers the till charges and earns with — the member price (`discountRateBp`)
// and the points multiplier (`pointsMultiplierBp`) — so their titles are never stored text: they are
// written here from the numbers, and an operator who changes 98 折 to 97 折 changes what every member
// reads at the same moment the till starts charging it. The codes `discount` and `points` are
// reserved for them; a stored benefit with either code is replaced by the derived one. Every other
// benefit (birthday gift, priority service …) is the operator's text, in the operator's order.
import type { Benefit } from '../api/member.js';
import type { TierDefinition } from './tiers.js';

/** Benefit codes whose titles come from the tier's numbers. */
export const DERIVED_BENEFIT_CODES = ['discount', 'points'] as const;

/** Basis points over a power of ten as a short decimal: 12000 / 10000 → "1.2" (exact for integers ÷ 10ⁿ). */
const decimal = (bp: number, divisor: number): string => String(bp / divisor);

/** The member price as 折: 9800 → "98 折", 9000 → "9 折", 8850 → "88.5 折"; null at full price. */
export function memberPriceZhe(discountRateBp: number): string | null {
  if (discountRateBp >= 10000) return null;
  // 90% reads 9 折, not 90 折; 95% reads 95 折.
  return `${discountRateBp % 1000 === 0 ? decimal(discountRateBp, 1000) : decimal(discountRateBp, 100)} 折`;
}

/** The points multiplier: 15000 → "1.5 倍积分". */
export function pointsMultiplierTitle(pointsMultiplierBp: number): string {
  return `${decimal(pointsMultiplierBp, 10000)} 倍积分`;
}

/**
 * What a member reads for `tier`: the member price (if any), the points line, then the operator's
 * other benefits. A tier at ×1 still says it earns points (消费积分), as every card always has.
 */
export function tierBenefits(tier: Pick<TierDefinition, 'discountRateBp' | 'pointsMultiplierBp' | 'benefits'>): Benefit[] {
  const zhe = memberPriceZhe(tier.discountRateBp);
  const derived: Benefit[] = [
    {
      code: 'points',
      title: tier.pointsMultiplierBp === 10000 ? '消费积分' : pointsMultiplierTitle(tier.pointsMultiplierBp),
    },
    ...(zhe ? [{ code: 'discount', title: `${zhe}会员价` }] : []),
  ];
  const reserved: readonly string[] = DERIVED_BENEFIT_CODES;
  return [...derived, ...tier.benefits.filter((b) => !reserved.includes(b.code))];
}
