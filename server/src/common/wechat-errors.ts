// WeChat failures → our error codes. The member never sees WeChat's errmsg.
import { DomainError } from './domain-error.js';
import { WechatApiError, WechatArgumentError, WechatUnavailableError } from '../wechat/wechat.errors.js';
import { InvalidDevCodeError, WechatSandboxDisabledError } from '../wechat/wechat.sandbox.js';

export function toDomainError(err: unknown, kind: 'login' | 'phone'): unknown {
  if (err instanceof WechatSandboxDisabledError) {
    return new DomainError('WECHAT_CODE_INVALID', 'dev: codes are accepted only in sandbox mode');
  }
  if (err instanceof InvalidDevCodeError || err instanceof WechatArgumentError) {
    return DomainError.validation(err.message);
  }
  if (err instanceof WechatUnavailableError) {
    return new DomainError('WECHAT_UNAVAILABLE', 'WeChat is not reachable right now; try again');
  }
  if (err instanceof WechatApiError) {
    switch (err.reason) {
      case 'invalid_code':
        return kind === 'login'
          ? new DomainError('WECHAT_CODE_INVALID', 'the WeChat login code is invalid or expired')
          : new DomainError('WECHAT_PHONE_FAILED', 'the phone authorisation code is invalid or expired');
      case 'code_used':
        return kind === 'login'
          ? new DomainError('WECHAT_CODE_USED', 'the WeChat login code was already used; call wx.login again')
          : new DomainError('WECHAT_PHONE_FAILED', 'the phone authorisation code was already used');
      case 'rate_limited':
        return new DomainError('RATE_LIMITED', 'too many attempts; try again in a minute');
      case 'high_risk_user':
        return new DomainError('FORBIDDEN', 'WeChat flagged this account as high-risk');
      case 'phone_quota_exhausted':
        return new DomainError('WECHAT_UNAVAILABLE', 'phone binding is temporarily unavailable');
      default:
        return new DomainError('WECHAT_UNAVAILABLE', 'WeChat refused the request; try again');
    }
  }
  return err;
}
