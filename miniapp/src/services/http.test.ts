import Taro from '@tarojs/taro';
import { apiError, ok } from '../../test/fixtures';
import { relaunchedTo, resetTaroMock, respond } from '../../test/mocks/taro';
import { api } from './api';
import { errorMessage } from './errors';
import { ApiError, apiBase, request } from './http';
import { getSession, getToken, saveSession } from './session';

const requestMock = Taro.request as unknown as jest.Mock;
const sent = (i = 0) =>
  requestMock.mock.calls[i][0] as { url: string; method: string; header: Record<string, string>; data?: unknown };

beforeEach(() => {
  resetTaroMock();
  process.env.TARO_ENV = 'h5';
});

describe('request', () => {
  it('calls the same origin on H5 and sends the bearer token when signed in', async () => {
    saveSession('tok-1', 3600, { kind: 'member' });
    respond(ok({ id: 'm1' }));
    await expect(request('GET', '/api/v1/me')).resolves.toEqual({ id: 'm1' });
    expect(sent().url).toBe('/api/v1/me');
    expect(sent().header.Authorization).toBe('Bearer tok-1');
  });

  it('sends no Authorization header without a session', async () => {
    respond(ok({ version: '1' }));
    await request('GET', '/api/v1/privacy-policy');
    expect(sent().header.Authorization).toBeUndefined();
  });

  it('calls the configured API host on weapp', async () => {
    process.env.TARO_ENV = 'weapp';
    process.env.TARO_APP_API_BASE = 'https://api.example.com/';
    expect(apiBase()).toBe('https://api.example.com');
    respond(ok({}));
    await request('GET', '/api/v1/me', { query: { cursor: 'a b', limit: 20, skip: undefined } });
    expect(sent().url).toBe('https://api.example.com/api/v1/me?cursor=a%20b&limit=20');
  });

  it('updates the profile with POST /me on weapp (wx.request has no PATCH) and PATCH /me on H5', async () => {
    process.env.TARO_ENV = 'weapp';
    process.env.TARO_APP_API_BASE = '';
    respond(ok({}), ok({}));
    await api.updateMe({ nickname: 'a' });
    expect(sent(0)).toMatchObject({ method: 'POST', url: '/api/v1/me', data: { nickname: 'a' } });
    expect(sent(0).header['X-HTTP-Method-Override']).toBeUndefined();

    process.env.TARO_ENV = 'h5';
    await api.updateMe({ nickname: 'a' });
    expect(sent(1)).toMatchObject({ method: 'PATCH', url: '/api/v1/me' });
  });

  it('refuses to send PATCH on weapp rather than have wx.request fail', async () => {
    process.env.TARO_ENV = 'weapp';
    await expect(request('PATCH', '/api/v1/me', { body: {} })).rejects.toThrow(/POST alias/);
    expect(requestMock).not.toHaveBeenCalled();
  });

  it('turns an API error body into an ApiError with its status, code and message', async () => {
    saveSession('tok-1', 3600, { kind: 'member' });
    respond(apiError(422, 'BIRTHDAY_LOCKED', 'birthday can be set once'));
    const err = await request('PATCH', '/api/v1/me', { body: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ statusCode: 422, code: 'BIRTHDAY_LOCKED', message: 'birthday can be set once' });
    expect(errorMessage(err)).toBe('生日每 365 天只能修改一次');
    expect(getToken()).toBe('tok-1');
    expect(relaunchedTo()).toEqual([]);
  });

  it('maps a body that is not an API error to BAD_RESPONSE', async () => {
    respond({ statusCode: 502, data: '<html>Bad Gateway</html>' });
    await expect(request('GET', '/api/v1/health')).rejects.toMatchObject({ statusCode: 502, code: 'BAD_RESPONSE' });
  });

  it('maps a failed connection to NETWORK_ERROR', async () => {
    requestMock.mockRejectedValueOnce(new Error('request:fail timeout'));
    const err = await request('GET', '/api/v1/me').catch((e: unknown) => e);
    expect(err).toMatchObject({ statusCode: 0, code: 'NETWORK_ERROR' });
    expect(errorMessage(err)).toBe('网络连接失败，请检查网络后重试');
  });

  it('on 401 with a token, forgets the session and relaunches the login page', async () => {
    saveSession('expired', 3600, { kind: 'member' });
    respond(apiError(401, 'TOKEN_EXPIRED'));
    await expect(request('GET', '/api/v1/me')).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
    expect(getToken()).toBeNull();
    expect(getSession()).toBeNull();
    expect(relaunchedTo()).toEqual(['/pages/login/index']);
  });

  it('does not relaunch login when already on it', async () => {
    saveSession('expired', 3600, { kind: 'member' });
    (Taro.getCurrentPages as unknown as jest.Mock).mockReturnValue([{ route: 'pages/login/index' }]);
    respond(apiError(401, 'UNAUTHENTICATED'));
    await expect(request('GET', '/api/v1/me')).rejects.toBeInstanceOf(ApiError);
    expect(getToken()).toBeNull();
    expect(relaunchedTo()).toEqual([]);
  });

  it('leaves a 401 without a token (a failed login) to the caller', async () => {
    respond(apiError(401, 'INVALID_CREDENTIALS', 'bad password'));
    const err = await request('POST', '/api/v1/auth/staff/login', { body: { username: 'a', password: 'b' } }).catch(
      (e: unknown) => e,
    );
    expect(errorMessage(err)).toBe('用户名或密码错误');
    expect(relaunchedTo()).toEqual([]);
  });

  it('sends a member who has not accepted the privacy policy to the privacy page', async () => {
    saveSession('tok-1', 3600, { kind: 'member' });
    respond(apiError(403, 'CONSENT_REQUIRED'));
    await expect(request('GET', '/api/v1/me/coupons')).rejects.toMatchObject({ code: 'CONSENT_REQUIRED' });
    expect(getToken()).toBe('tok-1');
    expect(relaunchedTo()).toEqual(['/pages/privacy/index']);
  });

  it('uses the server message for codes without a local translation', () => {
    expect(errorMessage(new ApiError(409, 'CONFLICT', '状态已变化'))).toBe('状态已变化');
  });
});
