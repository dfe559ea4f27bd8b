// What to tell a member when a request fails: Chinese text per stable error code.
import { BIRTHDAY_CHANGE_INTERVAL_DAYS } from '@huiyuan/shared';
import { ApiError, type ClientErrorCode } from './http';

const MESSAGES: Partial<Record<ClientErrorCode, string>> = {
  NETWORK_ERROR: '网络连接失败，请检查网络后重试',
  BAD_RESPONSE: '服务暂时不可用，请稍后再试',
  VALIDATION_FAILED: '填写的信息有误，请检查后重试',
  UNAUTHENTICATED: '登录已失效，请重新登录',
  TOKEN_EXPIRED: '登录已过期，请重新登录',
  INVALID_CREDENTIALS: '用户名或密码错误',
  WECHAT_CODE_INVALID: '微信登录失败，请重试',
  WECHAT_CODE_USED: '微信登录凭证已使用，请重试',
  FORBIDDEN: '没有权限执行此操作',
  CONSENT_REQUIRED: '请先阅读并同意隐私政策',
  MEMBER_FROZEN: '会员账号已冻结，请联系门店',
  CONSENT_VERSION_OUTDATED: '隐私政策已更新，请重新阅读',
  PHONE_TAKEN: '该手机号已绑定其他会员',
  BIRTHDAY_LOCKED: `生日每 ${BIRTHDAY_CHANGE_INTERVAL_DAYS} 天只能修改一次`,
  WECHAT_PHONE_FAILED: '获取手机号失败，请重试',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  ACCOUNT_LOCKED: '密码错误次数过多，账号已暂时锁定，请稍后再试',
  WECHAT_UNAVAILABLE: '微信服务暂时不可用，请稍后再试',
  DB_UNAVAILABLE: '服务暂时不可用，请稍后再试',
  INTERNAL: '服务出错了，请稍后再试',
  NOT_FOUND: '未找到相关记录',
  STORE_SCOPE: '不能操作其他门店的数据',
  // The till
  MEMBER_CODE_EXPIRED: '会员码已过期，请会员刷新后重新出示',
  MEMBER_CODE_USED: '会员码已使用，请会员刷新后重新出示',
  MEMBER_CODE_INVALID: '会员码无效，请重新扫码',
  MEMBER_NOT_ACTIVE: '该会员账号不可用，请联系门店',
  MEMBER_NOT_PRESENT: '使用积分、优惠券或储值需会员到场，请重新扫码',
  INSUFFICIENT_BALANCE: '会员储值余额不足',
  INSUFFICIENT_POINTS: '会员积分不足',
  POINTS_REDEEM_NOT_ALLOWED: '积分抵扣数量不符合规则',
  ORDER_NO_CONFLICT: '订单号已用于另一笔订单，请更换订单号',
  REFUND_EXCEEDS_PAID: '退款金额超过订单可退金额',
  REFUND_NO_CONFLICT: '退款单号已用于另一笔退款，请更换退款单号',
  // Coupons
  COUPON_ALREADY_USED: '优惠券已被使用',
  COUPON_EXPIRED: '优惠券已过期',
  COUPON_NOT_APPLICABLE: '优惠券不适用于本单',
  COUPON_OUT_OF_STOCK: '手慢了，优惠券已被抢光',
  COUPON_LIMIT_REACHED: '已达到每人领取上限',
  COUPON_TEMPLATE_PAUSED: '该优惠活动已暂停',
  IDEMPOTENCY_KEY_CONFLICT: '请求重复，请刷新后重试',
  // Check-in
  ALREADY_CHECKED_IN: '今天已签到',
  MAKE_UP_NOT_ALLOWED: '该日期不能补签',
  MAKE_UP_LIMIT_REACHED: '本周期补签次数已用完',
  // Lottery
  LOTTERY_LIMIT_REACHED: '今日抽奖次数已用完',
  LOTTERY_NOT_ACTIVE: '活动未开始或已结束',
  // Feedback
  FEEDBACK_ORDER_NOT_FOUND: '没有找到您的这笔订单，请检查订单号',
};

/** `overrides` words a code for one screen (a 404 on a refund means the order is unknown). */
export function errorMessage(err: unknown, overrides: Partial<Record<ClientErrorCode, string>> = {}): string {
  if (err instanceof ApiError) return overrides[err.code] ?? MESSAGES[err.code] ?? err.message;
  if (err instanceof Error && err.message) return err.message;
  return '出错了，请稍后再试';
}
