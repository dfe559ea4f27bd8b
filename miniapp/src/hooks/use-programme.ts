// The programme as members read it (会员权益与积分规则, public `GET /programme`), and the signed-in
// member's tier to highlight among the tiers.
import type { ProgrammeView, TierCode } from '@huiyuan/shared';
import { useDidShow } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { api } from '../services/api';
import { errorMessage } from '../services/errors';
import { getSession } from '../services/session';

/**
 * The member's tier from their card (`GET /me`). It only decides which tier is highlighted, so a
 * failed read shows the rules without a highlight rather than an error; no member session → none.
 */
async function currentTierCode(): Promise<TierCode | null> {
  if (getSession()?.kind !== 'member') return null;
  try {
    return (await api.getMe()).tier.code;
  } catch {
    return null; // session expiry was already handled by services/http
  }
}

export function useProgramme() {
  const [programme, setProgramme] = useState<ProgrammeView | null>(null);
  const [currentTier, setCurrentTier] = useState<TierCode | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      const [view, tier] = await Promise.all([api.getProgramme(), currentTierCode()]);
      setProgramme(view);
      setCurrentTier(tier);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }, []);

  useDidShow(() => {
    void load();
  });

  return { programme, currentTier, loading, error, reload: load };
}
