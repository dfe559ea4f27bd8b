// Speaks WeChat Pay API v3 (api.mch.weixin.qq.com or the fake) for JSAPI payments in the
// mini-program: prepay, the wx.requestPayment arguments, query, close, refund, refund query, and
// the payment/refund notifications POSTed to us.
//
// Every request is signed with the merchant key; every response — success or error — is verified
// with the platform public key (微信支付公钥) before anything in it is believed, and so is every
// notification before its resource is decrypted.
//
// Never logged or put into an error: bodies, keys, signatures, openids. The only per-call output
// is `onCall({ endpoint, outcome, status, code, latencyMs })`.
import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import {
  aesGcmDecrypt,
  apiV3KeyBytes,
  authorizationHeader,
  loadRsaPrivateKey,
  loadRsaPublicKey,
  MAX_CLOCK_SKEW_S,
  nonceStr,
  paySignMessage,
  requestMessage,
  responseMessage,
  rsaSign,
  rsaVerify,
} from './wechat-pay.crypto.js';
import {
  WechatPayApiError,
  type WechatPayEndpoint,
  WechatPayNotificationError,
  type WechatPayNotificationReason,
  WechatPayUnavailableError,
  WechatPayVerificationError,
  type WechatPayVerificationReason,
} from './wechat-pay.errors.js';

export const DEFAULT_WECHAT_PAY_API_BASE = 'https://api.mch.weixin.qq.com';
export const DEFAULT_WECHAT_PAY_TIMEOUT_MS = 10_000;
const USER_AGENT = 'huiyuan-server (WechatPayClient; node)';

/** One line per call for logs and metrics; deliberately nothing that came back in the body. */
export interface WechatPayCallEvent {
  endpoint: WechatPayEndpoint;
  outcome: 'ok' | 'api_error' | 'unverified' | 'unavailable';
  /** HTTP status; undefined when nothing came back. */
  status?: number;
  /** WeChat's error code on api_error. */
  code?: string;
  latencyMs: number;
}

export interface WechatPayClientOptions {
  mchId: string;
  /** The mini-program's AppID (the same as the WeChat client's). */
  appId: string;
  /** Serial number of the merchant API certificate (商户API证书序列号). */
  serial: string;
  privateKeyPem: string;
  /** 32 bytes. */
  apiV3Key: string;
  /** 微信支付公钥 (PEM). */
  platformPublicKeyPem: string;
  /** Its id, e.g. PUB_KEY_ID_0114…; responses signed under another serial are refused. */
  platformSerial: string;
  /** Default https://api.mch.weixin.qq.com. */
  apiBase?: string;
  /** Our public POST /api/v1/payments/wechat/notify URL; null until known (setNotifyUrl). */
  notifyUrl: string | null;
  /** Per request, connection to end of body. Default 10 s. */
  timeoutMs?: number;
  /** Clock (ms since epoch) for request timestamps and the 5-minute window. */
  now?: () => number;
  onCall?: (event: WechatPayCallEvent) => void;
  fetch?: typeof fetch;
}

export interface JsapiPrepayRequest {
  /** 6–32 of [0-9A-Za-z_-|*], unique per merchant. */
  outTradeNo: string;
  /** ≤ 127 characters, shown to the payer. */
  description: string;
  amountFen: number;
  openid: string;
  /** ≤ 128 characters, echoed in the query and the notification. */
  attach?: string;
  timeExpire?: Date;
}

/** Arguments for wx.requestPayment, as the mini-program passes them. */
export interface WechatPaymentArguments {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: 'RSA';
  paySign: string;
}

export type WechatPayTradeState = 'SUCCESS' | 'REFUND' | 'NOTPAY' | 'CLOSED' | 'REVOKED' | 'USERPAYING' | 'PAYERROR';

export interface WechatPayTransaction {
  outTradeNo: string;
  transactionId?: string;
  tradeState: WechatPayTradeState;
  /** Order total, fen. */
  amountTotal: number;
  /** What the payer paid (total minus WeChat-side discounts), fen. */
  payerTotal?: number;
  currency: string;
  payerOpenid?: string;
  /** RFC 3339 as WeChat gives it, e.g. 2026-12-02T15:04:05+08:00. */
  successTime?: string;
  attach?: string;
}

export interface RefundRequest {
  outTradeNo: string;
  /** Unique per merchant; the same number retried is the same refund. */
  outRefundNo: string;
  refundFen: number;
  /** The order's total, fen (WeChat checks it). */
  totalFen: number;
  reason?: string;
}

export type WechatPayRefundStatus = 'SUCCESS' | 'PROCESSING' | 'CLOSED' | 'ABNORMAL';

export interface WechatPayRefund {
  refundId: string;
  outRefundNo: string;
  outTradeNo: string;
  transactionId: string;
  status: WechatPayRefundStatus;
  amountRefund: number;
  amountTotal: number;
  successTime?: string;
}

export type WechatPayEventType = 'TRANSACTION.SUCCESS' | 'REFUND.SUCCESS' | 'REFUND.ABNORMAL' | 'REFUND.CLOSED' | (string & {});

export interface WechatPayNotification {
  id: string;
  eventType: WechatPayEventType;
  createTime: string;
  /** For TRANSACTION.* events. */
  transaction?: WechatPayTransaction;
  /** For REFUND.* events. */
  refund?: WechatPayRefund;
}

/** Header lookup that works for Fastify's (lower-cased, maybe arrays) and fetch's Headers. */
export type NotificationHeaders = Headers | Record<string, string | string[] | undefined>;

const TRADE_STATES = ['SUCCESS', 'REFUND', 'NOTPAY', 'CLOSED', 'REVOKED', 'USERPAYING', 'PAYERROR'] as const;
const REFUND_STATUSES = ['SUCCESS', 'PROCESSING', 'CLOSED', 'ABNORMAL'] as const;

const prepayShape = z.object({ prepay_id: z.string().min(1) });
const transactionShape = z.object({
  out_trade_no: z.string(),
  transaction_id: z.string().optional(),
  trade_state: z.enum(TRADE_STATES),
  amount: z.object({
    total: z.number().int().optional(),
    payer_total: z.number().int().optional(),
    currency: z.string().optional(),
  }),
  payer: z.object({ openid: z.string().optional() }).optional(),
  success_time: z.string().optional(),
  attach: z.string().optional(),
});
const refundShape = z
  .object({
    refund_id: z.string(),
    out_refund_no: z.string(),
    out_trade_no: z.string(),
    transaction_id: z.string(),
    // The refund API says `status`, the refund notification says `refund_status`.
    status: z.enum(REFUND_STATUSES).optional(),
    refund_status: z.enum(REFUND_STATUSES).optional(),
    amount: z.object({ refund: z.number().int(), total: z.number().int() }),
    success_time: z.string().optional(),
  })
  .refine((r) => (r.status ?? r.refund_status) !== undefined, { message: 'status missing', path: ['status'] });
const errorShape = z.object({ code: z.string().min(1), message: z.string().optional() });
const notificationShape = z.object({
  id: z.string().min(1),
  create_time: z.string(),
  event_type: z.string().min(1),
  resource: z.object({
    algorithm: z.string(),
    ciphertext: z.string().min(1),
    associated_data: z.string().optional(),
    nonce: z.string().min(1),
    original_type: z.string().optional(),
  }),
});

function toTransaction(t: z.infer<typeof transactionShape>): WechatPayTransaction {
  return {
    outTradeNo: t.out_trade_no,
    ...(t.transaction_id ? { transactionId: t.transaction_id } : {}),
    tradeState: t.trade_state,
    amountTotal: t.amount.total ?? 0,
    ...(t.amount.payer_total !== undefined ? { payerTotal: t.amount.payer_total } : {}),
    currency: t.amount.currency ?? 'CNY',
    ...(t.payer?.openid ? { payerOpenid: t.payer.openid } : {}),
    ...(t.success_time ? { successTime: t.success_time } : {}),
    ...(t.attach !== undefined && t.attach !== '' ? { attach: t.attach } : {}),
  };
}

function toRefund(r: z.infer<typeof refundShape>): WechatPayRefund {
  return {
    refundId: r.refund_id,
    outRefundNo: r.out_refund_no,
    outTradeNo: r.out_trade_no,
    transactionId: r.transaction_id,
    status: (r.status ?? r.refund_status)!,
    amountRefund: r.amount.refund,
    amountTotal: r.amount.total,
    ...(r.success_time ? { successTime: r.success_time } : {}),
  };
}

/** WeChat's time format: RFC 3339 with an offset, Beijing time (yyyy-MM-DDTHH:mm:ss+08:00). */
export function wechatPayTime(date: Date): string {
  const beijing = new Date(date.getTime() + 8 * 3_600_000);
  return `${beijing.toISOString().slice(0, 19)}+08:00`;
}

function header(headers: NotificationHeaders, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

interface RawRequest {
  endpoint: WechatPayEndpoint;
  method: 'GET' | 'POST';
  /** Path with query, exactly as signed. */
  path: string;
  body?: Record<string, unknown>;
}

interface VerifiedResponse {
  status: number;
  text: string;
  latencyMs: number;
}

type SignatureProblem = WechatPayVerificationReason | null;

export class WechatPayClient {
  readonly mchId: string;
  readonly appId: string;
  readonly apiBase: string;
  private readonly serial: string;
  private readonly privateKey: KeyObject;
  private readonly apiV3Key: Buffer;
  private readonly platformKey: KeyObject;
  private readonly platformSerial: string;
  private notifyUrlValue: string | null;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private readonly onCall: ((event: WechatPayCallEvent) => void) | undefined;
  private readonly fetchImpl: typeof fetch;

  constructor(options: WechatPayClientOptions) {
    for (const field of ['mchId', 'appId', 'serial', 'platformSerial'] as const) {
      if (!options[field]) throw new Error(`WechatPayClient needs ${field}`);
    }
    this.mchId = options.mchId;
    this.appId = options.appId;
    this.serial = options.serial;
    // Parsed once: a bad key fails at start, not on the first payment.
    this.privateKey = loadRsaPrivateKey(options.privateKeyPem);
    this.apiV3Key = apiV3KeyBytes(options.apiV3Key);
    this.platformKey = loadRsaPublicKey(options.platformPublicKeyPem);
    this.platformSerial = options.platformSerial;
    this.apiBase = (options.apiBase ?? DEFAULT_WECHAT_PAY_API_BASE).replace(/\/+$/, '');
    this.notifyUrlValue = options.notifyUrl;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_WECHAT_PAY_TIMEOUT_MS;
    this.now = options.now ?? Date.now;
    this.onCall = options.onCall;
    this.fetchImpl = options.fetch ?? globalThis.fetch;
  }

  get notifyUrl(): string | null {
    return this.notifyUrlValue;
  }

  /** The sandbox learns our port only after listen: the bootstrap sets the URL then. */
  setNotifyUrl(url: string): void {
    new URL(url); // throws on garbage
    this.notifyUrlValue = url;
  }

  /** JSAPI 下单: POST /v3/pay/transactions/jsapi → prepay_id (valid 2 hours). */
  async jsapiPrepay(request: JsapiPrepayRequest): Promise<{ prepayId: string }> {
    const body: Record<string, unknown> = {
      appid: this.appId,
      mchid: this.mchId,
      description: request.description,
      out_trade_no: request.outTradeNo,
      ...(request.timeExpire ? { time_expire: wechatPayTime(request.timeExpire) } : {}),
      ...(request.attach !== undefined ? { attach: request.attach } : {}),
      notify_url: this.requireNotifyUrl(),
      amount: { total: request.amountFen, currency: 'CNY' },
      payer: { openid: request.openid },
    };
    const json = await this.requestJson({ endpoint: 'jsapi', method: 'POST', path: '/v3/pay/transactions/jsapi', body });
    return { prepayId: this.parse('jsapi', prepayShape, json).prepay_id };
  }

  /** wx.requestPayment arguments for a prepay_id, signed with the merchant key (signType RSA). */
  paymentArguments(prepayId: string): WechatPaymentArguments {
    const timeStamp = String(Math.floor(this.now() / 1000));
    const nonce = nonceStr(32);
    const pkg = `prepay_id=${prepayId}`;
    return {
      appId: this.appId,
      timeStamp,
      nonceStr: nonce,
      package: pkg,
      signType: 'RSA',
      paySign: rsaSign(paySignMessage(this.appId, timeStamp, nonce, pkg), this.privateKey),
    };
  }

  /** 商户订单号查询; null when WeChat has no such order (ORDER_NOT_EXIST). */
  async queryByOutTradeNo(outTradeNo: string): Promise<WechatPayTransaction | null> {
    const path = `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}?mchid=${encodeURIComponent(this.mchId)}`;
    try {
      const json = await this.requestJson({ endpoint: 'query', method: 'GET', path });
      return toTransaction(this.parse('query', transactionShape, json));
    } catch (error) {
      if (error instanceof WechatPayApiError && error.code === 'ORDER_NOT_EXIST') return null;
      throw error;
    }
  }

  /** 关闭订单 (204). A paid order answers ORDERPAID: query it instead. */
  async close(outTradeNo: string): Promise<void> {
    await this.request({
      endpoint: 'close',
      method: 'POST',
      path: `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}/close`,
      body: { mchid: this.mchId },
    });
  }

  /** 申请退款. Retrying with the same outRefundNo is safe (it is the same refund). */
  async refund(request: RefundRequest): Promise<WechatPayRefund> {
    const body: Record<string, unknown> = {
      out_trade_no: request.outTradeNo,
      out_refund_no: request.outRefundNo,
      ...(request.reason !== undefined ? { reason: request.reason } : {}),
      notify_url: this.requireNotifyUrl(),
      amount: { refund: request.refundFen, total: request.totalFen, currency: 'CNY' },
    };
    const json = await this.requestJson({ endpoint: 'refund', method: 'POST', path: '/v3/refund/domestic/refunds', body });
    return toRefund(this.parse('refund', refundShape, json));
  }

  /** 查询单笔退款; null when WeChat has no such refund (RESOURCE_NOT_EXISTS). */
  async queryRefund(outRefundNo: string): Promise<WechatPayRefund | null> {
    try {
      const json = await this.requestJson({
        endpoint: 'query_refund',
        method: 'GET',
        path: `/v3/refund/domestic/refunds/${encodeURIComponent(outRefundNo)}`,
      });
      return toRefund(this.parse('query_refund', refundShape, json));
    } catch (error) {
      if (error instanceof WechatPayApiError && (error.code === 'RESOURCE_NOT_EXISTS' || error.code === 'ORDER_NOT_EXIST')) {
        return null;
      }
      throw error;
    }
  }

  /**
   * A payment/refund notification: verify the Wechatpay-* headers over the raw body (exactly the
   * bytes received — re-serialised JSON would not verify), refuse one outside the 5-minute window
   * (a replayed old notification), then decrypt the resource with the API v3 key. Answer 2xx only
   * after the domain has stored the outcome; idempotency on the id / transaction id is the domain's.
   */
  parseNotification(headers: NotificationHeaders, rawBody: string): WechatPayNotification {
    const problem = this.signatureProblem(
      header(headers, 'wechatpay-timestamp'),
      header(headers, 'wechatpay-nonce'),
      header(headers, 'wechatpay-signature'),
      header(headers, 'wechatpay-serial'),
      rawBody,
    );
    if (problem) {
      const reason: WechatPayNotificationReason = problem === 'missing_headers' ? 'bad_signature' : problem;
      throw new WechatPayNotificationError(reason, problem === 'missing_headers' ? 'Wechatpay-* headers missing' : problem);
    }
    let json: unknown;
    try {
      json = JSON.parse(rawBody);
    } catch {
      throw new WechatPayNotificationError('malformed', 'body is not JSON');
    }
    const envelope = notificationShape.safeParse(json);
    if (!envelope.success) throw new WechatPayNotificationError('malformed', 'not a notification envelope');
    const { id, create_time: createTime, event_type: eventType, resource } = envelope.data;
    if (resource.algorithm !== 'AEAD_AES_256_GCM') throw new WechatPayNotificationError('bad_resource', 'unknown algorithm');
    let plaintext: unknown;
    try {
      plaintext = JSON.parse(aesGcmDecrypt(resource.ciphertext, this.apiV3Key, resource.nonce, resource.associated_data ?? ''));
    } catch {
      throw new WechatPayNotificationError('bad_resource', 'resource does not decrypt');
    }
    const notification: WechatPayNotification = { id, eventType, createTime };
    if (eventType.startsWith('TRANSACTION.')) {
      const parsed = transactionShape.safeParse(plaintext);
      if (!parsed.success) throw new WechatPayNotificationError('bad_resource', 'not a transaction');
      notification.transaction = toTransaction(parsed.data);
    } else if (eventType.startsWith('REFUND.')) {
      const parsed = refundShape.safeParse(plaintext);
      if (!parsed.success) throw new WechatPayNotificationError('bad_resource', 'not a refund');
      notification.refund = toRefund(parsed.data);
    }
    return notification;
  }

  // --- HTTP ---------------------------------------------------------------------------

  private requireNotifyUrl(): string {
    if (!this.notifyUrlValue) throw new Error('WeChat Pay notify URL is not set yet (WechatPayClient.setNotifyUrl)');
    return this.notifyUrlValue;
  }

  private async requestJson(request: RawRequest): Promise<Record<string, unknown>> {
    const { text, latencyMs, status } = await this.request(request);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = undefined;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.report({ endpoint: request.endpoint, outcome: 'unavailable', status, latencyMs });
      throw new WechatPayUnavailableError(request.endpoint, 'bad_response', 'body is not a JSON object');
    }
    return value as Record<string, unknown>;
  }

  /** One signed exchange; throws unless the answer is a verified 2xx. */
  private async request(request: RawRequest): Promise<VerifiedResponse> {
    const { endpoint } = request;
    const body = request.body ? JSON.stringify(request.body) : '';
    const timestamp = String(Math.floor(this.now() / 1000));
    const nonce = nonceStr(32);
    const signature = rsaSign(requestMessage(request.method, request.path, timestamp, nonce, body), this.privateKey);
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const signal = AbortSignal.timeout(this.timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await this.fetchImpl(this.apiBase + request.path, {
        method: request.method,
        headers: {
          accept: 'application/json',
          'content-type': 'application/json',
          'user-agent': USER_AGENT,
          'wechatpay-serial': this.platformSerial,
          authorization: authorizationHeader({
            mchid: this.mchId,
            nonce_str: nonce,
            signature,
            timestamp,
            serial_no: this.serial,
          }),
        },
        ...(request.method === 'POST' ? { body } : {}),
        signal,
      });
      text = await response.text();
    } catch (error) {
      // Asking the signal, not the error: DOMException is not an Error in every realm.
      const timedOut = signal.aborted;
      this.report({ endpoint, outcome: 'unavailable', latencyMs: elapsed() });
      throw new WechatPayUnavailableError(
        endpoint,
        timedOut ? 'timeout' : 'network',
        timedOut ? `no answer within ${this.timeoutMs} ms` : 'request failed',
        { cause: error },
      );
    }
    const latencyMs = elapsed();
    const status = response.status;
    const h = response.headers;
    const problem = this.signatureProblem(
      h.get('wechatpay-timestamp') ?? undefined,
      h.get('wechatpay-nonce') ?? undefined,
      h.get('wechatpay-signature') ?? undefined,
      h.get('wechatpay-serial') ?? undefined,
      text,
    );
    if (problem === 'missing_headers' && status >= 500) {
      // A gateway's own 5xx page, not WeChat Pay: nothing in it is trusted, and it is worth retrying.
      this.report({ endpoint, outcome: 'unavailable', status, latencyMs });
      throw new WechatPayUnavailableError(endpoint, 'bad_response', `unsigned HTTP ${status}`);
    }
    if (problem) {
      this.report({ endpoint, outcome: 'unverified', status, latencyMs });
      throw new WechatPayVerificationError(endpoint, problem, status);
    }
    if (status >= 200 && status < 300) {
      this.report({ endpoint, outcome: 'ok', status, latencyMs });
      return { status, text, latencyMs };
    }
    let parsed: ReturnType<typeof errorShape.safeParse>;
    try {
      parsed = errorShape.safeParse(JSON.parse(text));
    } catch {
      parsed = errorShape.safeParse(undefined);
    }
    if (!parsed.success) {
      this.report({ endpoint, outcome: 'unavailable', status, latencyMs });
      throw new WechatPayUnavailableError(endpoint, 'bad_response', `HTTP ${status} without an error code`);
    }
    this.report({ endpoint, outcome: 'api_error', status, code: parsed.data.code, latencyMs });
    throw new WechatPayApiError(endpoint, status, parsed.data.code, parsed.data.message ?? '');
  }

  /** null when the Wechatpay-* headers prove `body` came from WeChat Pay within the window. */
  private signatureProblem(
    timestamp: string | undefined,
    nonce: string | undefined,
    signature: string | undefined,
    serial: string | undefined,
    body: string,
  ): SignatureProblem {
    if (!timestamp || !nonce || !signature || !serial) return 'missing_headers';
    if (serial !== this.platformSerial) return 'unknown_serial';
    const seconds = Number(timestamp);
    if (!/^\d{1,12}$/.test(timestamp) || Math.abs(this.now() / 1000 - seconds) > MAX_CLOCK_SKEW_S) return 'stale';
    if (!rsaVerify(responseMessage(timestamp, nonce, body), signature, this.platformKey)) return 'bad_signature';
    return null;
  }

  private parse<T>(endpoint: WechatPayEndpoint, shape: z.ZodType<T>, json: Record<string, unknown>): T {
    const parsed = shape.safeParse(json);
    if (!parsed.success) {
      // The issue paths name fields, never their values.
      const fields = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
      throw new WechatPayUnavailableError(endpoint, 'bad_response', `unexpected body (fields: ${fields})`);
    }
    return parsed.data;
  }

  private report(event: WechatPayCallEvent): void {
    this.onCall?.(event);
  }
}
