// Stored value and paid membership through the sandbox's fake WeChat Pay.
import { randomBytes } from 'node:crypto';
import type { FakeWechatPay } from '../../src/wechat-pay/fake-wechat-pay.server.js';
import { WechatPaySandboxHost } from '../../src/wechat-pay/wechat-pay.module.js';
import type { LoggedInMember, LoggedInStaff } from './factories.js';
import type { TestApp } from './test-app.js';

export const requestId = (prefix = 'rq') => `${prefix}-${randomBytes(6).toString('hex')}`;

export function payFake(t: TestApp): FakeWechatPay {
  const fake = t.app.get(WechatPaySandboxHost).inProcessFake;
  if (!fake) throw new Error('no in-process fake WeChat Pay');
  return fake;
}

export async function createTopUpPlan(t: TestApp, admin: LoggedInStaff, amount: number, bonus: number): Promise<string> {
  const res = await t.http
    .post('/api/v1/admin/stored-value/plans')
    .set(admin.auth)
    .send({ title: `充${amount / 100}送${bonus / 100}`, amount, bonus });
  if (res.status !== 201) throw new Error(`plan: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

/** Opens a top-up: its id, outTradeNo and prepay id (from `package`). */
export async function openTopUp(
  t: TestApp,
  member: LoggedInMember,
  planId: string,
  extra: { storeId?: string } = {},
): Promise<{ topUpId: string; outTradeNo: string; prepayId: string }> {
  const res = await t.http
    .post('/api/v1/me/stored-value/top-ups')
    .set(member.auth)
    .send({ planId, requestId: requestId('tu'), ...extra });
  if (res.status !== 201) throw new Error(`top-up: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    topUpId: res.body.topUpId as string,
    outTradeNo: res.body.payment.outTradeNo as string,
    prepayId: String(res.body.payment.package).replace(/^prepay_id=/, ''),
  };
}

/** 模拟支付 through the sandbox route: the fake sends its signed notification to the server. */
export async function sandboxPay(t: TestApp, member: LoggedInMember, prepayId: string): Promise<void> {
  const res = await t.http.post(`/api/v1/sandbox/payments/${prepayId}/pay`).set(member.auth).send({});
  if (res.status !== 200 || res.body.status !== 'paid') throw new Error(`sandbox pay: ${res.status} ${JSON.stringify(res.body)}`);
}

/** A member with `amount` + `bonus` of stored value (a plan of its own, topped up and paid). */
export async function topUp(
  t: TestApp,
  admin: LoggedInStaff,
  member: LoggedInMember,
  amount: number,
  bonus = 0,
  extra: { storeId?: string } = {},
): Promise<{ topUpId: string; outTradeNo: string }> {
  const planId = await createTopUpPlan(t, admin, amount, bonus);
  const opened = await openTopUp(t, member, planId, extra);
  await sandboxPay(t, member, opened.prepayId);
  return opened;
}

export async function balanceOf(
  t: TestApp,
  member: LoggedInMember,
): Promise<{ balance: number; principal: number; bonus: number }> {
  const res = await t.http.get('/api/v1/me/stored-value').set(member.auth).expect(200);
  return { balance: res.body.balance, principal: res.body.principal, bonus: res.body.bonus };
}

/**
 * Marks the fake's order paid WITHOUT sending the notification (a lost notification), and returns
 * the genuine signed TRANSACTION.SUCCESS notification the fake would have sent, to deliver by hand.
 */
export function paidSilently(t: TestApp, outTradeNo: string): { headers: Record<string, string>; body: string } {
  const fake = payFake(t);
  const order = fake.state.orders.get(outTradeNo);
  if (!order) throw new Error(`the fake has no order ${outTradeNo}`);
  order.tradeState = 'SUCCESS';
  order.transactionId = `4200${Date.now()}${randomBytes(4).readUInt32BE(0)}`.slice(0, 28);
  order.successTime = new Date().toISOString();
  return fake.state.signNotification(transactionResource(t, outTradeNo), { eventType: 'TRANSACTION.SUCCESS' });
}

/** The decrypted `resource` of a TRANSACTION.SUCCESS notification for the fake's order. */
export function transactionResource(
  t: TestApp,
  outTradeNo: string,
  change: Record<string, unknown> = {},
): Record<string, unknown> {
  const order = payFake(t).state.orders.get(outTradeNo)!;
  return {
    appid: t.config.wechat.appId || 'wx_sandbox',
    mchid: '1900000109',
    out_trade_no: order.outTradeNo,
    transaction_id: order.transactionId ?? '4200000000000000000000000001',
    trade_type: 'JSAPI',
    trade_state: 'SUCCESS',
    trade_state_desc: '支付成功',
    bank_type: 'OTHERS',
    success_time: order.successTime ?? new Date().toISOString(),
    attach: '',
    payer: { openid: order.openid },
    amount: { total: order.amountTotal, currency: 'CNY', payer_total: order.amountTotal, payer_currency: 'CNY' },
    ...change,
  };
}

export function deliverNotification(t: TestApp, n: { headers: Record<string, string>; body: string }) {
  return t.http.post('/api/v1/payments/wechat/notify').set(n.headers).set('content-type', 'application/json').send(n.body);
}
