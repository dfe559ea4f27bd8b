// Refine's auth and access-control providers over the staff login (API.md "Auth"). The console
// refuses cashiers at login; a 401 from any call ends the session (api/client.ts clears it and
// the SessionWatcher in App.tsx logs out through Refine).
import type { AccessControlProvider, AuthProvider } from '@refinedev/core';
import type { StaffView } from '@huiyuan/shared';
import * as endpoints from '../api/endpoints';
import { errorMessage, isApiError } from '../api/errors';
import { queryClient } from '../query-client';
import { canAccess, consoleRole } from './access';
import { clearSession, loadSession, saveSession } from './session';

export interface Identity extends StaffView {
  name: string;
}

export const CASHIER_REFUSED = '收银员账号不能登录管理后台，请在小程序的收银台登录。管理后台仅对店长和管理员开放。';

export const authProvider: AuthProvider = {
  async login({ username, password }: { username: string; password: string }) {
    try {
      const res = await endpoints.staffLogin(username, password);
      if (!consoleRole(res.staff.role)) return { success: false, error: { name: '无法登录', message: CASHIER_REFUSED } };
      queryClient.clear();
      saveSession({ token: res.token, expiresAt: Date.now() + res.expiresIn * 1000, staff: res.staff });
      return { success: true, redirectTo: '/' };
    } catch (err) {
      return { success: false, error: { name: '登录失败', message: errorMessage(err) } };
    }
  },
  async logout() {
    if (loadSession()) {
      // Revokes this account's tokens on the server; a dead session needs no revoking.
      await endpoints.logout().catch(() => undefined);
    }
    clearSession();
    queryClient.clear();
    return { success: true, redirectTo: '/login' };
  },
  async check() {
    return loadSession() ? { authenticated: true } : { authenticated: false, redirectTo: '/login', logout: true };
  },
  async onError(error: unknown) {
    if (isApiError(error) && error.status === 401) return { logout: true, redirectTo: '/login' };
    return {};
  },
  async getIdentity(): Promise<Identity | null> {
    const s = loadSession();
    return s ? { ...s.staff, name: s.staff.username } : null;
  },
  async getPermissions() {
    return loadSession()?.staff.role ?? null;
  },
};

export const accessControlProvider: AccessControlProvider = {
  async can({ resource, action }) {
    const role = loadSession()?.staff.role;
    return canAccess(role, resource, action) ? { can: true } : { can: false, reason: '无权限访问' };
  },
  options: { buttons: { enableAccessControl: true, hideIfUnauthorized: true } },
};
