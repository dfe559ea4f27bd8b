// Errors the WeChat Pay client throws. The payment domain maps them to DomainError; none of them
// carries a request or response body, a key, a signature or an openid.

/** The API calls we make; the only thing besides status, code and latency that is reported. */
export type WechatPayEndpoint = 'jsapi' | 'query' | 'close' | 'refund' | 'query_refund';

/** WeChat Pay's error codes we act on; any other code is kept as WeChat spelled it. */
export type WechatPayErrorCode =
  | 'ORDER_NOT_EXIST'
  | 'RESOURCE_NOT_EXISTS'
  | 'NOT_ENOUGH'
  | 'ORDERPAID'
  | 'ORDER_CLOSED'
  | 'SIGN_ERROR'
  | 'PARAM_ERROR'
  | 'INVALID_REQUEST'
  | 'APPID_MCHID_NOT_MATCH'
  | 'MCH_NOT_EXISTS'
  | 'FREQUENCY_LIMITED'
  | 'SYSTEM_ERROR'
  | (string & {});

/** WeChat Pay answered (signed, verified) with an error `{code, message}`. */
export class WechatPayApiError extends Error {
  override readonly name = 'WechatPayApiError';

  constructor(
    readonly endpoint: WechatPayEndpoint,
    readonly status: number,
    readonly code: WechatPayErrorCode,
    /** WeChat's human-readable message (Chinese); never contains our secrets. */
    readonly detail: string,
  ) {
    super(`WeChat Pay ${endpoint} failed: HTTP ${status} ${code}`);
  }

  /** Worth trying again with the same out_trade_no / out_refund_no (WeChat says so for these). */
  get retryable(): boolean {
    return this.code === 'SYSTEM_ERROR' || this.code === 'FREQUENCY_LIMITED' || this.status >= 500;
  }
}

export type WechatPayVerificationReason = 'missing_headers' | 'unknown_serial' | 'stale' | 'bad_signature';

/**
 * A response we cannot prove came from WeChat Pay (signature, serial or timestamp): its content is
 * not trusted at all. For a prepay/refund the outcome is unknown: query before trying again.
 */
export class WechatPayVerificationError extends Error {
  override readonly name = 'WechatPayVerificationError';

  constructor(
    readonly endpoint: WechatPayEndpoint,
    readonly reason: WechatPayVerificationReason,
    readonly status: number,
  ) {
    super(`WeChat Pay ${endpoint} response not verifiable (${reason}, HTTP ${status})`);
  }
}

export type WechatPayUnavailableReason = 'network' | 'timeout' | 'bad_response';

/** WeChat Pay could not be reached, did not answer in time, or answered something unusable. */
export class WechatPayUnavailableError extends Error {
  override readonly name = 'WechatPayUnavailableError';

  constructor(
    readonly endpoint: WechatPayEndpoint,
    readonly reason: WechatPayUnavailableReason,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`WeChat Pay ${endpoint} unavailable (${reason}): ${detail}`, options);
  }

  get retryable(): boolean {
    return true;
  }
}

export type WechatPayNotificationReason = 'bad_signature' | 'unknown_serial' | 'stale' | 'bad_resource' | 'malformed';

/** A notification POSTed to us that we refuse: answer it with a non-2xx (WeChat will retry). */
export class WechatPayNotificationError extends Error {
  override readonly name = 'WechatPayNotificationError';

  constructor(
    readonly reason: WechatPayNotificationReason,
    detail: string,
  ) {
    super(`WeChat Pay notification refused (${reason}): ${detail}`);
  }
}
