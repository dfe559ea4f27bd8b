// Anything a client sends gets a 4xx with a stable code, never a 500.
import { CASH_100_20 } from './helpers/coupons.js';
import { loginMember, loginStaff } from './helpers/factories.js';
import { nextOrderNo, placeOrder } from './helpers/loyalty.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

describe('bad input', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('malformed JSON → 400 MALFORMED_JSON', async () => {
    const res = await t.http
      .post('/api/v1/auth/wechat/login')
      .set('content-type', 'application/json')
      .send('{"code": ')
      .expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'MALFORMED_JSON' });
  });

  it('a body over 64 KiB → 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await t.http
      .post('/api/v1/auth/wechat/login')
      .send({ code: 'x'.repeat(70_000) })
      .expect(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('an over-long field → 400 VALIDATION_FAILED naming the field', async () => {
    const m = await loginMember(t);
    const res = await t.http
      .patch('/api/v1/me')
      .set(m.auth)
      .send({ nickname: '长'.repeat(33) })
      .expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details).toEqual([{ field: 'nickname', messages: expect.any(Array) }]);
  });

  it('unknown fields → 400 (no mass assignment of points or tier)', async () => {
    const m = await loginMember(t);
    const res = await t.http.patch('/api/v1/me').set(m.auth).send({ points: 99999, tierCode: 'platinum' }).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const me = await t.http.get('/api/v1/me').set(m.auth).expect(200);
    expect(me.body.points).toBe(0);
  });

  it.each([
    ['a number for a string', { code: 12345 }],
    ['null', { code: null }],
    ['an empty code', { code: '' }],
    ['an array body', [1, 2, 3]],
    ['a nested object', { code: { $ne: 1 } }],
  ])('%s → 400', async (_label, body) => {
    const res = await t.http
      .post('/api/v1/auth/wechat/login')
      .send(body as object)
      .expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });

  it('a malformed id in the path → 400, not 500', async () => {
    const admin = await loginStaff(t, 'admin');
    const res = await t.http.get('/api/v1/admin/stores/not-a-uuid').set(admin.auth).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });

  it('an unknown store → 404 NOT_FOUND', async () => {
    const admin = await loginStaff(t, 'admin');
    const res = await t.http.get('/api/v1/admin/stores/6f1c2a34-0000-4000-8000-000000000000').set(admin.auth).expect(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });

  it('an unknown route → 404 with the error shape', async () => {
    const res = await t.http.get('/api/v1/nothing-here').expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found', code: 'NOT_FOUND' });
  });

  it('a non-JSON content type → 4xx with a code', async () => {
    const res = await t.http.post('/api/v1/auth/wechat/login').set('content-type', 'text/plain').send('code=1');
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body.code).toEqual(expect.any(String));
  });

  it('echoes a well-formed request id and puts it in errors', async () => {
    const res = await t.http.get('/api/v1/nothing-here').set('x-request-id', 'req-abc.123').expect(404);
    expect(res.headers['x-request-id']).toBe('req-abc.123');
    expect(res.body.requestId).toBe('req-abc.123');
  });
});

describe('bad input: nesting, NUL, null, dates', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it.each([
    ['20,000 nested arrays', '['.repeat(20_000) + ']'.repeat(20_000)],
    ['a field nested 33 deep', `{"code":${'['.repeat(33)}1${']'.repeat(33)}}`],
    ['10,000 nested objects', '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000)],
  ])('%s → 400 BODY_TOO_DEEP', async (_label, body) => {
    const res = await t.http.post('/api/v1/auth/wechat/login').set('content-type', 'application/json').send(body).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'BODY_TOO_DEEP' });
  });

  it('brackets inside strings and nesting up to the limit are not "too deep"', async () => {
    const inString = await t.http
      .post('/api/v1/auth/wechat/login')
      .set('content-type', 'application/json')
      .send(`{"code":"dev:${'['.repeat(40)}\\"${'{'.repeat(40)}"}`);
    expect(inString.body.code).not.toBe('BODY_TOO_DEEP');
    const deepButFine = await t.http
      .post('/api/v1/auth/wechat/login')
      .set('content-type', 'application/json')
      .send(`{"code":${'['.repeat(31)}1${']'.repeat(31)}}`)
      .expect(400);
    expect(deepButFine.body.code).toBe('VALIDATION_FAILED');
  });

  it('a NUL character in a body string → 400 naming the field', async () => {
    const m = await loginMember(t);
    const res = await t.http.patch('/api/v1/me').set(m.auth).send({ nickname: 'a\u0000b' }).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details).toEqual([{ field: 'nickname', messages: ['must not contain NUL characters'] }]);
  });

  it('a NUL character in a query or a path parameter → 400', async () => {
    const admin = await loginStaff(t, 'admin');
    const query = await t.http.get('/api/v1/admin/members?q=%00').set(admin.auth).expect(400);
    expect(query.body.code).toBe('VALIDATION_FAILED');
    const cashier = await loginStaff(t, 'cashier');
    const path = await t.http
      .post('/api/v1/cashier/orders/a%00b/refunds')
      .set(cashier.auth)
      .send({ refundNo: 'R-1', amount: 100 })
      .expect(400);
    expect(path.body.code).toBe('VALIDATION_FAILED');
  });

  it('null for an optional field → 400 (leave it out instead)', async () => {
    const m = await loginMember(t);
    for (const field of ['nickname', 'avatarUrl', 'birthday', 'gender']) {
      const res = await t.http
        .patch('/api/v1/me')
        .set(m.auth)
        .send({ [field]: null })
        .expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field, messages: ['must not be null'] }] });
    }
    const admin = await loginStaff(t, 'admin');
    const order = await t.http
      .post('/api/v1/admin/coupon-templates')
      .set(admin.auth)
      .send({ ...CASH_100_20, validDays: null })
      .expect(400);
    expect(order.body.details).toEqual([{ field: 'validDays', messages: ['must not be null'] }]);
  });

  it('null where the schema says nullable is still accepted', async () => {
    const admin = await loginStaff(t, 'admin');
    const res = await t.http
      .post('/api/v1/admin/coupon-templates')
      .set(admin.auth)
      .send({ ...CASH_100_20, description: null })
      .expect(201);
    expect(res.body.description).toBeNull();
  });

  it.each([
    ['a month far in the future', '/api/v1/me/checkins?month=9999-12'],
    ['year zero', '/api/v1/me/checkins?month=0000-01'],
    ['month 13', '/api/v1/me/checkins?month=2026-13'],
  ])('%s → 400', async (_label, url) => {
    const m = await loginMember(t);
    const res = await t.http.get(url).set(m.auth).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });

  it.each(['2026-02-31', '1850-01-01', '9999-12-31', '2026-00-10'])('birthday %s → 400', async (birthday) => {
    const m = await loginMember(t);
    const res = await t.http.patch('/api/v1/me').set(m.auth).send({ birthday }).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });

  it('impossible dates elsewhere (make-up check-in, template window) → 400', async () => {
    const m = await loginMember(t);
    const makeUp = await t.http.post('/api/v1/me/checkins/make-up').set(m.auth).send({ date: '2026-02-30' }).expect(400);
    expect(makeUp.body.code).toBe('VALIDATION_FAILED');
    const admin = await loginStaff(t, 'admin');
    const { validDays: _, ...noDays } = CASH_100_20;
    const window = await t.http
      .post('/api/v1/admin/coupon-templates')
      .set(admin.auth)
      .send({ ...noDays, validFrom: '2026-02-31', validTo: '2026-03-31' })
      .expect(400);
    expect(window.body.code).toBe('VALIDATION_FAILED');
  });
});

describe('database errors from sql() statements', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('40 concurrent pairs of one orderNo with different bodies → 201/200 or 409 ORDER_NO_CONFLICT, never 500', async () => {
    const cashier = await loginStaff(t, 'cashier');
    const a = await loginMember(t);
    const b = await loginMember(t);
    const results = await Promise.all(
      Array.from({ length: 40 }, async () => {
        const orderNo = nextOrderNo('DUP');
        return Promise.all([
          placeOrder(t, cashier, { memberId: a.id, amount: 1000, orderNo }),
          placeOrder(t, cashier, { memberId: b.id, amount: 2000, orderNo }),
        ]);
      }),
    );
    for (const pair of results) {
      const statuses = pair.map((r) => r.status).sort();
      expect(statuses).toEqual([201, 409]);
      expect(pair.find((r) => r.status === 409)!.body.code).toBe('ORDER_NO_CONFLICT');
    }
  });
});

describe('WeChat client quirks', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('accepts POST /me as PATCH /me (wx.request cannot send PATCH)', async () => {
    const m = await loginMember(t);
    const res = await t.http.post('/api/v1/me').set(m.auth).send({ nickname: '微信用户' }).expect(200);
    expect(res.body.nickname).toBe('微信用户');
  });

  it('treats an empty body declared as JSON as no body', async () => {
    const m = await loginMember(t);
    const res = await t.http.get('/api/v1/me/notifications').set(m.auth).expect(200);
    expect(res.body.items).toEqual([]);
    const post = await t.http
      .post('/api/v1/me/notifications/6f1c2a34-0000-4000-8000-000000000000/read')
      .set(m.auth)
      .set('content-type', 'application/json')
      .send('');
    expect(post.status).toBe(404);
    expect(post.body.code).toBe('NOT_FOUND');
  });
});
