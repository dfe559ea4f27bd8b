import { SignJWT } from 'jose';
import { startFakeWechat, type FakeWechat } from '../src/wechat/fake-wechat.server.js';
import { createStore, loginMember, loginStaff, uniqueId } from './helpers/factories.js';
import { createTestApp, TEST_JWT_SECRET, type TestApp } from './helpers/test-app.js';

async function mintLoginCode(fake: FakeWechat, openid: string): Promise<string> {
  const res = await fetch(`${fake.url}/__fake/js-codes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ openid }),
  });
  return ((await res.json()) as { code: string }).code;
}

describe('WeChat login', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('creates a member on first login with a member number, invite code and the base tier', async () => {
    const res = await t.http
      .post('/api/v1/auth/wechat/login')
      .send({ code: `dev:${uniqueId()}` })
      .expect(200);
    expect(res.body.isNewMember).toBe(true);
    expect(res.body.expiresIn).toBeGreaterThan(0);
    expect(res.body.member).toMatchObject({ tier: { code: 'normal', name: '普通会员' }, points: 0, growth: 0, consent: null });
    expect(res.body.member.memberNo).toMatch(/^\d{10}$/);
    expect(res.body.member.inviteCode).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    expect(JSON.stringify(res.body)).not.toMatch(/session_?key/i);
  });

  it('logs the same openid into the same member the second time', async () => {
    const openid = uniqueId();
    const first = await t.http
      .post('/api/v1/auth/wechat/login')
      .send({ code: `dev:${openid}` })
      .expect(200);
    const second = await t.http
      .post('/api/v1/auth/wechat/login')
      .send({ code: `dev:${openid}` })
      .expect(200);
    expect(second.body.isNewMember).toBe(false);
    expect(second.body.member.id).toBe(first.body.member.id);
  });

  it('creates one member when ten first logins of one person race', async () => {
    const openid = uniqueId();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => t.http.post('/api/v1/auth/wechat/login').send({ code: `dev:${openid}` })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(new Set(results.map((r) => r.body.member.id)).size).toBe(1);
    expect(results.filter((r) => r.body.isNewMember)).toHaveLength(1);
  });

  it('refuses a WeChat code that was already used', async () => {
    const code = await mintLoginCode(t.fake!, uniqueId());
    await t.http.post('/api/v1/auth/wechat/login').send({ code }).expect(200);
    const replay = await t.http.post('/api/v1/auth/wechat/login').send({ code }).expect(401);
    expect(replay.body.code).toBe('WECHAT_CODE_USED');
  });

  it('refuses an unknown WeChat code', async () => {
    const res = await t.http.post('/api/v1/auth/wechat/login').send({ code: 'not-a-real-code' }).expect(401);
    expect(res.body.code).toBe('WECHAT_CODE_INVALID');
  });

  it('binds a new member to the inviter whose code they came with', async () => {
    const inviter = await loginMember(t);
    const me = await t.http.get('/api/v1/me').set(inviter.auth).expect(200);
    const res = await t.http
      .post('/api/v1/auth/wechat/login')
      .send({ code: `dev:${uniqueId()}`, inviteCode: me.body.inviteCode })
      .expect(200);
    const rows = await t.db.query('SELECT referrer_id, registration_channel FROM member WHERE id = $1', [res.body.member.id]);
    expect(rows[0]).toEqual({ referrer_id: inviter.id, registration_channel: 'referral' });
  });

  it('never binds an existing member to an inviter', async () => {
    const inviter = await loginMember(t);
    const inviteCode = (await t.http.get('/api/v1/me').set(inviter.auth)).body.inviteCode as string;
    const existing = await loginMember(t);
    await t.http
      .post('/api/v1/auth/wechat/login')
      .send({ code: `dev:${existing.openid}`, inviteCode })
      .expect(200);
    const rows = await t.db.query('SELECT referrer_id FROM member WHERE id = $1', [existing.id]);
    expect(rows[0].referrer_id).toBeNull();
  });
});

describe('WeChat login with a real AppID', () => {
  let fake: FakeWechat;
  let t: TestApp;
  const appId = 'wx0123456789abcdef';
  const secret = '0123456789abcdef0123456789abcdef';
  beforeAll(async () => {
    fake = await startFakeWechat({ port: 0, appId, appSecret: secret });
    t = await createTestApp({ env: { WECHAT_APPID: appId, WECHAT_SECRET: secret, WECHAT_API_BASE: fake.url } });
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  it('refuses sandbox dev: codes', async () => {
    const res = await t.http.post('/api/v1/auth/wechat/login').send({ code: 'dev:someone' }).expect(401);
    expect(res.body.code).toBe('WECHAT_CODE_INVALID');
  });

  it('logs in with a code WeChat issued, over the real protocol', async () => {
    const code = await mintLoginCode(fake, 'real-openid-1');
    const res = await t.http.post('/api/v1/auth/wechat/login').send({ code }).expect(200);
    expect(res.body.isNewMember).toBe(true);
  });

  it('answers 502 WECHAT_UNAVAILABLE, not 500, when WeChat is down', async () => {
    const down = await createTestApp({
      env: { WECHAT_APPID: appId, WECHAT_SECRET: secret, WECHAT_API_BASE: 'http://127.0.0.1:9' },
    });
    try {
      const res = await down.http.post('/api/v1/auth/wechat/login').send({ code: 'anything' }).expect(502);
      expect(res.body.code).toBe('WECHAT_UNAVAILABLE');
    } finally {
      await down.close();
    }
  });
});

describe('staff login', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { HUIYUAN_BOOTSTRAP_ADMIN: 'boss:tern-harbour-1' } });
  });
  afterAll(() => t.close());

  it('creates the bootstrap admin at start and lets them log in', async () => {
    const res = await t.http.post('/api/v1/auth/staff/login').send({ username: 'boss', password: 'tern-harbour-1' }).expect(200);
    expect(res.body.staff).toMatchObject({ username: 'boss', role: 'admin', storeId: null });
  });

  it('refuses a wrong password and an unknown user with the same answer', async () => {
    const wrong = await t.http
      .post('/api/v1/auth/staff/login')
      .send({ username: 'boss', password: 'nope-nope-nope' })
      .expect(401);
    const unknown = await t.http
      .post('/api/v1/auth/staff/login')
      .send({ username: 'ghost', password: 'nope-nope-nope' })
      .expect(401);
    expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
    expect(unknown.body).toMatchObject({ code: wrong.body.code, message: wrong.body.message });
  });

  it('stores passwords as scrypt hashes', async () => {
    const rows = await t.db.query("SELECT password_hash FROM staff WHERE username = 'boss'");
    expect(rows[0].password_hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(rows[0].password_hash).not.toContain('tern-harbour-1');
  });

  it('lets an admin create a cashier for a store, who can then log in', async () => {
    const admin = await loginStaff(t, 'admin');
    const storeId = await createStore(t);
    const created = await t.http
      .post('/api/v1/admin/staff')
      .set(admin.auth)
      .send({ username: 'till-7', password: 'till-password', role: 'cashier', storeId })
      .expect(201);
    expect(created.body).toEqual({ id: expect.any(String), username: 'till-7', role: 'cashier', storeId });
    const login = await t.http
      .post('/api/v1/auth/staff/login')
      .send({ username: 'till-7', password: 'till-password' })
      .expect(200);
    expect(login.body.staff.role).toBe('cashier');
    const dup = await t.http
      .post('/api/v1/admin/staff')
      .set(admin.auth)
      .send({ username: 'till-7', password: 'till-password', role: 'cashier', storeId })
      .expect(409);
    expect(dup.body.code).toBe('USERNAME_TAKEN');
    const audit = await t.db.query("SELECT actor_id FROM audit_log WHERE action = 'staff.create' AND target_id = $1", [
      created.body.id,
    ]);
    expect(audit).toEqual([{ actor_id: admin.id }]);
  });

  it('refuses a cashier without a store and an admin with one', async () => {
    const admin = await loginStaff(t, 'admin');
    const storeId = await createStore(t);
    const a = await t.http
      .post('/api/v1/admin/staff')
      .set(admin.auth)
      .send({ username: 'x-cash', password: 'password-1', role: 'cashier' })
      .expect(400);
    const b = await t.http
      .post('/api/v1/admin/staff')
      .set(admin.auth)
      .send({ username: 'x-adm', password: 'password-1', role: 'admin', storeId })
      .expect(400);
    expect([a.body.code, b.body.code]).toEqual(['VALIDATION_FAILED', 'VALIDATION_FAILED']);
  });

  it('logs a disabled account out at once', async () => {
    const cashier = await loginStaff(t, 'cashier');
    await t.db.query('UPDATE staff SET disabled = true WHERE id = $1', [cashier.id]);
    const res = await t.http.get(`/api/v1/admin/stores/${cashier.storeId}`).set(cashier.auth).expect(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });
});

describe('tokens', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const sign = (claims: Record<string, unknown>, secret: string, exp: string | number = '1h') =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('huiyuan')
      .setIssuedAt()
      .setExpirationTime(exp)
      .sign(new TextEncoder().encode(secret));

  it('answers 401 UNAUTHENTICATED without a token', async () => {
    const res = await t.http.get('/api/v1/me').expect(401);
    expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', code: 'UNAUTHENTICATED' });
  });

  it('refuses a token signed with another secret', async () => {
    const member = await loginMember(t);
    const forged = await sign({ sub: member.id, role: 'member' }, 'another-secret-another-secret-another-secret');
    const res = await t.http.get('/api/v1/me').set('Authorization', `Bearer ${forged}`).expect(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });

  it('refuses an unsigned (alg none) token', async () => {
    const member = await loginMember(t);
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: member.id, role: 'admin', iss: 'huiyuan', exp: 9999999999 })}.`;
    await t.http.get('/api/v1/admin/staff').set('Authorization', `Bearer ${none}`).expect(401);
  });

  it('answers TOKEN_EXPIRED for an expired token', async () => {
    const member = await loginMember(t);
    const expired = await sign({ sub: member.id, role: 'member' }, TEST_JWT_SECRET, Math.floor(Date.now() / 1000) - 60);
    const res = await t.http.get('/api/v1/me').set('Authorization', `Bearer ${expired}`).expect(401);
    expect(res.body.code).toBe('TOKEN_EXPIRED');
  });

  it('refuses a member token that claims a staff role it was not given (tampered payload)', async () => {
    const member = await loginMember(t);
    const [h, , s] = member.token.split('.');
    const payload = Buffer.from(JSON.stringify({ sub: member.id, role: 'admin', iss: 'huiyuan', exp: 9999999999 })).toString(
      'base64url',
    );
    await t.http.get('/api/v1/admin/staff').set('Authorization', `Bearer ${h}.${payload}.${s}`).expect(401);
  });

  it('refuses a valid-looking token for a member id that does not exist', async () => {
    const token = await sign({ sub: '00000000-0000-4000-8000-000000000000', role: 'member' }, TEST_JWT_SECRET);
    await t.http.get('/api/v1/me').set('Authorization', `Bearer ${token}`).expect(401);
  });

  it('keeps the store in the token honest: a changed store logs the staff member out', async () => {
    const storeId = await createStore(t);
    const cashier = await loginStaff(t, 'cashier');
    await t.db.query('UPDATE staff SET store_id = $1 WHERE id = $2', [storeId, cashier.id]);
    await t.http.get(`/api/v1/admin/stores/${storeId}`).set(cashier.auth).expect(401);
  });
});

describe('login rate limit', () => {
  it('answers 429 RATE_LIMITED past the per-minute budget of a client', async () => {
    const t = await createTestApp({ env: { HUIYUAN_LOGIN_RATE_LIMIT: '5' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) {
        const res = await t.http.post('/api/v1/auth/staff/login').send({ username: 'nobody', password: 'wrong-password' });
        statuses.push(res.status);
        if (res.status === 429) expect(res.body.code).toBe('RATE_LIMITED');
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    } finally {
      await t.close();
    }
  });
});
