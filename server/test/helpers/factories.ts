// Test data through the public API (and, for staff, the identity service), so tests exercise
// the same paths as clients.
import { randomBytes } from 'node:crypto';
import type { StaffRole } from '@huiyuan/shared';
import { IdentityService } from '../../src/identity/identity.service.js';
import { StoresService } from '../../src/stores/stores.service.js';
import { CURRENT_PRIVACY_POLICY } from '../../src/members/privacy-policy.js';
import type { TestApp } from './test-app.js';

export const uniqueId = (prefix = 'm') => `${prefix}${randomBytes(5).toString('hex')}`;

export interface LoggedInMember {
  id: string;
  token: string;
  openid: string;
  auth: { Authorization: string };
}

/** A member logged in through the sandbox (`dev:<openid>`), privacy policy accepted unless told. */
export async function loginMember(
  t: TestApp,
  opts: { openid?: string; consent?: boolean; inviteCode?: string } = {},
): Promise<LoggedInMember> {
  const openid = opts.openid ?? uniqueId('o');
  const res = await t.http
    .post('/api/v1/auth/wechat/login')
    .send({ code: `dev:${openid}`, ...(opts.inviteCode ? { inviteCode: opts.inviteCode } : {}) })
    .expect(200);
  const token = res.body.token as string;
  const auth = { Authorization: `Bearer ${token}` };
  if (opts.consent !== false) {
    await t.http.post('/api/v1/me/consent').set(auth).send({ version: CURRENT_PRIVACY_POLICY.version }).expect(200);
  }
  return { id: res.body.member.id as string, token, openid, auth };
}

export async function createStore(t: TestApp, name = uniqueId('store-')): Promise<string> {
  return (await t.app.get(StoresService).create(null, { name })).id;
}

export interface LoggedInStaff {
  id: string;
  token: string;
  storeId: string | null;
  auth: { Authorization: string };
}

export async function loginStaff(t: TestApp, role: StaffRole, storeId?: string): Promise<LoggedInStaff> {
  const username = uniqueId('s');
  const password = 'correct-horse-battery';
  const resolvedStore = role === 'admin' ? undefined : (storeId ?? (await createStore(t)));
  await t.app
    .get(IdentityService)
    .createStaff(null, { username, password, role, ...(resolvedStore ? { storeId: resolvedStore } : {}) });
  const res = await t.http.post('/api/v1/auth/staff/login').send({ username, password }).expect(200);
  return {
    id: res.body.staff.id as string,
    token: res.body.token as string,
    storeId: resolvedStore ?? null,
    auth: { Authorization: `Bearer ${res.body.token as string}` },
  };
}
