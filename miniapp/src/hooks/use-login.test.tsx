import { act, renderHook, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { apiError, cashier, memberCard, ok, policy } from '../../test/fixtures';
import { relaunchedTo, resetTaroMock, respond } from '../../test/mocks/taro';
import { rememberLaunchQuery } from '../services/launch';
import { getSession, getToken } from '../services/session';
import { inviteCodeFromLaunch, useMemberLogin, useStaffLogin } from './use-login';

const requestMock = Taro.request as unknown as jest.Mock;
const sent = (i: number) => requestMock.mock.calls[i][0] as { url: string; method: string; data?: unknown };

function loginResponse(member = memberCard()) {
  return ok({ token: 'member-token', expiresIn: 7200, isNewMember: false, member });
}

beforeEach(() => {
  resetTaroMock();
  process.env.TARO_ENV = 'h5';
});

describe('member login', () => {
  it('on H5 logs in with the sandbox code dev:<openid> and lands on the card when consent is current', async () => {
    respond(loginResponse(), ok(policy));
    const { result } = renderHook(() => useMemberLogin());
    await act(() => result.current.login({ devOpenid: ' alice ' }));

    expect(sent(0)).toMatchObject({ url: '/api/v1/auth/wechat/login', method: 'POST', data: { code: 'dev:alice' } });
    expect(Taro.login).not.toHaveBeenCalled();
    expect(getToken()).toBe('member-token');
    expect(getSession()?.kind).toBe('member');
    expect(relaunchedTo()).toEqual(['/pages/card/index']);
    expect(result.current.error).toBeNull();
  });

  it('uses demo-member when the openid is left empty', async () => {
    respond(loginResponse(), ok(policy));
    const { result } = renderHook(() => useMemberLogin());
    await act(() => result.current.login({ devOpenid: '' }));
    expect((sent(0).data as { code: string }).code).toBe('dev:demo-member');
  });

  it('sends a member without consent to the privacy page', async () => {
    respond(loginResponse(memberCard({ consent: null })), ok(policy));
    const { result } = renderHook(() => useMemberLogin());
    await act(() => result.current.login({}));
    expect(relaunchedTo()).toEqual(['/pages/privacy/index']);
  });

  it('sends a member who accepted an older policy version to the privacy page', async () => {
    respond(
      loginResponse(memberCard({ consent: { version: '2024-06', acceptedAt: '2024-07-01T00:00:00Z' } })),
      ok({ ...policy, version: '2025-01' }),
    );
    const { result } = renderHook(() => useMemberLogin());
    await act(() => result.current.login({}));
    expect(relaunchedTo()).toEqual(['/pages/privacy/index']);
  });

  it('on weapp exchanges the wx.login code and passes on the referral the app was opened with', async () => {
    process.env.TARO_ENV = 'weapp';
    rememberLaunchQuery({ scene: encodeURIComponent('i=INV7&s=store1') });
    respond(loginResponse(), ok(policy));
    const { result } = renderHook(() => useMemberLogin());
    await act(() => result.current.login({ inviteCode: 'FRIEND1' }));

    expect(Taro.login).toHaveBeenCalledTimes(1);
    expect(sent(0).data).toEqual({ code: 'wx-login-code', inviteCode: 'FRIEND1', scene: 'i=INV7&s=store1' });
  });

  it('shows a readable error and stays on the page when login fails', async () => {
    respond(apiError(401, 'WECHAT_CODE_INVALID', 'invalid code'));
    const { result } = renderHook(() => useMemberLogin());
    await act(() => result.current.login({}));
    expect(result.current.error).toBe('微信登录失败，请重试');
    expect(result.current.busy).toBe(false);
    expect(getToken()).toBeNull();
    expect(relaunchedTo()).toEqual([]);
  });

  it('ignores a second tap while the first login is in flight', async () => {
    let finish: (v: unknown) => void = () => undefined;
    requestMock.mockImplementationOnce(() => new Promise((r) => (finish = r)));
    respond(ok(policy));
    const { result } = renderHook(() => useMemberLogin());
    let first: Promise<void> = Promise.resolve();
    act(() => {
      first = result.current.login({});
    });
    await waitFor(() => expect(result.current.busy).toBe(true));
    await act(() => result.current.login({}));
    finish(loginResponse());
    await act(() => first);
    expect(requestMock.mock.calls.filter(([o]) => (o as { url: string }).url.endsWith('/wechat/login'))).toHaveLength(1);
  });
});

describe('staff login', () => {
  it('stores the staff session and opens the staff home', async () => {
    respond(ok({ token: 'staff-token', expiresIn: 43200, staff: cashier }));
    const { result } = renderHook(() => useStaffLogin());
    await act(() => result.current.login(' cashier01 ', 'secret'));

    expect(sent(0)).toMatchObject({ url: '/api/v1/auth/staff/login', data: { username: 'cashier01', password: 'secret' } });
    expect(getSession()).toMatchObject({ kind: 'staff', staff: cashier });
    expect(relaunchedTo()).toEqual(['/packages/staff/staff/index']);
  });

  it('reports wrong credentials without redirecting', async () => {
    respond(apiError(401, 'INVALID_CREDENTIALS'));
    const { result } = renderHook(() => useStaffLogin());
    await act(() => result.current.login('cashier01', 'wrong'));
    expect(result.current.error).toBe('用户名或密码错误');
    expect(relaunchedTo()).toEqual([]);
  });

  it('asks for both fields before calling the API', async () => {
    const { result } = renderHook(() => useStaffLogin());
    await act(() => result.current.login('', ''));
    expect(result.current.error).toBe('请输入用户名和密码');
    expect(requestMock).not.toHaveBeenCalled();
  });
});

describe('invite code from the login route', () => {
  it('H5 #/pages/login/index?inviteCode=… fills the field and is sent with the login', async () => {
    (Taro.getCurrentInstance as jest.Mock).mockReturnValue({ router: { params: { inviteCode: 'AB12CD' } } });
    expect(inviteCodeFromLaunch()).toBe('AB12CD');
    // Read again after the page's query is gone (the card redirected to login): still remembered.
    (Taro.getCurrentInstance as jest.Mock).mockReturnValue({ router: { params: {} } });
    expect(inviteCodeFromLaunch()).toBe('AB12CD');

    respond(loginResponse(), ok(policy));
    const { result } = renderHook(() => useMemberLogin());
    await act(() => result.current.login({ devOpenid: 'bob' }));
    expect(sent(0).data).toEqual({ code: 'dev:bob', inviteCode: 'AB12CD' });
    expect((sent(0) as unknown as { header: Record<string, string> }).header['X-Device-Id']).toMatch(/^d-[0-9a-z]+-[0-9a-z]+$/);
    expect(inviteCodeFromLaunch()).toBe(''); // used once: forgotten after the login
  });
});
