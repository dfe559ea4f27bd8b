// Payments at the edges (docs/stored-value.md "Payments"): refunds WeChat Pay cannot take yet, held
// ABNORMAL refunds, closed ones, answers about another refund, the sync job working through every
// open payment and refund in turn, expired prepays, and the lock order under concurrent refunds.
import { randomBytes } from 'node:crypto';
import { OutboxRelay } from '../src/outbox/outbox.relay.js';
import { PaymentsService, PENDING_REFUND_SYNC_AFTER_MS } from '../src/payments/payments.service.js';
import type { FakePayOrder } from '../src/wechat-pay/fake-wechat-pay.server.js';
import { loginMember, loginStaff, type LoggedInMember, type LoggedInStaff } from './helpers/factories.js';
import { expectLedgerConsistent } from './helpers/loyalty.js';
import { balanceOf, createTopUpPlan, deliverNotification, openTopUp, payFake, requestId, topUp } from './helpers/payments.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const MINUTE = 60_000;

describe('payments: refunds and the sync job', () => {
  let t: TestApp;
  let admin: LoggedInStaff;
  let payments: PaymentsService;

  /** The refund's row in payments/ and the stored-value refund's status. */
  async function refundState(topUpId: string): Promise<{ payment: string; storedValue: string; outRefundNo: string }> {
    const rows: { payment: string; stored_value: string; out_refund_no: string }[] = await t.db.query(
      `SELECT pr.status AS payment, r.status AS stored_value, pr.out_refund_no
         FROM stored_value_refund r JOIN payment_refund pr ON pr.id = r.payment_refund_id
        WHERE r.top_up_id = $1`,
      [topUpId],
    );
    expect(rows).toHaveLength(1);
    return { payment: rows[0]!.payment, storedValue: rows[0]!.stored_value, outRefundNo: rows[0]!.out_refund_no };
  }

  async function refundAll(topUpId: string): Promise<void> {
    await t.http
      .post(`/api/v1/admin/stored-value/top-ups/${topUpId}/refund`)
      .set(admin.auth)
      .send({ requestId: requestId('rf') })
      .expect(201);
  }

  async function drain(): Promise<void> {
    await t.app.get(OutboxRelay).drain();
    await payFake(t).state.idle();
  }

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginStaff(t, 'admin');
    payments = t.app.get(PaymentsService);
  });
  afterEach(async () => {
    payFake(t).state.holdRefunds(false);
    await payFake(t).state.idle();
    await expectLedgerConsistent(t);
  });
  afterAll(() => t.close());

  it('a refund WeChat Pay cannot take yet (NOT_ENOUGH, SIGN_ERROR) keeps the balance taken; the sync job sends it once the outbox gave up', async () => {
    const m = await loginMember(t);
    const top = await topUp(t, admin, m, 4000, 400);
    payFake(t).state.failNext('refund', { status: 403, code: 'NOT_ENOUGH', message: '基本账户余额不足' });
    await refundAll(top.topUpId);
    await drain();
    // Not refused for good: nothing given back, still waiting.
    expect(await refundState(top.topUpId)).toMatchObject({ payment: 'pending', storedValue: 'processing' });
    expect((await balanceOf(t, m)).balance).toBe(0);

    // The outbox gives up on it (its attempts ran out): the refund must not stay pending forever.
    const { outRefundNo } = await refundState(top.topUpId);
    await t.db.query(
      `UPDATE outbox_message SET status = 'dead' WHERE topic = 'payments.refund' AND payload->>'refundId' =
         (SELECT id::text FROM payment_refund WHERE out_refund_no = $1)`,
      [outRefundNo],
    );
    // Our configuration is wrong for a while (SIGN_ERROR): still not given back.
    payFake(t).state.failNext('refund', { status: 401, code: 'SIGN_ERROR', message: '签名错误' });
    const later = Date.now() + PENDING_REFUND_SYNC_AFTER_MS + MINUTE;
    await payments.syncDue(new Date(later));
    expect(await refundState(top.topUpId)).toMatchObject({ payment: 'pending', storedValue: 'processing' });
    expect((await balanceOf(t, m)).balance).toBe(0);

    // Fixed: the next sync (a minute on) sends it under the same out_refund_no, and it succeeds.
    expect((await payments.syncDue(new Date(later + 2 * MINUTE))).refunds).toBeGreaterThanOrEqual(1);
    await payFake(t).state.idle();
    expect(await refundState(top.topUpId)).toEqual({ payment: 'succeeded', storedValue: 'succeeded', outRefundNo });
    expect(payFake(t).state.refunds.get(outRefundNo)).toMatchObject({ amountRefund: 4000, status: 'SUCCESS' });
    expect((await balanceOf(t, m)).balance).toBe(0);
  });

  it('a final refusal (INVALID_REQUEST) gives the balance back', async () => {
    const m = await loginMember(t);
    const top = await topUp(t, admin, m, 3000, 300);
    payFake(t).state.failNext('refund', { status: 400, code: 'INVALID_REQUEST', message: '订单已超过退款期限' });
    await refundAll(top.topUpId);
    await drain();
    expect(await refundState(top.topUpId)).toMatchObject({ payment: 'failed', storedValue: 'failed' });
    expect(await balanceOf(t, m)).toEqual({ balance: 3300, principal: 3000, bonus: 300 });
  });

  it('ABNORMAL is held — nothing given back, the money reserved — until WeChat Pay ends it', async () => {
    const m = await loginMember(t);
    const top = await topUp(t, admin, m, 5000, 500);
    payFake(t).state.holdRefunds(true);
    await refundAll(top.topUpId);
    await drain();
    const { outRefundNo } = await refundState(top.topUpId);
    expect(await refundState(top.topUpId)).toMatchObject({ payment: 'processing', storedValue: 'processing' });

    await payFake(t).state.finishRefund(outRefundNo, 'ABNORMAL');
    expect(await refundState(top.topUpId)).toMatchObject({ payment: 'abnormal', storedValue: 'processing' });
    expect((await balanceOf(t, m)).balance).toBe(0);
    const [payment] = await t.db.query(`SELECT refunded FROM payment WHERE out_trade_no = $1`, [top.outTradeNo]);
    expect(payment.refunded).toBe(5000);
    // The sync job keeps asking about it (WeChat Pay still says ABNORMAL): unchanged.
    await payments.syncDue(new Date(Date.now() + 2 * MINUTE));
    expect((await refundState(top.topUpId)).payment).toBe('abnormal');

    // The merchant finished it on the merchant platform: WeChat Pay reports SUCCESS.
    await payFake(t).state.finishRefund(outRefundNo, 'SUCCESS');
    expect(await refundState(top.topUpId)).toMatchObject({ payment: 'succeeded', storedValue: 'succeeded' });
    expect((await balanceOf(t, m)).balance).toBe(0);
  });

  it('a refund WeChat Pay closes (CLOSED) gives the balance back, once', async () => {
    const m = await loginMember(t);
    const top = await topUp(t, admin, m, 2000, 200);
    payFake(t).state.holdRefunds(true);
    await refundAll(top.topUpId);
    await drain();
    const { outRefundNo } = await refundState(top.topUpId);
    const closed = await payFake(t).state.finishRefund(outRefundNo, 'CLOSED');
    expect(closed.status).toBe(204);
    // The same notification again changes nothing.
    expect((await deliverNotification(t, closed.notification)).status).toBe(204);
    expect(await refundState(top.topUpId)).toMatchObject({ payment: 'failed', storedValue: 'failed' });
    expect(await balanceOf(t, m)).toEqual({ balance: 2200, principal: 2000, bonus: 200 });
    const [payment] = await t.db.query(`SELECT refunded FROM payment WHERE out_trade_no = $1`, [top.outTradeNo]);
    expect(payment.refunded).toBe(0);
  });

  it('a signed refund notification for another amount or another order ends nothing', async () => {
    const m = await loginMember(t);
    const top = await topUp(t, admin, m, 6000, 0);
    payFake(t).state.holdRefunds(true);
    await refundAll(top.topUpId);
    await drain();
    const { outRefundNo } = await refundState(top.topUpId);
    const held = payFake(t).state.refunds.get(outRefundNo)!;
    const resource = (change: Record<string, unknown>) => ({
      mchid: '1900000109',
      out_trade_no: held.outTradeNo,
      transaction_id: held.transactionId,
      out_refund_no: held.outRefundNo,
      refund_id: held.refundId,
      refund_status: 'CLOSED',
      success_time: held.successTime,
      user_received_account: '支付用户零钱',
      amount: { total: 6000, refund: 6000, payer_total: 6000, payer_refund: 6000 },
      ...change,
    });
    const sign = (r: Record<string, unknown>) => payFake(t).state.signNotification(r, { eventType: 'REFUND.CLOSED' });
    const otherAmount = sign(resource({ amount: { total: 6000, refund: 100, payer_total: 6000, payer_refund: 100 } }));
    const otherOrder = sign(resource({ out_trade_no: `HY20260101${randomBytes(8).toString('hex').toUpperCase()}` }));
    expect((await deliverNotification(t, otherAmount)).status).toBe(204);
    expect((await deliverNotification(t, otherOrder)).status).toBe(204);
    expect(await refundState(top.topUpId)).toMatchObject({ payment: 'processing', storedValue: 'processing' });
    expect((await balanceOf(t, m)).balance).toBe(0);
    await payFake(t).state.finishRefund(outRefundNo, 'SUCCESS');
    expect((await refundState(top.topUpId)).payment).toBe('succeeded');
  });

  it('the sync job works through every pending payment in turn, and closes failed ones (PAYERROR, REVOKED) once expired', async () => {
    const m = await loginMember(t);
    const planId = await createTopUpPlan(t, admin, 1000, 0);
    const opened = [];
    for (let i = 0; i < 3; i++) opened.push(await openTopUp(t, m, planId));
    const fakeOrder = (no: string) => payFake(t).state.orders.get(no) as FakePayOrder;
    fakeOrder(opened[0]!.outTradeNo).tradeState = 'PAYERROR';
    fakeOrder(opened[1]!.outTradeNo).tradeState = 'REVOKED';
    const ours = opened.map((o) => o.outTradeNo);
    const asked = async () =>
      (
        await t.db.query(`SELECT count(*)::int AS n FROM payment WHERE out_trade_no = ANY($1) AND synced_at IS NOT NULL`, [ours])
      )[0].n as number;
    // Everything else pending from earlier tests is synced first so the limit bites on ours.
    const now = Date.now() + 2 * MINUTE;
    await payments.syncDue(new Date(now), 1000);
    await t.db.query(`UPDATE payment SET synced_at = NULL WHERE out_trade_no = ANY($1)`, [ours]);
    await payments.syncDue(new Date(now + 2 * MINUTE), 2);
    expect(await asked()).toBe(2);
    await payments.syncDue(new Date(now + 2 * MINUTE + 1000), 2);
    expect(await asked()).toBe(3); // the third one's turn: the two just asked wait a minute
    const statuses = async () =>
      (await t.db.query(`SELECT out_trade_no, status FROM payment WHERE out_trade_no = ANY($1) ORDER BY created_at`, [ours])).map(
        (r: { status: string }) => r.status,
      );
    expect(await statuses()).toEqual(['pending', 'pending', 'pending']);

    // Past time_expire: the failed and the revoked one are closed (the failed one at WeChat Pay too).
    const closesBefore = payFake(t).state.closeCalls;
    await payments.syncDue(new Date(Date.now() + 31 * MINUTE), 1000);
    expect(await statuses()).toEqual(['closed', 'closed', 'closed']);
    expect(payFake(t).state.closeCalls - closesBefore).toBe(2); // PAYERROR and NOTPAY; REVOKED has ended there
    const topUps = await t.db.query(`SELECT status FROM stored_value_top_up WHERE id = ANY($1)`, [opened.map((o) => o.topUpId)]);
    expect(topUps.map((r: { status: string }) => r.status)).toEqual(['closed', 'closed', 'closed']);
  });

  it('a top-up retried after its payment expired answers 409 PAYMENT_EXPIRED, not 502 forever', async () => {
    const m = await loginMember(t);
    const planId = await createTopUpPlan(t, admin, 1500, 0);
    const rid = requestId('tu');
    payFake(t).state.failNext('jsapi', { status: 500, code: 'SYSTEM_ERROR', message: '系统错误' });
    const first = await t.http.post('/api/v1/me/stored-value/top-ups').set(m.auth).send({ planId, requestId: rid });
    expect(first.status).toBe(502);
    expect(first.body.code).toBe('PAYMENT_UNAVAILABLE');
    await t.db.query(
      `UPDATE payment SET expires_at = now() - interval '1 minute'
        WHERE id = (SELECT payment_id FROM stored_value_top_up WHERE request_id = $1)`,
      [rid],
    );
    const retry = await t.http.post('/api/v1/me/stored-value/top-ups').set(m.auth).send({ planId, requestId: rid });
    expect(retry.status).toBe(409);
    expect(retry.body.code).toBe('PAYMENT_EXPIRED');
    // WeChat Pay itself saying the order is closed is the same answer.
    payFake(t).state.failNext('jsapi', { status: 400, code: 'ORDER_CLOSED', message: '订单已关闭' });
    const closed = await t.http
      .post('/api/v1/me/stored-value/top-ups')
      .set(m.auth)
      .send({ planId, requestId: requestId('tu') });
    expect(closed.status).toBe(409);
    expect(closed.body.code).toBe('PAYMENT_EXPIRED');
  });

  it('refunds asked for while others of the same member end never deadlock, and add up', async () => {
    const m: LoggedInMember = await loginMember(t);
    const tops = [];
    for (let i = 0; i < 6; i++) tops.push(await topUp(t, admin, m, 1000, 100));
    payFake(t).state.holdRefunds(true);
    for (const top of tops.slice(0, 3)) await refundAll(top.topUpId);
    await drain();
    const held = await Promise.all(tops.slice(0, 3).map((top) => refundState(top.topUpId)));
    // Three refunds end (two paid out, one closed) while three more are asked for, all at once.
    const results = await Promise.all([
      payFake(t).state.finishRefund(held[0]!.outRefundNo, 'SUCCESS'),
      payFake(t).state.finishRefund(held[1]!.outRefundNo, 'SUCCESS'),
      payFake(t).state.finishRefund(held[2]!.outRefundNo, 'CLOSED'),
      ...tops.slice(3).map((top) =>
        t.http
          .post(`/api/v1/admin/stored-value/top-ups/${top.topUpId}/refund`)
          .set(admin.auth)
          .send({ requestId: requestId('rf') }),
      ),
    ]);
    expect(results.slice(0, 3).map((r) => (r as { status: number }).status)).toEqual([204, 204, 204]);
    expect(results.slice(3).map((r) => (r as { status: number }).status)).toEqual([201, 201, 201]);
    // Only the closed one came back: 1,100.
    expect(await balanceOf(t, m)).toEqual({ balance: 1100, principal: 1000, bonus: 100 });
  });
});
