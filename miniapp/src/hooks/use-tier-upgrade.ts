// The tier-upgrade moment: unread `tier_upgrade` notifications are celebrated once (the newest
// tier is the one on the card), then all of them are marked read.
import type { MemberNotification } from '@huiyuan/shared';
import { useCallback, useState } from 'react';
import { api } from '../services/api';

export function useTierUpgrade() {
  const [unread, setUnread] = useState<MemberNotification[]>([]);

  const check = useCallback(async () => {
    try {
      const { items } = await api.getNotifications();
      const upgrades = items.filter((n) => n.kind === 'tier_upgrade' && n.readAt === null);
      if (upgrades.length) setUnread(upgrades.sort((a, b) => b.createdAt.localeCompare(a.createdAt)));
    } catch {
      // Decoration only: the card works without it, and the next check tries again.
    }
  }, []);

  const dismiss = useCallback(async () => {
    const shown = unread;
    setUnread([]);
    // Not marked read (offline): it is celebrated once more on the next visit, which is harmless.
    await Promise.all(shown.map((n) => api.markNotificationRead(n.id).catch(() => undefined)));
  }, [unread]);

  return { upgrade: unread[0] ?? null, check, dismiss };
}
