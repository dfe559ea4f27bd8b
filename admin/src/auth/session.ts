// The logged-in staff member, kept in localStorage so a reload keeps the session until the
// token expires (the server's expiresIn). Only the auth provider and the API client touch it.
import type { StaffView } from '@huiyuan/shared';

const KEY = 'huiyuan.admin.session';

export interface Session {
  token: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  staff: StaffView;
}

export function loadSession(now = Date.now()): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Session;
    if (typeof s.token !== 'string' || typeof s.expiresAt !== 'number' || !s.staff) return null;
    return s.expiresAt > now ? s : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session): void {
  localStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(): void {
  localStorage.removeItem(KEY);
}

export function getToken(): string | null {
  return loadSession()?.token ?? null;
}
