// Member → MemberCard (API.md). Pure mapping; tier progress comes from the shared rules.
import {
  nextTierProgress,
  tierBenefits,
  tierForGrowth,
  todayPromotions,
  type MemberCard,
  type Programme,
  type TierDefinition,
} from '@huiyuan/shared';
import type { Member } from './member.entity.js';

/**
 * `spendablePoints`: live lots only — the cached balance may still hold points that expired since the last write.
 * `programme` (earning rules, timezone) and `now`: today's member days for this member's tier (none without it).
 */
export function toMemberCard(
  member: Member,
  tiers: readonly TierDefinition[],
  spendablePoints = member.points,
  programme?: Pick<Programme, 'earning' | 'timezone'>,
  now = new Date(),
  wallet: Pick<MemberCard, 'storedBalance' | 'paidMembership'> = { storedBalance: 0, paidMembership: null },
): MemberCard {
  const tier = tiers.find((t) => t.code === member.tierCode) ?? tierForGrowth(tiers, 0);
  const next = nextTierProgress(tiers, tier.code, member.growth);
  return {
    id: member.id,
    memberNo: member.memberNo,
    nickname: member.nickname,
    avatarUrl: member.avatarUrl,
    phoneMasked: member.phoneMasked,
    tier: { code: tier.code, name: tier.name },
    growth: member.growth,
    points: spendablePoints,
    nextTier: next ? { code: next.code, name: next.name, growthNeeded: next.growthNeeded } : null,
    benefits: tierBenefits(tier),
    consent:
      member.consentVersion && member.consentAt
        ? { version: member.consentVersion, acceptedAt: member.consentAt.toISOString() }
        : null,
    birthday: member.birthday,
    gender: member.gender,
    inviteCode: member.inviteCode,
    todayPromotions: programme
      ? todayPromotions(programme.earning, { now, timeZone: programme.timezone, tierCode: tier.code })
      : [],
    storedBalance: wallet.storedBalance,
    paidMembership: wallet.paidMembership,
  };
}
