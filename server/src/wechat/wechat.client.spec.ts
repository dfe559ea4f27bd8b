import { startFakeWechat, type FakeWechat } from './fake-wechat.server.js';
import { type WechatCallEvent, WechatClient, type WechatClientOptions } from './wechat.client.js';
import { WechatApiError, WechatArgumentError, WechatUnavailableError } from './wechat.errors.js';

const APP_ID = 'wx1234567890abcdef';
const APP_SECRET = 'test-secret-0123456789';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let fake: FakeWechat;
/** One clock shared by the fake and the clients, so tests can move time for both. */
let clock = Date.UTC(2025, 4, 1);
const now = () => clock;

beforeAll(async () => {
  fake = await startFakeWechat({ appId: APP_ID, appSecret: APP_SECRET, now });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.state.reset();
  clock = Date.UTC(2025, 4, 1);
});

function client(overrides: Partial<WechatClientOptions> = {}): WechatClient {
  return new WechatClient({ appId: APP_ID, appSecret: APP_SECRET, apiBase: fake.url, timeoutMs: 2_000, now, ...overrides });
}

async function apiError(promise: Promise<unknown>): Promise<WechatApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WechatApiError);
  return error as WechatApiError;
}

describe('code2Session', () => {
  it('exchanges a fresh code → openid, session_key and unionid', async () => {
    const code = fake.state.issueJsCode('o_alice', 'u_alice');
    const session = await client().code2Session(code);
    expect(session.openid).toBe('o_alice');
    expect(session.unionid).toBe('u_alice');
    expect(Buffer.from(session.sessionKey, 'base64')).toHaveLength(16);
  });

  it('omits unionid when the user has none', async () => {
    const session = await client().code2Session(fake.state.issueJsCode('o_bob'));
    expect(session).not.toHaveProperty('unionid');
  });

  it('a code used twice → 40163 code_used', async () => {
    const wechat = client();
    const code = fake.state.issueJsCode('o_alice');
    await wechat.code2Session(code);
    const error = await apiError(wechat.code2Session(code));
    expect(error).toMatchObject({ errcode: 40163, reason: 'code_used', endpoint: 'jscode2session' });
  });

  it('an unknown code → 40029 invalid_code', async () => {
    const error = await apiError(client().code2Session('not-a-code'));
    expect(error).toMatchObject({ errcode: 40029, reason: 'invalid_code' });
  });

  it('a code older than 5 minutes → 40029', async () => {
    const code = fake.state.issueJsCode('o_alice');
    clock += 5 * 60_000 + 1;
    const error = await apiError(client().code2Session(code));
    expect(error.errcode).toBe(40029);
  });

  it('a wrong secret → 40125, a wrong appid → 40013', async () => {
    const code = fake.state.issueJsCode('o_alice');
    await expect(client({ appSecret: 'wrong' }).code2Session(code)).rejects.toMatchObject({ errcode: 40125 });
    await expect(client({ appId: 'wxwrong' }).code2Session(code)).rejects.toMatchObject({ errcode: 40013 });
  });

  it.each([
    [45011, 'rate_limited', true],
    [40226, 'high_risk_user', false],
    [-1, 'system_busy', true],
  ] as const)('WeChat errcode %i → reason %s (retryable %s)', async (errcode, reason, retryable) => {
    fake.state.failNext('jscode2session', { errcode, errmsg: 'injected' });
    const error = await apiError(client().code2Session(fake.state.issueJsCode('o_alice')));
    expect(error).toMatchObject({ errcode, reason, retryable });
  });

  it('never puts the session_key, secret or code into an error or a call event', async () => {
    const events: WechatCallEvent[] = [];
    const wechat = client({ onCall: (event) => events.push(event) });
    const code = fake.state.issueJsCode('o_alice');
    const { sessionKey } = await wechat.code2Session(code);
    const error = await apiError(wechat.code2Session(code));
    const seen = JSON.stringify(events) + error.message + String(error.stack);
    for (const secret of [sessionKey, APP_SECRET, code]) expect(seen).not.toContain(secret);
    expect(events.map((event) => [event.endpoint, event.outcome, event.errcode])).toEqual([
      ['jscode2session', 'ok', 0],
      ['jscode2session', 'api_error', 40163],
    ]);
  });
});

describe('access token', () => {
  it('two phone-number calls → one token issued', async () => {
    const wechat = client();
    await wechat.getPhoneNumber(fake.state.issuePhoneCode('13800138000'));
    await wechat.getPhoneNumber(fake.state.issuePhoneCode('13900139000'));
    expect(fake.state.tokenIssued).toBe(1);
    expect(fake.state.stableTokenCalls).toBe(1);
  });

  it('10 concurrent callers on a cold cache → one stable_token request', async () => {
    const wechat = client();
    const tokens = await Promise.all(Array.from({ length: 10 }, () => wechat.getStableAccessToken()));
    expect(new Set(tokens).size).toBe(1);
    expect(fake.state.stableTokenCalls).toBe(1);
  });

  it('asks again once within 5 minutes of expiry, not before', async () => {
    const wechat = client();
    const first = await wechat.getStableAccessToken();
    clock += (7200 - 301) * 1000;
    expect(await wechat.getStableAccessToken()).toBe(first);
    expect(fake.state.stableTokenCalls).toBe(1);
    clock += 2_000;
    const second = await wechat.getStableAccessToken();
    expect(second).not.toBe(first);
    expect(fake.state.stableTokenCalls).toBe(2);
    expect(fake.state.tokenIssued).toBe(2);
  });

  it('after expiry → a new token, and business calls keep working', async () => {
    const wechat = client();
    await wechat.getPhoneNumber(fake.state.issuePhoneCode('13800138000'));
    clock += 7200 * 1000 + 1;
    await wechat.getPhoneNumber(fake.state.issuePhoneCode('13800138000'));
    expect(fake.state.tokenIssued).toBe(2);
  });

  it('a business call answered 40001 → force-refreshes once and retries once', async () => {
    const wechat = client();
    await wechat.getStableAccessToken();
    fake.state.revokeTokens(); // someone else forced a refresh
    const phone = await wechat.getPhoneNumber(fake.state.issuePhoneCode('13800138000'));
    expect(phone.purePhoneNumber).toBe('13800138000');
    expect(fake.state.tokenIssued).toBe(2);
    expect(fake.state.phoneNumberCalls).toBe(2);
  });

  it('concurrent calls all rejected with 40001 → share one forced refresh', async () => {
    const wechat = client();
    await wechat.getStableAccessToken();
    fake.state.revokeTokens();
    await Promise.all(
      Array.from({ length: 5 }, () =>
        wechat.sendSubscribeMessage({ toUser: 'o_alice', templateId: 'T1', data: { thing1: 'hi' } }),
      ),
    );
    expect(fake.state.tokenIssued).toBe(2);
    expect(fake.state.messages).toHaveLength(5);
  });

  it('a second 40001 after the retry is thrown, not retried again', async () => {
    const wechat = client();
    await wechat.getStableAccessToken();
    fake.state.failNext('getuserphonenumber', { errcode: 40001, errmsg: 'invalid credential', times: 2 });
    const error = await apiError(wechat.getPhoneNumber(fake.state.issuePhoneCode('13800138000')));
    expect(error.reason).toBe('invalid_credential');
    expect(fake.state.phoneNumberCalls).toBe(2);
  });

  it('stable_token with a wrong secret → 40125', async () => {
    const error = await apiError(client({ appSecret: 'wrong' }).getStableAccessToken());
    expect(error).toMatchObject({ errcode: 40125, endpoint: 'stable_token' });
  });

  it('a failed token request is not cached: the next caller asks again', async () => {
    const wechat = client();
    fake.state.failNext('stable_token', { errcode: -1, errmsg: 'system error' });
    await expect(wechat.getStableAccessToken()).rejects.toMatchObject({ errcode: -1 });
    await expect(wechat.getStableAccessToken()).resolves.toEqual(expect.any(String));
    expect(fake.state.stableTokenCalls).toBe(2);
  });
});

describe('getPhoneNumber', () => {
  it('a fresh code → the number, pure number and country code', async () => {
    const phone = await client().getPhoneNumber(fake.state.issuePhoneCode('13800138000'));
    expect(phone).toEqual({ phoneNumber: '13800138000', purePhoneNumber: '13800138000', countryCode: '86' });
  });

  it('a code used twice → 40029', async () => {
    const wechat = client();
    const code = fake.state.issuePhoneCode('13800138000');
    await wechat.getPhoneNumber(code);
    const error = await apiError(wechat.getPhoneNumber(code));
    expect(error).toMatchObject({ errcode: 40029, reason: 'invalid_code', endpoint: 'getuserphonenumber' });
  });

  it('a watermark for another AppID → refused as a bad response', async () => {
    const answers: Record<string, unknown> = {
      '/cgi-bin/stable_token': { access_token: 'token', expires_in: 7200 },
      '/wxa/business/getuserphonenumber': {
        errcode: 0,
        errmsg: 'ok',
        phone_info: {
          phoneNumber: '13800138000',
          purePhoneNumber: '13800138000',
          countryCode: '86',
          watermark: { timestamp: 1714521600, appid: 'wxsomeoneelse' },
        },
      },
    };
    const wechat = client({
      fetch: (input) => Promise.resolve(Response.json(answers[new URL(input instanceof Request ? input.url : input).pathname])),
    });
    await expect(wechat.getPhoneNumber('code')).rejects.toMatchObject({
      name: 'WechatUnavailableError',
      reason: 'bad_response',
    });
  });
});

describe('getUnlimitedQrCode', () => {
  it('returns a real PNG', async () => {
    const png = await client().getUnlimitedQrCode({ scene: 'r=AB12cd', page: 'pages/index/index', width: 280 });
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(png.length).toBeGreaterThan(200);
  });

  it('a 33-character scene → refused before calling WeChat', async () => {
    await expect(client().getUnlimitedQrCode({ scene: 'a'.repeat(33) })).rejects.toBeInstanceOf(WechatArgumentError);
    expect(fake.state.qrCodeCalls).toBe(0);
  });

  it.each(['中文', 'a b', '100%', ''])('scene %j → refused before calling WeChat', async (scene) => {
    await expect(client().getUnlimitedQrCode({ scene })).rejects.toMatchObject({ field: 'scene' });
  });

  it("a page with a leading '/' or a query → refused before calling WeChat", async () => {
    await expect(client().getUnlimitedQrCode({ scene: 'x', page: '/pages/index/index' })).rejects.toMatchObject({
      field: 'page',
    });
    await expect(client().getUnlimitedQrCode({ scene: 'x', page: 'pages/index/index?a=1' })).rejects.toMatchObject({
      field: 'page',
    });
  });

  it('an unpublished page with check_path → 41030 invalid_page; check_path false → PNG', async () => {
    const strict = await startFakeWechat({ appId: APP_ID, appSecret: APP_SECRET, publishedPages: ['pages/index/index'] });
    try {
      const wechat = client({ apiBase: strict.url });
      const error = await apiError(wechat.getUnlimitedQrCode({ scene: 'x', page: 'pages/new/index' }));
      expect(error).toMatchObject({ errcode: 41030, reason: 'invalid_page' });
      const png = await wechat.getUnlimitedQrCode({ scene: 'x', page: 'pages/new/index', checkPath: false });
      expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    } finally {
      await strict.close();
    }
  });

  it('a JSON error body is turned into WechatApiError', async () => {
    fake.state.failNext('getwxacodeunlimit', { errcode: 45011, errmsg: 'api minute-quota reach limit' });
    const error = await apiError(client().getUnlimitedQrCode({ scene: 'x' }));
    expect(error).toMatchObject({ errcode: 45011, endpoint: 'getwxacodeunlimit' });
  });
});

describe('sendSubscribeMessage', () => {
  it('is recorded by WeChat with the template data wrapped as {value}', async () => {
    await client().sendSubscribeMessage({
      toUser: 'o_alice',
      templateId: 'TPL_BIRTHDAY',
      page: 'pages/coupons/index',
      data: { thing1: '生日礼券已到账', time2: '2025-05-01' },
      miniprogramState: 'formal',
    });
    expect(fake.state.messages).toEqual([
      expect.objectContaining({
        touser: 'o_alice',
        templateId: 'TPL_BIRTHDAY',
        page: 'pages/coupons/index',
        miniprogramState: 'formal',
        data: { thing1: { value: '生日礼券已到账' }, time2: { value: '2025-05-01' } },
      }),
    ]);
  });

  it('a user without a subscription → 43101 subscription_refused, nothing recorded', async () => {
    fake.state.refuseSubscribe('o_bob');
    const error = await apiError(client().sendSubscribeMessage({ toUser: 'o_bob', templateId: 'T', data: { thing1: 'x' } }));
    expect(error).toMatchObject({ errcode: 43101, reason: 'subscription_refused' });
    expect(fake.state.messages).toHaveLength(0);
  });
});

describe('getUserRiskRank', () => {
  it('sends appid, openid, scene and client_ip and answers the rank', async () => {
    fake.state.setRiskRank('o_risky', 3);
    const wechat = client();
    expect(await wechat.getUserRiskRank({ openid: 'o_risky', scene: 1, clientIp: '203.0.113.5' })).toEqual({
      riskRank: 3,
      requestId: expect.any(Number) as unknown,
    });
    expect((await wechat.getUserRiskRank({ openid: 'o_calm', scene: 0, clientIp: '203.0.113.5' })).riskRank).toBe(0);
    expect(fake.state.riskRankCalls).toBe(2);
  });

  it('an errcode → WechatApiError; an empty openid or address → WechatArgumentError before any call', async () => {
    const wechat = client();
    fake.state.failNext('getuserriskrank', { errcode: -1, errmsg: 'system error' });
    expect((await apiError(wechat.getUserRiskRank({ openid: 'o_1', scene: 1, clientIp: '203.0.113.5' }))).errcode).toBe(-1);
    await expect(wechat.getUserRiskRank({ openid: '', scene: 1, clientIp: '203.0.113.5' })).rejects.toBeInstanceOf(
      WechatArgumentError,
    );
    await expect(wechat.getUserRiskRank({ openid: 'o_1', scene: 1, clientIp: '' })).rejects.toBeInstanceOf(WechatArgumentError);
    expect(fake.state.riskRankCalls).toBe(1);
  });
});

describe('when WeChat is unreachable or slow', () => {
  it('a closed port → WechatUnavailableError network', async () => {
    const gone = await startFakeWechat({ appId: APP_ID, appSecret: APP_SECRET });
    await gone.close();
    const error = await client({ apiBase: gone.url })
      .code2Session('any')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WechatUnavailableError);
    expect(error).toMatchObject({ reason: 'network', endpoint: 'jscode2session' });
  });

  it('no answer within timeoutMs → WechatUnavailableError timeout', async () => {
    fake.state.setDelay('jscode2session', 1_000);
    const started = Date.now();
    const error = await client({ timeoutMs: 100 })
      .code2Session(fake.state.issueJsCode('o_alice'))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WechatUnavailableError);
    expect(error).toMatchObject({ reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('a slow token endpoint times out the business call too', async () => {
    fake.state.setDelay('stable_token', 1_000);
    await expect(
      client({ timeoutMs: 100 }).sendSubscribeMessage({ toUser: 'o', templateId: 'T', data: {} }),
    ).rejects.toMatchObject({ name: 'WechatUnavailableError', reason: 'timeout', endpoint: 'stable_token' });
  });

  it('an HTTP 5xx or a non-JSON body → WechatUnavailableError bad_response', async () => {
    const statuses = [502, 200];
    const wechat = client({
      fetch: () => {
        const status = statuses.shift() ?? 200;
        return Promise.resolve(new Response('<html>gateway</html>', { status }));
      },
    });
    await expect(wechat.code2Session('x')).rejects.toMatchObject({ reason: 'bad_response' });
    await expect(wechat.code2Session('x')).rejects.toMatchObject({ reason: 'bad_response' });
  });
});
