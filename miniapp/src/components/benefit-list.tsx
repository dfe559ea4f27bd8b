// The benefits of the member's current tier.
import { Text, View } from '@tarojs/components';
import type { Benefit } from '@huiyuan/shared';
import './benefit-list.css';

export function BenefitList({ benefits }: { benefits: Benefit[] }) {
  return (
    <View className="panel benefit-list" id="card-benefits">
      <Text className="panel-title">会员权益</Text>
      {benefits.length === 0 ? (
        <Text className="muted">暂无权益</Text>
      ) : (
        <View className="benefit-list__grid">
          {benefits.map((b) => (
            <View key={b.code} className={`benefit-list__item benefit-${b.code}`}>
              <View className="benefit-list__dot" />
              <Text className="benefit-list__title">{b.title}</Text>
            </View>
          ))}
        </View>
      )}
    </View>
  );
}
