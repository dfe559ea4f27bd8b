// The privacy policy in force, and accepting (or declining) it.
import type { PrivacyPolicy } from '@huiyuan/shared';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../services/api';
import { errorMessage } from '../services/errors';
import { relaunch, ROUTES } from '../services/routes';
import { clearSession, getSession } from '../services/session';
import { useAsyncAction } from './use-async-action';

export function usePrivacyConsent() {
  const [policy, setPolicy] = useState<PrivacyPolicy | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      setPolicy(await api.getPrivacyPolicy());
    } catch (err) {
      setLoadError(errorMessage(err));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const acceptAction = useCallback(async () => {
    if (!policy) return;
    if (getSession()?.kind !== 'member') {
      relaunch(ROUTES.login); // consent is recorded per member: log in first
      return;
    }
    await api.acceptPrivacyPolicy({ version: policy.version });
    relaunch(ROUTES.card);
  }, [policy]);
  const accept = useAsyncAction(acceptAction);

  /**
   * Without consent the member programme cannot be used: the server removes the never-consented
   * member row, then we sign out and return to login. A refusal (409: consent was given before,
   * the member withdrew it) or a network failure still signs out here; the server's purge of
   * never-consented members after 24 h is the backstop.
   */
  const decline = useCallback(async () => {
    if (getSession()?.kind === 'member') await api.declineConsent().catch(() => undefined);
    clearSession();
    relaunch(ROUTES.login);
  }, []);

  return {
    policy,
    loadError: loadError,
    reload: load,
    accept: accept.run,
    accepting: accept.busy,
    acceptError: accept.error,
    decline,
  };
}
