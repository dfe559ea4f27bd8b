// Points summary for the card: balance and the points about to expire.
import type { PointsSummary } from '@huiyuan/shared';
import { useCallback, useState } from 'react';
import { api } from '../services/api';

export function usePointsSummary() {
  const [summary, setSummary] = useState<PointsSummary | null>(null);

  const load = useCallback(async () => {
    try {
      setSummary(await api.getPointsSummary());
    } catch {
      // Optional line on the card: keep the last summary rather than an error banner.
    }
  }, []);

  return { summary, reload: load };
}

/** "120 积分将于 2026-12-31 过期", or null when nothing expires soon. */
export function expiringText(summary: PointsSummary | null): string | null {
  const soon = summary?.expiringSoon;
  if (!soon || soon.points <= 0) return null;
  return `${soon.points} 积分将于 ${soon.expiresOn} 过期`;
}
