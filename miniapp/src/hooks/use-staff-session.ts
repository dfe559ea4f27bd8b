// The signed-in staff member (from the login response) and signing out.
import { useCallback, useEffect, useState } from 'react';
import type { StaffView } from '@huiyuan/shared';
import { relaunch, ROUTES } from '../services/routes';
import { clearSession, getSession } from '../services/session';

export function useStaffSession() {
  const [staff, setStaff] = useState<StaffView | null>(null);

  useEffect(() => {
    const session = getSession();
    if (session?.kind !== 'staff') return relaunch(ROUTES.login);
    setStaff(session.staff);
  }, []);

  const logout = useCallback(() => {
    clearSession();
    relaunch(ROUTES.login);
  }, []);

  return { staff, logout };
}

export function useLogout() {
  return useCallback(() => {
    clearSession();
    relaunch(ROUTES.login);
  }, []);
}
