// What to tell an operator when a request fails: Chinese text per stable error code (API.md),
// falling back to the server's own message for a code this table does not word.
import type { ErrorCode } from '@huiyuan/shared';

/** API codes plus the two failures that never reach the server's error filter. */
export type ClientErrorCode = ErrorCode | 'NETWORK_ERROR' | 'BAD_RESPONSE';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ClientErrorCode,
    message: string,
    readonly details?: unknown[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Every code the console can meet, worded for an operator (您). */
export const ERROR_MESSAGES: Partial<Record<ClientErrorCode, string>> = {
  NETWORK_ERROR: '网络连接失败，请检查网络后重试',
  BAD_RESPONSE: '服务暂时不可用，请稍后再试',
  VALIDATION_FAILED: '填写的内容有误，请检查后重试',
  INVALID_PERIOD: '统计区间无效，请重新选择日期',
  PERIOD_TOO_LONG: '统计区间最长 366 天，请缩短区间',
  MALFORMED_JSON: '请求格式有误，请刷新页面后重试',
  PAYLOAD_TOO_LARGE: '提交的内容过大',
  BODY_TOO_DEEP: '提交的内容层级过深',
  INVALID_CONDITION: '人群条件有误，请检查后重试',
  UNAUTHENTICATED: '登录已失效，请重新登录',
  TOKEN_EXPIRED: '登录已过期，请重新登录',
  INVALID_CREDENTIALS: '用户名或密码错误',
  FORBIDDEN: '您没有权限执行此操作',
  STORE_SCOPE: '您只能查看本门店的数据',
  NOT_FOUND: '未找到相关记录，可能已被删除或不在您的门店',
  CONFLICT: '数据已变化，请刷新后重试',
  IDEMPOTENCY_KEY_CONFLICT: '该请求已提交过且内容不同，请刷新后重新填写',
  USERNAME_TAKEN: '用户名已被使用，请换一个',
  COUPON_TEMPLATE_PAUSED: '该优惠券已暂停发放',
  LAST_ACTIVE_ADMIN: '至少需要保留一个启用的管理员账号',
  CANNOT_DISABLE_SELF: '不能停用您自己的账号',
  VERSION_CONFLICT: '会员方案已被其他人修改，请重新加载后再编辑',
  TAG_NAME_TAKEN: '标签名称已存在',
  CAMPAIGN_STATE: '活动当前状态不允许此操作，请刷新后重试',
  INVALID_CAMPAIGN: '活动设置有误：人群或优惠券不存在，或该优惠券未开放“营销活动”渠道',
  INVALID_AUTOMATION: '自动化设置有误：内置自动化不能更改触发条件和动作，或优惠券未开放“自动化”渠道',
  FEEDBACK_STATUS_CONFLICT: '该反馈已关闭，不能再回复（管理员可重新打开）',
  FEEDBACK_OWNER_INVALID: '负责人须是启用的管理员或该门店的店长',
  LOTTERY_STARTED: '抽奖已开始，奖品、中奖概率、消耗积分和开始时间不能再修改',
  LOTTERY_NOT_ACTIVE: '抽奖未在进行中',
  TRIAL_ALREADY_USED: '免费试用每位会员仅限一次',
  MEMBERSHIP_PLAN_CONFLICT: '当前会员期内只能续费权益相同的方案',
  MEMBERSHIP_NOT_REFUNDABLE: '没有可退的未使用会员期',
  TOP_UP_NOT_REFUNDABLE: '这笔充值没有可退的本金',
  PLAN_NOT_AVAILABLE: '方案已下架或不存在',
  INVALID_PLAN: '方案设置有误',
  PAYMENT_UNAVAILABLE: '微信支付暂时不可用，请稍后再试',
  PAYMENT_EXPIRED: '该支付订单已过期，请重新下单',
  PAYMENT_NOTIFICATION_INVALID: '支付通知验签失败',
  LOTTERY_LIMIT_REACHED: '已达到抽奖次数上限',
  INSUFFICIENT_POINTS: '会员积分不足，不能扣减这么多',
  POINTS_ADJUSTMENT_INVALID: '积分调整数量无效',
  COUPON_OUT_OF_STOCK: '优惠券库存不足',
  COUPON_LIMIT_REACHED: '已达到每人限领数量',
  COUPON_NOT_APPLICABLE: '该优惠券不能通过此渠道发放给该会员',
  COUPON_EXPIRED: '优惠券已过有效期',
  MEMBER_NOT_ACTIVE: '该会员账号不可用',
  MEMBER_FROZEN: '该会员账号已冻结',
  WEAK_PASSWORD: '密码强度不够：至少 10 位，不能是常见密码，也不能包含用户名',
  INVALID_PROGRAMME: '会员方案有误，请按提示修改',
  CURRENCY_MISMATCH: '币种与会员方案不一致',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  ACCOUNT_LOCKED: '密码错误次数过多，账号已暂时锁定，请 15 分钟后再试',
  DB_UNAVAILABLE: '服务暂时不可用，请稍后再试',
  INTERNAL: '服务出错了，请稍后再试',
};

/** `overrides` word a code for one screen (e.g. a 404 on a member search result). */
export function errorMessage(err: unknown, overrides: Partial<Record<ClientErrorCode, string>> = {}): string {
  if (err instanceof ApiError) return overrides[err.code] ?? ERROR_MESSAGES[err.code] ?? err.message;
  if (err instanceof Error && err.message) return err.message;
  return '出错了，请稍后再试';
}

interface Detail {
  field: string;
  reasons: string[];
}

/** The server's `details`: `{ field, messages[] }` (validation) or `{ field, reason }` / `{ field, problem }` (rules). */
function detailsOf(err: unknown): Detail[] {
  if (!(err instanceof ApiError) || !Array.isArray(err.details)) return [];
  return err.details.map((d): Detail => {
    if (typeof d === 'string') return { field: '', reasons: [d] };
    const o = (d && typeof d === 'object' ? d : {}) as Record<string, unknown>;
    const field = typeof o.field === 'string' ? o.field : '';
    if (Array.isArray(o.messages)) return { field, reasons: o.messages.map(String) };
    if (typeof o.reason === 'string') return { field, reasons: [o.reason] };
    if (typeof o.problem === 'string') return { field, reasons: [o.problem] };
    if (typeof o.message === 'string') return { field, reasons: [o.message] };
    return { field, reasons: [JSON.stringify(d)] };
  });
}

/** The `details` lines of an error (every problem the server named), as text. */
export function errorDetails(err: unknown): string[] {
  return detailsOf(err).flatMap((d) => d.reasons.map((r) => (d.field && !r.startsWith(d.field) ? `${d.field}: ${r}` : r)));
}

/** `tiers[1].growthThreshold` → `['tiers', 1, 'growthThreshold']` (an antd form field name). */
export function fieldPath(field: string): (string | number)[] {
  return field
    .split(/[.[\]]+/)
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** The problems the server named per field, for `form.setFields` (the typed values stay). */
export function fieldErrors(err: unknown): { name: (string | number)[]; errors: string[] }[] {
  return detailsOf(err)
    .filter((d) => d.field)
    .map((d) => ({ name: fieldPath(d.field), errors: d.reasons }));
}

export function isApiError(err: unknown, code?: ClientErrorCode): err is ApiError {
  return err instanceof ApiError && (code === undefined || err.code === code);
}
