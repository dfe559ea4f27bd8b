// The signed-in staff member (from the login response) and signing out.
import { useCallback, useEffect, useState } from 'react';
import type { StaffView } from '@huiyuan/shared';
import { api } from '../services/api';
import { relaunch, ROUTES } from '../services/routes';
import { clearSession, getSession } from '../services/session';

export function useStaffSession() {
  const [staff, setStaff] = useState<StaffView | null>(null);

  useEffect(() => {
    const session = getSession();
    if (session?.kind !== 'staff') return relaunch(ROUTES.login);
    setStaff(session.staff);
  }, []);

  // 退出登录 ends the token on the server first (a shared till device must not keep a live token
  // anywhere), then here. Signing out locally happens whatever the server said: a token already
  // refused (401) or an offline till still leaves the screen signed out.
  const logout = useCallback(async () => {
    await api.logout().catch(() => undefined);
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
