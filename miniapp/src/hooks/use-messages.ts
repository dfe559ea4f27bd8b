// 消息中心: the member's notifications (gifts from campaigns and automations, points expiring, tier
// changes, feedback replies …), newest first; opening the page marks what was shown as read.
import type { MemberNotification } from '@huiyuan/shared';
import { useDidShow } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { api } from '../services/api';
import { errorMessage } from '../services/errors';

/** What a notification is about, in a word, from its kind (unknown kinds read as 通知). */
export const MESSAGE_KIND_LABELS: Record<string, string> = {
  campaign: '活动',
  automation: '会员礼遇',
  coupon_welcome: '新人礼',
  coupon_birthday: '生日礼',
  points_expiring: '积分提醒',
  points_adjusted: '积分',
  tier_upgrade: '等级',
  tier_downgrade: '等级',
  feedback_reply: '反馈回复',
};

export const messageKindLabel = (kind: string): string => MESSAGE_KIND_LABELS[kind] ?? '通知';

export function useMessages() {
  const [items, setItems] = useState<MemberNotification[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const { items: fresh } = await api.getNotifications();
      setItems(fresh);
      setError(null);
      // Shown = read; a failed mark is tried again on the next visit.
      await Promise.all(fresh.filter((n) => n.readAt === null).map((n) => api.markNotificationRead(n.id).catch(() => undefined)));
    } catch (err) {
      setError(errorMessage(err));
    }
  }, []);

  useDidShow(() => void load());

  const unread = (items ?? []).filter((n) => n.readAt === null).length;
  return { items, unread, error, reload: load };
}
