// The signed-in session (token, who it belongs to), kept in Taro storage so it survives restarts.
import Taro from '@tarojs/taro';
import type { StaffView } from '@huiyuan/shared';

const TOKEN_KEY = 'huiyuan.token';
const SESSION_KEY = 'huiyuan.session';
/** The member-code seed (a per-member secret) cached for offline codes: it goes with the session. */
export const CODE_SEED_KEY = 'huiyuan.codeSeed';

export type Session = { kind: 'member'; expiresAt: number } | { kind: 'staff'; expiresAt: number; staff: StaffView };

export function getToken(): string | null {
  const token: unknown = Taro.getStorageSync(TOKEN_KEY);
  return typeof token === 'string' && token.length > 0 ? token : null;
}

export function getSession(): Session | null {
  if (!getToken()) return null;
  const raw: unknown = Taro.getStorageSync(SESSION_KEY);
  if (!raw || typeof raw !== 'object') return null;
  return raw as Session;
}

/** `expiresIn` is in seconds, as the login endpoints return it. */
export function saveSession(
  token: string,
  expiresIn: number,
  session: { kind: 'member' } | { kind: 'staff'; staff: StaffView },
): void {
  const expiresAt = Date.now() + expiresIn * 1000;
  Taro.removeStorageSync(CODE_SEED_KEY); // another member's seed must not survive a new login
  Taro.setStorageSync(TOKEN_KEY, token);
  Taro.setStorageSync(SESSION_KEY, { ...session, expiresAt });
}

export function clearSession(): void {
  Taro.removeStorageSync(TOKEN_KEY);
  Taro.removeStorageSync(SESSION_KEY);
  Taro.removeStorageSync(CODE_SEED_KEY);
}
