// Today's member days on the card (GET /me `todayPromotions`): 今天是会员日，积分 2 倍. Nothing when none.
import { Text, View } from '@tarojs/components';
import type { MemberCard } from '@huiyuan/shared';
import './promotion-banner.css';

export function PromotionBanner({ promotions }: { promotions: MemberCard['todayPromotions'] | undefined }) {
  if (!promotions || promotions.length === 0) return null;
  return (
    <View className="panel promotion-banner" id="card-promotions">
      {promotions.map((p, i) => (
        <View key={`${p.code}-${i}`} className="promotion-banner__item" data-code={p.code}>
          <Text className="promotion-banner__badge">会员日</Text>
          <Text className="promotion-banner__title">{p.title}</Text>
        </View>
      ))}
    </View>
  );
}
