// Authorization matrix: every route, every kind of caller. A new route must be added here.
import { createStore, loginMember, loginStaff, type LoggedInMember, type LoggedInStaff } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

describe('who may call what', () => {
  let t: TestApp;
  let member: LoggedInMember;
  let cashierA: LoggedInStaff;
  let managerA: LoggedInStaff;
  let admin: LoggedInStaff;
  let storeA: string;
  let storeB: string;

  beforeAll(async () => {
    t = await createTestApp();
    storeA = await createStore(t, 'A 店');
    storeB = await createStore(t, 'B 店');
    member = await loginMember(t);
    cashierA = await loginStaff(t, 'cashier', storeA);
    managerA = await loginStaff(t, 'manager', storeA);
    admin = await loginStaff(t, 'admin');
  });
  afterAll(() => t.close());

  const memberRoutes: [string, string][] = [
    ['get', '/api/v1/me'],
    ['patch', '/api/v1/me'],
    ['post', '/api/v1/me/consent'],
    ['post', '/api/v1/me/phone'],
    ['get', '/api/v1/me/points'],
    ['get', '/api/v1/me/points/summary'],
    ['get', '/api/v1/me/code'],
    ['get', '/api/v1/me/code-seed'],
    ['get', '/api/v1/me/notifications'],
    ['post', '/api/v1/me/notifications/6f1c2a34-0000-4000-8000-000000000000/read'],
    ['get', '/api/v1/me/coupons'],
    ['get', '/api/v1/me/coupons/6f1c2a34-0000-4000-8000-000000000000'],
    ['get', '/api/v1/coupons/center'],
    ['post', '/api/v1/coupons/center/6f1c2a34-0000-4000-8000-000000000000/claim'],
    ['get', '/api/v1/me/export'],
    ['delete', '/api/v1/me'],
    ['post', '/api/v1/me/consent/withdraw'],
    ['post', '/api/v1/me/consent/decline'],
    ['post', '/api/v1/me'],
    ['post', '/api/v1/me/checkins'],
    ['get', '/api/v1/me/checkins'],
    ['post', '/api/v1/me/checkins/make-up'],
    ['post', '/api/v1/me/subscriptions'],
    ['get', '/api/v1/me/subscriptions'],
    ['get', '/api/v1/me/referral'],
    ['get', '/api/v1/me/referral/qrcode'],
    ['get', '/api/v1/me/orders'],
    ['get', '/api/v1/lotteries'],
    ['get', '/api/v1/lotteries/6f1c2a34-0000-4000-8000-000000000000'],
    ['post', '/api/v1/lotteries/6f1c2a34-0000-4000-8000-000000000000/draws'],
    ['get', '/api/v1/me/lottery-draws'],
    ['post', '/api/v1/me/feedback'],
    ['get', '/api/v1/me/feedback'],
    ['get', '/api/v1/me/recommendations'],
    ['post', '/api/v1/me/stored-value/top-ups'],
    ['get', '/api/v1/me/stored-value'],
    ['get', '/api/v1/me/stored-value/top-ups'],
    ['get', '/api/v1/me/payments/HY20261202ABCDEF0123456789'],
    ['post', '/api/v1/sandbox/payments/wx0000000000/pay'],
    ['post', '/api/v1/me/membership/purchases'],
    ['get', '/api/v1/me/membership'],
  ];
  const cashierRoutes: [string, string][] = [
    ['post', '/api/v1/cashier/identify'],
    ['post', '/api/v1/cashier/orders'],
    ['post', '/api/v1/cashier/orders/POS-1/refunds'],
    ['post', '/api/v1/cashier/coupons/redeem'],
  ];
  const adminRoutes: [string, string][] = [
    ['post', '/api/v1/admin/staff'],
    ['get', '/api/v1/admin/staff'],
    ['patch', '/api/v1/admin/staff/6f1c2a34-0000-4000-8000-000000000000'],
    ['post', '/api/v1/admin/staff/6f1c2a34-0000-4000-8000-000000000000/password'],
    ['post', '/api/v1/admin/stores'],
    ['patch', '/api/v1/admin/stores/6f1c2a34-0000-4000-8000-000000000000'],
    ['post', '/api/v1/admin/members/6f1c2a34-0000-4000-8000-000000000000/points-adjustments'],
    ['post', '/api/v1/admin/coupon-templates'],
    ['patch', '/api/v1/admin/coupon-templates/6f1c2a34-0000-4000-8000-000000000000'],
    ['post', '/api/v1/admin/coupon-templates/6f1c2a34-0000-4000-8000-000000000000/pause'],
    ['post', '/api/v1/admin/coupon-templates/6f1c2a34-0000-4000-8000-000000000000/resume'],
    ['post', '/api/v1/admin/coupon-templates/6f1c2a34-0000-4000-8000-000000000000/grants'],
    ['get', '/api/v1/admin/checkin-config'],
    ['put', '/api/v1/admin/checkin-config'],
    ['get', '/api/v1/admin/referral-config'],
    ['put', '/api/v1/admin/referral-config'],
    ['get', '/api/v1/admin/referral-rewards'],
    ['post', '/api/v1/admin/referral-rewards/6f1c2a34-0000-4000-8000-000000000000/approve'],
    ['post', '/api/v1/admin/referral-rewards/6f1c2a34-0000-4000-8000-000000000000/reject'],
    ['post', '/api/v1/admin/jobs/points-expire/run'],
    ['put', '/api/v1/admin/programme'],
    ['post', '/api/v1/admin/lotteries'],
    ['patch', '/api/v1/admin/lotteries/6f1c2a34-0000-4000-8000-000000000000'],
    ['post', '/api/v1/admin/lotteries/6f1c2a34-0000-4000-8000-000000000000/pause'],
    ['post', '/api/v1/admin/lotteries/6f1c2a34-0000-4000-8000-000000000000/resume'],
    ['post', '/api/v1/admin/lotteries/6f1c2a34-0000-4000-8000-000000000000/end'],
    ['post', '/api/v1/admin/webhooks'],
    ['get', '/api/v1/admin/webhooks'],
    ['patch', '/api/v1/admin/webhooks/6f1c2a34-0000-4000-8000-000000000000'],
    ['delete', '/api/v1/admin/webhooks/6f1c2a34-0000-4000-8000-000000000000'],
    ['post', '/api/v1/admin/webhooks/6f1c2a34-0000-4000-8000-000000000000/rotate-secret'],
    ['post', '/api/v1/admin/webhooks/6f1c2a34-0000-4000-8000-000000000000/test'],
    ['get', '/api/v1/admin/webhooks/6f1c2a34-0000-4000-8000-000000000000/deliveries'],
    ['post', '/api/v1/admin/webhooks/deliveries/6f1c2a34-0000-4000-8000-000000000000/redeliver'],
    ['post', '/api/v1/admin/tags'],
    ['post', '/api/v1/admin/members/6f1c2a34-0000-4000-8000-000000000000/tags'],
    ['delete', '/api/v1/admin/members/6f1c2a34-0000-4000-8000-000000000000/tags/6f1c2a34-0000-4000-8000-000000000001'],
    ['post', '/api/v1/admin/segments'],
    ['patch', '/api/v1/admin/segments/6f1c2a34-0000-4000-8000-000000000000'],
    ['delete', '/api/v1/admin/segments/6f1c2a34-0000-4000-8000-000000000000'],
    ['put', '/api/v1/admin/analytics/lifecycle'],
    ['post', '/api/v1/admin/campaigns'],
    ['get', '/api/v1/admin/campaigns'],
    ['get', '/api/v1/admin/campaigns/6f1c2a34-0000-4000-8000-000000000000'],
    ['get', '/api/v1/admin/campaigns/6f1c2a34-0000-4000-8000-000000000000/report'],
    ['post', '/api/v1/admin/campaigns/6f1c2a34-0000-4000-8000-000000000000/launch'],
    ['post', '/api/v1/admin/campaigns/6f1c2a34-0000-4000-8000-000000000000/pause'],
    ['post', '/api/v1/admin/campaigns/6f1c2a34-0000-4000-8000-000000000000/resume'],
    ['post', '/api/v1/admin/campaigns/6f1c2a34-0000-4000-8000-000000000000/cancel'],
    ['post', '/api/v1/admin/automations'],
    ['get', '/api/v1/admin/automations'],
    ['patch', '/api/v1/admin/automations/6f1c2a34-0000-4000-8000-000000000000'],
    ['get', '/api/v1/admin/audit-log'],
    ['get', '/api/v1/admin/jobs'],
    ['post', '/api/v1/admin/stored-value/plans'],
    ['patch', '/api/v1/admin/stored-value/plans/6f1c2a34-0000-4000-8000-000000000000'],
    ['put', '/api/v1/admin/stored-value/settings'],
    ['post', '/api/v1/admin/membership/plans'],
    ['patch', '/api/v1/admin/membership/plans/6f1c2a34-0000-4000-8000-000000000000'],
    ['post', '/api/v1/admin/members/6f1c2a34-0000-4000-8000-000000000000/membership/refund'],
  ];

  /** Routes whose access is tested by their own `it` below (or, for logins, open to all). */
  const coveredBelow = [
    'POST /api/v1/auth/wechat/login',
    'POST /api/v1/auth/staff/login',
    'POST /api/v1/auth/logout',
    'POST /api/v1/cashier/identify-by-member-no',
    'GET /api/v1/admin/members',
    'GET /api/v1/admin/coupon-templates',
    'GET /api/v1/admin/coupon-templates/{id}',
    'GET /api/v1/admin/stores',
    'GET /api/v1/admin/stores/{storeId}',
    'GET /api/v1/health',
    'GET /api/v1/health/ready',
    'GET /api/v1/privacy-policy',
    'GET /api/v1/admin/programme',
    'GET /api/v1/admin/programme/versions',
    'GET /api/v1/programme',
    'GET /api/v1/admin/lotteries',
    'GET /api/v1/admin/lotteries/{id}',
    'GET /api/v1/admin/lotteries/{id}/report',
    'GET /api/v1/admin/analytics/kpis', // analytics.e2e-spec.ts: admins, managers (own store); 403 others
    'GET /api/v1/admin/analytics/kpis/series',
    // Tags and segments (reads): admins and managers (their store's members), tested below and in segments.e2e-spec.ts.
    'GET /api/v1/admin/tags',
    'GET /api/v1/admin/segments',
    'GET /api/v1/admin/segments/{id}',
    'POST /api/v1/admin/segments/preview',
    'GET /api/v1/admin/segments/{id}/members',
    'GET /api/v1/admin/segments/{id}/members.csv',
    'GET /api/v1/admin/members/{id}',
    'GET /api/v1/admin/members/{id}/segments',
    // The member 360's check-ins and referrals: the same rule (member-engagement.e2e-spec.ts pages and scopes them).
    'GET /api/v1/admin/members/{id}/checkins',
    'GET /api/v1/admin/members/{id}/referrals',
    'GET /api/v1/admin/analytics/lifecycle', // member-scores.e2e-spec.ts: admins and managers; 403 cashiers and members
    // The feedback inbox: admins and managers (their store's items; others 404), tested below and in feedback.e2e-spec.ts.
    'GET /api/v1/admin/feedback',
    'GET /api/v1/admin/feedback/{id}',
    'POST /api/v1/admin/feedback/{id}/reply',
    'PATCH /api/v1/admin/feedback/{id}',
    'GET /api/v1/admin/analytics/feedback',
    // Stored value and paid membership: plans are public; the notify route is WeChat Pay's (signature, not a token);
    // the admin reads, the top-up refund and the settlement are admins' and managers' (their store), tested below.
    'GET /api/v1/stored-value/plans',
    'GET /api/v1/membership/plans',
    'POST /api/v1/payments/wechat/notify',
    'GET /api/v1/admin/stored-value/plans',
    'GET /api/v1/admin/stored-value/settings',
    'GET /api/v1/admin/membership/plans',
    'GET /api/v1/admin/members/{id}/stored-value',
    'GET /api/v1/admin/members/{id}/membership',
    'POST /api/v1/admin/stored-value/top-ups/{id}/refund',
    'GET /api/v1/admin/stored-value/settlement',
  ];

  it('every operation of the OpenAPI document is in this matrix', async () => {
    const doc = (await t.http.get('/api/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    // A concrete path of the matrix matches a templated one of the document segment by segment.
    const templated = (path: string) => new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    const matrix = [...memberRoutes, ...cashierRoutes, ...adminRoutes].map(([m, p]) => `${m.toUpperCase()} ${p}`);
    const missing: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const method of Object.keys(operations)) {
        const op = `${method.toUpperCase()} ${path}`;
        if (coveredBelow.includes(op)) continue;
        const m = method.toUpperCase();
        const pattern = templated(path);
        if (!matrix.some((entry) => entry.startsWith(`${m} `) && pattern.test(entry.slice(m.length + 1)))) missing.push(op);
      }
    }
    expect(missing).toEqual([]);
  });

  it('POST /auth/logout: 401 without a token, 204 for each role', async () => {
    expect((await t.http.post('/api/v1/auth/logout').send({})).status).toBe(401);
    for (const caller of [await loginMember(t), await loginStaff(t, 'cashier', storeA), await loginStaff(t, 'admin')]) {
      await t.http.post('/api/v1/auth/logout').set(caller.auth).send({}).expect(204);
    }
  });

  it.each(memberRoutes)('%s %s: 401 without a token', async (method, path) => {
    const res = await (t.http as unknown as Record<string, (p: string) => import('supertest').Test>)[method]!(path).send({});
    expect(res.status).toBe(401);
  });

  it.each(memberRoutes)('%s %s: 403 for staff', async (method, path) => {
    const res = await (t.http as unknown as Record<string, (p: string) => import('supertest').Test>)[method]!(path)
      .set(cashierA.auth)
      .send({});
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
  });

  it.each(adminRoutes)('%s %s: 403 for a member, a cashier and a manager', async (method, path) => {
    for (const caller of [member.auth, cashierA.auth, managerA.auth]) {
      const res = await (t.http as unknown as Record<string, (p: string) => import('supertest').Test>)[method]!(path)
        .set(caller)
        .send({});
      expect(res.status).toBe(403);
    }
  });

  it.each(cashierRoutes)('%s %s: 401 without a token, 403 for a member and an admin (no store)', async (method, path) => {
    const call = () => (t.http as unknown as Record<string, (p: string) => import('supertest').Test>)[method]!(path);
    expect((await call().send({})).status).toBe(401);
    expect((await call().set(member.auth).send({})).status).toBe(403);
    expect((await call().set(admin.auth).send({})).status).toBe(403);
  });

  it('the member-number fallback is for managers only', async () => {
    for (const caller of [member.auth, cashierA.auth, admin.auth]) {
      const res = await t.http
        .post('/api/v1/cashier/identify-by-member-no')
        .set(caller)
        .send({ memberNo: '1234567890', phoneLast4: '1234' });
      expect(res.status).toBe(403);
    }
  });

  it('GET /admin/members: admin and managers; not cashiers or members', async () => {
    await t.http.get('/api/v1/admin/members').set(admin.auth).expect(200);
    await t.http.get('/api/v1/admin/members').set(managerA.auth).expect(200);
    await t.http.get('/api/v1/admin/members').set(cashierA.auth).expect(403);
    await t.http.get('/api/v1/admin/members').set(member.auth).expect(403);
  });

  it('tags, segments and the member 360 (reads, check-ins and referrals included): admin and managers; not cashiers or members; other members 404', async () => {
    const none = '6f1c2a34-0000-4000-8000-000000000000';
    const reads: [string, string][] = [
      ['get', '/api/v1/admin/tags'],
      ['get', '/api/v1/admin/segments'],
      ['get', `/api/v1/admin/segments/${none}`],
      ['post', '/api/v1/admin/segments/preview'],
      ['get', `/api/v1/admin/segments/${none}/members`],
      ['get', `/api/v1/admin/segments/${none}/members.csv`],
      ['get', `/api/v1/admin/members/${member.id}`],
      ['get', `/api/v1/admin/members/${member.id}/segments`],
      ['get', `/api/v1/admin/members/${member.id}/checkins`],
      ['get', `/api/v1/admin/members/${member.id}/referrals`],
    ];
    const call = (m: string, p: string) => (t.http as unknown as Record<string, (p: string) => import('supertest').Test>)[m]!(p);
    for (const [m, p] of reads) {
      expect((await call(m, p).send({ conditions: {} })).status).toBe(401);
      expect([200, 404]).toContain((await call(m, p).set(admin.auth).send({ conditions: {} })).status);
      expect([200, 404]).toContain((await call(m, p).set(managerA.auth).send({ conditions: {} })).status);
      expect((await call(m, p).set(cashierA.auth).send({ conditions: {} })).status).toBe(403);
      expect((await call(m, p).set(member.auth).send({ conditions: {} })).status).toBe(403);
    }
    // The member never bought at or registered at store A: its manager may not see them.
    await t.http.get(`/api/v1/admin/members/${member.id}`).set(admin.auth).expect(200);
    await t.http.get(`/api/v1/admin/members/${member.id}`).set(managerA.auth).expect(404);
    await t.http.get(`/api/v1/admin/members/${member.id}/segments`).set(managerA.auth).expect(404);
    await t.http.get(`/api/v1/admin/members/${member.id}/checkins`).set(managerA.auth).expect(404);
    await t.http.get(`/api/v1/admin/members/${member.id}/referrals`).set(managerA.auth).expect(404);
  });

  it('stored value and paid membership: plans public, notify needs a WeChat Pay signature, admin reads for admins and managers', async () => {
    const none = '6f1c2a34-0000-4000-8000-000000000000';
    await t.http.get('/api/v1/stored-value/plans').expect(200);
    await t.http.get('/api/v1/membership/plans').expect(200);
    const unsigned = await t.http.post('/api/v1/payments/wechat/notify').send({ id: 'x', event_type: 'TRANSACTION.SUCCESS' });
    expect([unsigned.status, unsigned.body.code]).toEqual([401, 'PAYMENT_NOTIFICATION_INVALID']);
    const call = (m: string, p: string) => (t.http as unknown as Record<string, (p: string) => import('supertest').Test>)[m]!(p);
    const reads: [string, string][] = [
      ['get', '/api/v1/admin/stored-value/plans'],
      ['get', '/api/v1/admin/stored-value/settings'],
      ['get', '/api/v1/admin/membership/plans'],
      ['get', `/api/v1/admin/members/${member.id}/stored-value`],
      ['get', `/api/v1/admin/members/${member.id}/membership`],
      ['get', '/api/v1/admin/stored-value/settlement?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z'],
    ];
    for (const [m, p] of reads) {
      expect((await call(m, p)).status).toBe(401);
      expect((await call(m, p).set(admin.auth)).status).toBe(200);
      expect([200, 404]).toContain((await call(m, p).set(managerA.auth)).status);
      expect((await call(m, p).set(cashierA.auth)).status).toBe(403);
      expect((await call(m, p).set(member.auth)).status).toBe(403);
    }
    // A manager of store A sees neither another store's members nor its settlement.
    await t.http.get(`/api/v1/admin/members/${member.id}/stored-value`).set(managerA.auth).expect(404);
    await t.http.get(`/api/v1/admin/members/${member.id}/membership`).set(managerA.auth).expect(404);
    await t.http
      .get(`/api/v1/admin/stored-value/settlement?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z&storeId=${storeB}`)
      .set(managerA.auth)
      .expect(403);
    // The top-up refund: admins and managers; an unknown top-up 404; cashiers and members 403.
    const refund = (auth: { Authorization: string }) =>
      t.http.post(`/api/v1/admin/stored-value/top-ups/${none}/refund`).set(auth).send({ requestId: 'r-1' });
    expect((await t.http.post(`/api/v1/admin/stored-value/top-ups/${none}/refund`).send({})).status).toBe(401);
    expect((await refund(admin.auth)).status).toBe(404);
    expect((await refund(managerA.auth)).status).toBe(404);
    expect((await refund(cashierA.auth)).status).toBe(403);
    expect((await refund(member.auth)).status).toBe(403);
  });

  it('GET /admin/coupon-templates(/:id): admin and managers; not cashiers or members', async () => {
    for (const path of [
      '/api/v1/admin/coupon-templates',
      '/api/v1/admin/coupon-templates/6f1c2a34-0000-4000-8000-000000000000',
    ]) {
      expect((await t.http.get(path)).status).toBe(401);
      expect([200, 404]).toContain((await t.http.get(path).set(admin.auth)).status);
      expect([200, 404]).toContain((await t.http.get(path).set(managerA.auth)).status);
      await t.http.get(path).set(cashierA.auth).expect(403);
      await t.http.get(path).set(member.auth).expect(403);
    }
  });

  it('GET /admin/lotteries(/:id)(/report): admin and managers; not cashiers or members', async () => {
    for (const path of [
      '/api/v1/admin/lotteries',
      '/api/v1/admin/lotteries/6f1c2a34-0000-4000-8000-000000000000',
      '/api/v1/admin/lotteries/6f1c2a34-0000-4000-8000-000000000000/report',
    ]) {
      expect((await t.http.get(path)).status).toBe(401);
      expect([200, 404]).toContain((await t.http.get(path).set(admin.auth)).status);
      expect([200, 404]).toContain((await t.http.get(path).set(managerA.auth)).status);
      await t.http.get(path).set(cashierA.auth).expect(403);
      await t.http.get(path).set(member.auth).expect(403);
    }
  });

  it('the feedback inbox and its figures: admin and managers; not cashiers or members; another store 403 / 404', async () => {
    const none = '6f1c2a34-0000-4000-8000-000000000000';
    const routes: [string, string, object][] = [
      ['get', '/api/v1/admin/feedback', {}],
      ['get', `/api/v1/admin/feedback/${none}`, {}],
      ['post', `/api/v1/admin/feedback/${none}/reply`, { reply: '您好', status: 'replied' }],
      ['patch', `/api/v1/admin/feedback/${none}`, { status: 'closed' }],
      ['get', '/api/v1/admin/analytics/feedback?from=2026-01-01&to=2026-01-31', {}],
    ];
    const call = (m: string, p: string) => (t.http as unknown as Record<string, (p: string) => import('supertest').Test>)[m]!(p);
    for (const [m, p, body] of routes) {
      expect((await call(m, p).send(body)).status).toBe(401);
      expect([200, 404]).toContain((await call(m, p).set(admin.auth).send(body)).status);
      expect([200, 404]).toContain((await call(m, p).set(managerA.auth).send(body)).status);
      expect((await call(m, p).set(cashierA.auth).send(body)).status).toBe(403);
      expect((await call(m, p).set(member.auth).send(body)).status).toBe(403);
    }
    const other = await t.http.get(`/api/v1/admin/feedback?storeId=${storeB}`).set(managerA.auth).expect(403);
    expect(other.body.code).toBe('STORE_SCOPE');
    await t.http
      .get(`/api/v1/admin/analytics/feedback?from=2026-01-01&to=2026-01-31&storeId=${storeB}`)
      .set(managerA.auth)
      .expect(403);
  });

  it('GET /admin/stores: admin sees all stores, a manager only their own, a cashier and a member nothing', async () => {
    const all = await t.http.get('/api/v1/admin/stores').set(admin.auth).expect(200);
    expect(all.body.items.map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining([storeA, storeB]));
    const mine = await t.http.get('/api/v1/admin/stores').set(managerA.auth).expect(200);
    expect(mine.body.items.map((s: { id: string }) => s.id)).toEqual([storeA]);
    await t.http.get('/api/v1/admin/stores').set(cashierA.auth).expect(403);
    await t.http.get('/api/v1/admin/stores').set(member.auth).expect(403);
  });

  it('GET /admin/stores/:id: staff of store A cannot read store B (403 STORE_SCOPE)', async () => {
    await t.http.get(`/api/v1/admin/stores/${storeA}`).set(cashierA.auth).expect(200);
    for (const caller of [cashierA, managerA]) {
      const res = await t.http.get(`/api/v1/admin/stores/${storeB}`).set(caller.auth).expect(403);
      expect(res.body.code).toBe('STORE_SCOPE');
    }
    await t.http.get(`/api/v1/admin/stores/${storeB}`).set(admin.auth).expect(200);
    await t.http.get(`/api/v1/admin/stores/${storeB}`).set(member.auth).expect(403);
  });

  it('public routes answer without a token', async () => {
    await t.http.get('/api/v1/health').expect(200);
    await t.http.get('/api/v1/privacy-policy').expect(200);
    await t.http.get('/api/v1/health/ready').expect(200);
  });

  it('a member sees only their own card: the token decides, nothing in the request can name another member', async () => {
    const other = await loginMember(t);
    const mine = await t.http.get('/api/v1/me').set(member.auth).query({ id: other.id }).expect(200);
    expect(mine.body.id).toBe(member.id);
    const patched = await t.http.patch('/api/v1/me').set(member.auth).send({ id: other.id, nickname: 'x' }).expect(400);
    expect(patched.body.code).toBe('VALIDATION_FAILED');
    const otherCard = await t.http.get('/api/v1/me').set(other.auth).expect(200);
    expect(otherCard.body.nickname).toBeNull();
  });

  it('GET /admin/programme(/versions): admin and managers; not cashiers or members; GET /programme: anyone', async () => {
    for (const path of ['/api/v1/admin/programme', '/api/v1/admin/programme/versions']) {
      await t.http.get(path).expect(401);
      await t.http.get(path).set(admin.auth).expect(200);
      await t.http.get(path).set(managerA.auth).expect(200);
      await t.http.get(path).set(cashierA.auth).expect(403);
      await t.http.get(path).set(member.auth).expect(403);
    }
    await t.http.get('/api/v1/programme').expect(200);
  });
});
