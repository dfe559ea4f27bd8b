// Anything a client sends gets a 4xx with a stable code, never a 500.
import { loginMember, loginStaff } from './helpers/factories.js';
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
