// The member card: tier-coloured face with member number, points, growth and next-tier progress.
import { Text, View } from '@tarojs/components';
import type { MemberCard } from '@huiyuan/shared';
import './tier-card.css';

export type TierCardProps = Pick<MemberCard, 'tier' | 'memberNo' | 'nickname' | 'points' | 'growth' | 'nextTier'>;

export function progressText(nextTier: MemberCard['nextTier']): string {
  if (!nextTier) return '您已是最高等级会员';
  // Growth is gained (by spending), never spent: the member gains it to move up.
  return `再获得 ${nextTier.growthNeeded} 成长值可升级为${nextTier.name}`;
}

/** Share of the way to the next tier's threshold, 0–100 (100 at the top tier). */
export function progressPercent(growth: number, nextTier: MemberCard['nextTier']): number {
  if (!nextTier) return 100;
  const target = growth + nextTier.growthNeeded;
  if (target <= 0) return 0;
  return Math.min(100, Math.max(0, Math.round((growth / target) * 100)));
}

export function TierCard({ tier, memberNo, nickname, points, growth, nextTier }: TierCardProps) {
  const percent = progressPercent(growth, nextTier);
  return (
    <View className={`tier-card tier-card--${tier.code}`} id="tier-card">
      <View className="tier-card__head">
        <Text className="tier-card__brand">会员卡</Text>
        <Text className="tier-card__tier" id="card-tier">
          {tier.name}
        </Text>
      </View>
      <Text className="tier-card__name" id="card-nickname">
        {nickname || '尊敬的会员'}
      </Text>
      <Text className="tier-card__no" id="card-member-no">
        {memberNo}
      </Text>
      <View className="tier-card__stats">
        <View className="tier-card__stat">
          <Text className="tier-card__stat-value" id="card-points">
            {points}
          </Text>
          <Text className="tier-card__stat-label">积分</Text>
        </View>
        <View className="tier-card__stat">
          <Text className="tier-card__stat-value" id="card-growth">
            {growth}
          </Text>
          <Text className="tier-card__stat-label">成长值</Text>
        </View>
      </View>
      <View className="tier-card__progress">
        <View className="tier-card__bar" id="card-progress-bar">
          <View className="tier-card__bar-fill" style={{ width: `${percent}%` }} />
        </View>
        <Text className="tier-card__progress-text" id="card-progress-text">
          {progressText(nextTier)}
        </Text>
      </View>
    </View>
  );
}
