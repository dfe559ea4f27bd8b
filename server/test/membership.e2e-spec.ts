// Paid membership (付费会员) end to end: a trial once, purchases paid through the fake WeChat Pay,
// renewals stacking, the benefits at the till, the monthly coupon pack, the pro-rata refund.
import { MembershipService } from '../src/membership/membership.service.js';
import { OutboxRelay } from '../src/outbox/outbox.relay.js';
import { createTemplate } from './helpers/coupons.js';
import { loginMember, loginStaff, type LoggedInMember, type LoggedInStaff } from './helpers/factories.js';
import { expectLedgerConsistent, freshMemberCode, placeOrder } from './helpers/loyalty.js';
import { payFake, requestId, sandboxPay } from './helpers/payments.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const DAY = 86_400_000;

describe('paid membership', () => {
  let t: TestApp;
  let admin: LoggedInStaff;
  let cashier: LoggedInStaff;
  let trialPlan: string;
  let monthPlan: string;
  let templateId: string;

  async function plan(body: Record<string, unknown>): Promise<string> {
    const res = await t.http.post('/api/v1/admin/membership/plans').set(admin.auth).send(body);
    if (res.status !== 201) throw new Error(`plan: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  }

  async function buy(member: LoggedInMember, planId: string) {
    return t.http
      .post('/api/v1/me/membership/purchases')
      .set(member.auth)
      .send({ planId, requestId: requestId('mp') });
  }

  async function buyAndPay(member: LoggedInMember, planId: string) {
    const res = await buy(member, planId);
    expect(res.status).toBe(201);
    await sandboxPay(t, member, String(res.body.payment.package).replace(/^prepay_id=/, ''));
    return res.body;
  }

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginStaff(t, 'admin');
    cashier = await loginStaff(t, 'cashier');
    templateId = (
      await createTemplate(t, admin, {
        title: '会员月礼包',
        threshold: 0,
        amountOff: 500,
        totalStock: 1000,
        perMemberLimit: 100,
        channels: ['membership'],
      })
    ).id;
    trialPlan = await plan({
      title: 'PLUS 7 天体验',
      price: 0,
      termDays: 7,
      trial: true,
      discountRateBp: 9500,
      pointsMultiplierBp: 15000,
      monthlyCouponTemplateId: templateId,
    });
    monthPlan = await plan({
      title: 'PLUS 月卡',
      price: 1500,
      termDays: 30,
      discountRateBp: 9500,
      pointsMultiplierBp: 15000,
      monthlyCouponTemplateId: templateId,
    });
  });
  afterEach(() => expectLedgerConsistent(t));
  afterAll(() => t.close());

  it('lists the plans with their benefits worded', async () => {
    const res = await t.http.get('/api/v1/membership/plans').expect(200);
    expect(res.body.items.find((p: { id: string }) => p.id === monthPlan)).toMatchObject({
      price: 1500,
      termDays: 30,
      benefits: ['会员价 95 折（与等级折扣取更优）', '消费享 1.5 倍积分（叠加等级倍数）', '每月领取一次优惠券礼包'],
    });
  });

  it('the free trial is active at once and once per member; a paid month stacks on it', async () => {
    const m = await loginMember(t);
    const trial = await buy(m, trialPlan);
    expect(trial.status).toBe(201);
    expect(trial.body).toMatchObject({ status: 'active' });
    expect(trial.body.payment).toBeUndefined();
    const again = await buy(m, trialPlan);
    expect([again.status, again.body.code]).toEqual([422, 'TRIAL_ALREADY_USED']);

    const month = await buyAndPay(m, monthPlan);
    const mine = await t.http.get('/api/v1/me/membership').set(m.auth).expect(200);
    expect(mine.body).toMatchObject({ active: true, trialUsed: true, title: 'PLUS 月卡' });
    const trialEnd = Date.parse(trial.body.endsAt);
    expect(Date.parse(mine.body.expiresAt)).toBe(trialEnd + 30 * DAY);
    expect(mine.body.purchases.map((p: { status: string }) => p.status)).toEqual(['active', 'active']);
    expect(month.startsAt).toBeDefined();
    // A renewal during the term stacks again.
    await buyAndPay(m, monthPlan);
    const renewed = await t.http.get('/api/v1/me/membership').set(m.auth).expect(200);
    expect(Date.parse(renewed.body.expiresAt)).toBe(trialEnd + 60 * DAY);
    const card = await t.http.get('/api/v1/me').set(m.auth).expect(200);
    expect(card.body.paidMembership).toEqual({ title: 'PLUS 月卡', expiresAt: renewed.body.expiresAt });
  });

  it('10 concurrent trial purchases by one member → exactly one trial', async () => {
    const m = await loginMember(t);
    const results = await Promise.all(Array.from({ length: 10 }, () => buy(m, trialPlan)));
    const outcome = results.map((r) => (r.status === 201 ? '201' : `${r.status} ${String(r.body.code)}`)).sort();
    expect(outcome).toEqual(['201', ...Array(9).fill('422 TRIAL_ALREADY_USED')]);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM membership_purchase WHERE member_id = $1 AND trial`, [m.id]);
    expect(n).toBe(1);
  });

  it('the till applies the paid member price and multiplies the points', async () => {
    const plain = await loginMember(t);
    const plus = await loginMember(t);
    await buyAndPay(plus, monthPlan);
    const p1 = await placeOrder(t, cashier, { memberId: plain.id, amount: 10000 }).expect(201);
    const p2 = await placeOrder(t, cashier, { memberId: plus.id, amount: 10000 }).expect(201);
    expect(p1.body).toMatchObject({ payable: 10000, pointsEarned: 100, discounts: { memberPrice: 0 } });
    expect(p2.body).toMatchObject({ payable: 9500, pointsEarned: 142, discounts: { memberPrice: 500 } });
    const seen = await t.http
      .post('/api/v1/cashier/identify')
      .set(cashier.auth)
      .send({ memberCode: await freshMemberCode(t, plus.id) })
      .expect(200);
    expect(seen.body.member.pricing.paidMembership).toMatchObject({
      title: 'PLUS 月卡',
      discountRateBp: 9500,
      pointsMultiplierBp: 15000,
    });
  });

  it('grants the monthly coupon pack once per month', async () => {
    const m = await loginMember(t);
    await buyAndPay(m, monthPlan);
    const svc = t.app.get(MembershipService);
    await svc.grantMonthlyPacks();
    await svc.grantMonthlyPacks();
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM coupon WHERE member_id = $1 AND channel = 'membership'`, [
      m.id,
    ]);
    expect(n).toBe(1);
  });

  it('other benefits cannot stack on a running term', async () => {
    const other = await plan({ title: '黑金月卡', price: 3000, termDays: 30, discountRateBp: 9000 });
    const m = await loginMember(t);
    await buyAndPay(m, monthPlan);
    const res = await buy(m, other);
    expect([res.status, res.body.code]).toEqual([422, 'MEMBERSHIP_PLAN_CONFLICT']);
  });

  it('refunds the unused term pro rata through WeChat Pay and ends the membership', async () => {
    const m = await loginMember(t);
    await buyAndPay(m, monthPlan);
    await buyAndPay(m, monthPlan);
    const res = await t.http
      .post(`/api/v1/admin/members/${m.id}/membership/refund`)
      .set(admin.auth)
      .set('Idempotency-Key', requestId('mr'))
      .send({ reason: '会员申请退款' })
      .expect(201);
    // The running month is barely used: ¥14.99 or ¥15; the month still to come is returned whole.
    expect(res.body.refunds).toHaveLength(2);
    expect(res.body.amount).toBeGreaterThanOrEqual(2999);
    expect(res.body.amount).toBeLessThanOrEqual(3000);
    const mine = await t.http.get('/api/v1/me/membership').set(m.auth).expect(200);
    expect(mine.body.active).toBe(false);
    const again = await t.http.post(`/api/v1/admin/members/${m.id}/membership/refund`).set(admin.auth).send({});
    expect([again.status, again.body.code]).toEqual([422, 'MEMBERSHIP_NOT_REFUNDABLE']);
    await t.app.get(OutboxRelay).drain();
    await payFake(t).state.idle();
    const refunded = [...payFake(t).state.refunds.values()].filter((r) => r.reason === '会员申请退款');
    expect(refunded.reduce((s, r) => s + r.amountRefund, 0)).toBe(res.body.amount);
    // A plain order now pays full price.
    const order = await placeOrder(t, cashier, { memberId: m.id, amount: 10000 }).expect(201);
    expect(order.body.payable).toBe(10000);
  });

  it('tells the member once when the membership ended', async () => {
    const m = await loginMember(t);
    await buyAndPay(m, monthPlan);
    await t.db.query(`UPDATE membership SET expires_at = now() - interval '1 minute' WHERE member_id = $1`, [m.id]);
    const svc = t.app.get(MembershipService);
    expect((await svc.noticeEnded()).noticed).toBeGreaterThanOrEqual(1);
    await svc.noticeEnded();
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM member_notification WHERE member_id = $1 AND title = '付费会员已到期'`,
      [m.id],
    );
    expect(n).toBe(1);
  });

  it('validates plans', async () => {
    const res = await t.http
      .post('/api/v1/admin/membership/plans')
      .set(admin.auth)
      .send({ title: '空', price: 100, termDays: 30 });
    expect([res.status, res.body.code]).toEqual([422, 'INVALID_PLAN']);
    const trial = await t.http
      .post('/api/v1/admin/membership/plans')
      .set(admin.auth)
      .send({ title: '试用', price: 100, termDays: 7, trial: true, discountRateBp: 9500 });
    expect([trial.status, trial.body.code]).toEqual([422, 'INVALID_PLAN']);
  });
});
