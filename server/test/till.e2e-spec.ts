import { TillService } from '../src/till/till.service.js';
import { createStore, loginMember, loginStaff, type LoggedInStaff } from './helpers/factories.js';
import { couponFor } from './helpers/coupons.js';
import { expectLedgerConsistent, grantPoints, identifyMember, memberCode, nextOrderNo, placeOrder } from './helpers/loyalty.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

describe('orders at the till', () => {
  let t: TestApp;
  let cashier: LoggedInStaff;
  let admin: LoggedInStaff;
  beforeAll(async () => {
    t = await createTestApp();
    cashier = await loginStaff(t, 'cashier');
    admin = await loginStaff(t, 'admin');
  });
  afterEach(() => expectLedgerConsistent(t));
  afterAll(() => t.close());

  it('awards 1 point and 1 growth per whole yuan paid, and returns the new state', async () => {
    const m = await loginMember(t);
    const res = await placeOrder(t, cashier, { memberId: m.id, amount: 3899 }).expect(201);
    expect(res.body).toMatchObject({
      amount: 3899,
      discount: 0,
      payable: 3899,
      pointsEarned: 38,
      pointsRedeemed: 0,
      member: { points: 38, growth: 38, tier: { code: 'normal' } },
      tierChange: null,
    });
    const me = await t.http.get('/api/v1/me').set(m.auth).expect(200);
    expect(me.body).toMatchObject({ points: 38, growth: 38 });
  });

  it('returns the same result for a repeated order and awards nothing twice', async () => {
    const m = await loginMember(t);
    const orderNo = nextOrderNo();
    const first = await placeOrder(t, cashier, { memberId: m.id, amount: 5000, orderNo }).expect(201);
    const again = await placeOrder(t, cashier, { memberId: m.id, amount: 5000, orderNo }).expect(200);
    expect(again.body).toEqual(first.body);
    const me = await t.http.get('/api/v1/me').set(m.auth);
    expect(me.body.points).toBe(50);
  });

  it('answers 409 ORDER_NO_CONFLICT for the same order number with a different body', async () => {
    const m = await loginMember(t);
    const orderNo = nextOrderNo();
    await placeOrder(t, cashier, { memberId: m.id, amount: 5000, orderNo }).expect(201);
    const res = await placeOrder(t, cashier, { memberId: m.id, amount: 5001, orderNo }).expect(409);
    expect(res.body.code).toBe('ORDER_NO_CONFLICT');
  });

  it('treats order numbers per store: another store may reuse one', async () => {
    const m = await loginMember(t);
    const other = await loginStaff(t, 'cashier');
    const orderNo = nextOrderNo();
    await placeOrder(t, cashier, { memberId: m.id, amount: 1000, orderNo }).expect(201);
    await placeOrder(t, other, { memberId: m.id, amount: 1000, orderNo }).expect(201);
  });

  it('100 concurrent identical order requests → one order, one award', async () => {
    const m = await loginMember(t);
    const orderNo = nextOrderNo();
    const results = await Promise.all(
      Array.from({ length: 100 }, () => placeOrder(t, cashier, { memberId: m.id, amount: 12345, orderNo })),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(99);
    expect(new Set(results.map((r) => r.body.orderId)).size).toBe(1);
    const [{ count }] = await t.db.query('SELECT COUNT(*)::int AS count FROM member_order WHERE order_no = $1', [orderNo]);
    expect(count).toBe(1);
    const [{ points }] = await t.db.query('SELECT points FROM member WHERE id = $1', [m.id]);
    expect(points).toBe(123);
  });

  it('50 concurrent orders redeeming points against a balance that covers some → never negative, each redeem matched by entries', async () => {
    const m = await loginMember(t);
    await grantPoints(t, admin, m.id, 1000);
    const identificationId = await identifyMember(t, cashier, m.id);
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        placeOrder(t, cashier, { memberId: m.id, amount: 1000, pointsToRedeem: 100, identificationId }),
      ),
    );
    const accepted = results.filter((r) => r.status === 201);
    const refused = results.filter((r) => r.status !== 201);
    expect(refused.every((r) => r.status === 422 && r.body.code === 'INSUFFICIENT_POINTS')).toBe(true);
    // 1000 points, each order uses 100 and earns back 9 (¥9 paid): at most ~11 fit.
    expect(accepted.length).toBeGreaterThanOrEqual(10);
    const [member] = await t.db.query('SELECT points FROM member WHERE id = $1', [m.id]);
    expect(member.points).toBeGreaterThanOrEqual(0);
    const [spent] = await t.db.query(
      "SELECT COUNT(*)::int AS n, COALESCE(SUM(-delta), 0)::int AS points FROM points_entry WHERE member_id = $1 AND kind = 'spend'",
      [m.id],
    );
    expect(spent).toEqual({ n: accepted.length, points: accepted.length * 100 });
    const earned = accepted.reduce((sum, r) => sum + (r.body.pointsEarned as number), 0);
    expect(member.points).toBe(1000 - accepted.length * 100 + earned);
  });

  it('uses points as payment within the programme limits', async () => {
    const m = await loginMember(t);
    await grantPoints(t, admin, m.id, 1000);
    const identificationId = await identifyMember(t, cashier, m.id);
    const paid = await placeOrder(t, cashier, { memberId: m.id, amount: 2000, pointsToRedeem: 500, identificationId }).expect(
      201,
    );
    expect(paid.body).toMatchObject({
      discount: 500,
      payable: 1500,
      pointsRedeemed: 500,
      pointsEarned: 15,
      member: { points: 515 },
    });
    const overShare = await placeOrder(t, cashier, { memberId: m.id, amount: 900, pointsToRedeem: 500, identificationId }).expect(
      422,
    );
    expect(overShare.body.code).toBe('POINTS_REDEEM_NOT_ALLOWED');
    const notUnit = await placeOrder(t, cashier, {
      memberId: m.id,
      amount: 10_000,
      pointsToRedeem: 150,
      identificationId,
    }).expect(422);
    expect(notUnit.body.code).toBe('POINTS_REDEEM_NOT_ALLOWED');
    const tooMany = await placeOrder(t, cashier, {
      memberId: m.id,
      amount: 100_000,
      pointsToRedeem: 900,
      identificationId,
    }).expect(422);
    expect(tooMany.body.code).toBe('INSUFFICIENT_POINTS');
  });

  it('upgrades the tier at once when growth crosses a threshold, records it and tells the member', async () => {
    const m = await loginMember(t);
    const res = await placeOrder(t, cashier, { memberId: m.id, amount: 60_000 }).expect(201);
    expect(res.body.tierChange).toEqual({ from: { code: 'normal', name: '普通会员' }, to: { code: 'silver', name: '银卡会员' } });
    expect(res.body.member.tier.code).toBe('silver');
    const [change] = await t.db.query('SELECT from_tier, to_tier, reason FROM tier_change WHERE member_id = $1', [m.id]);
    expect(change).toEqual({ from_tier: 'normal', to_tier: 'silver', reason: 'growth' });
    const notes = await t.http.get('/api/v1/me/notifications').set(m.auth).expect(200);
    expect(notes.body.items[0]).toMatchObject({ kind: 'tier_upgrade', title: '恭喜升级为银卡会员', readAt: null });
    // Silver pays the member price (98折) on the next order and earns 1.2× on what it paid.
    const next = await placeOrder(t, cashier, { memberId: m.id, amount: 10_000 }).expect(201);
    expect(next.body).toMatchObject({ payable: 9_800, discount: 200, pointsEarned: 117 });
  });

  it('refuses unknown members (404), bad amounts (400) and admins without a store (403)', async () => {
    await placeOrder(t, cashier, { memberId: '6f1c2a34-0000-4000-8000-000000000000', amount: 100 }).expect(404);
    const m = await loginMember(t);
    for (const amount of [0, -5, 1.5, 100_000_001]) {
      const res = await placeOrder(t, cashier, { memberId: m.id, amount }).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    const admin = await loginStaff(t, 'admin');
    await placeOrder(t, admin, { memberId: m.id, amount: 100 }).expect(403);
  });
});

describe('refunds', () => {
  let t: TestApp;
  let cashier: LoggedInStaff;
  let admin: LoggedInStaff;
  beforeAll(async () => {
    t = await createTestApp();
    cashier = await loginStaff(t, 'cashier');
    admin = await loginStaff(t, 'admin');
  });
  afterEach(() => expectLedgerConsistent(t));
  afterAll(() => t.close());

  const refund = (orderNo: string, body: { refundNo: string; amount: number }, staff = cashier) =>
    t.http.post(`/api/v1/cashier/orders/${orderNo}/refunds`).set(staff.auth).send(body);

  it('refunds half the order → reverses half the points and growth it earned', async () => {
    const m = await loginMember(t);
    const order = await placeOrder(t, cashier, { memberId: m.id, amount: 10_000 }).expect(201);
    const res = await refund(order.body.orderNo, { refundNo: 'R1', amount: 5_000 }).expect(201);
    expect(res.body).toEqual({
      refundNo: 'R1',
      amount: 5000,
      pointsReversed: 50,
      pointsShortfall: 0,
      pointsReturned: 0,
      growthReversed: 50,
      couponsRestored: [],
    });
    const me = await t.http.get('/api/v1/me').set(m.auth);
    expect(me.body).toMatchObject({ points: 50, growth: 50 });
  });

  it('replays a refund with the same refundNo without reversing twice', async () => {
    const m = await loginMember(t);
    const order = await placeOrder(t, cashier, { memberId: m.id, amount: 10_000 }).expect(201);
    const first = await refund(order.body.orderNo, { refundNo: 'R1', amount: 3_000 }).expect(201);
    const again = await refund(order.body.orderNo, { refundNo: 'R1', amount: 3_000 }).expect(200);
    expect(again.body).toEqual(first.body);
    const conflict = await refund(order.body.orderNo, { refundNo: 'R1', amount: 4_000 }).expect(409);
    expect(conflict.body.code).toBe('REFUND_NO_CONFLICT');
    const [{ points }] = await t.db.query('SELECT points FROM member WHERE id = $1', [m.id]);
    expect(points).toBe(70);
  });

  it('20 concurrent replays of one refund → one reversal', async () => {
    const m = await loginMember(t);
    const order = await placeOrder(t, cashier, { memberId: m.id, amount: 10_000 }).expect(201);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => refund(order.body.orderNo, { refundNo: 'R-race', amount: 10_000 })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.every((r) => r.status === 201 || r.status === 200)).toBe(true);
    const [{ n }] = await t.db.query(
      "SELECT COUNT(*)::int AS n FROM points_entry WHERE member_id = $1 AND kind = 'refund_reversal'",
      [m.id],
    );
    expect(n).toBe(1);
  });

  it('refuses refunds summing past the paid amount with REFUND_EXCEEDS_PAID', async () => {
    const m = await loginMember(t);
    const order = await placeOrder(t, cashier, { memberId: m.id, amount: 10_000 }).expect(201);
    await refund(order.body.orderNo, { refundNo: 'R1', amount: 6_000 }).expect(201);
    const res = await refund(order.body.orderNo, { refundNo: 'R2', amount: 4_001 }).expect(422);
    expect(res.body.code).toBe('REFUND_EXCEEDS_PAID');
    await refund(order.body.orderNo, { refundNo: 'R3', amount: 4_000 }).expect(201);
    const [o] = await t.db.query('SELECT points_earned, points_reversed, refunded_amount FROM member_order WHERE id = $1', [
      order.body.orderId,
    ]);
    expect(o).toEqual({ points_earned: 100, points_reversed: 100, refunded_amount: 10_000 });
  });

  it('concurrent partial refunds never exceed the paid amount', async () => {
    const m = await loginMember(t);
    const order = await placeOrder(t, cashier, { memberId: m.id, amount: 10_000 }).expect(201);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => refund(order.body.orderNo, { refundNo: `R${i}`, amount: 3_000 })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    expect(results.filter((r) => r.status === 422).every((r) => r.body.code === 'REFUND_EXCEEDS_PAID')).toBe(true);
  });

  it('after the earned points were partly spent, takes what is left and records the rest as debt, settled from later credits', async () => {
    const m = await loginMember(t);
    const order = await placeOrder(t, cashier, { memberId: m.id, amount: 100_000 }).expect(201); // 1000 points
    const identificationId = await identifyMember(t, cashier, m.id);
    // Silver by now (member price 98折): spends 900, earns 1.2× on what it paid.
    await placeOrder(t, cashier, { memberId: m.id, amount: 200_000, pointsToRedeem: 900, identificationId }).expect(201);
    // Spend almost everything (points pay at most half of the member price).
    const [{ points: before }] = await t.db.query('SELECT points FROM member WHERE id = $1', [m.id]);
    const spendAll = Math.floor(before / 100) * 100;
    await placeOrder(t, cashier, { memberId: m.id, amount: spendAll * 3, pointsToRedeem: spendAll, identificationId }).expect(
      201,
    );
    const res = await refund(order.body.orderNo, { refundNo: 'R1', amount: 100_000 }).expect(201);
    expect(res.body.pointsReversed + res.body.pointsShortfall).toBe(1000);
    expect(res.body.pointsShortfall).toBeGreaterThan(0);
    const [after] = await t.db.query('SELECT points, points_debt FROM member WHERE id = $1', [m.id]);
    expect(after.points).toBeGreaterThanOrEqual(0);
    expect(after.points_debt).toBe(res.body.pointsShortfall);
    // The next purchase pays the debt before any new points become spendable.
    const next = await placeOrder(t, cashier, { memberId: m.id, amount: 100_000 }).expect(201);
    const [settled] = await t.db.query('SELECT points, points_debt FROM member WHERE id = $1', [m.id]);
    const earned = next.body.pointsEarned as number;
    expect(settled.points_debt).toBe(Math.max(0, res.body.pointsShortfall - earned));
    expect(settled.points).toBe(after.points + earned - Math.min(res.body.pointsShortfall, earned));
  });

  it('gives back points used as payment, in proportion', async () => {
    const m = await loginMember(t);
    await grantPoints(t, admin, m.id, 1000);
    const identificationId = await identifyMember(t, cashier, m.id);
    // 400 points pay ¥4 of ¥100: the member pays ¥96 and earns 96 points.
    const order = await placeOrder(t, cashier, { memberId: m.id, amount: 10_000, pointsToRedeem: 400, identificationId }).expect(
      201,
    );
    expect(order.body).toMatchObject({ payable: 9_600, pointsEarned: 96 });
    const res = await refund(order.body.orderNo, { refundNo: 'R1', amount: 4_800 }).expect(201);
    expect(res.body).toMatchObject({ pointsReversed: 48, pointsReturned: 200 });
    const [{ points }] = await t.db.query('SELECT points FROM member WHERE id = $1', [m.id]);
    expect(points).toBe(1000 - 400 + 96 - 48 + 200);
    // The rest of the refund returns the rest: a full refund gives back exactly what was used.
    const rest = await refund(order.body.orderNo, { refundNo: 'R2', amount: 4_800 }).expect(201);
    expect(rest.body).toMatchObject({ pointsReversed: 48, pointsReturned: 200 });
  });

  it('keeps orders to their store: another store’s cashier cannot refund them (404)', async () => {
    const m = await loginMember(t);
    const order = await placeOrder(t, cashier, { memberId: m.id, amount: 10_000 }).expect(201);
    const otherStore = await loginStaff(t, 'cashier', await createStore(t));
    const res = await refund(order.body.orderNo, { refundNo: 'R1', amount: 1_000 }, otherStore).expect(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });

  it('a manager of the same store may refund', async () => {
    const m = await loginMember(t);
    const order = await placeOrder(t, cashier, { memberId: m.id, amount: 10_000 }).expect(201);
    const manager = await loginStaff(t, 'manager', cashier.storeId!);
    await refund(order.body.orderNo, { refundNo: 'R1', amount: 1_000 }, manager).expect(201);
  });
});

describe('till service with a controlled clock', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('records the order at the given instant (used by the expiry tests)', async () => {
    const cashier = await loginStaff(t, 'cashier');
    const m = await loginMember(t);
    const at = new Date('2024-03-01T04:00:00Z');
    const res = await t.app
      .get(TillService)
      .createOrder(
        { kind: 'staff', id: cashier.id, role: 'cashier', storeId: cashier.storeId },
        { memberId: m.id, orderNo: nextOrderNo(), amount: 1000 },
        at,
      );
    expect(res.created).toBe(true);
    const [lot] = await t.db.query('SELECT earned_at, expires_at FROM points_lot WHERE member_id = $1', [m.id]);
    expect(lot.earned_at.toISOString()).toBe(at.toISOString());
    // Earned in 2024 → valid through 2025-12-31 in Shanghai → expires at 2025-12-31T16:00Z.
    expect(lot.expires_at.toISOString()).toBe('2025-12-31T16:00:00.000Z');
  });
});

describe('pricing: member price, discounts and tenders, items, order history', () => {
  let t: TestApp;
  let cashier: LoggedInStaff;
  let admin: LoggedInStaff;
  beforeAll(async () => {
    t = await createTestApp();
    cashier = await loginStaff(t, 'cashier');
    admin = await loginStaff(t, 'admin');
  });
  afterEach(() => expectLedgerConsistent(t));
  afterAll(() => t.close());

  /** A silver member (98折, 1.2× points) without placing the orders that would make one. */
  async function silverMember() {
    const m = await loginMember(t);
    await t.db.query(`UPDATE member SET tier_code = 'silver', growth = 500 WHERE id = $1`, [m.id]);
    return m;
  }

  const refund = (orderNo: string, body: { refundNo: string; amount: number }) =>
    t.http.post(`/api/v1/cashier/orders/${orderNo}/refunds`).set(cashier.auth).send(body);

  it('charges the silver member the member price: ¥100 → ¥98, points on ¥98 at 1.2×', async () => {
    const m = await silverMember();
    const res = await placeOrder(t, cashier, { memberId: m.id, amount: 10_000 }).expect(201);
    expect(res.body).toMatchObject({
      amount: 10_000,
      discount: 200,
      payable: 9_800,
      discounts: { memberPrice: 200, coupons: 0, points: 0 },
      tenders: { balance: 0, external: 9_800 },
      pointsEarned: 117,
      member: { points: 117, growth: 598 },
    });
    const [row] = await t.db.query(
      'SELECT member_price_discount, coupon_discount, points_discount, payable, balance_paid, growth_earned FROM member_order WHERE order_no = $1',
      [res.body.orderNo],
    );
    expect(row).toEqual({
      member_price_discount: 200,
      coupon_discount: 0,
      points_discount: 0,
      payable: 9_800,
      balance_paid: 0,
      growth_earned: 98,
    });
  });

  it('applies member price, then coupons (threshold on the member price), then points; discounts sum to discount', async () => {
    const m = await silverMember();
    await grantPoints(t, admin, m.id, 1_000);
    const { coupon } = await couponFor(t, admin, m, { threshold: 9_000, amountOff: 1_000 });
    const identificationId = await identifyMember(t, cashier, m.id);
    const res = await placeOrder(t, cashier, {
      memberId: m.id,
      amount: 10_000,
      couponCodes: [coupon.code],
      pointsToRedeem: 500,
      identificationId,
    }).expect(201);
    // 10000 → 9800 (member price) → 8800 (coupon) → 8300 (500 points = ¥5).
    expect(res.body).toMatchObject({
      discounts: { memberPrice: 200, coupons: 1_000, points: 500 },
      discount: 1_700,
      payable: 8_300,
      tenders: { balance: 0, external: 8_300 },
      pointsRedeemed: 500,
      pointsEarned: 99, // floor(83 × 1.2)
    });
  });

  it('refuses a coupon whose threshold only the list price reaches', async () => {
    const m = await silverMember();
    const { coupon } = await couponFor(t, admin, m, { threshold: 10_000, amountOff: 1_000 });
    const identificationId = await identifyMember(t, cashier, m.id);
    const res = await placeOrder(t, cashier, {
      memberId: m.id,
      amount: 10_000,
      couponCodes: [coupon.code],
      identificationId,
    }).expect(422);
    expect(res.body).toMatchObject({ code: 'COUPON_NOT_APPLICABLE', details: [{ reason: 'below_threshold' }] });
  });

  it('still refuses stored value through the pipeline (balance 0): 422 INSUFFICIENT_BALANCE, nothing recorded', async () => {
    const m = await silverMember();
    const identificationId = await identifyMember(t, cashier, m.id);
    const res = await placeOrder(t, cashier, { memberId: m.id, amount: 10_000, payWithBalance: 100, identificationId }).expect(
      422,
    );
    expect(res.body.code).toBe('INSUFFICIENT_BALANCE');
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM member_order WHERE member_id = $1', [m.id]);
    expect(n).toBe(0);
  });

  it('identify returns what the preview needs to price an order', async () => {
    const m = await silverMember();
    const code = await memberCode(t, m.id);
    const res = await t.http.post('/api/v1/cashier/identify').set(cashier.auth).send({ memberCode: code }).expect(200);
    expect(res.body.member.pricing).toEqual({
      discountRateBp: 9_800,
      pointsMultiplierBp: 12_000,
      earning: { pointsPerYuan: 1, growthPerYuan: 1 },
      timezone: 'Asia/Shanghai',
      paidMembership: null,
    });
    expect(res.body.member.storedBalance).toBe(0);
    expect(res.body.member.redemption).toMatchObject({ enabled: true, minPoints: 0, unit: 100, maxShareBp: 5_000 });
  });

  const items = [
    { sku: 'LATTE-L', name: '拿铁（大杯）', category: 'coffee', quantity: 2, unitPrice: 3_000 },
    { sku: 'SCONE', name: '司康', quantity: 1, unitPrice: 4_000 },
  ];

  it('stores the items of an order; replays with the same items; items that do not add up → 400 ITEMS_TOTAL_MISMATCH', async () => {
    const m = await loginMember(t);
    const orderNo = nextOrderNo();
    const first = await placeOrder(t, cashier, { memberId: m.id, amount: 10_000, orderNo, items }).expect(201);
    await placeOrder(t, cashier, { memberId: m.id, amount: 10_000, orderNo, items }).expect(200);
    // Items are part of the request: the same order number without them is another order.
    const conflict = await placeOrder(t, cashier, { memberId: m.id, amount: 10_000, orderNo }).expect(409);
    expect(conflict.body.code).toBe('ORDER_NO_CONFLICT');
    const rows = await t.db.query(
      'SELECT line, sku, name, category, quantity, unit_price FROM order_item WHERE order_id = $1 ORDER BY line',
      [first.body.orderId],
    );
    expect(rows).toEqual([
      { line: 0, sku: 'LATTE-L', name: '拿铁（大杯）', category: 'coffee', quantity: 2, unit_price: 3_000 },
      { line: 1, sku: 'SCONE', name: '司康', category: null, quantity: 1, unit_price: 4_000 },
    ]);
    const bad = await placeOrder(t, cashier, { memberId: m.id, amount: 9_999, items }).expect(400);
    expect(bad.body.code).toBe('ITEMS_TOTAL_MISMATCH');
    const invalid = await placeOrder(t, cashier, {
      memberId: m.id,
      amount: 100,
      items: [{ sku: 'X', name: 'x', quantity: 0, unitPrice: 100 }],
    }).expect(400);
    expect(invalid.body.code).toBe('VALIDATION_FAILED');
  });

  it('refunds a member-price order up to what was paid (¥98), never the member-price discount', async () => {
    const m = await silverMember();
    const order = await placeOrder(t, cashier, { memberId: m.id, amount: 10_000 }).expect(201);
    const over = await refund(order.body.orderNo, { refundNo: 'R0', amount: 9_801 }).expect(422);
    expect(over.body.code).toBe('REFUND_EXCEEDS_PAID');
    const half = await refund(order.body.orderNo, { refundNo: 'R1', amount: 4_900 }).expect(201);
    expect(half.body).toMatchObject({ pointsReversed: 58, growthReversed: 49 }); // floor(117 / 2), 98 / 2
    const rest = await refund(order.body.orderNo, { refundNo: 'R2', amount: 4_900 }).expect(201);
    expect(rest.body).toMatchObject({ pointsReversed: 59, growthReversed: 49 });
    const [{ points }] = await t.db.query('SELECT points FROM member WHERE id = $1', [m.id]);
    expect(points).toBe(0);
  });

  it('GET /me/orders: the member’s own orders, newest first, with store, items and refunds; paged by cursor', async () => {
    const m = await silverMember();
    const other = await loginMember(t);
    const at = (s: number) => new Date(Date.UTC(2026, 5, 1, 4, 0, s));
    const till = t.app.get(TillService);
    const staff = { kind: 'staff' as const, id: cashier.id, role: 'cashier' as const, storeId: cashier.storeId };
    const nos: string[] = [];
    for (let i = 0; i < 3; i++) {
      const orderNo = nextOrderNo();
      nos.push(orderNo);
      await till.createOrder(staff, { memberId: m.id, orderNo, amount: 10_000, ...(i === 0 ? { items } : {}) }, at(i));
    }
    await placeOrder(t, cashier, { memberId: other.id, amount: 5_000 }).expect(201);
    await refund(nos[0]!, { refundNo: 'R1', amount: 1_000 }).expect(201);

    const page1 = await t.http.get('/api/v1/me/orders?limit=2').set(m.auth).expect(200);
    expect(page1.body.items.map((o: { orderNo: string }) => o.orderNo)).toEqual([nos[2], nos[1]]);
    expect(page1.body.items[0]).toMatchObject({ amount: 10_000, payable: 9_800, pointsEarned: 117, refunded: 0, items: [] });
    expect(typeof page1.body.items[0].storeName).toBe('string');
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await t.http
      .get(`/api/v1/me/orders?limit=2&cursor=${encodeURIComponent(page1.body.nextCursor)}`)
      .set(m.auth)
      .expect(200);
    expect(page2.body).toMatchObject({
      items: [
        { orderNo: nos[0], refunded: 1_000, createdAt: at(0).toISOString(), items: [{ sku: 'LATTE-L' }, { sku: 'SCONE' }] },
      ],
      nextCursor: null,
    });
    // Another member sees only their own order; a forged cursor is 400, never 500.
    const theirs = await t.http.get('/api/v1/me/orders').set(other.auth).expect(200);
    expect(theirs.body.items).toHaveLength(1);
    expect(theirs.body.items.some((o: { orderNo: string }) => nos.includes(o.orderNo))).toBe(false);
    const forged = await t.http.get('/api/v1/me/orders?cursor=nope').set(m.auth).expect(400);
    expect(forged.body.code).toBe('VALIDATION_FAILED');
    // The items are personal data: they are in the member's export too.
    const exported = await t.http.get('/api/v1/me/export').set(m.auth).expect(200);
    expect(exported.body.orderItems.map((i: { sku: string }) => i.sku)).toEqual(['LATTE-L', 'SCONE']);
  });

  it('50 concurrent silver orders with items: each priced alike, payable = amount − discounts, one order each', async () => {
    const m = await silverMember();
    // ¥20 orders: 50 × 19 growth keeps the member below gold (2000), so every order is silver-priced.
    const small = [
      { sku: 'TEA', name: '红茶', quantity: 1, unitPrice: 1_500 },
      { sku: 'COOKIE', name: '曲奇', quantity: 1, unitPrice: 500 },
    ];
    const results = await Promise.all(
      Array.from({ length: 50 }, () => placeOrder(t, cashier, { memberId: m.id, amount: 2_000, items: small })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
    for (const r of results) expect(r.body).toMatchObject({ payable: 1_960, discounts: { memberPrice: 40 }, pointsEarned: 23 });
    const [row] = await t.db.query(
      `SELECT count(*)::int AS n, sum(payable)::int AS paid, (SELECT count(*)::int FROM order_item i JOIN member_order o ON o.id = i.order_id WHERE o.member_id = $1) AS lines
         FROM member_order WHERE member_id = $1 AND payable = amount - member_price_discount - coupon_discount - points_discount`,
      [m.id],
    );
    expect(row).toEqual({ n: 50, paid: 50 * 1_960, lines: 100 });
    const [{ points }] = await t.db.query('SELECT points FROM member WHERE id = $1', [m.id]);
    expect(points).toBe(50 * 23);
  });
});
