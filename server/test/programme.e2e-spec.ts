// Programme configuration: versioned, validated, audited; orders and member cards follow the
// version in force, and orders remember theirs.
import { loginMember, loginStaff, type LoggedInStaff } from './helpers/factories.js';
import { nextOrderNo, placeOrder } from './helpers/loyalty.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

type View = {
  version: number;
  currency: string;
  timezone: string;
  earning: { pointsPerYuan: number; growthPerYuan: number };
  redemption: Record<string, number>;
  expiry: { policy: string; days?: number };
  tiers: { code: string; growthThreshold: number; discountRateBp: number; [k: string]: unknown }[];
};

describe('programme configuration', () => {
  let t: TestApp;
  let admin: LoggedInStaff;
  let cashier: LoggedInStaff;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginStaff(t, 'admin');
    cashier = await loginStaff(t, 'cashier');
  });
  afterAll(() => t.close());

  const current = async (): Promise<View> => (await t.http.get('/api/v1/admin/programme').set(admin.auth).expect(200)).body;
  const asPut = ({ version, ...rest }: View) => ({ expectedVersion: version, ...rest });
  const orderVersion = async (orderNo: string) =>
    (await t.db.query('SELECT programme_version FROM member_order WHERE order_no = $1', [orderNo]))[0].programme_version;

  it('GET answers the seeded programme: today’s constants and tiers', async () => {
    const p = await current();
    expect(p).toEqual({
      version: 1,
      currency: 'CNY',
      timezone: 'Asia/Shanghai',
      earning: { pointsPerYuan: 1, growthPerYuan: 1 },
      redemption: { pointsPerYuan: 100, unit: 100, minPoints: 0, maxShareBp: 5000 },
      expiry: { policy: 'end_of_next_year' },
      tiers: [
        expect.objectContaining({
          code: 'normal',
          growthThreshold: 0,
          keepGrowth: 0,
          pointsMultiplierBp: 10000,
          discountRateBp: 10000,
        }),
        expect.objectContaining({ code: 'silver', growthThreshold: 500, keepGrowth: 300, discountRateBp: 9800 }),
        expect.objectContaining({ code: 'gold', growthThreshold: 2000 }),
        expect.objectContaining({ code: 'platinum', growthThreshold: 5000 }),
      ],
    });
    expect(p.tiers[1]!.benefits).toEqual(expect.arrayContaining([{ code: 'discount', title: '98 折会员价' }]));
  });

  it('PUT: the next order earns per the new rate and stores the new version; the earlier order keeps its own; the card, its benefits and the till follow the new threshold and member price', async () => {
    const m = await loginMember(t);
    const before = nextOrderNo();
    const first = await placeOrder(t, cashier, { memberId: m.id, amount: 10000, orderNo: before }).expect(201);
    expect(first.body.pointsEarned).toBe(100);
    const p = await current();
    expect(await orderVersion(before)).toBe(p.version);
    expect((await t.http.get('/api/v1/me').set(m.auth).expect(200)).body.nextTier).toEqual({
      code: 'silver',
      name: '银卡会员',
      growthNeeded: 400,
    });

    const tiers = p.tiers.map((x) => (x.code === 'silver' ? { ...x, growthThreshold: 300, discountRateBp: 9700 } : x));
    const put = await t.http
      .put('/api/v1/admin/programme')
      .set(admin.auth)
      .send({ ...asPut(p), earning: { pointsPerYuan: 2, growthPerYuan: 1 }, tiers })
      .expect(200);
    expect(put.body).toMatchObject({ version: p.version + 1, earning: { pointsPerYuan: 2, growthPerYuan: 1 } });
    expect(put.body.tiers[1]).toMatchObject({ code: 'silver', growthThreshold: 300, discountRateBp: 9700 });
    expect(await current()).toEqual(put.body);

    const after = nextOrderNo();
    const second = await placeOrder(t, cashier, { memberId: m.id, amount: 5000, orderNo: after }).expect(201);
    expect(second.body.pointsEarned).toBe(100); // ¥50 × 2
    expect(await orderVersion(after)).toBe(p.version + 1);
    expect(await orderVersion(before)).toBe(p.version);
    // growth 150 of the new 300
    expect((await t.http.get('/api/v1/me').set(m.auth).expect(200)).body.nextTier).toMatchObject({
      code: 'silver',
      growthNeeded: 150,
    });

    const audit = await t.db.query(`SELECT actor_id, target_id, details FROM audit_log WHERE action = 'programme.update'`);
    expect(audit).toEqual(
      expect.arrayContaining([expect.objectContaining({ actor_id: admin.id, target_id: String(p.version + 1) })]),
    );
    // The tier table mirrors the current tiers.
    const [silver] = await t.db.query(`SELECT growth_threshold, discount_rate_bp FROM tier WHERE code = 'silver'`);
    expect(silver).toEqual({ growth_threshold: 300, discount_rate_bp: 9700 });

    // The stored benefit title still says 98 折; what members read says what the till charges.
    expect(put.body.tiers[1].benefits).toContainEqual({ code: 'discount', title: '98 折会员价' });
    const publicSilver = (await t.http.get('/api/v1/programme').expect(200)).body.tiers[1];
    expect(publicSilver.benefits.slice(0, 2)).toEqual([
      { code: 'points', title: '1.2 倍积分' },
      { code: 'discount', title: '97 折会员价' },
    ]);
    // ¥150 more of growth reaches the new silver threshold; the card and the next order follow 97 折.
    await placeOrder(t, cashier, { memberId: m.id, amount: 15000 }).expect(201);
    const card = (await t.http.get('/api/v1/me').set(m.auth).expect(200)).body;
    expect(card.tier.code).toBe('silver');
    expect(card.benefits).toContainEqual({ code: 'discount', title: '97 折会员价' });
    const charged = await placeOrder(t, cashier, { memberId: m.id, amount: 10000 }).expect(201);
    expect(charged.body).toMatchObject({ payable: 9700, discounts: { memberPrice: 300 } });
  });

  it('the public GET /programme needs no token and shows the rules in force', async () => {
    const { tiers, ...rules } = await current();
    const res = await t.http.get('/api/v1/programme').expect(200);
    const { tiers: publicTiers, ...publicRules } = res.body as View;
    expect(publicRules).toEqual(rules);
    expect(publicTiers.map(({ benefits: _b, ...tier }) => tier)).toEqual(tiers.map(({ benefits: _b, ...tier }) => tier));
  });

  it('a stale expectedVersion → 409 VERSION_CONFLICT, nothing changes', async () => {
    const p = await current();
    const res = await t.http
      .put('/api/v1/admin/programme')
      .set(admin.auth)
      .send({ ...asPut(p), expectedVersion: p.version - 1, currency: 'HKD' })
      .expect(409);
    expect(res.body.code).toBe('VERSION_CONFLICT');
    expect(await current()).toEqual(p);
  });

  it('10 concurrent PUTs from the same version → one 200, nine 409', async () => {
    const p = await current();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.http
          .put('/api/v1/admin/programme')
          .set(admin.auth)
          .send({ ...asPut(p), redemption: { ...p.redemption, minPoints: 100 * (i + 1) } }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, ...Array(9).fill(409)]);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.code).toBe('VERSION_CONFLICT');
    const winner = results.find((r) => r.status === 200)!;
    expect(await current()).toEqual(winner.body);
    expect(winner.body.version).toBe(p.version + 1);
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM programme_version WHERE version = $1', [p.version + 1]);
    expect(n).toBe(1);
  });

  it('an invalid programme → 422 INVALID_PROGRAMME with every problem in details', async () => {
    const p = await current();
    const tiers = p.tiers.map((x, i) =>
      i === 0 ? { ...x, growthThreshold: 5 } : i === 2 ? { ...x, growthThreshold: 100, discountRateBp: 0 } : x,
    );
    const res = await t.http
      .put('/api/v1/admin/programme')
      .set(admin.auth)
      .send({ ...asPut(p), currency: 'yuan', timezone: 'Mars/Base', expiry: { policy: 'days' }, tiers })
      .expect(422);
    expect(res.body.code).toBe('INVALID_PROGRAMME');
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(
      [
        'currency',
        'timezone',
        'expiry.days',
        'tiers[0].growthThreshold',
        'tiers[2].growthThreshold',
        'tiers[2].discountRateBp',
      ].sort(),
    );
    for (const d of res.body.details) expect(typeof d.reason).toBe('string');
    expect(await current()).toEqual(p);
  });

  it('refuses to remove a tier members hold', async () => {
    const m = await loginMember(t);
    await t.db.query(`UPDATE member SET tier_code = 'platinum' WHERE id = $1`, [m.id]);
    const p = await current();
    const res = await t.http
      .put('/api/v1/admin/programme')
      .set(admin.auth)
      .send({ ...asPut(p), tiers: p.tiers.filter((x) => x.code !== 'platinum') })
      .expect(422);
    expect(res.body).toMatchObject({ code: 'INVALID_PROGRAMME', details: [{ field: 'tiers' }] });
    expect(await current()).toEqual(p);
  });

  it('GET /admin/programme/versions lists every version, newest first, with who changed it', async () => {
    const p = await current();
    const res = await t.http.get('/api/v1/admin/programme/versions').set(admin.auth).expect(200);
    expect(res.body.items.map((i: { version: number }) => i.version)).toEqual(
      Array.from({ length: p.version }, (_, i) => p.version - i),
    );
    expect(res.body.items[0]).toMatchObject({ version: p.version, changedBy: admin.id });
    expect(res.body.items.at(-1)).toMatchObject({ version: 1, changedBy: null });
    expect(Number.isNaN(Date.parse(res.body.items[0].changedAt))).toBe(false);
  });

  it('managers read, only admins change; cashiers and members neither', async () => {
    const manager = await loginStaff(t, 'manager');
    const member = await loginMember(t);
    const p = await current();
    await t.http.get('/api/v1/admin/programme').set(manager.auth).expect(200);
    await t.http.get('/api/v1/admin/programme/versions').set(manager.auth).expect(200);
    await t.http.put('/api/v1/admin/programme').set(manager.auth).send(asPut(p)).expect(403);
    for (const caller of [cashier.auth, member.auth]) {
      await t.http.get('/api/v1/admin/programme').set(caller).expect(403);
      await t.http.put('/api/v1/admin/programme').set(caller).send(asPut(p)).expect(403);
    }
  });

  it('an order at a store of another currency → 422 CURRENCY_MISMATCH; money figures never mix', async () => {
    const m = await loginMember(t);
    const store = `/api/v1/admin/stores/${cashier.storeId}`;
    try {
      const hkd = await t.http.patch(store).set(admin.auth).send({ currency: 'HKD' }).expect(200);
      expect(hkd.body).toMatchObject({ id: cashier.storeId, currency: 'HKD' });
      const res = await placeOrder(t, cashier, { memberId: m.id, amount: 1000 }).expect(422);
      expect(res.body.code).toBe('CURRENCY_MISMATCH');
      // The programme's own code, set explicitly, trades like null.
      await t.http.patch(store).set(admin.auth).send({ currency: 'CNY' }).expect(200);
      await placeOrder(t, cashier, { memberId: m.id, amount: 1000 }).expect(201);
      const [audit] = await t.db.query(
        `SELECT actor_id, details FROM audit_log WHERE action = 'store.update' AND target_id = $1 ORDER BY created_at DESC LIMIT 1`,
        [cashier.storeId],
      );
      expect(audit).toMatchObject({ actor_id: admin.id, details: { changed: ['currency'], currency: 'CNY' } });
    } finally {
      await t.http.patch(store).set(admin.auth).send({ currency: null }).expect(200);
    }
    expect((await t.http.get(store).set(admin.auth).expect(200)).body.currency).toBeNull();
  });

  it('PATCH /admin/stores/:id: bad currencies and fields → 400; only admins; unknown store → 404', async () => {
    const store = `/api/v1/admin/stores/${cashier.storeId}`;
    for (const body of [{ currency: 'cny' }, { currency: 'RMB1' }, { currency: 12 }, { name: ' ' }, { region: 'x' }]) {
      const res = await t.http.patch(store).set(admin.auth).send(body).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    await t.http.patch(store).set(cashier.auth).send({ currency: 'HKD' }).expect(403);
    const manager = await loginStaff(t, 'manager', cashier.storeId!);
    await t.http.patch(store).set(manager.auth).send({ currency: 'HKD' }).expect(403);
    await t.http
      .patch('/api/v1/admin/stores/6f1c2a34-0000-4000-8000-000000000000')
      .set(admin.auth)
      .send({ name: 'x' })
      .expect(404);
    expect((await t.http.get(store).set(admin.auth).expect(200)).body.currency).toBeNull();
  });
});
