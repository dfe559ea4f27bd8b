// Stored value (储值) end to end: top-ups paid through the fake WeChat Pay's real signed
// notifications, the balance at the till under concurrency, refunds, settlement, reconciliation.
import { StoredValueService } from '../src/stored-value/stored-value.service.js';
import { PaymentsService } from '../src/payments/payments.service.js';
import { createStore, loginMember, loginStaff, type LoggedInMember, type LoggedInStaff } from './helpers/factories.js';
import { expectLedgerConsistent, identifyMember, placeOrder } from './helpers/loyalty.js';
import {
  balanceOf,
  createTopUpPlan,
  deliverNotification,
  openTopUp,
  paidSilently,
  payFake,
  requestId,
  sandboxPay,
  topUp,
  transactionResource,
} from './helpers/payments.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { OutboxRelay } from '../src/outbox/outbox.relay.js';
import { freshMemberCode } from './helpers/loyalty.js';

/** Sends the refunds waiting in the outbox and waits for WeChat Pay's notifications about them. */
async function settleRefunds(t: TestApp): Promise<void> {
  await t.app.get(OutboxRelay).drain();
  await payFake(t).state.idle();
}

describe('stored value', () => {
  let t: TestApp;
  let admin: LoggedInStaff;
  let storeA: string;
  let cashierA: LoggedInStaff;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginStaff(t, 'admin');
    storeA = await createStore(t, '储值A店');
    cashierA = await loginStaff(t, 'cashier', storeA);
  });
  afterEach(async () => {
    await payFake(t).state.idle();
    await t.app.get(PaymentsService).syncDue(new Date(Date.now() + 120_000));
    await expectLedgerConsistent(t);
  });
  afterAll(() => t.close());

  it('a plan is offered; a top-up is credited only once WeChat Pay’s signed notification arrives', async () => {
    const planId = await createTopUpPlan(t, admin, 10000, 1000);
    const plans = await t.http.get('/api/v1/stored-value/plans').expect(200);
    expect(plans.body.items).toContainEqual({ id: planId, title: '充100送10', amount: 10000, bonus: 1000 });

    const member = await loginMember(t);
    const rid = requestId();
    const res = await t.http
      .post('/api/v1/me/stored-value/top-ups')
      .set(member.auth)
      .send({ planId, requestId: rid })
      .expect(201);
    expect(res.body).toMatchObject({
      status: 'pending',
      payment: { signType: 'RSA', package: expect.stringMatching(/^prepay_id=/) },
    });
    expect(res.body.payment.paySign).toMatch(/^[A-Za-z0-9+/=]{300,}$/);
    // The same requestId answers the same order; another plan with it is a conflict.
    const again = await t.http
      .post('/api/v1/me/stored-value/top-ups')
      .set(member.auth)
      .send({ planId, requestId: rid })
      .expect(200);
    expect(again.body).toEqual(res.body);
    const other = await createTopUpPlan(t, admin, 5000, 0);
    await t.http.post('/api/v1/me/stored-value/top-ups').set(member.auth).send({ planId: other, requestId: rid }).expect(409);
    expect(payFake(t).state.prepayCalls).toBeGreaterThanOrEqual(1);

    expect(await balanceOf(t, member)).toEqual({ balance: 0, principal: 0, bonus: 0 });
    await sandboxPay(t, member, String(res.body.payment.package).slice('prepay_id='.length));
    expect(await balanceOf(t, member)).toEqual({ balance: 11000, principal: 10000, bonus: 1000 });
    const card = await t.http.get('/api/v1/me').set(member.auth).expect(200);
    expect(card.body.storedBalance).toBe(11000);
    const mine = await t.http.get('/api/v1/me/stored-value').set(member.auth).expect(200);
    expect(mine.body.entries).toEqual([
      expect.objectContaining({ kind: 'top_up', delta: 11000, principalDelta: 10000, bonusDelta: 1000, balanceAfter: 11000 }),
    ]);
    expect(mine.body.bonusExpiring).toBe(1000);
  });

  it('the same notification delivered 10× concurrently credits once', async () => {
    const member = await loginMember(t);
    const planId = await createTopUpPlan(t, admin, 6000, 600);
    const { outTradeNo } = await openTopUp(t, member, planId);
    const notification = paidSilently(t, outTradeNo);
    const answers = await Promise.all(Array.from({ length: 10 }, () => deliverNotification(t, notification)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(204));
    expect(await balanceOf(t, member)).toEqual({ balance: 6600, principal: 6000, bonus: 600 });
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM stored_value_entry WHERE member_id = $1`, [member.id]);
    expect(n).toBe(1);
  });

  it('forged, re-signed, tampered, stale and unknown-order notifications credit nothing', async () => {
    const member = await loginMember(t);
    const planId = await createTopUpPlan(t, admin, 3000, 0);
    const { outTradeNo } = await openTopUp(t, member, planId);
    const fake = payFake(t).state;
    const resource = transactionResource(t, outTradeNo);
    const forged = fake.signNotification(resource, { eventType: 'TRANSACTION.SUCCESS', signWith: 'other' });
    const stale = fake.signNotification(resource, {
      eventType: 'TRANSACTION.SUCCESS',
      timestamp: Math.floor(Date.now() / 1000) - 3600,
    });
    const otherSerial = fake.signNotification(resource, { eventType: 'TRANSACTION.SUCCESS', serial: 'PUB_KEY_ID_SOMEONE_ELSE' });
    const genuine = fake.signNotification(resource, { eventType: 'TRANSACTION.SUCCESS' });
    const tampered = { headers: genuine.headers, body: genuine.body.replace('"id":"', '"id":"x') };
    for (const n of [forged, stale, otherSerial, tampered]) {
      const r = await deliverNotification(t, n);
      expect([r.status, r.body.code]).toEqual([401, 'PAYMENT_NOTIFICATION_INVALID']);
    }
    const garbled = await deliverNotification(t, { headers: genuine.headers, body: 'not json' });
    expect([garbled.status, garbled.body.code]).toEqual([400, 'MALFORMED_JSON']);
    // Genuine, but for an order we never opened, or for another amount: acknowledged, nothing credited.
    const unknown = fake.signNotification(
      { ...resource, out_trade_no: 'HY20261202NOSUCHORDER0000' },
      { eventType: 'TRANSACTION.SUCCESS' },
    );
    await deliverNotification(t, unknown).expect(204);
    const cheaper = fake.signNotification(transactionResource(t, outTradeNo, { amount: { total: 1, currency: 'CNY' } }), {
      eventType: 'TRANSACTION.SUCCESS',
    });
    await deliverNotification(t, cheaper).expect(204);
    expect((await balanceOf(t, member)).balance).toBe(0);
    // A replay of the genuine one after it was credited changes nothing either.
    await deliverNotification(t, genuine).expect(204);
    await deliverNotification(t, genuine).expect(204);
    expect((await balanceOf(t, member)).balance).toBe(3000);
  });

  it('a lost notification is settled by querying the order (the member asking, or the sync job)', async () => {
    const member = await loginMember(t);
    const planId = await createTopUpPlan(t, admin, 2000, 200);
    const first = await openTopUp(t, member, planId);
    paidSilently(t, first.outTradeNo);
    const status = await t.http.get(`/api/v1/me/payments/${first.outTradeNo}`).set(member.auth).expect(200);
    expect(status.body).toMatchObject({ status: 'paid', purpose: 'stored_value_top_up', amount: 2000 });
    expect((await balanceOf(t, member)).balance).toBe(2200);

    const second = await openTopUp(t, member, planId);
    paidSilently(t, second.outTradeNo);
    const r = await t.app.get(PaymentsService).syncDue(new Date(Date.now() + 120_000));
    expect(r.settled).toBeGreaterThanOrEqual(1);
    expect((await balanceOf(t, member)).balance).toBe(4400);
    // Another member cannot read it.
    const other = await loginMember(t);
    await t.http.get(`/api/v1/me/payments/${second.outTradeNo}`).set(other.auth).expect(404);
    await t.http.post(`/api/v1/sandbox/payments/${second.prepayId}/pay`).set(other.auth).send({}).expect(404);
  });

  it('an unpaid order past its expiry is closed by the sync job and never credited', async () => {
    const member = await loginMember(t);
    const planId = await createTopUpPlan(t, admin, 1500, 0);
    const { outTradeNo, topUpId } = await openTopUp(t, member, planId);
    const r = await t.app.get(PaymentsService).syncDue(new Date(Date.now() + 31 * 60_000));
    expect(r.closed).toBeGreaterThanOrEqual(1);
    const [row] = await t.db.query(`SELECT status FROM stored_value_top_up WHERE id = $1`, [topUpId]);
    expect(row.status).toBe('closed');
    expect(payFake(t).state.orders.get(outTradeNo)!.tradeState).toBe('CLOSED');
  });

  it('20 concurrent balance payments of ¥10 on a ¥60 balance → exactly 6', async () => {
    const member = await loginMember(t);
    await topUp(t, admin, member, 6000);
    const identificationId = await identifyMember(t, cashierA, member.id);
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        placeOrder(t, cashierA, { memberId: member.id, amount: 1000, payWithBalance: 1000, identificationId }),
      ),
    );
    const statuses = results.map((r) => (r.status === 201 ? '201' : `${r.status} ${String(r.body.code)}`)).sort();
    expect(statuses.filter((s) => s === '201')).toHaveLength(6);
    expect(statuses.filter((s) => s !== '201')).toEqual(Array(14).fill('422 INSUFFICIENT_BALANCE'));
    expect(await balanceOf(t, member)).toEqual({ balance: 0, principal: 0, bonus: 0 });
    for (const r of results.filter((x) => x.status === 201)) expect(r.body.tenders).toEqual({ balance: 1000, external: 0 });
  });

  it('pays with balance at the till (identified only), earns on it, and refunds return it', async () => {
    const member = await loginMember(t);
    await topUp(t, admin, member, 10000, 1000);
    // Spending stored value needs the member present.
    const absent = await placeOrder(t, cashierA, { memberId: member.id, amount: 5000, payWithBalance: 100 });
    expect([absent.status, absent.body.code]).toEqual([403, 'MEMBER_NOT_PRESENT']);
    const identificationId = await identifyMember(t, cashierA, member.id);
    const seen = await t.http
      .post('/api/v1/cashier/identify')
      .set(cashierA.auth)
      .send({ memberCode: await freshMemberCode(t, member.id) })
      .expect(200);
    expect(seen.body.member.storedBalance).toBe(11000);
    const over = await placeOrder(t, cashierA, { memberId: member.id, amount: 20000, payWithBalance: 11001, identificationId });
    expect([over.status, over.body.code]).toEqual([422, 'INSUFFICIENT_BALANCE']);
    const order = await placeOrder(t, cashierA, {
      memberId: member.id,
      amount: 5000,
      payWithBalance: 3300,
      identificationId,
    }).expect(201);
    expect(order.body.tenders).toEqual({ balance: 3300, external: 1700 });
    expect(order.body.pointsEarned).toBe(50);
    // Proportional: ¥33 = ¥30 principal + ¥3 bonus.
    expect(await balanceOf(t, member)).toEqual({ balance: 7700, principal: 7000, bonus: 700 });

    const orderNo = order.body.orderNo as string;
    const half = await t.http
      .post(`/api/v1/cashier/orders/${orderNo}/refunds`)
      .set(cashierA.auth)
      .send({ refundNo: 'R1', amount: 2500 })
      .expect(201);
    expect(half.body.balanceReturned).toBe(1650);
    const rest = await t.http
      .post(`/api/v1/cashier/orders/${orderNo}/refunds`)
      .set(cashierA.auth)
      .send({ refundNo: 'R2', amount: 2500 })
      .expect(201);
    expect(rest.body.balanceReturned).toBe(1650);
    expect(await balanceOf(t, member)).toEqual({ balance: 11000, principal: 10000, bonus: 1000 });
    // A replayed refund returns nothing twice.
    await t.http
      .post(`/api/v1/cashier/orders/${orderNo}/refunds`)
      .set(cashierA.auth)
      .send({ refundNo: 'R2', amount: 2500 })
      .expect(200);
    expect((await balanceOf(t, member)).balance).toBe(11000);
  });

  it('a top-up refunded after part of it was spent claws its bonus back (in proportion, and bonus first)', async () => {
    const svc = t.app.get(StoredValueService);
    // Proportional spending: ¥55 takes ¥50 principal and ¥5 bonus; the ¥50 left goes back, the ¥5 bonus left is clawed.
    const a = await loginMember(t);
    const topA = await topUp(t, admin, a, 10000, 1000);
    let id = await identifyMember(t, cashierA, a.id);
    await placeOrder(t, cashierA, { memberId: a.id, amount: 5500, payWithBalance: 5500, identificationId: id }).expect(201);
    const refundA = await t.http
      .post(`/api/v1/admin/stored-value/top-ups/${topA.topUpId}/refund`)
      .set(admin.auth)
      .send({ requestId: requestId('rf'), reason: '测试退款' })
      .expect(201);
    expect(refundA.body).toMatchObject({
      principal: 5000,
      bonusClawedBack: 500,
      bonusKeptFromMoney: 0,
      money: 5000,
      status: 'processing',
    });
    expect(await balanceOf(t, a)).toEqual({ balance: 0, principal: 0, bonus: 0 });

    // Bonus first: ¥55 takes the ¥10 bonus and ¥45 principal; ¥55 principal left, ¥5.50 of bonus due back is kept from it.
    await svc.saveSettings({ id: admin.id, role: 'admin', storeId: null } as never, {
      spendOrder: 'bonus_first',
      bonusExpiryDays: 365,
    });
    const b = await loginMember(t);
    const topB = await topUp(t, admin, b, 10000, 1000);
    id = await identifyMember(t, cashierA, b.id);
    await placeOrder(t, cashierA, { memberId: b.id, amount: 5500, payWithBalance: 5500, identificationId: id }).expect(201);
    expect(await balanceOf(t, b)).toEqual({ balance: 5500, principal: 5500, bonus: 0 });
    const rid = requestId('rf');
    const refundB = await t.http
      .post(`/api/v1/admin/stored-value/top-ups/${topB.topUpId}/refund`)
      .set(admin.auth)
      .send({ requestId: rid })
      .expect(201);
    expect(refundB.body).toMatchObject({ principal: 5500, bonusClawedBack: 0, bonusKeptFromMoney: 550, money: 4950 });
    // The same requestId replays; nothing is left to refund now.
    const replay = await t.http
      .post(`/api/v1/admin/stored-value/top-ups/${topB.topUpId}/refund`)
      .set(admin.auth)
      .send({ requestId: rid })
      .expect(200);
    expect(replay.body).toEqual(refundB.body);
    const none = await t.http
      .post(`/api/v1/admin/stored-value/top-ups/${topB.topUpId}/refund`)
      .set(admin.auth)
      .send({ requestId: requestId('rf') });
    expect([none.status, none.body.code]).toEqual([422, 'TOP_UP_NOT_REFUNDABLE']);
    await svc.saveSettings({ id: admin.id, role: 'admin', storeId: null } as never, {
      spendOrder: 'proportional',
      bonusExpiryDays: 365,
    });

    // WeChat Pay got both refunds, and their notifications ended them.
    await settleRefunds(t);
    const refunds = [...payFake(t).state.refunds.values()].filter(
      (r) => r.outTradeNo === topA.outTradeNo || r.outTradeNo === topB.outTradeNo,
    );
    expect(refunds.map((r) => r.amountRefund).sort()).toEqual([4950, 5000]);
    const rows: { status: string }[] = await t.db.query(
      `SELECT status FROM stored_value_refund WHERE member_id = ANY($1::uuid[])`,
      [[a.id, b.id]],
    );
    expect(rows.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
  });

  it('10 concurrent refunds of ¥10 on a top-up with ¥50 left → exactly 5, WeChat Pay asked for exactly ¥50', async () => {
    const m = await loginMember(t);
    const top = await topUp(t, admin, m, 5000, 500);
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        t.http
          .post(`/api/v1/admin/stored-value/top-ups/${top.topUpId}/refund`)
          .set(admin.auth)
          .send({ principal: 1000, requestId: requestId('rf') }),
      ),
    );
    const outcome = results.map((r) => (r.status === 201 ? '201' : `${r.status} ${String(r.body.code)}`)).sort();
    expect(outcome).toEqual([...Array(5).fill('201'), ...Array(5).fill('422 TOP_UP_NOT_REFUNDABLE')]);
    // Each ¥10 claws back ¥1 of bonus: the member keeps nothing, WeChat Pay returns ¥50 in all.
    expect(results.filter((r) => r.status === 201).reduce((sum, r) => sum + (r.body.money as number), 0)).toBe(5000);
    expect(await balanceOf(t, m)).toEqual({ balance: 0, principal: 0, bonus: 0 });
    await settleRefunds(t);
    const asked = [...payFake(t).state.refunds.values()].filter((r) => r.outTradeNo === top.outTradeNo);
    expect(asked.reduce((sum, r) => sum + r.amountRefund, 0)).toBe(5000);
  });

  it('a refund WeChat Pay refuses for good gives the balance back', async () => {
    const m = await loginMember(t);
    const top = await topUp(t, admin, m, 4000, 400);
    payFake(t).state.failNext('refund', { status: 400, code: 'INVALID_REQUEST', message: '订单已超过退款期限' });
    await t.http
      .post(`/api/v1/admin/stored-value/top-ups/${top.topUpId}/refund`)
      .set(admin.auth)
      .send({ requestId: requestId('rf') })
      .expect(201);
    expect((await balanceOf(t, m)).balance).toBe(0);
    await settleRefunds(t);
    expect(await balanceOf(t, m)).toEqual({ balance: 4400, principal: 4000, bonus: 400 });
    const mine = await t.http.get('/api/v1/me/stored-value').set(m.auth).expect(200);
    expect(mine.body.entries.map((e: { kind: string }) => e.kind)).toEqual(['top_up_refund_reverted', 'top_up_refund', 'top_up']);
  });

  it('settles between stores: topped up at A, spent at B', async () => {
    const from = new Date(Date.now() - 60_000).toISOString();
    // Two stores of this test's own, so earlier tests' spends do not count.
    const storeA = await createStore(t, '结算A店');
    const storeB = await createStore(t, '结算B店');
    const cashierAtB = await loginStaff(t, 'cashier', storeB);
    const m = await loginMember(t);
    await topUp(t, admin, m, 8000, 0, { storeId: storeA });
    const id = await identifyMember(t, cashierAtB, m.id);
    await placeOrder(t, cashierAtB, { memberId: m.id, amount: 3000, payWithBalance: 3000, identificationId: id }).expect(201);
    const to = new Date(Date.now() + 60_000).toISOString();
    const res = await t.http.get('/api/v1/admin/stored-value/settlement').query({ from, to }).set(admin.auth).expect(200);
    const a = res.body.items.find((r: { storeId: string }) => r.storeId === storeA);
    const b = res.body.items.find((r: { storeId: string }) => r.storeId === storeB);
    expect(a).toMatchObject({ toppedUp: 8000, owedToOthers: 3000, net: -3000 });
    expect(b).toMatchObject({ principalSpent: 3000, owedByOthers: 3000, net: 3000 });
    // A manager sees their own store only.
    const manager = await loginStaff(t, 'manager', storeB);
    const own = await t.http.get('/api/v1/admin/stored-value/settlement').query({ from, to }).set(manager.auth).expect(200);
    expect(own.body.items.map((r: { storeId: string }) => r.storeId)).toEqual([storeB]);
    await t.http.get('/api/v1/admin/stored-value/settlement').query({ from, to, storeId: storeA }).set(manager.auth).expect(403);
  });

  it('expired bonus leaves the balance once (the job is safe to re-run)', async () => {
    const m: LoggedInMember = await loginMember(t);
    const top = await topUp(t, admin, m, 5000, 500);
    await t.db.query(`UPDATE stored_value_top_up SET bonus_expires_at = now() - interval '1 minute' WHERE id = $1`, [
      top.topUpId,
    ]);
    expect(await balanceOf(t, m)).toEqual({ balance: 5000, principal: 5000, bonus: 0 });
    const svc = t.app.get(StoredValueService);
    expect((await svc.expireBonuses()).fen).toBeGreaterThanOrEqual(500);
    await svc.expireBonuses();
    const mine = await t.http.get('/api/v1/me/stored-value').set(m.auth).expect(200);
    expect(mine.body.entries.filter((e: { kind: string }) => e.kind === 'bonus_expired')).toEqual([
      expect.objectContaining({ delta: -500 }),
    ]);
  });

  it('plans and settings are validated with stable codes', async () => {
    const bad = await t.http.post('/api/v1/admin/stored-value/plans').set(admin.auth).send({ title: '', amount: 50, bonus: 100 });
    expect([bad.status, bad.body.code]).toEqual([422, 'INVALID_PLAN']);
    await t.http
      .put('/api/v1/admin/stored-value/settings')
      .set(admin.auth)
      .send({ spendOrder: 'random', bonusExpiryDays: 0 })
      .expect(400);
    const m = await loginMember(t);
    const planId = await createTopUpPlan(t, admin, 1000, 0);
    const blank = await t.http.patch(`/api/v1/admin/stored-value/plans/${planId}`).set(admin.auth).send({ title: '  ' });
    expect([blank.status, blank.body.code, blank.body.details]).toEqual([
      422,
      'INVALID_PLAN',
      [{ field: 'title', problem: '1–40 characters' }],
    ]);
    await t.http.patch(`/api/v1/admin/stored-value/plans/${planId}`).set(admin.auth).send({ active: false }).expect(200);
    const off = await t.http.post('/api/v1/me/stored-value/top-ups').set(m.auth).send({ planId, requestId: requestId() });
    expect([off.status, off.body.code]).toEqual([422, 'PLAN_NOT_AVAILABLE']);
  });
});

describe('stored value webhooks', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('every ledger entry emits stored_value.changed (and a membership term membership.changed) in its transaction', async () => {
    const admin = await loginStaff(t, 'admin');
    await t.http
      .post('/api/v1/admin/webhooks')
      .set(admin.auth)
      .send({ url: 'http://127.0.0.1:9/hooks', events: ['stored_value.changed', 'membership.changed'] })
      .expect(201);
    const m = await loginMember(t);
    await topUp(t, admin, m, 5000, 500);
    const plan = await t.http
      .post('/api/v1/admin/membership/plans')
      .set(admin.auth)
      .send({ title: '体验', price: 0, termDays: 7, trial: true, discountRateBp: 9500 })
      .expect(201);
    await t.http
      .post('/api/v1/me/membership/purchases')
      .set(m.auth)
      .send({ planId: plan.body.id, requestId: requestId() })
      .expect(201);
    const rows: { type: string; payload: Record<string, unknown> }[] = await t.db.query(
      `SELECT type, payload FROM webhook_event WHERE member_id = $1 ORDER BY created_at`,
      [m.id],
    );
    expect(rows.map((r) => r.type)).toEqual(['stored_value.changed', 'membership.changed']);
    expect(rows[0]!.payload).toMatchObject({ kind: 'top_up', principalDelta: 5000, bonusDelta: 500, balanceAfter: 5500 });
    expect(rows[1]!.payload).toMatchObject({ change: 'trial_started', planId: plan.body.id });
  });
});
