// Member (WeChat) and staff login, and where each kind of user lands afterwards.
import Taro from '@tarojs/taro';
import { useCallback } from 'react';
import { api } from '../services/api';
import { forgetLaunchReferral, launchReferral, rememberLaunchQuery } from '../services/launch';
import { relaunch, ROUTES, routeParam } from '../services/routes';
import { saveSession } from '../services/session';
import { needsConsent } from './consent';
import { useAsyncAction } from './use-async-action';

export const DEFAULT_DEV_OPENID = 'demo-member';

export interface MemberLoginInput {
  /** H5 only: the sandbox openid to log in as (`dev:<openid>`). */
  devOpenid?: string;
  /** Typed in by hand; otherwise the one the app was opened with, if any. */
  inviteCode?: string;
}

async function wechatCode(devOpenid: string | undefined): Promise<string> {
  if (process.env.TARO_ENV === 'h5') {
    const openid = (devOpenid ?? '').trim() || DEFAULT_DEV_OPENID;
    return `dev:${openid}`;
  }
  const { code } = await Taro.login();
  if (!code) throw new Error('微信登录失败，请重试');
  return code;
}

/**
 * The login page's own query counts as a launch: H5 opens `#/pages/login/index?inviteCode=…`
 * (the app's launch options do not carry a hash-route query), and on weapp a share card opened
 * while the app is already running reaches the page without a new launch. Remembers it and
 * returns the invite code to show ('' when none).
 */
export function inviteCodeFromLaunch(): string {
  rememberLaunchQuery({ inviteCode: routeParam('inviteCode') || undefined, scene: routeParam('scene') || undefined });
  return launchReferral().inviteCode ?? '';
}

export async function loginMember(input: MemberLoginInput): Promise<void> {
  const code = await wechatCode(input.devOpenid);
  const launched = launchReferral();
  const inviteCode = input.inviteCode?.trim() || launched.inviteCode;
  const res = await api.wechatLogin({
    code,
    ...(inviteCode ? { inviteCode } : {}),
    ...(launched.scene ? { scene: launched.scene } : {}),
  });
  saveSession(res.token, res.expiresIn, { kind: 'member' });
  forgetLaunchReferral();
  const policy = await api.getPrivacyPolicy();
  relaunch(needsConsent(res.member, policy) ? ROUTES.privacy : ROUTES.card);
}

export async function loginStaff(username: string, password: string): Promise<void> {
  if (!username.trim() || !password) throw new Error('请输入用户名和密码');
  const res = await api.staffLogin({ username: username.trim(), password });
  saveSession(res.token, res.expiresIn, { kind: 'staff', staff: res.staff });
  relaunch(ROUTES.staff);
}

export function useMemberLogin() {
  const action = useCallback((input: MemberLoginInput) => loginMember(input), []);
  const { run, busy, error } = useAsyncAction(action);
  return { login: run, busy, error };
}

export function useStaffLogin() {
  const action = useCallback((username: string, password: string) => loginStaff(username, password), []);
  const { run, busy, error } = useAsyncAction(action);
  return { login: run, busy, error };
}
