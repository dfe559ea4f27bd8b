// Cross-check with an independent implementation of WeChat Pay API v3: wechatpay-axios-plugin
// (test-only dependency). If our client and our fake only agreed with each other, a shared
// misreading of the protocol (message layout, header names, GCM tag placement) would go unseen.
//   (a) the SDK signs requests our fake accepts;
//   (b) the SDK verifies our fake's responses and notifications;
//   (c) our client's Authorization and paySign signatures verify with the SDK's Rsa.verify;
//   (d) the SDK decrypts our fake's resources, and our client decrypts one the SDK encrypted.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Aes, Formatter, Rsa, Wechatpay } from 'wechatpay-axios-plugin';
import { type FakeWechatPay, startFakeWechatPay } from './fake-wechat-pay.server.js';
import { WechatPayClient } from './wechat-pay.client.js';
import { generateRsaKeyPair, parseAuthorization } from './wechat-pay.crypto.js';

const MCH_ID = '1900000109';
const APP_ID = 'wx0000000000sandbox';
const SERIAL = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';
const API_V3_KEY = 'Crosscheck0123456789abcdefABCDEF';
const merchant = generateRsaKeyPair();

interface Captured {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A node:http server that records what it receives and answers `status`. */
async function recorder(status = 204): Promise<{ server: Server; url: string; seen: Captured[] }> {
  const seen: Captured[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(status);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

interface SdkResponse {
  status: number;
  data: Record<string, unknown>;
}
interface SdkCall {
  post(data: object): Promise<SdkResponse>;
  get(config: object): Promise<SdkResponse>;
}
/** The SDK's chain is a Proxy its typings describe loosely; these are the two paths we walk. */
const v3 = (w: Wechatpay) =>
  w.v3 as unknown as { pay: { transactions: { jsapi: SdkCall; outTradeNo: { _out_trade_no_: SdkCall } } } };

const closeServer = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

describe('cross-check with wechatpay-axios-plugin', () => {
  let fake: FakeWechatPay;
  let notify: Awaited<ReturnType<typeof recorder>>;
  let sdk: Wechatpay;

  beforeAll(async () => {
    fake = await startFakeWechatPay({
      mchId: MCH_ID,
      appId: APP_ID,
      merchantPublicKeyPem: merchant.publicKeyPem,
      merchantSerial: SERIAL,
      apiV3Key: API_V3_KEY,
    });
    notify = await recorder(204);
    sdk = new Wechatpay({
      mchid: MCH_ID,
      serial: SERIAL,
      privateKey: merchant.privateKeyPem,
      certs: { [fake.platformSerial]: fake.platformPublicKeyPem },
      baseURL: `${fake.url}/`,
    } as ConstructorParameters<typeof Wechatpay>[0]);
  });

  afterAll(async () => {
    await fake.close();
    await closeServer(notify.server);
  });

  it('(a)+(b) the SDK prepays and queries on our fake: its signatures are accepted, our answers verify', async () => {
    const outTradeNo = `X${Date.now()}`;
    const prepay = await v3(sdk).pay.transactions.jsapi.post({
      appid: APP_ID,
      mchid: MCH_ID,
      description: '会员储值',
      out_trade_no: outTradeNo,
      notify_url: `${notify.url}/notify`,
      amount: { total: 500, currency: 'CNY' },
      payer: { openid: 'o_sdk' },
    });
    expect(prepay.status).toBe(200);
    expect(prepay.data.prepay_id).toMatch(/^wx/);
    expect(fake.state.prepayCalls).toBe(1);

    // A GET (empty body in the signed message) through the SDK's verifier as well.
    const query = await v3(sdk).pay.transactions.outTradeNo._out_trade_no_.get({
      params: { mchid: MCH_ID },
      out_trade_no: outTradeNo,
    });
    expect(query.data).toMatchObject({ out_trade_no: outTradeNo, trade_state: 'NOTPAY', amount: { total: 500 } });
  });

  it('(a) a request the SDK signed with another key is refused by our fake with SIGN_ERROR', async () => {
    const stranger = new Wechatpay({
      mchid: MCH_ID,
      serial: SERIAL,
      privateKey: generateRsaKeyPair().privateKeyPem,
      certs: { [fake.platformSerial]: fake.platformPublicKeyPem },
      baseURL: `${fake.url}/`,
    } as ConstructorParameters<typeof Wechatpay>[0]);
    const error = (await v3(stranger)
      .pay.transactions.outTradeNo._out_trade_no_.get({ params: { mchid: MCH_ID }, out_trade_no: 'X0000001' })
      .catch((e: unknown) => e)) as { response?: { status: number; data: { code: string } } };
    expect(error.response?.status).toBe(401);
    expect(error.response?.data.code).toBe('SIGN_ERROR');
  });

  it('(b)+(d) the SDK verifies and decrypts the TRANSACTION.SUCCESS notification our fake POSTs', async () => {
    const outTradeNo = `Y${Date.now()}`;
    const { data } = await v3(sdk).pay.transactions.jsapi.post({
      appid: APP_ID,
      mchid: MCH_ID,
      description: '会员储值',
      out_trade_no: outTradeNo,
      notify_url: `${notify.url}/notify`,
      amount: { total: 800, currency: 'CNY' },
      payer: { openid: 'o_sdk' },
    });
    const result = await fake.state.pay(data.prepay_id as string);
    expect(result.status).toBe(204);
    const delivered = notify.seen.at(-1)!;
    expect(delivered.body).toBe(result.notification.body);

    const h = delivered.headers as Record<string, string>;
    const message = Formatter.response(h['wechatpay-timestamp']!, h['wechatpay-nonce']!, delivered.body);
    expect(Rsa.verify(message, h['wechatpay-signature']!, Rsa.from(fake.platformPublicKeyPem, Rsa.KEY_TYPE_PUBLIC))).toBe(true);
    expect(h['wechatpay-serial']).toBe(fake.platformSerial);

    const { resource, event_type: eventType } = JSON.parse(delivered.body) as {
      event_type: string;
      resource: { ciphertext: string; nonce: string; associated_data: string; algorithm: string };
    };
    expect(eventType).toBe('TRANSACTION.SUCCESS');
    expect(resource.algorithm).toBe('AEAD_AES_256_GCM');
    const plaintext = JSON.parse(
      Aes.AesGcm.decrypt(resource.ciphertext, API_V3_KEY, resource.nonce, resource.associated_data),
    ) as Record<string, unknown>;
    expect(plaintext).toMatchObject({
      out_trade_no: outTradeNo,
      trade_state: 'SUCCESS',
      amount: { total: 800 },
      payer: { openid: 'o_sdk' },
    });
  });

  it("(c) our client's Authorization header and paySign verify with the SDK's Rsa.verify", async () => {
    const capture = await recorder(500);
    try {
      const client = new WechatPayClient({
        mchId: MCH_ID,
        appId: APP_ID,
        serial: SERIAL,
        privateKeyPem: merchant.privateKeyPem,
        apiV3Key: API_V3_KEY,
        platformPublicKeyPem: fake.platformPublicKeyPem,
        platformSerial: fake.platformSerial,
        apiBase: capture.url,
        notifyUrl: 'https://example.com/api/v1/payments/wechat/notify',
      });
      // The recorder answers an unsigned 500: the client gives up; what it sent is what we check.
      await client
        .jsapiPrepay({ outTradeNo: 'Z00000001', description: '储值 100 元', amountFen: 10000, openid: 'o_x', attach: 'a=1&b=2' })
        .catch(() => undefined);
      await client.queryByOutTradeNo('Z00000001').catch(() => undefined);
      expect(capture.seen).toHaveLength(2);
      const merchantPublic = Rsa.from(merchant.publicKeyPem, Rsa.KEY_TYPE_PUBLIC);
      for (const request of capture.seen) {
        const auth = parseAuthorization(request.headers.authorization)!;
        expect(auth).toMatchObject({ mchid: MCH_ID, serial_no: SERIAL });
        const message = Formatter.request(request.method, request.url, auth.timestamp, auth.nonce_str, request.body);
        expect(Rsa.verify(message, auth.signature, merchantPublic)).toBe(true);
        expect(request.headers['wechatpay-serial']).toBe(fake.platformSerial);
        expect(request.headers.accept).toBe('application/json');
      }
      expect(capture.seen[1]!.method).toBe('GET');
      expect(capture.seen[1]!.url).toBe(`/v3/pay/transactions/out-trade-no/Z00000001?mchid=${MCH_ID}`);

      const args = client.paymentArguments('wx201410272009395522657a690389285100');
      const payMessage = Formatter.joinedByLineFeed(args.appId, args.timeStamp, args.nonceStr, args.package);
      expect(Rsa.verify(payMessage, args.paySign, merchantPublic)).toBe(true);

      // And the header the SDK formats parses with ours (its field order differs from ours).
      const sdkHeader = Formatter.authorization(MCH_ID, 'NONCE', 'SIG', '1700000000', SERIAL);
      expect(parseAuthorization(sdkHeader)).toEqual({
        mchid: MCH_ID,
        nonce_str: 'NONCE',
        signature: 'SIG',
        timestamp: '1700000000',
        serial_no: SERIAL,
      });
    } finally {
      await closeServer(capture.server);
    }
  });

  it('(d) our client decrypts and verifies a notification the SDK encrypted and signed', () => {
    const platform = generateRsaKeyPair();
    const client = new WechatPayClient({
      mchId: MCH_ID,
      appId: APP_ID,
      serial: SERIAL,
      privateKeyPem: merchant.privateKeyPem,
      apiV3Key: API_V3_KEY,
      platformPublicKeyPem: platform.publicKeyPem,
      platformSerial: 'PUB_KEY_ID_0114232134912410000000000000',
      notifyUrl: null,
    });
    const nonce = Formatter.nonce(12);
    const resource = {
      mchid: MCH_ID,
      out_trade_no: 'R00000001',
      transaction_id: '4200000000202612020000000002',
      out_refund_no: 'R00000001-1',
      refund_id: '50000000000000000000000000001',
      refund_status: 'SUCCESS',
      success_time: '2026-12-02T16:00:00+08:00',
      amount: { total: 1000, refund: 300, payer_total: 1000, payer_refund: 300 },
    };
    const body = JSON.stringify({
      id: 'EV-2018-abc',
      create_time: '2026-12-02T16:00:01+08:00',
      resource_type: 'encrypt-resource',
      event_type: 'REFUND.SUCCESS',
      summary: '退款成功',
      resource: {
        original_type: 'refund',
        algorithm: 'AEAD_AES_256_GCM',
        ciphertext: Aes.AesGcm.encrypt(JSON.stringify(resource), API_V3_KEY, nonce, 'refund'),
        associated_data: 'refund',
        nonce,
      },
    });
    const timestamp = String(Formatter.timestamp());
    const headerNonce = Formatter.nonce();
    const headers = {
      'wechatpay-timestamp': timestamp,
      'wechatpay-nonce': headerNonce,
      'wechatpay-signature': Rsa.sign(
        Formatter.response(timestamp, headerNonce, body),
        Rsa.from(platform.privateKeyPem, Rsa.KEY_TYPE_PRIVATE),
      ),
      'wechatpay-serial': 'PUB_KEY_ID_0114232134912410000000000000',
    };
    expect(client.parseNotification(headers, body)).toEqual({
      id: 'EV-2018-abc',
      eventType: 'REFUND.SUCCESS',
      createTime: '2026-12-02T16:00:01+08:00',
      refund: {
        refundId: '50000000000000000000000000001',
        outRefundNo: 'R00000001-1',
        outTradeNo: 'R00000001',
        transactionId: '4200000000202612020000000002',
        status: 'SUCCESS',
        amountRefund: 300,
        amountTotal: 1000,
        successTime: '2026-12-02T16:00:00+08:00',
      },
    });
  });
});
