// The signed-in member's card, reloaded each time the page shows; routes away when it cannot be shown.
import type { MemberCard } from '@huiyuan/shared';
import { useDidShow } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { api } from '../services/api';
import { errorMessage } from '../services/errors';
import { relaunch, ROUTES } from '../services/routes';
import { getSession } from '../services/session';
import { needsConsent } from './consent';

export function useMemberCard() {
  const [card, setCard] = useState<MemberCard | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const session = getSession();
    if (!session) return relaunch(ROUTES.login);
    if (session.kind === 'staff') return relaunch(ROUTES.staff);
    setLoading(true);
    setError(null);
    try {
      const [me, policy] = await Promise.all([api.getMe(), api.getPrivacyPolicy()]);
      if (needsConsent(me, policy)) return relaunch(ROUTES.privacy);
      setCard(me);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }, []);

  useDidShow(() => {
    void load();
  });

  /** A background re-read (polling): no spinner, and a failed poll keeps the card as it is. */
  const poll = useCallback(async () => {
    try {
      setCard(await api.getMe());
    } catch {
      // The next poll tries again; session errors were already handled by services/http.
    }
  }, []);

  return { card, loading, error, reload: load, poll };
}
