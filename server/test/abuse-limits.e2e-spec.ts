// Abuse limits held in PostgreSQL: two app instances on ONE database share every budget, and
// concurrent attempts cannot overshoot a budget or pass a lockout.
import type { StaffPrincipal } from '../src/common/auth.js';
import { CryptoService } from '../src/common/crypto.service.js';
import { RateLimiterService } from '../src/common/rate-limiter.service.js';
import { ReferralRewardsService } from '../src/engagement/referral-rewards.service.js';
import { TillService } from '../src/till/till.service.js';
import { ConfigError, loadConfig } from '../src/config/config.js';
import { IdentityService } from '../src/identity/identity.service.js';
import { createTemplate } from './helpers/coupons.js';
import { loginMember, loginStaff, uniqueId, type LoggedInStaff } from './helpers/factories.js';
import { memberCode } from './helpers/loyalty.js';
import { createTestApp, sameDeployment, TEST_JWT_SECRET, type TestApp } from './helpers/test-app.js';

const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

/** Two instances of one deployment: `a` owns the database, `b` shares it. */
async function twoInstances(env: Record<string, string>): Promise<{ a: TestApp; b: TestApp; close(): Promise<void> }> {
  const a = await createTestApp({ env });
  const b = await createTestApp(sameDeployment(a, env));
  return {
    a,
    b,
    close: async () => {
      await b.close();
      await a.close();
    },
  };
}

describe('abuse limits shared by two instances', () => {
  let pair: Awaited<ReturnType<typeof twoInstances>>;
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    pair = await twoInstances({
      HUIYUAN_RATE_LIMITS: 'couponClaim=3/1h,memberCodeStaff=6/1h,memberNoMember=5/1h,memberNoStaff=10/1h',
    });
    ({ a, b } = pair);
  });
  afterAll(() => pair.close());

  const on = (i: number) => (i % 2 === 0 ? a : b);

  it('locks a staff account after 5 wrong passwords: of 50 concurrent guesses on both instances at most 5 are verified', async () => {
    const username = uniqueId('s');
    await a.app.get(IdentityService).createStaff(null, { username, password: 'correct-horse-battery', role: 'admin' });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        on(i)
          .http.post('/api/v1/auth/staff/login')
          .send({ username, password: `wrong-password-${i}` }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(count(statuses, 401)).toBe(5);
    expect(count(statuses, 429)).toBe(45);
    const refused = results.find((r) => r.status === 429)!;
    expect(refused.body.code).toBe('ACCOUNT_LOCKED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);

    // Locked: the right password is refused too, on either instance.
    for (const t of [a, b]) {
      const right = await t.http.post('/api/v1/auth/staff/login').send({ username, password: 'correct-horse-battery' });
      expect(right.status).toBe(429);
      expect(right.body.code).toBe('ACCOUNT_LOCKED');
    }
    const audit = await a.db.query("SELECT details FROM audit_log WHERE action = 'staff.lockout' AND target_type = 'staff'");
    expect(audit.filter((r: { details: { failures: number } }) => r.details.failures === 5)).toHaveLength(1);

    // Once the window has closed the right password works and clears the count.
    await a.db.query("UPDATE rate_limit_bucket SET expires_at = now() - interval '1 second' WHERE key LIKE 'staffPassword:%'");
    await b.http.post('/api/v1/auth/staff/login').send({ username, password: 'correct-horse-battery' }).expect(200);
    await a.http.post('/api/v1/auth/staff/login').send({ username, password: 'wrong-password' }).expect(401);
    await a.http.post('/api/v1/auth/staff/login').send({ username, password: 'correct-horse-battery' }).expect(200);
  });

  it('counts wrong member codes per staff across instances: 20 concurrent → exactly the budget of 6 checked', async () => {
    const cashier = await loginStaff(a, 'cashier');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        on(i)
          .http.post('/api/v1/cashier/identify')
          .set(cashier.auth)
          .send({ memberCode: `12345${i}` }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(count(statuses, 422)).toBe(6);
    expect(count(statuses, 429)).toBe(14);
    expect(results.find((r) => r.status === 429)!.body.code).toBe('RATE_LIMITED');
    // Another cashier has their own budget.
    const other = await loginStaff(b, 'cashier');
    await b.http.post('/api/v1/cashier/identify').set(other.auth).send({ memberCode: '123' }).expect(422);
  });

  it('verifies at most 5 wrong codes of one member, even 30 concurrent ones from 6 cashiers on two instances', async () => {
    const m = await loginMember(a);
    const code = await memberCode(a, m.id);
    // Five tries each: within every cashier's own budget, so only the member's lock refuses.
    const cashiers: LoggedInStaff[] = [];
    for (let i = 0; i < 6; i++) cashiers.push(await loginStaff(on(i), 'cashier'));
    const otp = Number(code.slice(12));
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        on(i)
          .http.post('/api/v1/cashier/identify')
          .set(cashiers[i % 6]!.auth)
          .send({ memberCode: code.slice(0, 12) + String((otp + 1 + i) % 1_000_000).padStart(6, '0') }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(count(statuses, 422)).toBe(5);
    expect(count(statuses, 429)).toBe(25);
    // Locked: the right code is refused too; the member's lock costs the cashiers nothing.
    const right = await b.http.post('/api/v1/cashier/identify').set(cashiers[0]!.auth).send({ memberCode: code });
    expect(right.status).toBe(429);
    expect(right.body).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringContaining('for this member') });
    // Once the lock has run out, the right code works again.
    await a.db.query("UPDATE member SET code_locked_until = now() - interval '1 second' WHERE id = $1", [m.id]);
    await a.http
      .post('/api/v1/cashier/identify')
      .set(cashiers[1]!.auth)
      .send({ memberCode: await memberCode(a, m.id) })
      .expect(200);
  });

  describe('member number + last 4 digits fallback', () => {
    const lookup = (t: TestApp, staff: LoggedInStaff, memberNo: string, phoneLast4: string) =>
      t.http.post('/api/v1/cashier/identify-by-member-no').set(staff.auth).send({ memberNo, phoneLast4 });

    it('locks a member number after 5 failures, even against concurrent guesses from two managers on two instances, and audits it', async () => {
      const m = await loginMember(a);
      await a.http.post('/api/v1/me/phone').set(m.auth).send({ code: 'dev:13800001234' }).expect(200);
      const memberNo = (await a.http.get('/api/v1/me').set(m.auth)).body.memberNo as string;
      const managers = [await loginStaff(a, 'manager'), await loginStaff(b, 'manager')];
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) => lookup(on(i), managers[i % 2]!, memberNo, String(5000 + i).padStart(4, '0'))),
      );
      const statuses = results.map((r) => r.status);
      expect(count(statuses, 404)).toBe(5);
      expect(count(statuses, 429)).toBe(7);
      // Locked: the right digits are refused as well.
      const right = await lookup(b, managers[0]!, memberNo, '1234').expect(429);
      expect(right.body.code).toBe('RATE_LIMITED');
      const audit: { details: { matched: boolean; lockedBy?: string } }[] = await a.db.query(
        "SELECT details FROM audit_log WHERE action = 'member.lookup_by_member_no' AND actor_id = ANY($1)",
        [managers.map((s) => s.id)],
      );
      expect(audit).toHaveLength(13);
      expect(audit.filter((r) => r.details.lockedBy === 'member')).toHaveLength(8);
      expect(audit.every((r) => !r.details.matched)).toBe(true);
    });

    it('locks a staff account after 10 failed look-ups of any member numbers, across instances', async () => {
      const manager = await loginStaff(a, 'manager');
      const numbers = Array.from({ length: 16 }, (_, i) => String(1_000_000_000 + i * 7919));
      const results = await Promise.all(numbers.map((no, i) => lookup(on(i), manager, no, '0000')));
      const statuses = results.map((r) => r.status);
      expect(count(statuses, 404)).toBe(10);
      expect(count(statuses, 429)).toBe(6);
      const audit: { details: { lockedBy?: string } }[] = await a.db.query(
        "SELECT details FROM audit_log WHERE action = 'member.lookup_by_member_no' AND actor_id = $1",
        [manager.id],
      );
      expect(audit.filter((r) => r.details.lockedBy === 'staff')).toHaveLength(6);
    });

    it('forgets a member number’s failures after a match', async () => {
      const manager = await loginStaff(a, 'manager');
      const m = await loginMember(a);
      await a.http.post('/api/v1/me/phone').set(m.auth).send({ code: 'dev:13800005678' }).expect(200);
      const memberNo = (await a.http.get('/api/v1/me').set(m.auth)).body.memberNo as string;
      for (let i = 0; i < 4; i++) await lookup(on(i), manager, memberNo, '0000').expect(404);
      await lookup(b, manager, memberNo, '5678').expect(200);
      for (let i = 0; i < 4; i++) await lookup(on(i), manager, memberNo, '0000').expect(404);
      await lookup(a, manager, memberNo, '5678').expect(200);
    });
  });

  it('lets a member claim at most the budget of coupons per window, across instances', async () => {
    const admin = await loginStaff(a, 'admin');
    const template = await createTemplate(a, admin, { perMemberLimit: 20, totalStock: 100 });
    const m = await loginMember(a);
    const claimOn = (t: TestApp) => t.http.post(`/api/v1/coupons/center/${template.id}/claim`).set(m.auth).send({});
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => claimOn(on(i))));
    const statuses = results.map((r) => r.status);
    expect(count(statuses, 201)).toBe(3);
    expect(count(statuses, 429)).toBe(7);
    expect(results.find((r) => r.status === 429)!.headers['retry-after']).toBeDefined();
    const [{ n }] = await a.db.query('SELECT count(*)::int AS n FROM coupon WHERE member_id = $1', [m.id]);
    expect(n).toBe(3);
    // Another member has their own budget; a closed window opens a fresh one.
    const other = await loginMember(b);
    await b.http.post(`/api/v1/coupons/center/${template.id}/claim`).set(other.auth).send({}).expect(201);
    await a.db.query("UPDATE rate_limit_bucket SET expires_at = now() - interval '1 second' WHERE key LIKE 'couponClaim:%'");
    await claimOn(b).expect(201);
  });

  it('prunes closed windows', async () => {
    await a.db.query("UPDATE rate_limit_bucket SET expires_at = now() - interval '1 second'");
    const [{ n: before }] = await a.db.query('SELECT count(*)::int AS n FROM rate_limit_bucket');
    expect(before).toBeGreaterThan(0);
    expect(await b.app.get(RateLimiterService).prune()).toBe(before);
    const [{ n: after }] = await a.db.query('SELECT count(*)::int AS n FROM rate_limit_bucket');
    expect(after).toBe(0);
  });
});

describe('login limit per client address', () => {
  it('lets exactly 10 of 20 concurrent logins from one address through, spread over two instances', async () => {
    const pair = await twoInstances({ HUIYUAN_LOGIN_RATE_LIMIT: '10' });
    try {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 === 0 ? pair.a : pair.b).http.post('/api/v1/auth/wechat/login').send({ code: `dev:${uniqueId('o')}` }),
        ),
      );
      const statuses = results.map((r) => r.status);
      expect(count(statuses, 200)).toBe(10);
      expect(count(statuses, 429)).toBe(10);
      const refused = results.find((r) => r.status === 429)!;
      expect(refused.body.code).toBe('RATE_LIMITED');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    } finally {
      await pair.close();
    }
  });

  const loginsFrom = async (t: TestApp, forwardedFor: string[]) => {
    const statuses: number[] = [];
    for (const xff of forwardedFor) {
      const res = await t.http
        .post('/api/v1/auth/staff/login')
        .set('X-Forwarded-For', xff)
        .send({ username: uniqueId('nobody'), password: 'wrong-password' });
      statuses.push(res.status);
    }
    return statuses;
  };

  it('ignores X-Forwarded-For unless HUIYUAN_TRUST_PROXY says so', async () => {
    const t = await createTestApp({ env: { HUIYUAN_LOGIN_RATE_LIMIT: '2' } });
    try {
      expect(await loginsFrom(t, ['203.0.113.1', '203.0.113.2', '203.0.113.3'])).toEqual([401, 401, 429]);
    } finally {
      await t.close();
    }
  });

  it('honours X-Forwarded-For from a trusted proxy: each client address has its own budget', async () => {
    for (const trust of ['1', '127.0.0.1', '127.0.0.0/8,::1']) {
      const t = await createTestApp({ env: { HUIYUAN_LOGIN_RATE_LIMIT: '2', HUIYUAN_TRUST_PROXY: trust } });
      try {
        expect(await loginsFrom(t, ['203.0.113.1', '203.0.113.2', '203.0.113.3'])).toEqual([401, 401, 401]);
        expect(await loginsFrom(t, ['203.0.113.9', '203.0.113.9', '203.0.113.9'])).toEqual([401, 401, 429]);
      } finally {
        await t.close();
      }
    }
  });

  it('refuses a malformed HUIYUAN_TRUST_PROXY or HUIYUAN_RATE_LIMITS at start', () => {
    const base = { NODE_ENV: 'test', JWT_SECRET: TEST_JWT_SECRET, HUIYUAN_DATA_KEY: '0'.repeat(64) } as const;
    expect(() => loadConfig({ ...base, HUIYUAN_TRUST_PROXY: 'everyone' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, HUIYUAN_TRUST_PROXY: '10.0.0.0/40' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, HUIYUAN_RATE_LIMITS: 'couponClaim=5' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, HUIYUAN_RATE_LIMITS: 'nope=5/1s' })).toThrow(ConfigError);
    const ok = loadConfig({ ...base, HUIYUAN_TRUST_PROXY: '2', HUIYUAN_RATE_LIMITS: 'couponClaim=2/1m' });
    expect(ok.trustProxy).toBe(2);
    expect(ok.rateLimits.couponClaim).toEqual({ budget: 2, windowMs: 60_000 });
    expect(ok.rateLimits.staffPassword).toEqual({ budget: 5, windowMs: 15 * 60_000 });
  });
});

describe('sign-up signals and WeChat risk rank (referral holds)', () => {
  let t: TestApp;
  let principal: StaffPrincipal;
  beforeAll(async () => {
    t = await createTestApp();
    const cashier = await loginStaff(t, 'cashier');
    principal = { kind: 'staff', id: cashier.id, role: 'cashier', storeId: cashier.storeId };
  });
  afterAll(() => t.close());

  const T0 = new Date('2026-03-10T04:00:00Z');
  const inviteCodeOf = async (id: string) =>
    ((await t.db.query('SELECT invite_code FROM member WHERE id = $1', [id]))[0] as { invite_code: string }).invite_code;
  const signal = async (id: string) =>
    (await t.db.query('SELECT ip, device_id, risk_rank FROM member_signup_signal WHERE member_id = $1', [id]))[0] as
      { ip: string | null; device_id: string | null; risk_rank: number | null } | undefined;
  const rewards = (inviteeId: string) =>
    t.db.query('SELECT beneficiary, status, reason FROM referral_reward WHERE invitee_id = $1 ORDER BY beneficiary', [inviteeId]);
  const friendOf = async (inviterId: string, riskRank: number | null) => {
    const openid = uniqueId('o');
    if (riskRank !== null) t.fake!.state.setRiskRank(openid, riskRank);
    return loginMember(t, { openid, inviteCode: await inviteCodeOf(inviterId) });
  };

  it('asks WeChat once for an invited sign-up and holds the reward of a high-risk friend for review', async () => {
    const inviter = await loginMember(t);
    const calls = t.fake!.state.riskRankCalls;
    const risky = await friendOf(inviter.id, 4);
    expect(t.fake!.state.riskRankCalls).toBe(calls + 1);
    // Written in the login's own transaction: there as soon as the login has answered.
    expect((await signal(risky.id))?.risk_rank).toBe(4);
    await t.app.get(TillService).createOrder(principal, { memberId: risky.id, orderNo: uniqueId('POS'), amount: 5_000 }, T0);
    await t.app.get(ReferralRewardsService).processReferralRewards(new Date(T0.getTime() + 8 * 86_400_000));
    expect(await rewards(risky.id)).toEqual([
      { beneficiary: 'invitee', status: 'on_hold', reason: 'wechat_risk' },
      { beneficiary: 'inviter', status: 'on_hold', reason: 'wechat_risk' },
    ]);
  });

  it('releases the reward of a low-risk friend; a login without an invite code asks WeChat nothing', async () => {
    const inviter = await loginMember(t);
    const calm = await friendOf(inviter.id, 1);
    expect((await signal(calm.id))?.risk_rank).toBe(1);
    const calls = t.fake!.state.riskRankCalls;
    const plain = await loginMember(t);
    expect(t.fake!.state.riskRankCalls).toBe(calls);
    expect((await signal(plain.id))?.risk_rank).toBeNull();
    await t.app.get(TillService).createOrder(principal, { memberId: calm.id, orderNo: uniqueId('POS'), amount: 5_000 }, T0);
    await t.app.get(ReferralRewardsService).processReferralRewards(new Date(T0.getTime() + 8 * 86_400_000));
    expect((await rewards(calm.id)).map((r: { status: string }) => r.status)).toEqual(['released', 'released']);
  });

  it('signs the friend up when WeChat’s risk check fails, without a rank', async () => {
    const inviter = await loginMember(t);
    t.fake!.state.failNext('getuserriskrank', { errcode: -1, errmsg: 'system error' });
    const friend = await friendOf(inviter.id, null);
    expect(await signal(friend.id)).toMatchObject({ risk_rank: null, ip: expect.any(String) });
  });

  it('keeps a well-formed device id as a digest and ignores a malformed one', async () => {
    const ok = await t.http
      .post('/api/v1/auth/wechat/login')
      .set('X-Device-Id', 'install-1')
      .send({ code: `dev:${uniqueId('o')}` });
    const bad = await t.http
      .post('/api/v1/auth/wechat/login')
      .set('X-Device-Id', 'no spaces!')
      .send({ code: `dev:${uniqueId('o')}` });
    const s1 = await signal(ok.body.member.id as string);
    const s2 = await signal(bad.body.member.id as string);
    expect(s1!.device_id).toBe(t.app.get(CryptoService).lookupHash('device:install-1'));
    expect(s2!.device_id).toBeNull();
  });

  it('records the trusted client address: X-Forwarded-For only behind HUIYUAN_TRUST_PROXY', async () => {
    const digestsOf = async (app: TestApp) => {
      const out: (string | null)[] = [];
      for (const xff of ['198.51.100.7', '198.51.100.8']) {
        const res = await app.http
          .post('/api/v1/auth/wechat/login')
          .set('X-Forwarded-For', xff)
          .send({ code: `dev:${uniqueId('o')}` });
        const [row] = await app.db.query('SELECT ip FROM member_signup_signal WHERE member_id = $1', [res.body.member.id]);
        out.push(row.ip as string | null);
      }
      return out;
    };
    const [u1, u2] = await digestsOf(t);
    expect(u1).toBe(u2); // both the socket's 127.0.0.1
    const trusted = await createTestApp({ env: { HUIYUAN_TRUST_PROXY: '1' } });
    try {
      const [d1, d2] = await digestsOf(trusted);
      expect(d1).toBe(trusted.app.get(CryptoService).lookupHash('ip:198.51.100.7'));
      expect(d2).not.toBe(d1);
    } finally {
      await trusted.close();
    }
  });
});
