// The member must be present to spend: spending orders need an identification from identify
// (10 minutes, this member, this store); earning-only orders do not (docs/member-code.md, "Presence").
import { couponFor } from './helpers/coupons.js';
import { createStore, loginMember, loginStaff, type LoggedInStaff } from './helpers/factories.js';
import { expectLedgerConsistent, freshMemberCode, grantPoints, identifyMember, placeOrder } from './helpers/loyalty.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { PresenceService } from '../src/till/presence.service.js';

describe('presence at the till', () => {
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

  const pointsOf = async (memberId: string) =>
    ((await t.db.query('SELECT points FROM member WHERE id = $1', [memberId]))[0] as { points: number }).points;
  const expire = (identificationId: string) =>
    t.db.query(
      `UPDATE member_identification SET created_at = created_at - interval '11 minutes',
              expires_at = expires_at - interval '11 minutes' WHERE id = $1`,
      [identificationId],
    );

  it('identify returns an identification valid 10 minutes, recorded for the member, store and staff member', async () => {
    const m = await loginMember(t);
    const before = Date.now();
    const res = await t.http
      .post('/api/v1/cashier/identify')
      .set(cashier.auth)
      .send({ memberCode: await freshMemberCode(t, m.id) })
      .expect(200);
    const { id, expiresAt } = res.body.identification as { id: string; expiresAt: string };
    const ttl = Date.parse(expiresAt) - before;
    expect(ttl).toBeGreaterThan(9.9 * 60_000);
    expect(ttl).toBeLessThanOrEqual(10 * 60_000 + 5_000);
    const [row] = await t.db.query(
      'SELECT member_id, store_id, staff_id, method, expires_at FROM member_identification WHERE id = $1',
      [id],
    );
    expect(row).toEqual({
      member_id: m.id,
      store_id: cashier.storeId,
      staff_id: cashier.id,
      method: 'member_code',
      expires_at: new Date(expiresAt),
    });
  });

  it('spending points without an identification → 403 MEMBER_NOT_PRESENT, points untouched', async () => {
    const m = await loginMember(t);
    await grantPoints(t, admin, m.id, 1000);
    const res = await placeOrder(t, cashier, { memberId: m.id, amount: 2000, pointsToRedeem: 500 }).expect(403);
    expect(res.body.code).toBe('MEMBER_NOT_PRESENT');
    expect(await pointsOf(m.id)).toBe(1000);
    const [{ n }] = await t.db.query('SELECT COUNT(*)::int AS n FROM member_order WHERE member_id = $1', [m.id]);
    expect(n).toBe(0);
  });

  it('using a coupon without an identification → 403, the coupon stays unused', async () => {
    const m = await loginMember(t);
    const { coupon } = await couponFor(t, admin, m);
    const res = await placeOrder(t, cashier, { memberId: m.id, amount: 12_000, couponCodes: [coupon.code] }).expect(403);
    expect(res.body.code).toBe('MEMBER_NOT_PRESENT');
    const [row] = await t.db.query('SELECT status, used_order_id FROM coupon WHERE id = $1', [coupon.id]);
    expect(row).toEqual({ status: 'available', used_order_id: null });
    // Present, the same coupon applies.
    const identificationId = await identifyMember(t, cashier, m.id);
    const ok = await placeOrder(t, cashier, {
      memberId: m.id,
      amount: 12_000,
      couponCodes: [coupon.code],
      identificationId,
    }).expect(201);
    expect(ok.body).toMatchObject({ discount: 2_000, couponsUsed: [coupon.code] });
  });

  it('paying with balance needs presence first (403), then answers 422 INSUFFICIENT_BALANCE (no stored value yet)', async () => {
    const m = await loginMember(t);
    const absent = await placeOrder(t, cashier, { memberId: m.id, amount: 2000, payWithBalance: 500 }).expect(403);
    expect(absent.body.code).toBe('MEMBER_NOT_PRESENT');
    const identificationId = await identifyMember(t, cashier, m.id);
    const res = await placeOrder(t, cashier, { memberId: m.id, amount: 2000, payWithBalance: 500, identificationId }).expect(422);
    expect(res.body.code).toBe('INSUFFICIENT_BALANCE');
    // payWithBalance 0 is not spending.
    await placeOrder(t, cashier, { memberId: m.id, amount: 2000, payWithBalance: 0 }).expect(201);
  });

  it("another member's identification → 403", async () => {
    const m = await loginMember(t);
    const other = await loginMember(t);
    await grantPoints(t, admin, m.id, 1000);
    const identificationId = await identifyMember(t, cashier, other.id);
    const res = await placeOrder(t, cashier, { memberId: m.id, amount: 2000, pointsToRedeem: 500, identificationId }).expect(403);
    expect(res.body).toMatchObject({ code: 'MEMBER_NOT_PRESENT', details: [{ reason: 'other_member' }] });
    expect(await pointsOf(m.id)).toBe(1000);
  });

  it('an identification made at another store → 403', async () => {
    const m = await loginMember(t);
    await grantPoints(t, admin, m.id, 1000);
    const elsewhere = await loginStaff(t, 'cashier', await createStore(t));
    const identificationId = await identifyMember(t, elsewhere, m.id);
    const res = await placeOrder(t, cashier, { memberId: m.id, amount: 2000, pointsToRedeem: 500, identificationId }).expect(403);
    expect(res.body).toMatchObject({ code: 'MEMBER_NOT_PRESENT', details: [{ reason: 'other_store' }] });
    // A colleague at the same store may use it (the store, not the till, is what counts).
    const colleague = await loginStaff(t, 'cashier', cashier.storeId!);
    const same = await identifyMember(t, colleague, m.id);
    await placeOrder(t, cashier, { memberId: m.id, amount: 2000, pointsToRedeem: 500, identificationId: same }).expect(201);
  });

  it('an expired identification → 403; nothing spent', async () => {
    const m = await loginMember(t);
    await grantPoints(t, admin, m.id, 1000);
    const identificationId = await identifyMember(t, cashier, m.id);
    await expire(identificationId);
    const res = await placeOrder(t, cashier, { memberId: m.id, amount: 2000, pointsToRedeem: 500, identificationId }).expect(403);
    expect(res.body).toMatchObject({ code: 'MEMBER_NOT_PRESENT', details: [{ reason: 'expired' }] });
    expect(await pointsOf(m.id)).toBe(1000);
  });

  it('an unknown identification id → 403; a malformed one → 400', async () => {
    const m = await loginMember(t);
    await grantPoints(t, admin, m.id, 1000);
    const unknown = await placeOrder(t, cashier, {
      memberId: m.id,
      amount: 2000,
      pointsToRedeem: 500,
      identificationId: '6f1c2a34-0000-4000-8000-000000000000',
    }).expect(403);
    expect(unknown.body).toMatchObject({ code: 'MEMBER_NOT_PRESENT', details: [{ reason: 'unknown' }] });
    const garbage = await placeOrder(t, cashier, {
      memberId: m.id,
      amount: 2000,
      pointsToRedeem: 500,
      identificationId: "x' OR 1=1 --",
    }).expect(400);
    expect(garbage.body.code).toBe('VALIDATION_FAILED');
    expect(await pointsOf(m.id)).toBe(1000);
  });

  it('earning-only orders need no identification (POS imports), and ignore a stale one', async () => {
    const m = await loginMember(t);
    const res = await placeOrder(t, cashier, { memberId: m.id, amount: 3_800, pointsToRedeem: 0, couponCodes: [] }).expect(201);
    expect(res.body.pointsEarned).toBe(38);
    const identificationId = await identifyMember(t, cashier, m.id);
    await expire(identificationId);
    await placeOrder(t, cashier, { memberId: m.id, amount: 1_000, identificationId }).expect(201);
  });

  it('one identification serves several orders within its 10 minutes (a member may buy twice)', async () => {
    const m = await loginMember(t);
    await grantPoints(t, admin, m.id, 1000);
    const identificationId = await identifyMember(t, cashier, m.id);
    await placeOrder(t, cashier, { memberId: m.id, amount: 2000, pointsToRedeem: 300, identificationId }).expect(201);
    await placeOrder(t, cashier, { memberId: m.id, amount: 2000, pointsToRedeem: 300, identificationId }).expect(201);
  });

  it('a replay of a recorded spending order answers the same after the identification expired, with or without it', async () => {
    const m = await loginMember(t);
    await grantPoints(t, admin, m.id, 1000);
    const identificationId = await identifyMember(t, cashier, m.id);
    const body = { memberId: m.id, amount: 2000, pointsToRedeem: 500, orderNo: `P-${m.id}` };
    const first = await placeOrder(t, cashier, { ...body, identificationId }).expect(201);
    await expire(identificationId);
    const replay = await placeOrder(t, cashier, { ...body, identificationId }).expect(200);
    expect(replay.body).toEqual(first.body);
    // The POS may retry without the id, or with a fresh one after a re-scan: still the same order.
    expect((await placeOrder(t, cashier, body).expect(200)).body).toEqual(first.body);
    const fresh = await identifyMember(t, cashier, m.id);
    expect((await placeOrder(t, cashier, { ...body, identificationId: fresh }).expect(200)).body).toEqual(first.body);
    // A different order under the same number is still a conflict.
    const conflict = await placeOrder(t, cashier, { ...body, pointsToRedeem: 600, identificationId: fresh }).expect(409);
    expect(conflict.body.code).toBe('ORDER_NO_CONFLICT');
    expect(await pointsOf(m.id)).toBe(1000 - 500 + first.body.pointsEarned);
  });

  it('the manager fallback (member number + phone) returns an identification that lets the order spend', async () => {
    const m = await loginMember(t);
    const phone = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    await t.http
      .post('/api/v1/me/phone')
      .set(m.auth)
      .send({ code: `dev:${phone}` })
      .expect(200);
    await grantPoints(t, admin, m.id, 1000);
    const manager = await loginStaff(t, 'manager', cashier.storeId!);
    const card = await t.http.get('/api/v1/me').set(m.auth).expect(200);
    const res = await t.http
      .post('/api/v1/cashier/identify-by-member-no')
      .set(manager.auth)
      .send({ memberNo: card.body.memberNo, phoneLast4: phone.slice(-4) })
      .expect(200);
    const { id } = res.body.identification as { id: string };
    const [row] = await t.db.query('SELECT staff_id, method FROM member_identification WHERE id = $1', [id]);
    expect(row).toEqual({ staff_id: manager.id, method: 'member_no' });
    await placeOrder(t, cashier, { memberId: m.id, amount: 2000, pointsToRedeem: 500, identificationId: id }).expect(201);
  });

  it('20 concurrent spending orders with one identification → never overspent, ledger reconciles', async () => {
    const m = await loginMember(t);
    await grantPoints(t, admin, m.id, 1000);
    const identificationId = await identifyMember(t, cashier, m.id);
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        placeOrder(t, cashier, { memberId: m.id, amount: 1000, pointsToRedeem: 100, identificationId }),
      ),
    );
    const accepted = results.filter((r) => r.status === 201);
    const refused = results.filter((r) => r.status !== 201);
    expect(refused.every((r) => r.status === 422 && r.body.code === 'INSUFFICIENT_POINTS')).toBe(true);
    expect(accepted.length).toBeGreaterThanOrEqual(10);
    const earned = accepted.reduce((sum, r) => sum + (r.body.pointsEarned as number), 0);
    expect(await pointsOf(m.id)).toBe(1000 - accepted.length * 100 + earned);
    await expectLedgerConsistent(t);
  });

  it('housekeeping forgets identifications a day past their expiry, and only those', async () => {
    const m = await loginMember(t);
    const old = await identifyMember(t, cashier, m.id);
    const recent = await identifyMember(t, cashier, m.id);
    await t.db.query(
      `UPDATE member_identification SET created_at = created_at - interval '2 days',
              expires_at = expires_at - interval '2 days' WHERE id = $1`,
      [old],
    );
    await expire(recent);
    const { deleted } = await t.app.get(PresenceService).pruneExpired();
    expect(deleted).toBeGreaterThanOrEqual(1);
    const left = await t.db.query('SELECT id FROM member_identification WHERE id = ANY($1)', [[old, recent]]);
    expect(left).toEqual([{ id: recent }]);
  });
});
