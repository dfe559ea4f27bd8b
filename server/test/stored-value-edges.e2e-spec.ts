// Stored value and paid membership at their edges (docs/stored-value.md): a refund that fails gives
// back only its own membership term; bonus returned to an expired lot expires again (and the
// expiry job never jams on it); the till reports forfeited bonus; the settlement dates a return by
// its own time; a manager sees their store's outstanding balance only.
import { OutboxRelay } from '../src/outbox/outbox.relay.js';
import { StoredValueService } from '../src/stored-value/stored-value.service.js';
import { createStore, loginMember, loginStaff, type LoggedInMember, type LoggedInStaff } from './helpers/factories.js';
import { expectLedgerConsistent, identifyMember, placeOrder } from './helpers/loyalty.js';
import { balanceOf, payFake, requestId, sandboxPay, topUp } from './helpers/payments.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const DAY = 86_400_000;

describe('stored value and membership edges', () => {
  let t: TestApp;
  let admin: LoggedInStaff;
  let store: string;
  let cashier: LoggedInStaff;

  async function drain(): Promise<void> {
    await t.app.get(OutboxRelay).drain();
    await payFake(t).state.idle();
  }

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginStaff(t, 'admin');
    store = await createStore(t, '边界店');
    cashier = await loginStaff(t, 'cashier', store);
  });
  afterEach(async () => {
    payFake(t).state.holdRefunds(false);
    await payFake(t).state.idle();
    await expectLedgerConsistent(t);
  });
  afterAll(() => t.close());

  it('a membership refund that fails gives back its own term only, laid from now — never a term another refund removed', async () => {
    const plan = await t.http
      .post('/api/v1/admin/membership/plans')
      .set(admin.auth)
      .send({ title: '边界月卡', price: 3000, termDays: 30, discountRateBp: 9500 })
      .expect(201);
    const m = await loginMember(t);
    for (let i = 0; i < 2; i++) {
      const res = await t.http
        .post('/api/v1/me/membership/purchases')
        .set(m.auth)
        .send({ planId: plan.body.id, requestId: requestId('mp') })
        .expect(201);
      await sandboxPay(t, m, String(res.body.payment.package).replace(/^prepay_id=/, ''));
    }
    const before = await t.http.get('/api/v1/me/membership').set(m.auth).expect(200);
    expect(new Date(before.body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 59 * DAY);

    payFake(t).state.holdRefunds(true);
    await t.http
      .post(`/api/v1/admin/members/${m.id}/membership/refund`)
      .set(admin.auth)
      .set('Idempotency-Key', requestId('mr'))
      .send({})
      .expect(201);
    await drain();
    // The running month's refund is paid out; the stacked month's is closed by WeChat Pay.
    const refunds: { out_refund_no: string; starts_at: Date }[] = await t.db.query(
      `SELECT pr.out_refund_no, mp.starts_at FROM payment_refund pr
         JOIN payment p ON p.id = pr.payment_id JOIN membership_purchase mp ON mp.id = p.reference_id
        WHERE p.member_id = $1 ORDER BY mp.starts_at`,
      [m.id],
    );
    expect(refunds).toHaveLength(2);
    await payFake(t).state.finishRefund(refunds[0]!.out_refund_no, 'SUCCESS');
    await payFake(t).state.finishRefund(refunds[1]!.out_refund_no, 'CLOSED');

    // The member keeps the 30 days the money was not returned for, from now: not the 60 days to the
    // stacked term's old end (that would give back the running month, which was refunded).
    const after = await t.http.get('/api/v1/me/membership').set(m.auth).expect(200);
    expect(after.body.active).toBe(true);
    const left = new Date(after.body.expiresAt).getTime() - Date.now();
    expect(left).toBeGreaterThan(29.9 * DAY);
    expect(left).toBeLessThanOrEqual(30 * DAY);
    const statuses = (
      await t.db.query(`SELECT status FROM membership_purchase WHERE member_id = $1 ORDER BY starts_at`, [m.id])
    ).map((r: { status: string }) => r.status);
    expect(statuses).toEqual(['refunded', 'active']);
  });

  it('bonus a failed top-up refund gives back to an expired lot expires again at once; the job runs on', async () => {
    const m: LoggedInMember = await loginMember(t);
    const top = await topUp(t, admin, m, 1000, 100);
    payFake(t).state.holdRefunds(true);
    // Half the principal refunded: half the bonus (50) clawed back from the lot.
    await t.http
      .post(`/api/v1/admin/stored-value/top-ups/${top.topUpId}/refund`)
      .set(admin.auth)
      .send({ requestId: requestId('rf'), principal: 500 })
      .expect(201);
    await drain();
    expect(await balanceOf(t, m)).toEqual({ balance: 550, principal: 500, bonus: 50 });
    // The lot's bonus expires, and the job takes the 50 left.
    await t.db.query(`UPDATE stored_value_top_up SET bonus_expires_at = now() - interval '1 minute' WHERE id = $1`, [
      top.topUpId,
    ]);
    const svc = t.app.get(StoredValueService);
    expect((await svc.expireBonuses()).failed).toBe(0);
    expect(await balanceOf(t, m)).toEqual({ balance: 500, principal: 500, bonus: 0 });

    // WeChat Pay closes the refund: the principal comes back, the 50 bonus comes back expired.
    const [{ out_refund_no: outRefundNo }] = await t.db.query(
      `SELECT pr.out_refund_no FROM payment_refund pr JOIN payment p ON p.id = pr.payment_id WHERE p.out_trade_no = $1`,
      [top.outTradeNo],
    );
    await payFake(t).state.finishRefund(outRefundNo, 'CLOSED');
    expect(await balanceOf(t, m)).toEqual({ balance: 1000, principal: 1000, bonus: 0 });
    const [lot] = await t.db.query(`SELECT bonus_left FROM stored_value_top_up WHERE id = $1`, [top.topUpId]);
    expect(lot.bonus_left).toBe(0);
    const mine = await t.http.get('/api/v1/me/stored-value').set(m.auth).expect(200);
    // (The revert and its expiry share one instant: compared as a set.)
    expect(mine.body.entries.map((e: { kind: string; bonusDelta: number }) => `${e.kind} ${e.bonusDelta}`).sort()).toEqual(
      ['bonus_expired -50', 'bonus_expired -50', 'top_up 100', 'top_up_refund -50', 'top_up_refund_reverted 50'].sort(),
    );
    // The lot expired twice; the job still runs clean.
    expect((await svc.expireBonuses()).failed).toBe(0);
  });

  it('the till reports bonus an order refund cannot give back because it expired', async () => {
    const m = await loginMember(t);
    const top = await topUp(t, admin, m, 1000, 1000);
    const identificationId = await identifyMember(t, cashier, m.id);
    const order = await placeOrder(t, cashier, { memberId: m.id, amount: 2000, payWithBalance: 2000, identificationId }).expect(
      201,
    );
    await t.db.query(`UPDATE stored_value_top_up SET bonus_expires_at = now() - interval '1 minute' WHERE id = $1`, [
      top.topUpId,
    ]);
    const refund = await t.http
      .post(`/api/v1/cashier/orders/${order.body.orderNo as string}/refunds`)
      .set(cashier.auth)
      .send({ refundNo: 'RF-EDGE-1', amount: 2000 })
      .expect(201);
    // Proportional spend: ¥10 principal + ¥10 bonus. The principal comes back; the bonus had expired.
    expect(refund.body).toMatchObject({ balanceReturned: 1000, balanceForfeited: 1000 });
    expect(await balanceOf(t, m)).toEqual({ balance: 1000, principal: 1000, bonus: 0 });
  });

  it('the settlement dates a return by its own time, and a manager sees their store’s outstanding only', async () => {
    const home = await createStore(t, '结算边界A');
    const away = await createStore(t, '结算边界B');
    const cashierAway = await loginStaff(t, 'cashier', away);
    const m = await loginMember(t);
    const from = new Date(Date.now() - 1000);
    await topUp(t, admin, m, 5000, 0, { storeId: home });
    const id = await identifyMember(t, cashierAway, m.id);
    const order = await placeOrder(t, cashierAway, {
      memberId: m.id,
      amount: 3000,
      payWithBalance: 3000,
      identificationId: id,
    }).expect(201);
    await new Promise((r) => setTimeout(r, 50));
    const between = new Date();
    await new Promise((r) => setTimeout(r, 50));
    await t.http
      .post(`/api/v1/cashier/orders/${order.body.orderNo as string}/refunds`)
      .set(cashierAway.auth)
      .send({ refundNo: 'RF-EDGE-2', amount: 1000 })
      .expect(201);
    const to = new Date(Date.now() + 60_000);
    const report = async (a: Date, b: Date, who: LoggedInStaff = admin) =>
      (
        await t.http
          .get('/api/v1/admin/stored-value/settlement')
          .query({ from: a.toISOString(), to: b.toISOString() })
          .set(who.auth)
          .expect(200)
      ).body;
    const row = (body: { items: { storeId: string }[] }, s: string) => body.items.find((r) => r.storeId === s);
    // The first period keeps the whole spend: the refund came after it.
    expect(row(await report(from, between), away)).toMatchObject({ principalSpent: 3000, owedByOthers: 3000 });
    expect(row(await report(from, between), home)).toMatchObject({ toppedUp: 5000, owedToOthers: 3000 });
    // The second period has the return: ¥10 back at the till's store, off what it is owed.
    expect(row(await report(between, to), away)).toMatchObject({ principalSpent: -1000, owedByOthers: -1000 });
    expect(row(await report(from, to), away)).toMatchObject({ principalSpent: 2000, owedByOthers: 2000, net: 2000 });

    // Outstanding: all members' for an admin; for a manager, what the store's top-ups still hold.
    const manager = await loginStaff(t, 'manager', home);
    const own = await report(from, to, manager);
    expect(own.items.map((r: { storeId: string }) => r.storeId)).toEqual([home]);
    expect(own.outstanding).toEqual({ principal: 3000, bonus: 0 });
    const all = await report(from, to);
    expect(all.outstanding.principal).toBeGreaterThan(3000);
  });
});
