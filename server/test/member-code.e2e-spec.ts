import { MEMBER_CODE_STEP_SECONDS } from '@huiyuan/shared';
import { loginMember, loginStaff, type LoggedInMember, type LoggedInStaff } from './helpers/factories.js';
import { memberCode } from './helpers/loyalty.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

describe('member code at the till', () => {
  let t: TestApp;
  let cashier: LoggedInStaff;
  beforeAll(async () => {
    t = await createTestApp();
    cashier = await loginStaff(t, 'cashier');
  });
  afterAll(() => t.close());

  const identify = (code: string, staff: LoggedInStaff = cashier) =>
    t.http.post('/api/v1/cashier/identify').set(staff.auth).send({ memberCode: code });

  it('identifies the member from the code their phone shows', async () => {
    const m = await loginMember(t);
    const res = await identify(await memberCode(t, m.id)).expect(200);
    expect(res.body.member).toMatchObject({ id: m.id, points: 0, tier: { code: 'normal' } });
    expect(res.body.usableCoupons).toEqual([]);
  });

  it('accepts each code once: a replay is MEMBER_CODE_USED', async () => {
    const m = await loginMember(t);
    const code = await memberCode(t, m.id);
    await identify(code).expect(200);
    const replay = await identify(code).expect(422);
    expect(replay.body.code).toBe('MEMBER_CODE_USED');
  });

  it('lets exactly one of two concurrent scans of one code through', async () => {
    const m = await loginMember(t);
    const code = await memberCode(t, m.id);
    const results = await Promise.all([identify(code), identify(code)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 422]);
    expect(results.find((r) => r.status === 422)!.body.code).toBe('MEMBER_CODE_USED');
  });

  it('refuses a code from three steps ago as MEMBER_CODE_EXPIRED', async () => {
    const m = await loginMember(t);
    const old = await memberCode(t, m.id, new Date(Date.now() - 3 * MEMBER_CODE_STEP_SECONDS * 1000));
    const res = await identify(old).expect(422);
    expect(res.body.code).toBe('MEMBER_CODE_EXPIRED');
  });

  it('hands out a fresh code at once after a scan, which is accepted', async () => {
    const m = await loginMember(t);
    const first = await t.http.get('/api/v1/me/code').set(m.auth).expect(200);
    expect(first.body.code).toMatch(/^66\d{16}$/);
    await identify(first.body.code).expect(200);
    const second = await t.http.get('/api/v1/me/code').set(m.auth).expect(200);
    expect(second.body.code).not.toBe(first.body.code);
    await identify(second.body.code).expect(200);
  });

  it('refuses garbage and another member’s code digits as MEMBER_CODE_INVALID', async () => {
    const m = await loginMember(t);
    const code = await memberCode(t, m.id);
    const wrongOtp = code.slice(0, 12) + ((Number(code.slice(12)) + 1) % 1_000_000).toString().padStart(6, '0');
    expect((await identify('123').expect(422)).body.code).toBe('MEMBER_CODE_INVALID');
    expect((await identify(wrongOtp).expect(422)).body.code).toBe('MEMBER_CODE_INVALID');
  });

  it('locks a member’s code for a while after five wrong guesses', async () => {
    const m = await loginMember(t);
    const other = await loginStaff(t, 'cashier');
    const code = await memberCode(t, m.id);
    const base = code.slice(0, 12);
    for (let i = 0; i < 5; i++) {
      const guess = base + String((Number(code.slice(12)) + 1 + i) % 1_000_000).padStart(6, '0');
      await identify(guess, other).expect(422);
    }
    const locked = await identify(code, other).expect(429);
    expect(locked.body.code).toBe('RATE_LIMITED');
  });

  it('gives the member an offline seed that computes the same codes', async () => {
    const m: LoggedInMember = await loginMember(t);
    const seed = await t.http.get('/api/v1/me/code-seed').set(m.auth).expect(200);
    expect(seed.body).toEqual({
      codeId: expect.any(Number),
      secret: expect.stringMatching(/^[0-9a-f]{40}$/),
      stepSeconds: 30,
      serverTime: expect.any(String),
    });
  });

  it('is for cashiers and managers only', async () => {
    const m = await loginMember(t);
    const admin = await loginStaff(t, 'admin');
    await t.http
      .post('/api/v1/cashier/identify')
      .set(m.auth)
      .send({ memberCode: await memberCode(t, m.id) })
      .expect(403);
    await t.http
      .post('/api/v1/cashier/identify')
      .set(admin.auth)
      .send({ memberCode: await memberCode(t, m.id) })
      .expect(403);
    await t.http.post('/api/v1/cashier/identify').send({ memberCode: '1' }).expect(401);
  });
});

describe('fallback lookup by member number', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('lets a manager find a member by number and the last 4 phone digits, and audits it', async () => {
    const manager = await loginStaff(t, 'manager');
    const m = await loginMember(t);
    await t.http.post('/api/v1/me/phone').set(m.auth).send({ code: 'dev:13800001234' }).expect(200);
    const card = await t.http.get('/api/v1/me').set(m.auth);
    const ok = await t.http
      .post('/api/v1/cashier/identify-by-member-no')
      .set(manager.auth)
      .send({ memberNo: card.body.memberNo, phoneLast4: '1234' })
      .expect(200);
    expect(ok.body.member.id).toBe(m.id);
    const wrong = await t.http
      .post('/api/v1/cashier/identify-by-member-no')
      .set(manager.auth)
      .send({ memberNo: card.body.memberNo, phoneLast4: '9999' })
      .expect(404);
    expect(wrong.body.code).toBe('NOT_FOUND');
    const audit = await t.db.query(
      "SELECT details FROM audit_log WHERE action = 'member.lookup_by_member_no' AND actor_id = $1 ORDER BY created_at",
      [manager.id],
    );
    expect(audit.map((a: { details: { matched: boolean } }) => a.details.matched)).toEqual([true, false]);
  });

  it('is refused to cashiers', async () => {
    const cashier = await loginStaff(t, 'cashier');
    await t.http
      .post('/api/v1/cashier/identify-by-member-no')
      .set(cashier.auth)
      .send({ memberNo: '1234567890', phoneLast4: '1234' })
      .expect(403);
  });
});
