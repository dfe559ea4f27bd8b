// A local stand-in for api.mch.weixin.qq.com (API v3) speaking the same HTTP protocol, signatures
// and error codes, for tests and the demo. Plain node:http so it starts in milliseconds.
//
// It holds its own platform key pair (微信支付公钥 + PUB_KEY_ID_FAKE… serial) and signs every
// answer with it; it verifies our Authorization header with the merchant public key. Paying an
// order (state.pay or POST /__fake/payments/{prepayId}/pay) POSTs the real, signed and encrypted
// TRANSACTION.SUCCESS notification to the order's notify_url, as WeChat does. See README.md.
import { type KeyObject, randomBytes, randomInt } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  aesGcmEncrypt,
  apiV3KeyBytes,
  generateRsaKeyPair,
  loadRsaPrivateKey,
  loadRsaPublicKey,
  MAX_CLOCK_SKEW_S,
  nonceStr,
  parseAuthorization,
  requestMessage,
  rsaVerify,
  signedHeaders,
} from './wechat-pay.crypto.js';

export type FakeWechatPayEndpoint = 'jsapi' | 'query' | 'close' | 'refund' | 'query_refund';

export interface FakeWechatPayOptions {
  mchId: string;
  appId: string;
  /** null: register one later with POST /__fake/merchant (the standalone fake). */
  merchantPublicKeyPem: string | null;
  merchantSerial: string | null;
  apiV3Key: string;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Fake clock (ms since epoch) for signatures, windows and times. Default Date.now. */
  now?: () => number;
  /** Notification deliveries after a non-2xx answer (default 3, 200 ms apart). */
  notifyRetries?: number;
  notifyRetryDelayMs?: number;
}

export interface InjectedPayFault {
  status: number;
  code: string;
  message?: string;
  /** How many upcoming calls fail; default 1. */
  times?: number;
}

/** What the next answer of an endpoint does wrong, for the client's verification tests. */
export type ResponseTampering = 'body' | 'signature' | 'serial' | 'stale' | 'unsigned';

export interface FakeNotification {
  headers: Record<string, string>;
  body: string;
}

export interface FakeNotifyResult {
  /** HTTP status of our server's last answer; 0 when it could not be reached. */
  status: number;
  body: string;
  notification: FakeNotification;
  attempts: number;
}

export interface FakePayOrder {
  prepayId: string;
  outTradeNo: string;
  description: string;
  amountTotal: number;
  openid: string;
  attach?: string;
  /** ms since epoch; the payer cannot pay after it. */
  timeExpire?: number;
  notifyUrl: string;
  tradeState: 'NOTPAY' | 'SUCCESS' | 'REFUND' | 'CLOSED' | 'PAYERROR' | 'REVOKED';
  transactionId?: string;
  successTime?: string;
  refunded: number;
  refunds: string[];
}

export interface FakePayRefund {
  refundId: string;
  outRefundNo: string;
  outTradeNo: string;
  transactionId: string;
  amountRefund: number;
  amountTotal: number;
  status: 'SUCCESS' | 'PROCESSING' | 'ABNORMAL' | 'CLOSED';
  successTime: string;
  reason?: string;
  notifyUrl: string;
}

export interface SignNotificationOptions {
  eventType: string;
  /** 'other': a key WeChat never had (a forged notification). Default 'platform'. */
  signWith?: 'platform' | 'other';
  /** Seconds since epoch; default now. */
  timestamp?: number;
  /** Default the fake's platform serial. */
  serial?: string;
  /** Default 'transaction' for TRANSACTION.*, else 'refund'. */
  originalType?: string;
}

export interface FakeWechatPayState {
  prepayCalls: number;
  queryCalls: number;
  closeCalls: number;
  refundCalls: number;
  queryRefundCalls: number;
  notificationsSent: number;
  readonly orders: ReadonlyMap<string, FakePayOrder>;
  readonly refunds: ReadonlyMap<string, FakePayRefund>;
  /** The payer paid: order → SUCCESS, TRANSACTION.SUCCESS POSTed to its notify_url (retried on non-2xx). */
  pay(prepayId: string, options?: { openid?: string }): Promise<FakeNotifyResult>;
  /** A signed notification envelope with `resource` encrypted under the API v3 key. */
  signNotification(resource: Record<string, unknown>, options: SignNotificationOptions): FakeNotification;
  /** Any bytes with Wechatpay-* headers (platform key by default), for malformed or re-signed notifications. */
  signBody(body: string, options?: Omit<SignNotificationOptions, 'eventType' | 'originalType'>): FakeNotification;
  /**
   * true: new refunds are answered PROCESSING and stay so (no notification) until `finishRefund`;
   * false (default): SUCCESS at once, its notification after the answer.
   */
  holdRefunds(on: boolean): void;
  /** Ends a held refund as WeChat Pay would (CLOSED gives the order's money back) and sends REFUND.<status>. */
  finishRefund(outRefundNo: string, status: 'SUCCESS' | 'ABNORMAL' | 'CLOSED'): Promise<FakeNotifyResult>;
  /** The next call(s) to `endpoint` answer this error (after the signature check). */
  failNext(endpoint: FakeWechatPayEndpoint, fault: InjectedPayFault): void;
  /** The next answer of `endpoint` is tampered with this way. */
  tamperNext(endpoint: FakeWechatPayEndpoint, how: ResponseTampering): void;
  /** Wait for notification deliveries in flight (refund notifications are sent after the answer). */
  idle(): Promise<void>;
  /** Forget orders, refunds, faults and zero the counters (keys stay). */
  reset(): void;
}

export interface FakeWechatPay {
  url: string;
  platformPublicKeyPem: string;
  platformSerial: string;
  state: FakeWechatPayState;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1 << 20;
const MAX_REFUNDS_PER_ORDER = 50;
const OUT_NO = /^[0-9A-Za-z_\-|*]{6,32}$/;
const OUT_REFUND_NO = /^[0-9A-Za-z_\-|*@]{1,64}$/;

/** WeChat's RFC 3339 time in Beijing time. */
function beijingTime(ms: number): string {
  return `${new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}

class Reply {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown> | null,
  ) {}
}

const fail = (status: number, code: string, message: string) => new Reply(status, { code, message });

export async function startFakeWechatPay(options: FakeWechatPayOptions): Promise<FakeWechatPay> {
  const now = options.now ?? Date.now;
  const host = options.host ?? '127.0.0.1';
  const apiV3Key = apiV3KeyBytes(options.apiV3Key);
  const platform = generateRsaKeyPair();
  const platformKey = loadRsaPrivateKey(platform.privateKeyPem);
  // A key WeChat never had, for forged signatures; made on first use (key generation is not free).
  let otherKeyValue: KeyObject | null = null;
  const otherKey = () => (otherKeyValue ??= loadRsaPrivateKey(generateRsaKeyPair().privateKeyPem));
  const platformSerial = `PUB_KEY_ID_FAKE${randomBytes(12).toString('hex').toUpperCase()}`;
  const notifyRetries = options.notifyRetries ?? 3;
  const notifyRetryDelayMs = options.notifyRetryDelayMs ?? 200;

  let merchantKey: KeyObject | null = options.merchantPublicKeyPem ? loadRsaPublicKey(options.merchantPublicKeyPem) : null;
  let merchantSerial = options.merchantSerial;

  const orders = new Map<string, FakePayOrder>(); // by out_trade_no
  const prepays = new Map<string, string>(); // prepay_id → out_trade_no
  /** out_trade_no → the body of its first prepay, to tell a retry from a clash. */
  const prepayBodies = new Map<string, string>();
  const refunds = new Map<string, FakePayRefund>(); // by out_refund_no
  const faults = new Map<FakeWechatPayEndpoint, Required<InjectedPayFault>>();
  let refundsHeld = false;
  const tampering = new Map<FakeWechatPayEndpoint, ResponseTampering>();
  const inFlight = new Set<Promise<unknown>>();

  const nowS = () => Math.floor(now() / 1000);

  function transactionJson(order: FakePayOrder): Record<string, unknown> {
    const paid = order.tradeState === 'SUCCESS' || order.tradeState === 'REFUND';
    return {
      appid: options.appId,
      mchid: options.mchId,
      out_trade_no: order.outTradeNo,
      ...(order.transactionId ? { transaction_id: order.transactionId } : {}),
      trade_type: 'JSAPI',
      trade_state: order.tradeState,
      trade_state_desc: {
        NOTPAY: '未支付',
        SUCCESS: '支付成功',
        REFUND: '转入退款',
        CLOSED: '已关闭',
        PAYERROR: '支付失败',
        REVOKED: '已撤销',
      }[order.tradeState],
      ...(paid ? { bank_type: 'OTHERS', success_time: order.successTime } : {}),
      attach: order.attach ?? '',
      payer: { openid: order.openid },
      amount: {
        total: order.amountTotal,
        currency: 'CNY',
        ...(paid ? { payer_total: order.amountTotal, payer_currency: 'CNY' } : {}),
      },
    };
  }

  function refundJson(refund: FakePayRefund): Record<string, unknown> {
    return {
      refund_id: refund.refundId,
      out_refund_no: refund.outRefundNo,
      transaction_id: refund.transactionId,
      out_trade_no: refund.outTradeNo,
      channel: 'ORIGINAL',
      user_received_account: '支付用户零钱',
      success_time: refund.successTime,
      create_time: refund.successTime,
      status: refund.status,
      funds_account: 'AVAILABLE',
      amount: {
        total: refund.amountTotal,
        refund: refund.amountRefund,
        payer_total: refund.amountTotal,
        payer_refund: refund.amountRefund,
        settlement_refund: refund.amountRefund,
        settlement_total: refund.amountTotal,
        discount_refund: 0,
        currency: 'CNY',
      },
    };
  }

  /** The refund notification's resource spells the status refund_status. */
  function refundNotificationJson(refund: FakePayRefund): Record<string, unknown> {
    return {
      mchid: options.mchId,
      out_trade_no: refund.outTradeNo,
      transaction_id: refund.transactionId,
      out_refund_no: refund.outRefundNo,
      refund_id: refund.refundId,
      refund_status: refund.status,
      success_time: refund.successTime,
      user_received_account: '支付用户零钱',
      amount: {
        total: refund.amountTotal,
        refund: refund.amountRefund,
        payer_total: refund.amountTotal,
        payer_refund: refund.amountRefund,
      },
    };
  }

  function signNotification(resource: Record<string, unknown>, sign: SignNotificationOptions): FakeNotification {
    const originalType = sign.originalType ?? (sign.eventType.startsWith('TRANSACTION.') ? 'transaction' : 'refund');
    const nonce = nonceStr(12);
    const body = JSON.stringify({
      id: `EV-${randomBytes(16).toString('hex')}`,
      create_time: beijingTime(now()),
      resource_type: 'encrypt-resource',
      event_type: sign.eventType,
      summary: sign.eventType.startsWith('TRANSACTION.') ? '支付成功' : '退款成功',
      resource: {
        original_type: originalType,
        algorithm: 'AEAD_AES_256_GCM',
        ciphertext: aesGcmEncrypt(JSON.stringify(resource), apiV3Key, nonce, originalType),
        associated_data: originalType,
        nonce,
      },
    });
    return signBody(body, sign);
  }

  function signBody(body: string, sign: Omit<SignNotificationOptions, 'eventType' | 'originalType'> = {}): FakeNotification {
    const key = sign.signWith === 'other' ? otherKey() : platformKey;
    const headers = {
      ...signedHeaders(body, key, sign.serial ?? platformSerial, sign.timestamp ?? nowS()),
      'content-type': 'application/json',
    };
    return { headers, body };
  }

  /** POST to our server; a non-2xx (or no answer) is retried, as WeChat does (it over 24 h, we briefly). */
  async function deliver(url: string, notification: FakeNotification): Promise<FakeNotifyResult> {
    let status = 0;
    let body = '';
    let attempts = 0;
    for (let attempt = 0; attempt <= notifyRetries; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, notifyRetryDelayMs));
      attempts += 1;
      state.notificationsSent += 1;
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { ...notification.headers, 'user-agent': 'Mozilla/4.0', accept: '*/*' },
          body: notification.body,
          signal: AbortSignal.timeout(5_000),
        });
        status = response.status;
        body = await response.text();
      } catch {
        status = 0;
        body = '';
      }
      if (status >= 200 && status < 300) break;
    }
    return { status, body, notification, attempts };
  }

  function track<T>(promise: Promise<T>): Promise<T> {
    inFlight.add(promise);
    const done = () => inFlight.delete(promise);
    promise.then(done, done);
    return promise;
  }

  const state: FakeWechatPayState = {
    prepayCalls: 0,
    queryCalls: 0,
    closeCalls: 0,
    refundCalls: 0,
    queryRefundCalls: 0,
    notificationsSent: 0,
    orders,
    refunds,
    async pay(prepayId, payOptions) {
      const outTradeNo = prepays.get(prepayId);
      const order = outTradeNo ? orders.get(outTradeNo) : undefined;
      if (!order) throw new Error(`fake WeChat Pay: no order for prepay_id ${prepayId}`);
      if (order.tradeState !== 'NOTPAY') throw new Error(`fake WeChat Pay: order ${order.outTradeNo} is ${order.tradeState}`);
      if (order.timeExpire !== undefined && now() > order.timeExpire) {
        throw new Error(`fake WeChat Pay: order ${order.outTradeNo} expired (time_expire)`);
      }
      if (payOptions?.openid && payOptions.openid !== order.openid) {
        throw new Error('fake WeChat Pay: the prepay belongs to another payer');
      }
      order.tradeState = 'SUCCESS';
      order.transactionId = `42000${String(nowS())}${String(randomInt(1e9)).padStart(9, '0')}`.slice(0, 28);
      order.successTime = beijingTime(now());
      const notification = signNotification(transactionJson(order), { eventType: 'TRANSACTION.SUCCESS' });
      return track(deliver(order.notifyUrl, notification));
    },
    signNotification,
    signBody,
    holdRefunds(on) {
      refundsHeld = on;
    },
    finishRefund(outRefundNo, status) {
      const refund = refunds.get(outRefundNo);
      if (!refund) throw new Error(`fake WeChat Pay: no refund ${outRefundNo}`);
      if (refund.status !== 'PROCESSING' && refund.status !== 'ABNORMAL') {
        throw new Error(`fake WeChat Pay: refund ${outRefundNo} is ${refund.status}`);
      }
      refund.status = status;
      refund.successTime = beijingTime(now());
      if (status === 'CLOSED') orders.get(refund.outTradeNo)!.refunded -= refund.amountRefund;
      const notification = signNotification(refundNotificationJson(refund), { eventType: `REFUND.${status}` });
      return track(deliver(refund.notifyUrl, notification));
    },
    failNext(endpoint, fault) {
      faults.set(endpoint, { times: 1, message: fault.code, ...fault });
    },
    tamperNext(endpoint, how) {
      tampering.set(endpoint, how);
    },
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    reset() {
      state.prepayCalls = 0;
      state.queryCalls = 0;
      state.closeCalls = 0;
      state.refundCalls = 0;
      state.queryRefundCalls = 0;
      state.notificationsSent = 0;
      orders.clear();
      prepays.clear();
      prepayBodies.clear();
      refunds.clear();
      faults.clear();
      tampering.clear();
      refundsHeld = false;
    },
  };

  function injectedFault(endpoint: FakeWechatPayEndpoint): Reply | null {
    const fault = faults.get(endpoint);
    if (!fault) return null;
    if (fault.times <= 1) faults.delete(endpoint);
    else fault.times -= 1;
    return fail(fault.status, fault.code, fault.message);
  }

  /** Our request signature, as WeChat checks it: schema, mchid, serial, window, RSA over the exact bytes. */
  function checkSignature(req: IncomingMessage, raw: string): Reply | null {
    const auth = parseAuthorization(req.headers.authorization);
    if (!auth) return fail(401, 'SIGN_ERROR', 'Authorization 头缺失或格式错误');
    if (auth.mchid !== options.mchId) return fail(401, 'SIGN_ERROR', '商户号与签名不匹配');
    if (!merchantKey || auth.serial_no !== merchantSerial) return fail(401, 'SIGN_ERROR', '商户证书序列号有误');
    const timestamp = Number(auth.timestamp);
    if (!Number.isInteger(timestamp) || Math.abs(nowS() - timestamp) > MAX_CLOCK_SKEW_S) {
      return fail(401, 'SIGN_ERROR', '请求时间戳超出有效范围');
    }
    const message = requestMessage(req.method ?? '', req.url ?? '', auth.timestamp, auth.nonce_str, raw);
    if (!rsaVerify(message, auth.signature, merchantKey)) return fail(401, 'SIGN_ERROR', '签名错误');
    return null;
  }

  // --- WeChat Pay endpoints -------------------------------------------------------------

  function jsapi(body: Record<string, unknown>, raw: string): Reply {
    state.prepayCalls += 1;
    const {
      appid,
      mchid,
      description,
      out_trade_no: no,
      notify_url: notifyUrl,
      amount,
      payer,
      attach,
      time_expire: expire,
    } = body;
    if (typeof appid !== 'string' || typeof mchid !== 'string') return fail(400, 'PARAM_ERROR', '缺少参数 appid/mchid');
    if (mchid !== options.mchId) return fail(400, 'MCH_NOT_EXISTS', '商户号不存在');
    if (appid !== options.appId) return fail(400, 'APPID_MCHID_NOT_MATCH', 'appid和mch_id不匹配');
    if (typeof description !== 'string' || description.length === 0 || description.length > 127) {
      return fail(400, 'PARAM_ERROR', '输入源“/body/description”映射到字段“商品描述”必填性规则校验失败');
    }
    if (typeof no !== 'string' || !OUT_NO.test(no)) return fail(400, 'PARAM_ERROR', '商户订单号 out_trade_no 格式错误');
    if (typeof notifyUrl !== 'string' || !/^https?:\/\//.test(notifyUrl)) return fail(400, 'PARAM_ERROR', 'notify_url 格式错误');
    const total = (amount as { total?: unknown } | undefined)?.total;
    const currency = (amount as { currency?: unknown } | undefined)?.currency ?? 'CNY';
    if (typeof total !== 'number' || !Number.isInteger(total) || total < 1 || currency !== 'CNY') {
      return fail(400, 'PARAM_ERROR', '订单金额 amount.total 必须为正整数（分）');
    }
    const openid = (payer as { openid?: unknown } | undefined)?.openid;
    if (typeof openid !== 'string' || openid.length === 0) return fail(400, 'PARAM_ERROR', '缺少参数 payer.openid');
    if (attach !== undefined && (typeof attach !== 'string' || attach.length > 128))
      return fail(400, 'PARAM_ERROR', 'attach 过长');
    if (expire !== undefined && (typeof expire !== 'string' || Number.isNaN(Date.parse(expire)))) {
      return fail(400, 'PARAM_ERROR', 'time_expire 格式错误');
    }
    const fault = injectedFault('jsapi');
    if (fault) return fault;
    const existing = orders.get(no);
    if (existing) {
      if (existing.tradeState === 'SUCCESS' || existing.tradeState === 'REFUND') return fail(400, 'ORDERPAID', '该订单已支付');
      if (existing.tradeState === 'CLOSED') return fail(400, 'ORDER_CLOSED', '订单已关闭');
      // The same order asked again (a retry) gets the same prepay_id; other parameters are a clash.
      if (prepayBodies.get(no) === raw) return new Reply(200, { prepay_id: existing.prepayId });
      return fail(400, 'INVALID_REQUEST', '201 商户订单号重复');
    }
    const prepayId = `wx${String(nowS())}${randomBytes(12).toString('hex')}`;
    orders.set(no, {
      prepayId,
      outTradeNo: no,
      description,
      amountTotal: total,
      openid,
      ...(typeof attach === 'string' ? { attach } : {}),
      ...(typeof expire === 'string' ? { timeExpire: Date.parse(expire) } : {}),
      notifyUrl,
      tradeState: 'NOTPAY',
      refunded: 0,
      refunds: [],
    });
    prepays.set(prepayId, no);
    prepayBodies.set(no, raw);
    return new Reply(200, { prepay_id: prepayId });
  }

  function query(no: string, url: URL): Reply {
    state.queryCalls += 1;
    if (url.searchParams.get('mchid') !== options.mchId) return fail(400, 'PARAM_ERROR', 'mchid 与请求商户不一致');
    const fault = injectedFault('query');
    if (fault) return fault;
    const order = orders.get(no);
    if (!order) return fail(404, 'ORDER_NOT_EXIST', '订单不存在');
    return new Reply(200, transactionJson(order));
  }

  function close(no: string, body: Record<string, unknown>): Reply {
    state.closeCalls += 1;
    if (body.mchid !== options.mchId) return fail(400, 'PARAM_ERROR', 'mchid 与请求商户不一致');
    const fault = injectedFault('close');
    if (fault) return fault;
    const order = orders.get(no);
    if (!order) return fail(404, 'ORDER_NOT_EXIST', '订单不存在');
    if (order.tradeState === 'SUCCESS' || order.tradeState === 'REFUND') return fail(400, 'ORDERPAID', '订单已支付');
    order.tradeState = 'CLOSED';
    return new Reply(204, null);
  }

  function refund(body: Record<string, unknown>): Reply {
    state.refundCalls += 1;
    const { out_trade_no: no, out_refund_no: refundNo, amount, notify_url: notifyUrl, reason } = body;
    if (typeof no !== 'string' || typeof refundNo !== 'string' || !OUT_REFUND_NO.test(refundNo)) {
      return fail(400, 'PARAM_ERROR', 'out_trade_no / out_refund_no 格式错误');
    }
    const a = amount as { refund?: unknown; total?: unknown; currency?: unknown } | undefined;
    if (
      typeof a?.refund !== 'number' ||
      typeof a.total !== 'number' ||
      !Number.isInteger(a.refund) ||
      !Number.isInteger(a.total) ||
      a.refund < 1 ||
      a.currency !== 'CNY'
    ) {
      return fail(400, 'PARAM_ERROR', 'amount.refund / amount.total 必须为正整数（分），currency 为 CNY');
    }
    if (notifyUrl !== undefined && (typeof notifyUrl !== 'string' || !/^https?:\/\//.test(notifyUrl))) {
      return fail(400, 'PARAM_ERROR', 'notify_url 格式错误');
    }
    const fault = injectedFault('refund');
    if (fault) return fault;
    const existing = refunds.get(refundNo);
    // The same out_refund_no is the same refund: answered again, never refunded twice.
    if (existing) {
      if (existing.outTradeNo !== no || existing.amountRefund !== a.refund) return fail(400, 'INVALID_REQUEST', '退款单号重复');
      return new Reply(200, refundJson(existing));
    }
    const order = orders.get(no);
    if (!order) return fail(404, 'RESOURCE_NOT_EXISTS', '订单不存在');
    if (order.tradeState !== 'SUCCESS' && order.tradeState !== 'REFUND')
      return fail(400, 'INVALID_REQUEST', '订单未支付，不能退款');
    if (a.total !== order.amountTotal) return fail(400, 'PARAM_ERROR', '订单金额与原订单不一致');
    if (order.refunds.length >= MAX_REFUNDS_PER_ORDER) return fail(403, 'FREQUENCY_LIMITED', '一笔订单最多退款50次');
    if (a.refund > order.amountTotal - order.refunded) return fail(403, 'NOT_ENOUGH', '可退金额不足');
    const created: FakePayRefund = {
      refundId: `50000${String(nowS())}${String(randomInt(1e9)).padStart(9, '0')}`.slice(0, 29),
      outRefundNo: refundNo,
      outTradeNo: no,
      transactionId: order.transactionId!,
      amountRefund: a.refund,
      amountTotal: order.amountTotal,
      status: refundsHeld ? 'PROCESSING' : 'SUCCESS',
      successTime: beijingTime(now()),
      ...(typeof reason === 'string' ? { reason } : {}),
      notifyUrl: typeof notifyUrl === 'string' ? notifyUrl : order.notifyUrl,
    };
    refunds.set(refundNo, created);
    order.refunded += a.refund;
    order.refunds.push(refundNo);
    order.tradeState = 'REFUND';
    if (refundsHeld) return new Reply(200, refundJson(created));
    // Settled at once (WeChat usually answers PROCESSING first); the notification follows the answer.
    setImmediate(() => {
      void track(deliver(created.notifyUrl, signNotification(refundNotificationJson(created), { eventType: 'REFUND.SUCCESS' })));
    });
    return new Reply(200, refundJson(created));
  }

  function queryRefund(refundNo: string): Reply {
    state.queryRefundCalls += 1;
    const fault = injectedFault('query_refund');
    if (fault) return fault;
    const found = refunds.get(refundNo);
    if (!found) return fail(404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
    return new Reply(200, refundJson(found));
  }

  // --- /__fake/ endpoints (unsigned) ----------------------------------------------------

  async function fakeRoute(req: IncomingMessage, url: URL, raw: string): Promise<Reply> {
    const payMatch = /^\/__fake\/payments\/([^/]+)\/pay$/.exec(url.pathname);
    if (payMatch && req.method === 'POST') {
      let openid: string | undefined;
      if (raw) {
        const parsed = parseJson(raw);
        if (parsed && typeof parsed.openid === 'string') openid = parsed.openid;
      }
      try {
        const result = await state.pay(decodeURIComponent(payMatch[1]!), openid ? { openid } : undefined);
        return new Reply(200, { ...result });
      } catch (error) {
        return new Reply(400, { code: 'INVALID_REQUEST', message: (error as Error).message });
      }
    }
    if (url.pathname === '/__fake/merchant' && req.method === 'POST') {
      // The standalone fake learns the merchant key of whichever server registers (sandbox only).
      const parsed = raw ? parseJson(raw) : null;
      if (!parsed || typeof parsed.merchantPublicKeyPem !== 'string' || typeof parsed.merchantSerial !== 'string') {
        return new Reply(400, { code: 'PARAM_ERROR', message: 'merchantPublicKeyPem and merchantSerial required' });
      }
      try {
        merchantKey = loadRsaPublicKey(parsed.merchantPublicKeyPem);
      } catch (error) {
        return new Reply(400, { code: 'PARAM_ERROR', message: (error as Error).message });
      }
      merchantSerial = parsed.merchantSerial;
      return new Reply(200, {
        mchId: options.mchId,
        appId: options.appId,
        apiV3Key: options.apiV3Key,
        platformPublicKeyPem: platform.publicKeyPem,
        platformSerial,
      });
    }
    if (url.pathname === '/__fake/state' && req.method === 'GET') {
      const { prepayCalls, queryCalls, closeCalls, refundCalls, queryRefundCalls, notificationsSent } = state;
      return new Reply(200, {
        prepayCalls,
        queryCalls,
        closeCalls,
        refundCalls,
        queryRefundCalls,
        notificationsSent,
        orders: orders.size,
      });
    }
    if (url.pathname === '/__fake/reset' && req.method === 'POST') {
      state.reset();
      return new Reply(200, { ok: true });
    }
    return new Reply(404, { code: 'NOT_FOUND', message: 'unknown fake endpoint' });
  }

  // --- routing --------------------------------------------------------------------------

  async function route(req: IncomingMessage, raw: string): Promise<{ reply: Reply; endpoint?: FakeWechatPayEndpoint }> {
    const url = new URL(req.url ?? '/', 'http://fake.mch.weixin');
    if (url.pathname.startsWith('/__fake/')) return { reply: await fakeRoute(req, url, raw) };
    const method = req.method ?? '';
    let endpoint: FakeWechatPayEndpoint | undefined;
    let match: RegExpExecArray | null = null;
    if (url.pathname === '/v3/pay/transactions/jsapi' && method === 'POST') endpoint = 'jsapi';
    else if ((match = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)\/close$/.exec(url.pathname)) && method === 'POST')
      endpoint = 'close';
    else if ((match = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/.exec(url.pathname)) && method === 'GET')
      endpoint = 'query';
    else if (url.pathname === '/v3/refund/domestic/refunds' && method === 'POST') endpoint = 'refund';
    else if ((match = /^\/v3\/refund\/domestic\/refunds\/([^/]+)$/.exec(url.pathname)) && method === 'GET')
      endpoint = 'query_refund';
    if (!endpoint) return { reply: fail(404, 'NOT_FOUND', '请求的资源不存在') };
    const bad = checkSignature(req, raw);
    if (bad) return { reply: bad, endpoint };
    const accept = req.headers.accept;
    if (accept && !accept.includes('application/json') && !accept.includes('*/*')) {
      return { reply: fail(406, 'PARAM_ERROR', 'Accept 必须为 application/json'), endpoint };
    }
    let body: Record<string, unknown> = {};
    if (method === 'POST') {
      const parsed = parseJson(raw);
      if (!parsed) return { reply: fail(400, 'PARAM_ERROR', '请求体不是合法的JSON'), endpoint };
      body = parsed;
    }
    const param = match ? decodeURIComponent(match[1]!) : '';
    switch (endpoint) {
      case 'jsapi':
        return { reply: jsapi(body, raw), endpoint };
      case 'query':
        return { reply: query(param, url), endpoint };
      case 'close':
        return { reply: close(param, body), endpoint };
      case 'refund':
        return { reply: refund(body), endpoint };
      case 'query_refund':
        return { reply: queryRefund(param), endpoint };
    }
  }

  function send(res: ServerResponse, reply: Reply, endpoint: FakeWechatPayEndpoint | undefined): void {
    if (res.destroyed) return;
    const text = reply.body === null ? '' : JSON.stringify(reply.body);
    const headers: Record<string, string | number> = { 'request-id': randomBytes(16).toString('hex') };
    if (reply.body !== null) headers['content-type'] = 'application/json; charset=utf-8';
    let sent = text;
    let status = reply.status;
    if (endpoint) {
      const how = tampering.get(endpoint);
      tampering.delete(endpoint);
      if (how !== 'unsigned') {
        const timestamp = how === 'stale' ? nowS() - MAX_CLOCK_SKEW_S - 60 : nowS();
        const key = how === 'signature' ? otherKey() : platformKey;
        Object.assign(headers, signedHeaders(text, key, how === 'serial' ? `${platformSerial}X` : platformSerial, timestamp));
      }
      // Signed first, then altered: what a man in the middle would do.
      if (how === 'body') {
        const bumped = text.replace(/\d/, (d) => String((Number(d) + 1) % 10));
        sent = bumped !== text ? bumped : `${text || '{}'} `;
        if (status === 204) status = 200; // a 204 cannot carry the altered bytes
      }
    }
    headers['content-length'] = Buffer.byteLength(sent);
    res.writeHead(status, headers);
    res.end(sent);
  }

  const server = createServer((req, res) => {
    let endpoint: FakeWechatPayEndpoint | undefined;
    readBody(req)
      .then(async (raw) => {
        if (raw === null) return fail(413, 'PARAM_ERROR', '请求体过大');
        const routed = await route(req, raw);
        endpoint = routed.endpoint;
        return routed.reply;
      })
      .then(
        (reply) => send(res, reply, endpoint),
        (error: unknown) => send(res, fail(500, 'SYSTEM_ERROR', `系统错误: ${String(error)}`), endpoint),
      );
  });
  // Connections held open by clients (keep-alive) must not keep close() waiting.
  server.keepAliveTimeout = 1000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${urlHost}:${address.port}`,
    platformPublicKeyPem: platform.publicKeyPem,
    platformSerial,
    state,
    close: async () => {
      await state.idle();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

function parseJson(raw: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
