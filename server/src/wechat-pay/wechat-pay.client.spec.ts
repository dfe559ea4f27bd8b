// The client against the fake WeChat Pay over real HTTP, with a real notify endpoint (node:http)
// that feeds what it receives to client.parseNotification. No mocks.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type FakeWechatPay, startFakeWechatPay } from './fake-wechat-pay.server.js';
import {
  type WechatPayCallEvent,
  WechatPayClient,
  type WechatPayClientOptions,
  type WechatPayNotification,
} from './wechat-pay.client.js';
import { generateRsaKeyPair, loadRsaPublicKey, paySignMessage, rsaVerify } from './wechat-pay.crypto.js';
import {
  WechatPayApiError,
  WechatPayNotificationError,
  WechatPayUnavailableError,
  WechatPayVerificationError,
} from './wechat-pay.errors.js';

const MCH_ID = '1900000109';
const APP_ID = 'wx0000000000sandbox';
const SERIAL = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';
const API_V3_KEY = 'a'.repeat(16) + 'B'.repeat(16);
const merchant = generateRsaKeyPair();

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  parsed?: WechatPayNotification;
  error?: WechatPayNotificationError;
}

describe('WechatPayClient ↔ fake WeChat Pay', () => {
  let fake: FakeWechatPay;
  let notify: Server;
  let notifyUrl: string;
  let client: WechatPayClient;
  let received: Received[];
  let calls: WechatPayCallEvent[];
  let answerStatus: number;
  let seq = 0;
  const no = () => `T${Date.now()}${++seq}`;

  const options = (extra: Partial<WechatPayClientOptions> = {}): WechatPayClientOptions => ({
    mchId: MCH_ID,
    appId: APP_ID,
    serial: SERIAL,
    privateKeyPem: merchant.privateKeyPem,
    apiV3Key: API_V3_KEY,
    platformPublicKeyPem: fake.platformPublicKeyPem,
    platformSerial: fake.platformSerial,
    apiBase: fake.url,
    notifyUrl,
    onCall: (event) => calls.push(event),
    ...extra,
  });

  beforeAll(async () => {
    fake = await startFakeWechatPay({
      mchId: MCH_ID,
      appId: APP_ID,
      merchantPublicKeyPem: merchant.publicKeyPem,
      merchantSerial: SERIAL,
      apiV3Key: API_V3_KEY,
      notifyRetryDelayMs: 10,
    });
    // Our side of the notification: verify + decrypt, 204 when good, 400 when refused.
    notify = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const entry: Received = { headers: req.headers, body };
        try {
          entry.parsed = client.parseNotification(req.headers, body);
        } catch (error) {
          entry.error = error as WechatPayNotificationError;
        }
        received.push(entry);
        const status = entry.error ? 400 : answerStatus;
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(status >= 300 ? JSON.stringify({ code: 'FAIL', message: '失败' }) : '');
      });
    });
    await new Promise<void>((resolve) => notify.listen(0, '127.0.0.1', resolve));
    notifyUrl = `http://127.0.0.1:${(notify.address() as AddressInfo).port}/api/v1/payments/wechat/notify`;
  });

  afterAll(async () => {
    await fake.close();
    await new Promise<void>((resolve) => notify.close(() => resolve()));
  });

  beforeEach(() => {
    fake.state.reset();
    received = [];
    calls = [];
    answerStatus = 204;
    client = new WechatPayClient(options());
  });

  const prepay = (outTradeNo: string, amountFen = 1990) =>
    client.jsapiPrepay({ outTradeNo, description: '会员储值 ¥19.90', amountFen, openid: 'o_alice', attach: 'member:42' });

  it('prepays, and the wx.requestPayment arguments are signed with the merchant key', async () => {
    const { prepayId } = await prepay(no());
    expect(prepayId).toMatch(/^wx/);
    const args = client.paymentArguments(prepayId);
    expect(args).toMatchObject({ appId: APP_ID, package: `prepay_id=${prepayId}`, signType: 'RSA' });
    expect(args.nonceStr).toMatch(/^[0-9A-Za-z]{32}$/);
    expect(args.timeStamp).toMatch(/^\d{10}$/);
    const message = paySignMessage(args.appId, args.timeStamp, args.nonceStr, args.package);
    expect(rsaVerify(message, args.paySign, loadRsaPublicKey(merchant.publicKeyPem))).toBe(true);
    expect(calls).toEqual([{ endpoint: 'jsapi', outcome: 'ok', status: 200, latencyMs: expect.any(Number) }]);
  });

  it('answers a retried prepay with the same prepay_id, and refuses the same number with other parameters', async () => {
    const outTradeNo = no();
    const first = await prepay(outTradeNo);
    // Same body bytes: same prepay (our JSON is deterministic).
    expect(await prepay(outTradeNo)).toEqual(first);
    const clash = await prepay(outTradeNo, 2990).catch((e: unknown) => e);
    expect(clash).toBeInstanceOf(WechatPayApiError);
    expect(clash).toMatchObject({ status: 400, code: 'INVALID_REQUEST', retryable: false });
  });

  it('queries before and after payment; the payment notification verifies and decrypts', async () => {
    const outTradeNo = no();
    expect(await client.queryByOutTradeNo(outTradeNo)).toBeNull();
    const { prepayId } = await prepay(outTradeNo);
    expect(await client.queryByOutTradeNo(outTradeNo)).toEqual({
      outTradeNo,
      tradeState: 'NOTPAY',
      amountTotal: 1990,
      currency: 'CNY',
      payerOpenid: 'o_alice',
      attach: 'member:42',
    });

    const result = await fake.state.pay(prepayId);
    expect(result).toMatchObject({ status: 204, attempts: 1 });
    expect(received).toHaveLength(1);
    const notification = received[0]!.parsed!;
    expect(notification).toMatchObject({ eventType: 'TRANSACTION.SUCCESS', id: expect.any(String) });
    expect(notification.transaction).toMatchObject({
      outTradeNo,
      tradeState: 'SUCCESS',
      amountTotal: 1990,
      payerTotal: 1990,
      payerOpenid: 'o_alice',
      attach: 'member:42',
      transactionId: expect.any(String),
      successTime: expect.stringMatching(/\+08:00$/),
    });

    const after = await client.queryByOutTradeNo(outTradeNo);
    expect(after).toMatchObject({ tradeState: 'SUCCESS', transactionId: notification.transaction!.transactionId });
    expect(fake.state).toMatchObject({ prepayCalls: 1, queryCalls: 3, notificationsSent: 1 });
  });

  it('retries the notification while our server answers non-2xx (3 retries), then stops', async () => {
    const { prepayId } = await prepay(no());
    answerStatus = 500;
    const result = await fake.state.pay(prepayId);
    expect(result).toMatchObject({ status: 500, attempts: 4 });
    expect(received).toHaveLength(4);
    // The same notification each time: the domain's idempotency sees one id.
    expect(new Set(received.map((r) => r.parsed!.id)).size).toBe(1);
  });

  it('closes an unpaid order; closing a paid one answers ORDERPAID', async () => {
    const open = no();
    await prepay(open);
    await client.close(open);
    expect((await client.queryByOutTradeNo(open))?.tradeState).toBe('CLOSED');
    await expect(prepay(open)).rejects.toMatchObject({ code: 'ORDER_CLOSED' });

    const paid = no();
    await fake.state.pay((await prepay(paid)).prepayId);
    await expect(client.close(paid)).rejects.toMatchObject({ name: 'WechatPayApiError', code: 'ORDERPAID' });
    await expect(client.close(no())).rejects.toMatchObject({ code: 'ORDER_NOT_EXIST', status: 404 });
  });

  it('refunds up to what was paid (NOT_ENOUGH beyond), sends REFUND.SUCCESS, and queries the refund', async () => {
    const outTradeNo = no();
    await fake.state.pay((await prepay(outTradeNo, 1000)).prepayId);
    const refund = await client.refund({
      outTradeNo,
      outRefundNo: `${outTradeNo}R1`,
      refundFen: 600,
      totalFen: 1000,
      reason: '会员退卡',
    });
    expect(refund).toMatchObject({
      outTradeNo,
      outRefundNo: `${outTradeNo}R1`,
      status: 'SUCCESS',
      amountRefund: 600,
      amountTotal: 1000,
      refundId: expect.any(String),
      transactionId: expect.any(String),
    });
    // The same out_refund_no again is the same refund, not a second one.
    expect(await client.refund({ outTradeNo, outRefundNo: `${outTradeNo}R1`, refundFen: 600, totalFen: 1000 })).toEqual(refund);
    await expect(
      client.refund({ outTradeNo, outRefundNo: `${outTradeNo}R2`, refundFen: 401, totalFen: 1000 }),
    ).rejects.toMatchObject({
      code: 'NOT_ENOUGH',
      retryable: false,
    });
    await client.refund({ outTradeNo, outRefundNo: `${outTradeNo}R3`, refundFen: 400, totalFen: 1000 });
    expect((await client.queryByOutTradeNo(outTradeNo))?.tradeState).toBe('REFUND');

    expect(await client.queryRefund(`${outTradeNo}R1`)).toEqual(refund);
    expect(await client.queryRefund('nope-000')).toBeNull();

    await fake.state.idle();
    const refundEvents = received.filter((r) => r.parsed?.eventType === 'REFUND.SUCCESS');
    expect(refundEvents.map((r) => r.parsed!.refund)).toEqual([
      expect.objectContaining({ outRefundNo: `${outTradeNo}R1`, status: 'SUCCESS', amountRefund: 600 }),
      expect.objectContaining({ outRefundNo: `${outTradeNo}R3`, status: 'SUCCESS', amountRefund: 400 }),
    ]);
  });

  it('refuses to refund an unpaid order and allows at most 50 refunds per order', async () => {
    const unpaid = no();
    await prepay(unpaid);
    await expect(
      client.refund({ outTradeNo: unpaid, outRefundNo: `${unpaid}R`, refundFen: 1, totalFen: 1990 }),
    ).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
    });
    const paid = no();
    await fake.state.pay((await prepay(paid, 100)).prepayId);
    for (let i = 0; i < 50; i++)
      await client.refund({ outTradeNo: paid, outRefundNo: `${paid}R${i}`, refundFen: 1, totalFen: 100 });
    await expect(
      client.refund({ outTradeNo: paid, outRefundNo: `${paid}R50`, refundFen: 1, totalFen: 100 }),
    ).rejects.toMatchObject({
      code: 'FREQUENCY_LIMITED',
    });
    await fake.state.idle();
  });

  it('maps PARAM_ERROR, SYSTEM_ERROR (retryable) and an injected fault', async () => {
    await expect(client.jsapiPrepay({ outTradeNo: 'x', description: 'd', amountFen: 1, openid: 'o' })).rejects.toMatchObject({
      code: 'PARAM_ERROR',
      status: 400,
      retryable: false,
    });
    await expect(client.jsapiPrepay({ outTradeNo: no(), description: 'd', amountFen: 0, openid: 'o' })).rejects.toMatchObject({
      code: 'PARAM_ERROR',
    });
    fake.state.failNext('query', { status: 500, code: 'SYSTEM_ERROR', message: '系统错误' });
    const error = await client.queryByOutTradeNo(no()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WechatPayApiError);
    expect(error).toMatchObject({ status: 500, code: 'SYSTEM_ERROR', retryable: true });
    expect(calls.at(-1)).toEqual({
      endpoint: 'query',
      outcome: 'api_error',
      status: 500,
      code: 'SYSTEM_ERROR',
      latencyMs: expect.any(Number),
    });
  });

  it('is refused with SIGN_ERROR when its key is not the registered merchant key', async () => {
    const stranger = new WechatPayClient(options({ privateKeyPem: generateRsaKeyPair().privateKeyPem }));
    await expect(stranger.queryByOutTradeNo(no())).rejects.toMatchObject({ code: 'SIGN_ERROR', status: 401 });
    const otherSerial = new WechatPayClient(options({ serial: 'ABCDEF' }));
    await expect(otherSerial.queryByOutTradeNo(no())).rejects.toMatchObject({ code: 'SIGN_ERROR' });
  });

  it('is refused when its clock is more than 5 minutes off', async () => {
    const late = new WechatPayClient(options({ now: () => Date.now() - 10 * 60_000 }));
    // Its own window refuses the fake's answer too; either way nothing is believed.
    await expect(late.queryByOutTradeNo(no())).rejects.toBeInstanceOf(WechatPayVerificationError);
  });

  it.each([
    ['body', 'bad_signature'],
    ['signature', 'bad_signature'],
    ['serial', 'unknown_serial'],
    ['stale', 'stale'],
    ['unsigned', 'missing_headers'],
  ] as const)('refuses a response tampered with (%s) as %s, success or error alike', async (how, reason) => {
    const outTradeNo = no();
    await prepay(outTradeNo);
    fake.state.tamperNext('query', how);
    await expect(client.queryByOutTradeNo(outTradeNo)).rejects.toMatchObject({ name: 'WechatPayVerificationError', reason });
    fake.state.tamperNext('query', how);
    await expect(client.queryByOutTradeNo(no())).rejects.toMatchObject({ name: 'WechatPayVerificationError', reason });
    expect(calls.at(-1)).toMatchObject({ endpoint: 'query', outcome: 'unverified' });
  });

  it('treats an unsigned 5xx (a gateway, not WeChat Pay) as unavailable and retryable', async () => {
    fake.state.failNext('query', { status: 502, code: 'BAD_GATEWAY' });
    fake.state.tamperNext('query', 'unsigned');
    const error = await client.queryByOutTradeNo(no()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WechatPayUnavailableError);
    expect(error).toMatchObject({ reason: 'bad_response', retryable: true });
  });

  it('sends time_expire in Beijing time; the fake refuses to pay after it', async () => {
    const timed = client;
    const outTradeNo = no();
    const { prepayId } = await timed.jsapiPrepay({
      outTradeNo,
      description: 'd',
      amountFen: 1,
      openid: 'o',
      timeExpire: new Date('2099-01-01T00:00:00Z'),
    });
    expect(fake.state.orders.get(outTradeNo)?.timeExpire).toBe(Date.parse('2099-01-01T08:00:00+08:00'));
    const soon = no();
    const short = await timed.jsapiPrepay({
      outTradeNo: soon,
      description: 'd',
      amountFen: 1,
      openid: 'o',
      timeExpire: new Date(Date.now() - 1000),
    });
    await expect(fake.state.pay(short.prepayId)).rejects.toThrow(/expired/);
    await expect(fake.state.pay(prepayId)).resolves.toMatchObject({ status: 204 });
  });

  it('refuses a tampered 204 (close) too', async () => {
    const outTradeNo = no();
    await prepay(outTradeNo);
    fake.state.tamperNext('close', 'body');
    await expect(client.close(outTradeNo)).rejects.toMatchObject({ name: 'WechatPayVerificationError', reason: 'bad_signature' });
  });

  it('refuses every answer when built with the wrong platform key', async () => {
    const wrong = new WechatPayClient(options({ platformPublicKeyPem: generateRsaKeyPair().publicKeyPem }));
    await expect(wrong.queryByOutTradeNo(no())).rejects.toMatchObject({
      name: 'WechatPayVerificationError',
      reason: 'bad_signature',
    });
    await expect(wrong.jsapiPrepay({ outTradeNo: no(), description: 'd', amountFen: 1, openid: 'o' })).rejects.toBeInstanceOf(
      WechatPayVerificationError,
    );
  });

  it('reports an unreachable server and a timeout as WechatPayUnavailableError', async () => {
    const gone = new WechatPayClient(options({ apiBase: 'http://127.0.0.1:1' }));
    await expect(gone.queryByOutTradeNo(no())).rejects.toMatchObject({ name: 'WechatPayUnavailableError', reason: 'network' });
    const hang = createServer(() => undefined);
    await new Promise<void>((resolve) => hang.listen(0, '127.0.0.1', resolve));
    try {
      const slow = new WechatPayClient(
        options({ apiBase: `http://127.0.0.1:${(hang.address() as AddressInfo).port}`, timeoutMs: 100 }),
      );
      const error = await slow.queryByOutTradeNo(no()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WechatPayUnavailableError);
      expect(error).toMatchObject({ reason: 'timeout', retryable: true });
    } finally {
      hang.closeAllConnections();
      await new Promise<void>((resolve) => hang.close(() => resolve()));
    }
  });

  it('refuses to prepay before the notify URL is known, and accepts it later', async () => {
    const early = new WechatPayClient(options({ notifyUrl: null }));
    await expect(early.jsapiPrepay({ outTradeNo: no(), description: 'd', amountFen: 1, openid: 'o' })).rejects.toThrow(
      /notify URL/,
    );
    expect(fake.state.prepayCalls).toBe(0);
    early.setNotifyUrl(notifyUrl);
    await expect(early.jsapiPrepay({ outTradeNo: no(), description: 'd', amountFen: 1, openid: 'o' })).resolves.toBeTruthy();
  });

  it('refuses bad keys at construction', () => {
    expect(() => new WechatPayClient(options({ apiV3Key: 'short' }))).toThrow(/32 bytes/);
    expect(() => new WechatPayClient(options({ privateKeyPem: merchant.publicKeyPem }))).toThrow(/private key/);
  });

  describe('notifications', () => {
    const transaction = (outTradeNo: string) => ({
      appid: APP_ID,
      mchid: MCH_ID,
      out_trade_no: outTradeNo,
      transaction_id: '4200000000202612020000000001',
      trade_type: 'JSAPI',
      trade_state: 'SUCCESS',
      success_time: '2026-12-02T15:00:00+08:00',
      payer: { openid: 'o_alice' },
      amount: { total: 100, payer_total: 100, currency: 'CNY', payer_currency: 'CNY' },
    });
    const reasonOf = (fn: () => unknown) => {
      try {
        fn();
        return null;
      } catch (error) {
        expect(error).toBeInstanceOf(WechatPayNotificationError);
        return (error as WechatPayNotificationError).reason;
      }
    };

    it('decrypts a valid one, whatever the header case (fetch Headers or Fastify records)', () => {
      const { headers, body } = fake.state.signNotification(transaction('N1'), { eventType: 'TRANSACTION.SUCCESS' });
      expect(client.parseNotification(headers, body).transaction).toMatchObject({ outTradeNo: 'N1', amountTotal: 100 });
      expect(client.parseNotification(new Headers(headers), body).transaction?.outTradeNo).toBe('N1');
    });

    it('refuses a forged one (signed with another key) as bad_signature', () => {
      const { headers, body } = fake.state.signNotification(transaction('N2'), {
        eventType: 'TRANSACTION.SUCCESS',
        signWith: 'other',
      });
      expect(reasonOf(() => client.parseNotification(headers, body))).toBe('bad_signature');
    });

    it('refuses a tampered body as bad_signature', () => {
      const { headers, body } = fake.state.signNotification(transaction('N3'), { eventType: 'TRANSACTION.SUCCESS' });
      expect(reasonOf(() => client.parseNotification(headers, body.replace('TRANSACTION.SUCCESS', 'REFUND.SUCCESS')))).toBe(
        'bad_signature',
      );
      // Re-serialised JSON is not the signed bytes either.
      expect(reasonOf(() => client.parseNotification(headers, JSON.stringify(JSON.parse(body), null, 1)))).toBe('bad_signature');
      expect(reasonOf(() => client.parseNotification({}, body))).toBe('bad_signature');
    });

    it('refuses a stale one (a replay older than 5 minutes) and one from the future', () => {
      const old = fake.state.signNotification(transaction('N4'), {
        eventType: 'TRANSACTION.SUCCESS',
        timestamp: Math.floor(Date.now() / 1000) - 301,
      });
      expect(reasonOf(() => client.parseNotification(old.headers, old.body))).toBe('stale');
      const future = fake.state.signNotification(transaction('N4'), {
        eventType: 'TRANSACTION.SUCCESS',
        timestamp: Math.floor(Date.now() / 1000) + 400,
      });
      expect(reasonOf(() => client.parseNotification(future.headers, future.body))).toBe('stale');
    });

    it('refuses an unknown serial', () => {
      const { headers, body } = fake.state.signNotification(transaction('N5'), {
        eventType: 'TRANSACTION.SUCCESS',
        serial: 'PUB_KEY_ID_OTHER',
      });
      expect(reasonOf(() => client.parseNotification(headers, body))).toBe('unknown_serial');
    });

    it('refuses a resource that does not decrypt (bad ciphertext, wrong API v3 key) as bad_resource', () => {
      // A valid signature over a broken resource: only our own decryption can catch it.
      const broken = JSON.stringify({
        id: 'EV-1',
        create_time: '2026-12-02T15:00:00+08:00',
        event_type: 'TRANSACTION.SUCCESS',
        resource_type: 'encrypt-resource',
        resource: {
          algorithm: 'AEAD_AES_256_GCM',
          ciphertext: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAA',
          nonce: '123456789012',
          associated_data: 'transaction',
        },
      });
      const resigned = fake.state.signBody(broken);
      expect(reasonOf(() => client.parseNotification(resigned.headers, resigned.body))).toBe('bad_resource');

      const otherKey = new WechatPayClient(options({ apiV3Key: 'Z'.repeat(32) }));
      const { headers, body } = fake.state.signNotification(transaction('N6'), { eventType: 'TRANSACTION.SUCCESS' });
      expect(reasonOf(() => otherKey.parseNotification(headers, body))).toBe('bad_resource');
    });

    it('refuses a body that is not a notification as malformed', () => {
      for (const raw of ['{"hello":1}', 'not json']) {
        const { headers, body } = fake.state.signBody(raw);
        expect(reasonOf(() => client.parseNotification(headers, body))).toBe('malformed');
      }
    });
  });
});
