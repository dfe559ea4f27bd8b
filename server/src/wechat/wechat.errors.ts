// Errors the WeChat client throws. Callers (identity, engagement) map these to DomainError;
// none of them ever carries a response body, a session_key, a token or the app secret.

/** What a WeChat errcode means for us; unknown codes keep their number and read 'unknown'. */
export type WechatErrorReason =
  | 'system_busy' // -1
  | 'invalid_credential' // 40001, 40014: access_token invalid or not the latest
  | 'token_expired' // 42001
  | 'invalid_grant_type' // 40002
  | 'invalid_openid' // 40003
  | 'invalid_appid' // 40013
  | 'invalid_code' // 40029 (js_code or phone code unknown, expired)
  | 'invalid_template' // 40037
  | 'invalid_args' // 40097
  | 'invalid_secret' // 40125
  | 'invalid_scene' // 40129 (scene has characters outside the allowed set)
  | 'code_used' // 40163
  | 'invalid_scene_length' // 40169 (scene longer than 32, or body not JSON)
  | 'high_risk_user' // 40226
  | 'missing_access_token' // 41001
  | 'invalid_page' // 41030
  | 'subscription_refused' // 43101: no (remaining) subscription for this template
  | 'daily_quota' // 45009
  | 'rate_limited' // 45011
  | 'data_format' // 47001
  | 'invalid_template_data' // 47003
  | 'phone_quota_exhausted' // 1400001
  | 'unknown';

const REASONS: ReadonlyMap<number, WechatErrorReason> = new Map<number, WechatErrorReason>([
  [-1, 'system_busy'],
  [40001, 'invalid_credential'],
  [40014, 'invalid_credential'],
  [42001, 'token_expired'],
  [40002, 'invalid_grant_type'],
  [40003, 'invalid_openid'],
  [40013, 'invalid_appid'],
  [40029, 'invalid_code'],
  [40037, 'invalid_template'],
  [40097, 'invalid_args'],
  [40125, 'invalid_secret'],
  [40129, 'invalid_scene'],
  [40163, 'code_used'],
  [40169, 'invalid_scene_length'],
  [40226, 'high_risk_user'],
  [41001, 'missing_access_token'],
  [41030, 'invalid_page'],
  [43101, 'subscription_refused'],
  [45009, 'daily_quota'],
  [45011, 'rate_limited'],
  [47001, 'data_format'],
  [47003, 'invalid_template_data'],
  [1400001, 'phone_quota_exhausted'],
]);

export function wechatErrorReason(errcode: number): WechatErrorReason {
  return REASONS.get(errcode) ?? 'unknown';
}

/** Names of the WeChat endpoints we call; the only thing besides errcode and latency we log. */
export type WechatEndpoint =
  'jscode2session' | 'stable_token' | 'getuserphonenumber' | 'getwxacodeunlimit' | 'subscribe_send' | 'getuserriskrank';

/** WeChat answered, with a non-zero errcode. */
export class WechatApiError extends Error {
  override readonly name = 'WechatApiError';
  readonly reason: WechatErrorReason;

  constructor(
    readonly endpoint: WechatEndpoint,
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`WeChat ${endpoint} failed: ${errcode} ${errmsg}`);
    this.reason = wechatErrorReason(errcode);
  }

  /** Worth trying again later (WeChat busy or throttling), as opposed to a bad request. */
  get retryable(): boolean {
    return this.reason === 'system_busy' || this.reason === 'rate_limited';
  }
}

export type WechatUnavailableReason = 'network' | 'timeout' | 'bad_response';

/** WeChat could not be reached, did not answer in time, or answered something unusable. */
export class WechatUnavailableError extends Error {
  override readonly name = 'WechatUnavailableError';

  constructor(
    readonly endpoint: WechatEndpoint,
    readonly reason: WechatUnavailableReason,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`WeChat ${endpoint} unavailable (${reason}): ${detail}`, options);
  }
}

/** We refused to send a request WeChat would reject (bad scene, page, width …). */
export class WechatArgumentError extends Error {
  override readonly name = 'WechatArgumentError';

  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
