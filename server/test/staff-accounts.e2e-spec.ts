// Staff accounts and sessions: PATCH /admin/staff/:id, POST /admin/staff/:id/password, the
// password policy, POST /auth/logout and token versions.
import type { StaffRole } from '@huiyuan/shared';
import { IdentityService } from '../src/identity/identity.service.js';
import { createStore, loginMember, loginStaff, uniqueId, type LoggedInStaff } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const PASSWORD = 'violet-harbour-42-lantern';

interface Account extends LoggedInStaff {
  username: string;
}

async function staffAccount(t: TestApp, role: StaffRole, storeId?: string): Promise<Account> {
  const username = uniqueId('acct');
  const store = role === 'admin' ? undefined : (storeId ?? (await createStore(t)));
  await t.app
    .get(IdentityService)
    .createStaff(null, { username, password: PASSWORD, role, ...(store ? { storeId: store } : {}) });
  const res = await t.http.post('/api/v1/auth/staff/login').send({ username, password: PASSWORD }).expect(200);
  const token = res.body.token as string;
  return { id: res.body.staff.id, token, storeId: store ?? null, auth: { Authorization: `Bearer ${token}` }, username };
}

const login = (t: TestApp, username: string, password = PASSWORD) =>
  t.http.post('/api/v1/auth/staff/login').send({ username, password });

describe('staff accounts and sessions', () => {
  let t: TestApp;
  let admin: LoggedInStaff;
  beforeAll(async () => {
    t = await createTestApp({ captureLogs: true });
    admin = await loginStaff(t, 'admin');
  });
  afterAll(() => t.close());

  it('disabling an account refuses its existing token at the next request and its logins; enabling lets it log in again', async () => {
    const cashier = await staffAccount(t, 'cashier');
    await t.http.get(`/api/v1/admin/stores/${cashier.storeId}`).set(cashier.auth).expect(200);
    const res = await t.http.patch(`/api/v1/admin/staff/${cashier.id}`).set(admin.auth).send({ status: 'disabled' }).expect(200);
    expect(res.body).toEqual({
      id: cashier.id,
      username: cashier.username,
      role: 'cashier',
      storeId: cashier.storeId,
      status: 'disabled',
    });

    await t.http.get(`/api/v1/admin/stores/${cashier.storeId}`).set(cashier.auth).expect(401);
    expect((await login(t, cashier.username).expect(401)).body.code).toBe('INVALID_CREDENTIALS');
    const list = await t.http.get('/api/v1/admin/staff').set(admin.auth).expect(200);
    expect(list.body.items.find((s: { id: string }) => s.id === cashier.id)).toMatchObject({ status: 'disabled' });

    await t.http.patch(`/api/v1/admin/staff/${cashier.id}`).set(admin.auth).send({ status: 'active' }).expect(200);
    // The old token stays ended: disabling moved the token version on.
    await t.http.get(`/api/v1/admin/stores/${cashier.storeId}`).set(cashier.auth).expect(401);
    const again = await login(t, cashier.username).expect(200);
    await t.http.get(`/api/v1/admin/stores/${cashier.storeId}`).set('Authorization', `Bearer ${again.body.token}`).expect(200);

    const audit = await t.db.query(
      "SELECT actor_id, details FROM audit_log WHERE action = 'staff.update' AND target_id = $1 ORDER BY created_at",
      [cashier.id],
    );
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ actor_id: admin.id, details: { after: { status: 'disabled' }, sessionsEnded: true } });
  });

  it('a role or store change refuses the old token; a new login carries the new role and store', async () => {
    const cashier = await staffAccount(t, 'cashier');
    const otherStore = await createStore(t);
    const res = await t.http
      .patch(`/api/v1/admin/staff/${cashier.id}`)
      .set(admin.auth)
      .send({ role: 'manager', storeId: otherStore })
      .expect(200);
    expect(res.body).toMatchObject({ role: 'manager', storeId: otherStore, status: 'active' });
    await t.http.get(`/api/v1/admin/stores/${cashier.storeId}`).set(cashier.auth).expect(401);
    const again = await login(t, cashier.username).expect(200);
    expect(again.body.staff).toMatchObject({ role: 'manager', storeId: otherStore });
    await t.http.get('/api/v1/admin/members').set('Authorization', `Bearer ${again.body.token}`).expect(200);

    const promoted = await t.http.patch(`/api/v1/admin/staff/${cashier.id}`).set(admin.auth).send({ role: 'admin' }).expect(200);
    expect(promoted.body).toMatchObject({ role: 'admin', storeId: null });
    const asAdmin = await login(t, cashier.username).expect(200);
    await t.http.get('/api/v1/admin/staff').set('Authorization', `Bearer ${asAdmin.body.token}`).expect(200);
  });

  it('validates the role/store combination like account creation, and the store must exist', async () => {
    const cashier = await staffAccount(t, 'cashier');
    const other = await staffAccount(t, 'admin');
    const a = await t.http.patch(`/api/v1/admin/staff/${other.id}`).set(admin.auth).send({ role: 'cashier' }).expect(400);
    const b = await t.http
      .patch(`/api/v1/admin/staff/${cashier.id}`)
      .set(admin.auth)
      .send({ role: 'admin', storeId: cashier.storeId })
      .expect(400);
    const c = await t.http.patch(`/api/v1/admin/staff/${cashier.id}`).set(admin.auth).send({ storeId: null }).expect(400);
    expect([a.body.code, b.body.code, c.body.code]).toEqual(['VALIDATION_FAILED', 'VALIDATION_FAILED', 'VALIDATION_FAILED']);
    const missing = await t.http
      .patch(`/api/v1/admin/staff/${cashier.id}`)
      .set(admin.auth)
      .send({ storeId: '6f1c2a34-0000-4000-8000-000000000000' })
      .expect(404);
    expect(missing.body.code).toBe('NOT_FOUND');
    await t.http.patch(`/api/v1/admin/staff/${cashier.id}`).set(admin.auth).send({ status: 'gone' }).expect(400);
    await t.http.patch(`/api/v1/admin/staff/${cashier.id}`).set(admin.auth).send({ username: 'x' }).expect(400);
    // Nothing changed, and the cashier is still logged in.
    await t.http.get(`/api/v1/admin/stores/${cashier.storeId}`).set(cashier.auth).expect(200);
  });

  it('an admin cannot disable their own account (409 CANNOT_DISABLE_SELF)', async () => {
    const me = await staffAccount(t, 'admin');
    const res = await t.http.patch(`/api/v1/admin/staff/${me.id}`).set(me.auth).send({ status: 'disabled' }).expect(409);
    expect(res.body.code).toBe('CANNOT_DISABLE_SELF');
    await t.http.get('/api/v1/admin/staff').set(me.auth).expect(200);
  });

  it('an admin resets a password: the old one is refused, the new one works, old sessions end, audited, never logged', async () => {
    const manager = await staffAccount(t, 'manager');
    const fresh = 'quiet-meadow-lighthouse-9';
    t.logs.length = 0;
    await t.http.post(`/api/v1/admin/staff/${manager.id}/password`).set(admin.auth).send({ password: fresh }).expect(204);
    expect((await login(t, manager.username).expect(401)).body.code).toBe('INVALID_CREDENTIALS');
    await t.http.get('/api/v1/admin/members').set(manager.auth).expect(401);
    const again = await login(t, manager.username, fresh).expect(200);
    await t.http.get('/api/v1/admin/members').set('Authorization', `Bearer ${again.body.token}`).expect(200);

    const audit = await t.db.query(
      "SELECT actor_id, details FROM audit_log WHERE action = 'staff.password_reset' AND target_id = $1",
      [manager.id],
    );
    expect(audit).toEqual([{ actor_id: admin.id, details: {} }]);
    expect(JSON.stringify(audit)).not.toContain(fresh);
    expect(t.logs.length).toBeGreaterThan(0);
    expect(t.logs.join('\n')).not.toContain(fresh);
  });

  it('refuses weak passwords with 422 WEAK_PASSWORD naming every problem, at creation and at reset', async () => {
    const created = await t.http
      .post('/api/v1/admin/staff')
      .set(admin.auth)
      .send({ username: 'master1', password: 'master1', role: 'admin' })
      .expect(422);
    expect(created.body.code).toBe('WEAK_PASSWORD');
    expect(created.body.details.map((d: { reason: string }) => d.reason)).toEqual(['too_short', 'common', 'contains_username']);

    const cashier = await staffAccount(t, 'cashier');
    const cases: [string, string[]][] = [
      ['short1', ['too_short']],
      ['Password1', ['too_short', 'common']],
      ['1q2w3e4r5t6y', ['common']],
      [`x-${cashier.username.toUpperCase()}-x`, ['contains_username']],
      ['z'.repeat(129), ['too_long']],
    ];
    for (const [password, problems] of cases) {
      const res = await t.http.post(`/api/v1/admin/staff/${cashier.id}/password`).set(admin.auth).send({ password }).expect(422);
      expect(res.body).toMatchObject({ statusCode: 422, code: 'WEAK_PASSWORD' });
      expect(res.body.details).toEqual(problems.map((reason) => ({ field: 'password', reason, message: expect.any(String) })));
    }
    // Nothing was changed by the refusals: the old password and session still work.
    await login(t, cashier.username).expect(200);
    await t.http.get(`/api/v1/admin/stores/${cashier.storeId}`).set(cashier.auth).expect(200);
  });

  it('logout for staff: 204, then 401 with the old token; a new login works', async () => {
    const cashier = await staffAccount(t, 'cashier');
    await t.http.post('/api/v1/auth/logout').set(cashier.auth).expect(204);
    const res = await t.http.get(`/api/v1/admin/stores/${cashier.storeId}`).set(cashier.auth).expect(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
    await t.http.post('/api/v1/auth/logout').set(cashier.auth).expect(401);
    const again = await login(t, cashier.username).expect(200);
    await t.http.get(`/api/v1/admin/stores/${cashier.storeId}`).set('Authorization', `Bearer ${again.body.token}`).expect(200);
  });

  it('logout for a member: 204, then 401 with the old token; logging in again works', async () => {
    const member = await loginMember(t);
    await t.http.get('/api/v1/me').set(member.auth).expect(200);
    await t.http.post('/api/v1/auth/logout').set(member.auth).expect(204);
    await t.http.get('/api/v1/me').set(member.auth).expect(401);
    const again = await t.http
      .post('/api/v1/auth/wechat/login')
      .send({ code: `dev:${member.openid}` })
      .expect(200);
    expect(again.body.isNewMember).toBe(false);
    const me = await t.http.get('/api/v1/me').set('Authorization', `Bearer ${again.body.token}`).expect(200);
    expect(me.body.id).toBe(member.id);
  });

  it('a member who has not accepted the privacy policy can still log out', async () => {
    const member = await loginMember(t, { consent: false });
    await t.http.post('/api/v1/auth/logout').set(member.auth).expect(204);
    await t.http.get('/api/v1/me').set(member.auth).expect(401);
  });

  it('refuses a forged unsigned (alg none) token claiming a newer token version', async () => {
    const cashier = await staffAccount(t, 'cashier');
    await t.http.post('/api/v1/auth/logout').set(cashier.auth).expect(204);
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const claims = { sub: cashier.id, role: 'cashier', storeId: cashier.storeId, ver: 99, iss: 'huiyuan', exp: 9999999999 };
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
    await t.http.get(`/api/v1/admin/stores/${cashier.storeId}`).set('Authorization', `Bearer ${none}`).expect(401);
    // The real token's signature over a payload with a bumped version does not verify either.
    const [h, , s] = cashier.token.split('.');
    await t.http
      .get(`/api/v1/admin/stores/${cashier.storeId}`)
      .set('Authorization', `Bearer ${h}.${b64(claims)}.${s}`)
      .expect(401);
  });

  it('cashiers, managers and members get 403 on the admin staff routes', async () => {
    const target = await staffAccount(t, 'cashier');
    const manager = await staffAccount(t, 'manager', target.storeId!);
    const member = await loginMember(t);
    for (const caller of [target.auth, manager.auth, member.auth]) {
      await t.http.patch(`/api/v1/admin/staff/${target.id}`).set(caller).send({ status: 'disabled' }).expect(403);
      await t.http
        .post(`/api/v1/admin/staff/${target.id}/password`)
        .set(caller)
        .send({ password: 'quiet-meadow-lighthouse-9' })
        .expect(403);
    }
    await t.http.get(`/api/v1/admin/stores/${target.storeId}`).set(target.auth).expect(200);
  });

  it('another id is 404; a malformed id is 400', async () => {
    const unknown = '6f1c2a34-0000-4000-8000-000000000000';
    const a = await t.http.patch(`/api/v1/admin/staff/${unknown}`).set(admin.auth).send({ status: 'disabled' }).expect(404);
    const b = await t.http
      .post(`/api/v1/admin/staff/${unknown}/password`)
      .set(admin.auth)
      .send({ password: 'quiet-meadow-lighthouse-9' })
      .expect(404);
    expect([a.body.code, b.body.code]).toEqual(['NOT_FOUND', 'NOT_FOUND']);
    await t.http.patch('/api/v1/admin/staff/not-a-uuid').set(admin.auth).send({}).expect(400);
  });
});

describe('the last active admin', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  it('cannot be disabled or demoted (409 LAST_ACTIVE_ADMIN); with a second admin it can', async () => {
    const first = await staffAccount(t, 'admin');
    const second = await staffAccount(t, 'admin');
    const storeId = await createStore(t);
    await t.http.patch(`/api/v1/admin/staff/${second.id}`).set(first.auth).send({ status: 'disabled' }).expect(200);
    const off = await t.http
      .patch(`/api/v1/admin/staff/${first.id}`)
      .set(first.auth)
      .send({ role: 'manager', storeId })
      .expect(409);
    expect(off.body.code).toBe('LAST_ACTIVE_ADMIN');
    // A disabled admin is not an active one; re-enabled, the first admin may step down.
    await t.http.patch(`/api/v1/admin/staff/${second.id}`).set(first.auth).send({ status: 'active' }).expect(200);
    const again = await login(t, second.username).expect(200);
    const secondAuth = { Authorization: `Bearer ${again.body.token}` };
    await t.http.patch(`/api/v1/admin/staff/${first.id}`).set(secondAuth).send({ role: 'manager', storeId }).expect(200);
    const last = await t.http
      .patch(`/api/v1/admin/staff/${second.id}`)
      .set(secondAuth)
      .send({ role: 'cashier', storeId })
      .expect(409);
    expect(last.body.code).toBe('LAST_ACTIVE_ADMIN');
    const [{ n }] = await t.db.query("SELECT count(*)::int AS n FROM staff WHERE role = 'admin' AND NOT disabled");
    expect(n).toBe(1);
  });

  it('two admins disabling each other at the same moment never leave zero active admins (10 rounds)', async () => {
    const activeAdmins = async () =>
      ((await t.db.query("SELECT count(*)::int AS n FROM staff WHERE role = 'admin' AND NOT disabled")) as { n: number }[])[0]!.n;
    const outcomes: number[] = [];
    for (let round = 0; round < 10; round++) {
      const a = await staffAccount(t, 'admin');
      const b = await staffAccount(t, 'admin');
      // Each fires three times at the other, all six requests in flight together.
      const results = await Promise.all(
        [a, b, a, b, a, b].map((actor) =>
          t.http
            .patch(`/api/v1/admin/staff/${actor === a ? b.id : a.id}`)
            .set(actor.auth)
            .send({ status: 'disabled' }),
        ),
      );
      outcomes.push(...results.map((r) => r.status));
      expect(await activeAdmins()).toBe(1);
      // Out of the way for the next round (test setup, not the API under test).
      await t.db.query("UPDATE staff SET disabled = true WHERE role = 'admin'");
    }
    expect(outcomes.every((s) => s === 200 || s === 401 || s === 409)).toBe(true);
    expect(outcomes.filter((s) => s === 409).length).toBeGreaterThan(0);
  });
});
