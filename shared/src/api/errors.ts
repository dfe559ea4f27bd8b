// The stable error codes of the API (API.md). Clients switch on `code`; never rename one.
export const ERROR_CODES = [
  // 400
  'VALIDATION_FAILED',
  'MALFORMED_JSON',
  'PAYLOAD_TOO_LARGE',
  // 401
  'UNAUTHENTICATED',
  'TOKEN_EXPIRED',
  'INVALID_CREDENTIALS',
  'WECHAT_CODE_INVALID',
  'WECHAT_CODE_USED',
  // 403
  'FORBIDDEN',
  'CONSENT_REQUIRED',
  'STORE_SCOPE',
  'MEMBER_FROZEN',
  // 404
  'NOT_FOUND',
  // 409
  'CONFLICT',
  'ORDER_NO_CONFLICT',
  'IDEMPOTENCY_KEY_CONFLICT',
  'USERNAME_TAKEN',
  'PHONE_TAKEN',
  'ALREADY_CHECKED_IN',
  'CONSENT_VERSION_OUTDATED',
  // 422
  'INSUFFICIENT_POINTS',
  'POINTS_REDEEM_NOT_ALLOWED',
  'COUPON_OUT_OF_STOCK',
  'COUPON_LIMIT_REACHED',
  'COUPON_ALREADY_USED',
  'COUPON_NOT_APPLICABLE',
  'COUPON_EXPIRED',
  'MEMBER_CODE_EXPIRED',
  'MEMBER_CODE_USED',
  'MEMBER_CODE_INVALID',
  'REFUND_EXCEEDS_PAID',
  'BIRTHDAY_LOCKED',
  'WECHAT_PHONE_FAILED',
  // 429
  'RATE_LIMITED',
  // 502/503
  'WECHAT_UNAVAILABLE',
  'DB_UNAVAILABLE',
  // 500
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiErrorBody {
  statusCode: number;
  error: string;
  code: ErrorCode;
  message: string;
  details?: unknown[];
  requestId?: string;
}
