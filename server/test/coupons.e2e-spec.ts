import { isValidCouponCode } from '@huiyuan/shared';
import type { StaffPrincipal } from '../src/common/auth.js';
import { CouponJobsService } from '../src/coupons/coupon-jobs.service.js';
import { TillService } from '../src/till/till.service.js';
import { createStore, loginMember, loginStaff, type LoggedInMember, type LoggedInStaff } from './helpers/factories.js';
import { CASH_100_20, claim, couponFor, createTemplate } from './helpers/coupons.js';
import { expectLedgerConsistent, grantPoints, identifyMember, memberCode, nextOrderNo } from './helpers/loyalty.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const OTHER_UUID = '6f1c2a34-0000-4000-8000-000000000000';

describe('coupon templates (admin)', () => {
  let t: TestApp;
  let admin: LoggedInStaff;
  let storeA: string;
  let storeB: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginStaff(t, 'admin');
    storeA = await createStore(t);
    storeB = await createStore(t);
  });
  afterAll(() => t.close());

  it('creates a 满100减20 template and answers it with its stock', async () => {
    const res = await t.http
      .post('/api/v1/admin/coupon-templates')
      .set(admin.auth)
      .send({ ...CASH_100_20, stores: [storeA], minTier: 'silver', stackable: true })
      .expect(201);
    expect(res.body).toMatchObject({
      id: expect.any(String),
      title: '满100减20',
      kind: 'cash',
      threshold: 10_000,
      amountOff: 2_000,
      totalStock: 100,
      issued: 0,
      remaining: 100,
      perMemberLimit: 1,
      validDays: 30,
      channels: ['center'],
      stores: [storeA],
      minTier: 'silver',
      stackable: true,
      status: 'active',
    });
    const read = await t.http.get(`/api/v1/admin/coupon-templates/${res.body.id}`).set(admin.auth).expect(200);
    expect(read.body).toEqual(res.body);
    const audit = await t.db.query('SELECT action FROM audit_log WHERE target_id = $1', [res.body.id]);
    expect(audit).toEqual([{ action: 'coupon_template.create' }]);
  });

  it.each<[string, Record<string, unknown>]>([
    ['an unknown field', { ...CASH_100_20, foo: 1 }],
    ['no title', { ...CASH_100_20, title: '' }],
    ['an unknown kind', { ...CASH_100_20, kind: 'bogus' }],
    ['a cash coupon without amountOff', { ...CASH_100_20, amountOff: undefined }],
    ['a percent of 100', { ...CASH_100_20, kind: 'percent', amountOff: undefined, percentOff: 100 }],
    ['a percentOff on a cash coupon', { ...CASH_100_20, percentOff: 10 }],
    ['both validDays and a window', { ...CASH_100_20, validFrom: '2025-06-01', validTo: '2025-06-30' }],
    ['no validity at all', { ...CASH_100_20, validDays: undefined }],
    [
      'a window that ends before it starts',
      { ...CASH_100_20, validDays: undefined, validFrom: '2025-06-30', validTo: '2025-06-01' },
    ],
    ['no channels', { ...CASH_100_20, channels: [] }],
    ['an unknown channel', { ...CASH_100_20, channels: ['street'] }],
    ['the points channel without pointsCost', { ...CASH_100_20, channels: ['points'] }],
    ['centre and points together', { ...CASH_100_20, channels: ['center', 'points'], pointsCost: 100 }],
    ['zero stock', { ...CASH_100_20, totalStock: 0 }],
    ['a fractional amount', { ...CASH_100_20, amountOff: 19.5 }],
    ['a store that is not a uuid', { ...CASH_100_20, stores: ['nope'] }],
    ['a store that does not exist', { ...CASH_100_20, stores: [OTHER_UUID] }],
  ])('refuses %s with 400 VALIDATION_FAILED', async (_, body) => {
    const res = await t.http.post('/api/v1/admin/coupon-templates').set(admin.auth).send(body).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });

  it('is for admins: 403 for members and cashiers; managers read the templates of their store only', async () => {
    const member = await loginMember(t);
    const cashier = await loginStaff(t, 'cashier', storeA);
    const manager = await loginStaff(t, 'manager', storeA);
    const everywhere = await createTemplate(t, admin, { title: '全场' });
    const onlyB = await createTemplate(t, admin, { title: 'B 店专享', stores: [storeB] });
    for (const caller of [member, cashier, manager]) {
      await t.http.post('/api/v1/admin/coupon-templates').set(caller.auth).send(CASH_100_20).expect(403);
      await t.http.post(`/api/v1/admin/coupon-templates/${everywhere.id}/pause`).set(caller.auth).send().expect(403);
      await t.http.patch(`/api/v1/admin/coupon-templates/${everywhere.id}`).set(caller.auth).send({ title: 'x' }).expect(403);
      await t.http
        .post(`/api/v1/admin/coupon-templates/${everywhere.id}/grants`)
        .set(caller.auth)
        .send({ memberIds: [member.id], idempotencyKey: 'k' })
        .expect(403);
    }
    for (const caller of [member, cashier]) {
      await t.http.get('/api/v1/admin/coupon-templates').set(caller.auth).expect(403);
    }
    await t.http.get('/api/v1/admin/coupon-templates').expect(401);
    const list = await t.http.get('/api/v1/admin/coupon-templates').set(manager.auth).expect(200);
    const ids = list.body.items.map((i: { id: string }) => i.id);
    expect(ids).toContain(everywhere.id);
    expect(ids).not.toContain(onlyB.id);
    await t.http.get(`/api/v1/admin/coupon-templates/${onlyB.id}`).set(manager.auth).expect(404);
    await t.http.get(`/api/v1/admin/coupon-templates/${everywhere.id}`).set(manager.auth).expect(200);
  });

  it('edits only what is safe after issue: title, description, stock and limit upwards, a later end of the window', async () => {
    const tpl = await createTemplate(t, admin, {
      validDays: undefined,
      validFrom: '2025-06-01',
      validTo: '2099-06-30',
      perMemberLimit: 2,
    });
    const ok = await t.http
      .patch(`/api/v1/admin/coupon-templates/${tpl.id}`)
      .set(admin.auth)
      .send({ title: '新标题', description: '说明', totalStock: 150, perMemberLimit: 3, validTo: '2099-07-31' })
      .expect(200);
    expect(ok.body).toMatchObject({
      title: '新标题',
      description: '说明',
      totalStock: 150,
      perMemberLimit: 3,
      validTo: '2099-07-31',
    });
    for (const body of [
      { totalStock: 0 },
      { perMemberLimit: 2 },
      { validTo: '2099-07-30' },
      { amountOff: 1 },
      { kind: 'percent' },
      { title: '' },
    ]) {
      const res = await t.http.patch(`/api/v1/admin/coupon-templates/${tpl.id}`).set(admin.auth).send(body).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    const daysTpl = await createTemplate(t, admin);
    await t.http
      .patch(`/api/v1/admin/coupon-templates/${daysTpl.id}`)
      .set(admin.auth)
      .send({ validTo: '2099-01-01' })
      .expect(400);
    await t.http.patch(`/api/v1/admin/coupon-templates/${OTHER_UUID}`).set(admin.auth).send({ title: 'x' }).expect(404);
    await t.http.patch('/api/v1/admin/coupon-templates/not-a-uuid').set(admin.auth).send({ title: 'x' }).expect(400);
  });

  it('a later validTo also extends the coupons already issued from the window', async () => {
    const member = await loginMember(t);
    const tpl = await createTemplate(t, admin, { validDays: undefined, validFrom: '2025-06-01', validTo: '2099-06-30' });
    const c = await claim(t, member, tpl.id).expect(201);
    expect(c.body.validTo).toBe('2099-06-30');
    await t.http.patch(`/api/v1/admin/coupon-templates/${tpl.id}`).set(admin.auth).send({ validTo: '2099-12-31' }).expect(200);
    const after = await t.http.get(`/api/v1/me/coupons/${c.body.id}`).set(member.auth).expect(200);
    expect(after.body.validTo).toBe('2099-12-31');
  });

  it('pauses and resumes: a paused template issues nothing, its coupons stay usable', async () => {
    const member = await loginMember(t);
    const tpl = await createTemplate(t, admin, { perMemberLimit: 5 });
    await claim(t, member, tpl.id).expect(201);
    const paused = await t.http.post(`/api/v1/admin/coupon-templates/${tpl.id}/pause`).set(admin.auth).send().expect(200);
    expect(paused.body.status).toBe('paused');
    await claim(t, member, tpl.id).expect(404);
    const centre = await t.http.get('/api/v1/coupons/center').set(member.auth).expect(200);
    expect(centre.body.items.map((i: { templateId: string }) => i.templateId)).not.toContain(tpl.id);
    const wallet = await t.http.get('/api/v1/me/coupons?status=available').set(member.auth).expect(200);
    expect(wallet.body.items).toHaveLength(1);
    await t.http.post(`/api/v1/admin/coupon-templates/${tpl.id}/resume`).set(admin.auth).send().expect(200);
    await claim(t, member, tpl.id).expect(201);
    const audit = await t.db.query('SELECT action FROM audit_log WHERE target_id = $1 ORDER BY created_at', [tpl.id]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual([
      'coupon_template.create',
      'coupon_template.pause',
      'coupon_template.resume',
    ]);
  });
});

describe('claim centre and wallet', () => {
  let t: TestApp;
  let admin: LoggedInStaff;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginStaff(t, 'admin');
  });
  afterEach(() => expectLedgerConsistent(t));
  afterAll(() => t.close());

  it('lists centre offers with what is left and what I claimed, and claims one → 201 Coupon with a checkable code', async () => {
    const member = await loginMember(t);
    const tpl = await createTemplate(t, admin, { totalStock: 5, perMemberLimit: 2 });
    const before = await t.http.get('/api/v1/coupons/center').set(member.auth).expect(200);
    expect(before.body.items.find((i: { templateId: string }) => i.templateId === tpl.id)).toMatchObject({
      templateId: tpl.id,
      title: '满100减20',
      kind: 'cash',
      remaining: 5,
      perMemberLimit: 2,
      claimedByMe: 0,
      threshold: 10_000,
      amountOff: 2_000,
      validDays: 30,
    });
    const res = await claim(t, member, tpl.id).expect(201);
    expect(res.body).toMatchObject({
      id: expect.any(String),
      templateId: tpl.id,
      title: '满100减20',
      kind: 'cash',
      status: 'available',
      threshold: 10_000,
      amountOff: 2_000,
      channel: 'center',
    });
    expect(isValidCouponCode(res.body.code)).toBe(true);
    expect(res.body.validFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(res.body.validTo).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const after = await t.http.get('/api/v1/coupons/center').set(member.auth).expect(200);
    expect(after.body.items.find((i: { templateId: string }) => i.templateId === tpl.id)).toMatchObject({
      remaining: 4,
      claimedByMe: 1,
    });
  });

  it('claims with no body at all', async () => {
    const member = await loginMember(t);
    const tpl = await createTemplate(t, admin);
    await t.http.post(`/api/v1/coupons/center/${tpl.id}/claim`).set(member.auth).expect(201);
  });

  it('refuses past the per-member limit with 422 COUPON_LIMIT_REACHED, and an empty stock with 422 COUPON_OUT_OF_STOCK', async () => {
    const member = await loginMember(t);
    const other = await loginMember(t);
    const tpl = await createTemplate(t, admin, { totalStock: 3, perMemberLimit: 2 });
    await claim(t, member, tpl.id).expect(201);
    await claim(t, member, tpl.id).expect(201);
    const limit = await claim(t, member, tpl.id).expect(422);
    expect(limit.body.code).toBe('COUPON_LIMIT_REACHED');
    await claim(t, other, tpl.id).expect(201);
    const stock = await claim(t, other, tpl.id).expect(422);
    expect(stock.body.code).toBe('COUPON_OUT_OF_STOCK');
    const [row] = await t.db.query('SELECT issued, total_stock FROM coupon_template WHERE id = $1', [tpl.id]);
    expect(row).toEqual({ issued: 3, total_stock: 3 });
  });

  it('raising the per-member limit lets members claim again', async () => {
    const member = await loginMember(t);
    const tpl = await createTemplate(t, admin);
    await claim(t, member, tpl.id).expect(201);
    await claim(t, member, tpl.id).expect(422);
    await t.http.patch(`/api/v1/admin/coupon-templates/${tpl.id}`).set(admin.auth).send({ perMemberLimit: 2 }).expect(200);
    await claim(t, member, tpl.id).expect(201);
  });

  it('answers 404 for offers not in the centre (welcome only, unknown), 422 COUPON_EXPIRED for an ended window, 422 for a too-low tier', async () => {
    const member = await loginMember(t);
    const welcomeOnly = await createTemplate(t, admin, { channels: ['welcome'] });
    await claim(t, member, welcomeOnly.id).expect(404);
    // (no more welcome coupons for the members of later tests)
    await t.http.post(`/api/v1/admin/coupon-templates/${welcomeOnly.id}/pause`).set(admin.auth).send().expect(200);
    await claim(t, member, OTHER_UUID).expect(404);
    await claim(t, member, 'nope').expect(400);
    const ended = await createTemplate(t, admin, { validDays: undefined, validFrom: '2020-01-01', validTo: '2020-01-31' });
    expect((await claim(t, member, ended.id).expect(422)).body.code).toBe('COUPON_EXPIRED');
    const gold = await createTemplate(t, admin, { minTier: 'gold' });
    expect((await claim(t, member, gold.id).expect(422)).body.code).toBe('COUPON_NOT_APPLICABLE');
  });

  it('a repeated requestId returns the first claim (200) and claims nothing more', async () => {
    const member = await loginMember(t);
    const tpl = await createTemplate(t, admin, { perMemberLimit: 5 });
    const first = await claim(t, member, tpl.id, { requestId: 'tap-1' }).expect(201);
    const again = await claim(t, member, tpl.id, { requestId: 'tap-1' }).expect(200);
    expect(again.body).toEqual(first.body);
    const [row] = await t.db.query('SELECT issued FROM coupon_template WHERE id = $1', [tpl.id]);
    expect(row.issued).toBe(1);
    await claim(t, member, tpl.id, { requestId: 'bad key!' }).expect(400);
    await claim(t, member, tpl.id, { other: 1 }).expect(400);
  });

  it('ten concurrent claims with one requestId → one coupon (201), the others answer with it (200)', async () => {
    const member = await loginMember(t);
    const tpl = await createTemplate(t, admin, { perMemberLimit: 20 });
    const results = await Promise.all(Array.from({ length: 10 }, () => claim(t, member, tpl.id, { requestId: 'tap-race' })));
    expect(results.map((r) => r.status).sort()).toEqual([...Array(9).fill(200), 201]);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    const [row] = await t.db.query('SELECT issued FROM coupon_template WHERE id = $1', [tpl.id]);
    expect(row.issued).toBe(1);
    const [counter] = await t.db.query('SELECT claimed FROM coupon_claim WHERE member_id = $1 AND template_id = $2', [
      member.id,
      tpl.id,
    ]);
    expect(counter.claimed).toBe(1);
  });

  it('claims need a member token (401), consent (403 CONSENT_REQUIRED) and are not for staff (403)', async () => {
    const tpl = await createTemplate(t, admin);
    await t.http.post(`/api/v1/coupons/center/${tpl.id}/claim`).send({}).expect(401);
    await t.http.get('/api/v1/coupons/center').expect(401);
    const noConsent = await loginMember(t, { consent: false });
    const refused = await claim(t, noConsent, tpl.id).expect(403);
    expect(refused.body.code).toBe('CONSENT_REQUIRED');
    expect((await t.http.get('/api/v1/coupons/center').set(noConsent.auth).expect(403)).body.code).toBe('CONSENT_REQUIRED');
    const cashier = await loginStaff(t, 'cashier');
    await t.http.post(`/api/v1/coupons/center/${tpl.id}/claim`).set(cashier.auth).send({}).expect(403);
    await t.http.get('/api/v1/me/coupons').set(cashier.auth).expect(403);
  });

  it('the wallet lists my coupons by status; another member sees neither the list entry nor the detail (404)', async () => {
    const a = await loginMember(t);
    const b = await loginMember(t);
    const { coupon } = await couponFor(t, admin, a);
    const mine = await t.http.get('/api/v1/me/coupons?status=available').set(a.auth).expect(200);
    expect(mine.body.items.map((c: { id: string }) => c.id)).toEqual([coupon.id]);
    expect((await t.http.get('/api/v1/me/coupons?status=used').set(a.auth).expect(200)).body.items).toEqual([]);
    await t.http.get(`/api/v1/me/coupons/${coupon.id}`).set(a.auth).expect(200);
    const theirs = await t.http.get('/api/v1/me/coupons').set(b.auth).expect(200);
    expect(theirs.body.items).toEqual([]);
    const res = await t.http.get(`/api/v1/me/coupons/${coupon.id}`).set(b.auth).expect(404);
    expect(res.body.code).toBe('NOT_FOUND');
    await t.http.get('/api/v1/me/coupons?status=bogus').set(a.auth).expect(400);
    await t.http.get('/api/v1/me/coupons/not-a-uuid').set(a.auth).expect(400);
  });
});

describe('points mall (channel points)', () => {
  let t: TestApp;
  let admin: LoggedInStaff;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginStaff(t, 'admin');
  });
  afterEach(() => expectLedgerConsistent(t));
  afterAll(() => t.close());

  const mallTemplate = () =>
    createTemplate(t, admin, {
      title: '积分兑换 8折券',
      kind: 'percent',
      amountOff: undefined,
      threshold: 0,
      percentOff: 20,
      maxOff: 3000,
      channels: ['points'],
      pointsCost: 500,
      totalStock: 10,
      perMemberLimit: 3,
    });

  it('lists mall offers with their points cost and charges them on claim, through the ledger (kind exchange)', async () => {
    const member = await loginMember(t);
    await grantPoints(t, admin, member.id, 1200);
    const tpl = await mallTemplate();
    const mall = await t.http.get('/api/v1/coupons/center?channel=points').set(member.auth).expect(200);
    expect(mall.body.items.map((i: { templateId: string }) => i.templateId)).toEqual([tpl.id]);
    expect(mall.body.items[0]).toMatchObject({ pointsCost: 500, percentOff: 20, maxOff: 3000 });
    const res = await claim(t, member, tpl.id).expect(201);
    expect(res.body).toMatchObject({ kind: 'percent', percentOff: 20, channel: 'points' });
    const me = await t.http.get('/api/v1/me').set(member.auth).expect(200);
    expect(me.body.points).toBe(700);
    const [entry] = await t.db.query(
      "SELECT kind, delta, business_key FROM points_entry WHERE member_id = $1 AND kind = 'exchange'",
      [member.id],
    );
    expect(entry).toEqual({ kind: 'exchange', delta: -500, business_key: `coupon:${res.body.id}:exchange` });
    const history = await t.http.get('/api/v1/me/points').set(member.auth).expect(200);
    expect(history.body.items[0]).toMatchObject({ delta: -500, kind: 'exchange' });
  });

  it('with too few points → 422 INSUFFICIENT_POINTS: no coupon, no stock taken, no claim counted, no points moved', async () => {
    const member = await loginMember(t);
    await grantPoints(t, admin, member.id, 499);
    const tpl = await mallTemplate();
    const res = await claim(t, member, tpl.id).expect(422);
    expect(res.body.code).toBe('INSUFFICIENT_POINTS');
    const [row] = await t.db.query('SELECT issued FROM coupon_template WHERE id = $1', [tpl.id]);
    expect(row.issued).toBe(0);
    expect(await t.db.query('SELECT id FROM coupon WHERE member_id = $1', [member.id])).toEqual([]);
    expect(await t.db.query('SELECT claimed FROM coupon_claim WHERE member_id = $1', [member.id])).toEqual([]);
    const [m] = await t.db.query('SELECT points FROM member WHERE id = $1', [member.id]);
    expect(m.points).toBe(499);
  });

  it('20 concurrent exchanges by one member with points for 2 → exactly 2 coupons and 1000 points spent', async () => {
    const member = await loginMember(t);
    await grantPoints(t, admin, member.id, 1100);
    const tpl = await mallTemplate();
    const results = await Promise.all(Array.from({ length: 20 }, () => claim(t, member, tpl.id)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(2);
    expect(results.filter((r) => r.status !== 201).every((r) => r.status === 422 && r.body.code === 'INSUFFICIENT_POINTS')).toBe(
      true,
    );
    const [m] = await t.db.query('SELECT points FROM member WHERE id = $1', [member.id]);
    expect(m.points).toBe(100);
    const [row] = await t.db.query('SELECT issued FROM coupon_template WHERE id = $1', [tpl.id]);
    expect(row.issued).toBe(2);
  });
});

describe('coupons at the till', () => {
  let t: TestApp;
  let admin: LoggedInStaff;
  let cashier: LoggedInStaff;
  let till: TillService;
  const principal = (s: LoggedInStaff): StaffPrincipal => ({ kind: 'staff', id: s.id, role: 'cashier', storeId: s.storeId });
  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginStaff(t, 'admin');
    cashier = await loginStaff(t, 'cashier');
    till = t.app.get(TillService);
  });
  afterEach(() => expectLedgerConsistent(t));
  afterAll(() => t.close());

  // Spending coupons needs the member present: `present(m)` scans their code at the till first.
  const identifications = new Map<string, string>();
  const present = async (m: LoggedInMember) => {
    identifications.set(m.id, await identifyMember(t, cashier, m.id));
  };
  const order = (m: LoggedInMember, amount: number, couponCodes: string[], extra: Record<string, unknown> = {}) =>
    t.http
      .post('/api/v1/cashier/orders')
      .set(cashier.auth)
      .send({
        memberId: m.id,
        orderNo: nextOrderNo(),
        amount,
        couponCodes,
        identificationId: identifications.get(m.id),
        ...extra,
      });
  const refund = (orderNo: string, body: { refundNo: string; amount: number }) =>
    t.http.post(`/api/v1/cashier/orders/${orderNo}/refunds`).set(cashier.auth).send(body);
  const redeem = (couponCode: string, extra: Record<string, unknown> = {}, staff = cashier) =>
    t.http
      .post('/api/v1/cashier/coupons/redeem')
      .set(staff.auth)
      .send({ couponCode, ...extra });

  it('identify lists the coupons usable at this store (not those of other stores, used or expired ones)', async () => {
    const m = await loginMember(t);
    const otherStore = await createStore(t);
    const here = await couponFor(t, admin, m);
    await couponFor(t, admin, m, { stores: [otherStore] });
    const gift = await couponFor(t, admin, m, { kind: 'gift', title: '免费饮品', threshold: undefined, amountOff: undefined });
    const res = await t.http
      .post('/api/v1/cashier/identify')
      .set(cashier.auth)
      .send({ memberCode: await memberCode(t, m.id) })
      .expect(200);
    expect(res.body.usableCoupons.map((c: { id: string }) => c.id).sort()).toEqual([here.coupon.id, gift.coupon.id].sort());
    expect(res.body.usableCoupons[0]).toMatchObject({
      code: expect.any(String),
      templateId: expect.any(String),
      title: expect.any(String),
      status: 'available',
    });
  });

  it('an order with a 满100减20 coupon takes ¥20 off, marks it used and earns on what was paid', async () => {
    const m = await loginMember(t);
    await present(m);
    const { coupon } = await couponFor(t, admin, m);
    const res = await order(m, 12_000, [coupon.code]).expect(201);
    expect(res.body).toMatchObject({
      amount: 12_000,
      discount: 2_000,
      payable: 10_000,
      pointsEarned: 100,
      couponsUsed: [coupon.code],
    });
    const [row] = await t.db.query('SELECT coupon_discount FROM member_order WHERE id = $1', [res.body.orderId]);
    expect(row.coupon_discount).toBe(2_000);
    const detail = await t.http.get(`/api/v1/me/coupons/${coupon.id}`).set(m.auth).expect(200);
    expect(detail.body.status).toBe('used');
    const again = await order(m, 12_000, [coupon.code]).expect(422);
    expect(again.body.code).toBe('COUPON_ALREADY_USED');
  });

  it('accepts the code as printed (hyphens, lower case) and replays the order with the same result', async () => {
    const m = await loginMember(t);
    await present(m);
    const { coupon } = await couponFor(t, admin, m);
    const printed = `${coupon.code.slice(0, 5)}-${coupon.code.slice(5, 10)}-${coupon.code.slice(10)}`.toLowerCase();
    const orderNo = nextOrderNo();
    const first = await order(m, 10_000, [printed], { orderNo }).expect(201);
    const replay = await order(m, 10_000, [coupon.code], { orderNo }).expect(200);
    expect(replay.body).toEqual(first.body);
  });

  it('applies coupons before points, and stacks only stackable coupons (cash first, then percent)', async () => {
    const m = await loginMember(t);
    await present(m);
    await grantPoints(t, admin, m.id, 1000);
    const cash = await couponFor(t, admin, m, { stackable: true });
    const pct = await couponFor(t, admin, m, {
      kind: 'percent',
      amountOff: undefined,
      threshold: 0,
      percentOff: 10,
      stackable: true,
    });
    const res = await order(m, 10_000, [pct.coupon.code, cash.coupon.code], { pointsToRedeem: 500 }).expect(201);
    // ¥100 − 20 = ¥80, 10% of 80 = ¥8 → ¥72; then 500 points = ¥5 → ¥67.
    expect(res.body).toMatchObject({ discount: 2_000 + 800 + 500, payable: 6_700, pointsRedeemed: 500 });
    const lone = await couponFor(t, admin, m);
    const other = await couponFor(t, admin, m, { stackable: true });
    const refused = await order(m, 50_000, [lone.coupon.code, other.coupon.code]).expect(422);
    expect(refused.body.code).toBe('COUPON_NOT_APPLICABLE');
    expect(
      await t.db.query("SELECT id FROM coupon WHERE id = ANY($1::uuid[]) AND status = 'used'", [
        [lone.coupon.id, other.coupon.id],
      ]),
    ).toEqual([]);
  });

  it('refuses a coupon below its threshold, at another store, or a gift coupon on an order (422 COUPON_NOT_APPLICABLE)', async () => {
    const m = await loginMember(t);
    await present(m);
    const { coupon } = await couponFor(t, admin, m);
    expect((await order(m, 9_999, [coupon.code]).expect(422)).body.code).toBe('COUPON_NOT_APPLICABLE');
    const elsewhere = await couponFor(t, admin, m, { stores: [await createStore(t)] });
    expect((await order(m, 20_000, [elsewhere.coupon.code]).expect(422)).body.code).toBe('COUPON_NOT_APPLICABLE');
    const gift = await couponFor(t, admin, m, { kind: 'gift', threshold: undefined, amountOff: undefined });
    expect((await order(m, 20_000, [gift.coupon.code]).expect(422)).body.code).toBe('COUPON_NOT_APPLICABLE');
    expect((await order(m, 20_000, [coupon.code, coupon.code]).expect(422)).body.code).toBe('COUPON_NOT_APPLICABLE');
    const [row] = await t.db.query('SELECT status FROM coupon WHERE id = $1', [coupon.id]);
    expect(row.status).toBe('available');
  });

  it('a code that is not a coupon code (typo) is 400', async () => {
    const m = await loginMember(t);
    await present(m);
    const { coupon } = await couponFor(t, admin, m);
    const typo = coupon.code.slice(0, 14) + (coupon.code[14] === 'A' ? 'B' : 'A');
    expect((await order(m, 20_000, [typo]).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await redeem('hello').expect(400)).body.code).toBe('VALIDATION_FAILED');
  });

  it("member A's coupon cannot be used on member B's order (422) nor redeemed for B (404), nor seen by B", async () => {
    const a = await loginMember(t);
    const b = await loginMember(t);
    await present(b);
    const { coupon } = await couponFor(t, admin, a);
    const res = await order(b, 20_000, [coupon.code]).expect(422);
    expect(res.body.code).toBe('COUPON_NOT_APPLICABLE');
    const gift = await couponFor(t, admin, a, { kind: 'gift', threshold: undefined, amountOff: undefined });
    await redeem(gift.coupon.code, { memberId: b.id }).expect(404);
    await t.http.get(`/api/v1/me/coupons/${gift.coupon.id}`).set(b.auth).expect(404);
    const [row] = await t.db.query('SELECT status FROM coupon WHERE id = $1', [gift.coupon.id]);
    expect(row.status).toBe('available');
    await redeem(gift.coupon.code, { memberId: a.id }).expect(200);
  });

  it('the same coupon in two concurrent orders → one order gets it, the other 422 COUPON_ALREADY_USED', async () => {
    const m = await loginMember(t);
    await present(m);
    const { coupon } = await couponFor(t, admin, m);
    const results = await Promise.all([order(m, 12_000, [coupon.code]), order(m, 15_000, [coupon.code])]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 422]);
    expect(results.find((r) => r.status === 422)!.body.code).toBe('COUPON_ALREADY_USED');
    const [{ n }] = await t.db.query('SELECT COUNT(*)::int AS n FROM member_order WHERE member_id = $1', [m.id]);
    expect(n).toBe(1);
  });

  it('redeems a gift coupon → 200 { coupon } used; again → 422 COUPON_ALREADY_USED; a cash coupon belongs on an order (422)', async () => {
    const m = await loginMember(t);
    const gift = await couponFor(t, admin, m, { kind: 'gift', title: '免费饮品', threshold: undefined, amountOff: undefined });
    const res = await redeem(gift.coupon.code).expect(200);
    expect(res.body.coupon).toMatchObject({ id: gift.coupon.id, status: 'used', kind: 'gift', title: '免费饮品' });
    expect((await redeem(gift.coupon.code).expect(422)).body.code).toBe('COUPON_ALREADY_USED');
    const cash = await couponFor(t, admin, m);
    expect((await redeem(cash.coupon.code).expect(422)).body.code).toBe('COUPON_NOT_APPLICABLE');
    await redeem('23456-78923-45678').expect((r) => expect([400, 404]).toContain(r.status));
  });

  it('20 concurrent redemptions of one gift coupon → exactly one succeeds', async () => {
    const m = await loginMember(t);
    const gift = await couponFor(t, admin, m, { kind: 'gift', threshold: undefined, amountOff: undefined });
    const results = await Promise.all(Array.from({ length: 20 }, () => redeem(gift.coupon.code)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 422).every((r) => r.body.code === 'COUPON_ALREADY_USED')).toBe(true);
    expect(results.filter((r) => r.status === 422)).toHaveLength(19);
  });

  it('redeem is for cashiers and managers of a store: 401 without a token, 403 for members and admins', async () => {
    const m = await loginMember(t);
    await t.http.post('/api/v1/cashier/coupons/redeem').send({ couponCode: 'x' }).expect(401);
    await t.http.post('/api/v1/cashier/coupons/redeem').set(m.auth).send({ couponCode: 'x' }).expect(403);
    await t.http.post('/api/v1/cashier/coupons/redeem').set(admin.auth).send({ couponCode: 'x' }).expect(403);
    await t.http.post('/api/v1/cashier/coupons/redeem').set(cashier.auth).send({}).expect(400);
  });

  it('a full refund gives the coupon back once; replaying the refund gives nothing more', async () => {
    const m = await loginMember(t);
    await present(m);
    const { coupon } = await couponFor(t, admin, m);
    const placed = await order(m, 12_000, [coupon.code]).expect(201);
    const full = await refund(placed.body.orderNo, { refundNo: 'R1', amount: 10_000 }).expect(201);
    expect(full.body.couponsRestored).toEqual([coupon.code]);
    const [row] = await t.db.query('SELECT status, used_order_id, restored_count FROM coupon WHERE id = $1', [coupon.id]);
    expect(row).toEqual({ status: 'available', used_order_id: null, restored_count: 1 });
    const replay = await refund(placed.body.orderNo, { refundNo: 'R1', amount: 10_000 }).expect(200);
    expect(replay.body).toEqual(full.body);
    const [again] = await t.db.query('SELECT restored_count FROM coupon WHERE id = $1', [coupon.id]);
    expect(again.restored_count).toBe(1);
    // Back in the wallet, usable on the next order.
    await order(m, 12_000, [coupon.code]).expect(201);
  });

  it('a partial refund keeps the coupon used; the refund that completes the full refund gives it back', async () => {
    const m = await loginMember(t);
    await present(m);
    const { coupon } = await couponFor(t, admin, m);
    const placed = await order(m, 12_000, [coupon.code]).expect(201);
    const half = await refund(placed.body.orderNo, { refundNo: 'R1', amount: 5_000 }).expect(201);
    expect(half.body.couponsRestored).toEqual([]);
    expect((await t.db.query('SELECT status FROM coupon WHERE id = $1', [coupon.id]))[0].status).toBe('used');
    const rest = await refund(placed.body.orderNo, { refundNo: 'R2', amount: 5_000 }).expect(201);
    expect(rest.body.couponsRestored).toEqual([coupon.code]);
  });

  it('a coupon that expired before the full refund is not given back', async () => {
    const m = await loginMember(t);
    await present(m);
    const { coupon } = await couponFor(t, admin, m, { validDays: 1 });
    const placed = await order(m, 12_000, [coupon.code]).expect(201);
    const later = new Date(Date.now() + 3 * 86_400_000);
    const res = await till.refund(principal(cashier), placed.body.orderNo, { refundNo: 'R1', amount: 10_000 }, later);
    expect(res.body.couponsRestored).toEqual([]);
    expect((await t.db.query('SELECT status FROM coupon WHERE id = $1', [coupon.id]))[0].status).toBe('used');
  });

  it('an expired coupon cannot be used on an order (422 COUPON_EXPIRED)', async () => {
    const m = await loginMember(t);
    const { coupon } = await couponFor(t, admin, m, { validDays: 1 });
    const later = new Date(Date.now() + 3 * 86_400_000);
    const { identification } = await till.identify(principal(cashier), await memberCode(t, m.id, later), later);
    await expect(
      till.createOrder(
        principal(cashier),
        {
          memberId: m.id,
          orderNo: nextOrderNo(),
          amount: 12_000,
          couponCodes: [coupon.code],
          identificationId: identification.id,
        },
        later,
      ),
    ).rejects.toMatchObject({
      code: 'COUPON_EXPIRED',
    });
  });
});

describe('coupon automations and grants', () => {
  let t: TestApp;
  let admin: LoggedInStaff;
  let jobs: CouponJobsService;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginStaff(t, 'admin');
    jobs = t.app.get(CouponJobsService);
  });
  afterAll(() => t.close());

  it('a new member gets the welcome coupons at registration, once (a second login adds none)', async () => {
    const tpl = await createTemplate(t, admin, { title: '新人券', channels: ['welcome'], totalStock: 1000 });
    const paused = await createTemplate(t, admin, { title: '暂停的新人券', channels: ['welcome'] });
    await t.http.post(`/api/v1/admin/coupon-templates/${paused.id}/pause`).set(admin.auth).send().expect(200);
    const m = await loginMember(t);
    const wallet = await t.http.get('/api/v1/me/coupons').set(m.auth).expect(200);
    expect(wallet.body.items.map((c: { templateId: string; channel: string }) => [c.templateId, c.channel])).toEqual([
      [tpl.id, 'welcome'],
    ]);
    await loginMember(t, { openid: m.openid });
    const again = await t.http.get('/api/v1/me/coupons').set(m.auth).expect(200);
    expect(again.body.items).toHaveLength(1);
    const notes = await t.http.get('/api/v1/me/notifications').set(m.auth).expect(200);
    expect(notes.body.items.map((n: { kind: string }) => n.kind)).toContain('coupon_welcome');
    await t.http.post(`/api/v1/admin/coupon-templates/${tpl.id}/pause`).set(admin.auth).send().expect(200);
  });

  it('an out-of-stock welcome template does not stop registration', async () => {
    const tpl = await createTemplate(t, admin, { title: '限量新人券', channels: ['welcome'], totalStock: 1 });
    const first = await loginMember(t);
    const second = await loginMember(t);
    expect(
      (await t.http.get('/api/v1/me/coupons').set(first.auth)).body.items.map((c: { templateId: string }) => c.templateId),
    ).toContain(tpl.id);
    expect(
      (await t.http.get('/api/v1/me/coupons').set(second.auth)).body.items.map((c: { templateId: string }) => c.templateId),
    ).not.toContain(tpl.id);
    await t.http.post(`/api/v1/admin/coupon-templates/${tpl.id}/pause`).set(admin.auth).send().expect(200);
  });

  it('the birthday job gives one coupon in the birthday month; running it twice (or next month) gives no more', async () => {
    const tpl = await createTemplate(t, admin, { title: '生日券', channels: ['birthday'], totalStock: 1000 });
    const june = await loginMember(t);
    const july = await loginMember(t);
    await t.db.query("UPDATE member SET birthday = '1990-06-25' WHERE id = $1", [june.id]);
    await t.db.query("UPDATE member SET birthday = '1991-07-02' WHERE id = $1", [july.id]);
    const now = new Date('2030-06-03T02:00:00Z');
    const first = await jobs.issueBirthdayCoupons(now);
    expect(first.issued).toBe(1);
    expect((await jobs.issueBirthdayCoupons(now)).issued).toBe(0);
    expect((await jobs.issueBirthdayCoupons(new Date('2030-06-20T02:00:00Z'))).issued).toBe(0);
    const coupons = await t.db.query('SELECT member_id, issue_key, channel FROM coupon WHERE template_id = $1', [tpl.id]);
    expect(coupons).toEqual([{ member_id: june.id, issue_key: `birthday:2030:${tpl.id}`, channel: 'birthday' }]);
    // A changed birthday within the year does not give a second coupon that year.
    await t.db.query("UPDATE member SET birthday = '1990-07-25' WHERE id = $1", [june.id]);
    expect((await jobs.issueBirthdayCoupons(new Date('2030-07-03T02:00:00Z'))).issued).toBe(1); // July's member only
    // Next year, again.
    await t.db.query("UPDATE member SET birthday = '1990-06-25' WHERE id = $1", [june.id]);
    expect((await jobs.issueBirthdayCoupons(new Date('2031-06-03T02:00:00Z'))).issued).toBe(1);
    const [note] = await t.db.query("SELECT title FROM member_notification WHERE member_id = $1 AND kind = 'coupon_birthday'", [
      june.id,
    ]);
    expect(note.title).toContain('生日');
    await t.http.post(`/api/v1/admin/coupon-templates/${tpl.id}/pause`).set(admin.auth).send().expect(200);
  });

  it('a birthday template with minTier gold goes to gold members only', async () => {
    const tpl = await createTemplate(t, admin, { title: '金卡生日礼', channels: ['birthday'], minTier: 'gold', totalStock: 100 });
    const normal = await loginMember(t);
    const gold = await loginMember(t);
    await t.db.query("UPDATE member SET birthday = '1990-09-10' WHERE id = ANY($1::uuid[])", [[normal.id, gold.id]]);
    await t.db.query("UPDATE member SET tier_code = 'gold' WHERE id = $1", [gold.id]);
    await jobs.issueBirthdayCoupons(new Date('2030-09-01T02:00:00Z'));
    const holders = await t.db.query('SELECT member_id FROM coupon WHERE template_id = $1', [tpl.id]);
    expect(holders).toEqual([{ member_id: gold.id }]);
    await t.http.post(`/api/v1/admin/coupon-templates/${tpl.id}/pause`).set(admin.auth).send().expect(200);
  });

  it('the expiry job marks lapsed coupons expired, and a second run changes nothing', async () => {
    const m = await loginMember(t);
    const { coupon } = await couponFor(t, admin, m, { validDays: 1 });
    const keeper = await couponFor(t, admin, m, { validDays: 30 });
    const later = new Date(Date.now() + 3 * 86_400_000);
    const first = await jobs.expireCoupons(later);
    expect(first.expired).toBeGreaterThanOrEqual(1);
    expect((await jobs.expireCoupons(later)).expired).toBe(0);
    const rows = await t.db.query('SELECT id, status FROM coupon WHERE id = ANY($1::uuid[]) ORDER BY status', [
      [coupon.id, keeper.coupon.id],
    ]);
    expect(rows).toEqual(
      expect.arrayContaining([
        { id: coupon.id, status: 'expired' },
        { id: keeper.coupon.id, status: 'available' },
      ]),
    );
    const wallet = await t.http.get('/api/v1/me/coupons?status=expired').set(m.auth).expect(200);
    expect(wallet.body.items.map((c: { id: string }) => c.id)).toEqual([coupon.id]);
  });

  it('admin grants to listed members: idempotent on the key, within stock (all or nothing), audited', async () => {
    const tpl = await createTemplate(t, admin, { title: '补偿券', channels: ['grant'], totalStock: 3 });
    const [a, b, c, d] = await Promise.all([loginMember(t), loginMember(t), loginMember(t), loginMember(t)]);
    const grant = (memberIds: string[], idempotencyKey: string) =>
      t.http.post(`/api/v1/admin/coupon-templates/${tpl.id}/grants`).set(admin.auth).send({ memberIds, idempotencyKey });
    const first = await grant([a!.id, b!.id], 'ticket-1').expect(201);
    expect(first.body).toMatchObject({ templateId: tpl.id, idempotencyKey: 'ticket-1', issued: 2 });
    expect(first.body.coupons.map((x: { memberId: string }) => x.memberId)).toEqual([a!.id, b!.id]);
    const replay = await grant([a!.id, b!.id], 'ticket-1').expect(200);
    expect(replay.body.coupons).toEqual(first.body.coupons);
    expect(replay.body.issued).toBe(0);
    // Two more do not fit in the one left: nothing is issued.
    const over = await grant([c!.id, d!.id], 'ticket-2').expect(422);
    expect(over.body.code).toBe('COUPON_OUT_OF_STOCK');
    expect(await t.db.query('SELECT id FROM coupon WHERE member_id = ANY($1::uuid[])', [[c!.id, d!.id]])).toEqual([]);
    const unknown = await grant([c!.id, OTHER_UUID], 'ticket-3').expect(404);
    expect(unknown.body.details).toEqual([OTHER_UUID]);
    await grant([c!.id], 'ticket-2').expect(201);
    const [row] = await t.db.query('SELECT issued, total_stock FROM coupon_template WHERE id = $1', [tpl.id]);
    expect(row).toEqual({ issued: 3, total_stock: 3 });
    const audit = await t.db.query(
      "SELECT details FROM audit_log WHERE action = 'coupon.grant' AND target_id = $1 ORDER BY created_at",
      [tpl.id],
    );
    expect(audit.map((x: { details: { members: number } }) => x.details.members)).toEqual([2, 1]);
    const wallet = await t.http.get('/api/v1/me/coupons').set(a!.auth).expect(200);
    expect(wallet.body.items.map((x: { channel: string }) => x.channel)).toContain('grant');
  });

  it('10 concurrent identical grants → one set of coupons', async () => {
    const tpl = await createTemplate(t, admin, { title: '并发补偿', channels: ['grant'], totalStock: 100 });
    const members = await Promise.all([loginMember(t), loginMember(t), loginMember(t)]);
    const body = { memberIds: members.map((m) => m.id), idempotencyKey: 'same' };
    const results = await Promise.all(
      Array.from({ length: 10 }, () => t.http.post(`/api/v1/admin/coupon-templates/${tpl.id}/grants`).set(admin.auth).send(body)),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.every((r) => r.status === 201 || r.status === 200)).toBe(true);
    const [row] = await t.db.query('SELECT issued FROM coupon_template WHERE id = $1', [tpl.id]);
    expect(row.issued).toBe(3);
  });

  it('grants refuse templates without the grant channel and bad input', async () => {
    const m = await loginMember(t);
    const centre = await createTemplate(t, admin);
    const res = await t.http
      .post(`/api/v1/admin/coupon-templates/${centre.id}/grants`)
      .set(admin.auth)
      .send({ memberIds: [m.id], idempotencyKey: 'k' })
      .expect(422);
    expect(res.body.code).toBe('COUPON_NOT_APPLICABLE');
    for (const body of [
      { memberIds: [], idempotencyKey: 'k' },
      { memberIds: ['x'], idempotencyKey: 'k' },
      { memberIds: [m.id] },
      { memberIds: [m.id], idempotencyKey: 'bad key' },
    ]) {
      await t.http.post(`/api/v1/admin/coupon-templates/${centre.id}/grants`).set(admin.auth).send(body).expect(400);
    }
    await t.http
      .post(`/api/v1/admin/coupon-templates/${OTHER_UUID}/grants`)
      .set(admin.auth)
      .send({ memberIds: [m.id], idempotencyKey: 'k' })
      .expect(404);
  });
});

describe('demo programme', () => {
  it('seeds one coupon template per channel, claimable and valid by the shared rules', async () => {
    const t = await createTestApp({ env: { HUIYUAN_DEMO: '1' } });
    try {
      const login = await t.http.post('/api/v1/auth/staff/login').send({ username: 'admin', password: 'admin1234' }).expect(200);
      const list = await t.http
        .get('/api/v1/admin/coupon-templates')
        .set({ Authorization: `Bearer ${login.body.token as string}` })
        .expect(200);
      const channels = list.body.items.flatMap((i: { channels: string[] }) => i.channels).sort();
      expect(channels).toEqual(['birthday', 'center', 'center', 'center', 'grant', 'membership', 'points', 'welcome']);
      // The stored-value ladder and the PLUS plans (a trial and three terms, one set of benefits with the membership pack).
      const plans = await t.http.get('/api/v1/stored-value/plans').expect(200);
      expect(plans.body.items.map((p: { title: string }) => p.title)).toEqual(['充 100 送 10', '充 300 送 40', '充 500 送 80']);
      const plus = await t.http.get('/api/v1/membership/plans').expect(200);
      expect(plus.body.items.map((p: { title: string; trial: boolean }) => [p.title, p.trial])).toEqual([
        ['PLUS 7 天免费体验', true],
        ['PLUS 月卡', false],
        ['PLUS 季卡', false],
        ['PLUS 年卡', false],
      ]);
      const m = await loginMember(t);
      const wallet = await t.http.get('/api/v1/me/coupons').set(m.auth).expect(200);
      expect(wallet.body.items.map((c: { title: string }) => c.title)).toEqual(['新人专享 满50减10']);
      const centre = await t.http.get('/api/v1/coupons/center').set(m.auth).expect(200);
      expect(centre.body.items).toHaveLength(4);
    } finally {
      await t.close();
    }
  });
});
