// What to tell a member when a request fails: Chinese text per stable error code.
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
  BIRTHDAY_LOCKED: '生日设置后不可修改',
  WECHAT_PHONE_FAILED: '获取手机号失败，请重试',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  WECHAT_UNAVAILABLE: '微信服务暂时不可用，请稍后再试',
  DB_UNAVAILABLE: '服务暂时不可用，请稍后再试',
  INTERNAL: '服务出错了，请稍后再试',
};

export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return MESSAGES[err.code] ?? err.message;
  if (err instanceof Error && err.message) return err.message;
  return '出错了，请稍后再试';
}
