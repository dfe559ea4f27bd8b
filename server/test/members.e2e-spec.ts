import { CURRENT_PRIVACY_POLICY } from '../src/members/privacy-policy.js';
import { loginMember } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

describe('privacy consent', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('serves the current policy without a token', async () => {
    const res = await t.http.get('/api/v1/privacy-policy').expect(200);
    expect(res.body).toEqual({
      version: CURRENT_PRIVACY_POLICY.version,
      title: expect.any(String),
      body: expect.stringContaining('手机号'),
    });
  });

  it('lets a member read their card before consent, but nothing else', async () => {
    const m = await loginMember(t, { consent: false });
    const card = await t.http.get('/api/v1/me').set(m.auth).expect(200);
    expect(card.body.consent).toBeNull();
    const patch = await t.http.patch('/api/v1/me').set(m.auth).send({ nickname: '小明' }).expect(403);
    expect(patch.body.code).toBe('CONSENT_REQUIRED');
    const phone = await t.http.post('/api/v1/me/phone').set(m.auth).send({ code: 'dev:13800138000' }).expect(403);
    expect(phone.body.code).toBe('CONSENT_REQUIRED');
  });

  it('records consent with its version and time, once', async () => {
    const m = await loginMember(t, { consent: false });
    const first = await t.http
      .post('/api/v1/me/consent')
      .set(m.auth)
      .send({ version: CURRENT_PRIVACY_POLICY.version })
      .expect(200);
    expect(first.body.consent).toEqual({ version: CURRENT_PRIVACY_POLICY.version, acceptedAt: expect.any(String) });
    const again = await t.http
      .post('/api/v1/me/consent')
      .set(m.auth)
      .send({ version: CURRENT_PRIVACY_POLICY.version })
      .expect(200);
    expect(again.body.consent.acceptedAt).toBe(first.body.consent.acceptedAt);
    const rows = await t.db.query('SELECT version FROM consent_record WHERE member_id = $1', [m.id]);
    expect(rows).toEqual([{ version: CURRENT_PRIVACY_POLICY.version }]);
    await t.http.patch('/api/v1/me').set(m.auth).send({ nickname: '小明' }).expect(200);
  });

  it('refuses consent to an outdated version', async () => {
    const m = await loginMember(t, { consent: false });
    const res = await t.http.post('/api/v1/me/consent').set(m.auth).send({ version: '2020-01-01' }).expect(409);
    expect(res.body.code).toBe('CONSENT_VERSION_OUTDATED');
  });
});

describe('profile', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('updates nickname, gender and birthday and returns the card', async () => {
    const m = await loginMember(t);
    const res = await t.http
      .patch('/api/v1/me')
      .set(m.auth)
      .send({ nickname: '  小红 ', gender: 'female', birthday: '1995-03-08' })
      .expect(200);
    expect(res.body).toMatchObject({ nickname: '小红', gender: 'female', birthday: '1995-03-08' });
  });

  it('lets the birthday change only once a year', async () => {
    const m = await loginMember(t);
    await t.http.patch('/api/v1/me').set(m.auth).send({ birthday: '1995-03-08' }).expect(200);
    await t.http.patch('/api/v1/me').set(m.auth).send({ birthday: '1995-03-08' }).expect(200);
    const res = await t.http.patch('/api/v1/me').set(m.auth).send({ birthday: '1995-04-08' }).expect(422);
    expect(res.body.code).toBe('BIRTHDAY_LOCKED');
  });

  it('refuses impossible and future birthdays with 400', async () => {
    const m = await loginMember(t);
    for (const birthday of ['1995-02-30', '2999-01-01', '95-3-8']) {
      const res = await t.http.patch('/api/v1/me').set(m.auth).send({ birthday }).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
  });

  it('shows next-tier progress from the shared rules', async () => {
    const m = await loginMember(t);
    await t.db.query("UPDATE member SET growth = 1200, tier_code = 'silver' WHERE id = $1", [m.id]);
    const res = await t.http.get('/api/v1/me').set(m.auth).expect(200);
    expect(res.body.tier).toEqual({ code: 'silver', name: '银卡会员' });
    expect(res.body.nextTier).toEqual({ code: 'gold', name: '金卡会员', growthNeeded: 800 });
    expect(res.body.benefits.map((b: { code: string }) => b.code)).toContain('discount');
  });
});

describe('phone binding', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ captureLogs: true });
  });
  afterAll(() => t.close());

  it('binds the phone WeChat returns, stores it encrypted and shows it masked', async () => {
    const m = await loginMember(t);
    const res = await t.http.post('/api/v1/me/phone').set(m.auth).send({ code: 'dev:13912345678' }).expect(200);
    expect(res.body.phoneMasked).toBe('139****5678');
    expect(JSON.stringify(res.body)).not.toContain('13912345678');
    const [row] = await t.db.query('SELECT phone_cipher, phone_hmac FROM member WHERE id = $1', [m.id]);
    expect(Buffer.from(row.phone_cipher).toString('latin1')).not.toContain('13912345678');
    expect(row.phone_hmac).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses a phone already bound to another member', async () => {
    const a = await loginMember(t);
    const b = await loginMember(t);
    await t.http.post('/api/v1/me/phone').set(a.auth).send({ code: 'dev:13700000001' }).expect(200);
    const res = await t.http.post('/api/v1/me/phone').set(b.auth).send({ code: 'dev:13700000001' }).expect(409);
    expect(res.body.code).toBe('PHONE_TAKEN');
  });

  it('never writes the phone number, the WeChat session key or tokens to the logs', async () => {
    const m = await loginMember(t);
    await t.http.post('/api/v1/me/phone').set(m.auth).send({ code: 'dev:13655554444' }).expect(200);
    const all = t.logs.join('\n');
    expect(t.logs.length).toBeGreaterThan(0);
    expect(all).not.toContain('13655554444');
    expect(all).not.toContain(m.token);
    expect(all).not.toMatch(/session_?key/i);
    const [row] = await t.db.query('SELECT openid FROM member WHERE id = $1', [m.id]);
    expect(all).not.toContain(row.openid);
  });
});
