// 为您推荐: the member's recommended items with the reason for each (name, category, reason).
// Hidden until there is something to show.
import { Text, View } from '@tarojs/components';
import type { RecommendedItem } from '@huiyuan/shared';
import './recommendation-list.css';

export function RecommendationList({ items }: { items: RecommendedItem[] | null }) {
  if (!items || items.length === 0) return null;
  return (
    <View className="panel recommendation-list" id="card-recommendations">
      <Text className="panel-title">为您推荐</Text>
      {items.map((item) => (
        <View key={item.sku} className="recommendation-list__item" id="recommendation-item">
          <View className="recommendation-list__head">
            <Text className="recommendation-list__name" id="recommendation-name">
              {item.name}
            </Text>
            {item.category ? (
              <Text className="recommendation-list__category" id="recommendation-category">
                {item.category}
              </Text>
            ) : null}
          </View>
          <Text className={`recommendation-list__reason recommendation-list__reason--${item.basis}`} id="recommendation-reason">
            {item.reason}
          </Text>
        </View>
      ))}
    </View>
  );
}
