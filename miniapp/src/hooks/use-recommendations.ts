// 为您推荐 on the card page (GET /me/recommendations): loaded when the page shows, since a purchase
// changes what is excluded. Optional content: an error keeps the last list rather than a banner.
import type { RecommendedItem } from '@huiyuan/shared';
import { useDidShow } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { api } from '../services/api';

export function useRecommendations() {
  const [items, setItems] = useState<RecommendedItem[] | null>(null);

  const load = useCallback(async () => {
    try {
      setItems((await api.getRecommendations()).items);
    } catch {
      // Keep what was shown; the section stays hidden until a first answer arrives.
    }
  }, []);

  useDidShow(() => void load());

  return { items, reload: load };
}
