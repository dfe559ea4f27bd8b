import { startFakeWechat, type FakeWechat } from './fake-wechat.server.js';
import { WechatClient } from './wechat.client.js';
import {
  InvalidDevCodeError,
  isDevCode,
  resolveSandboxCode,
  resolveSandboxPhoneCode,
  SANDBOX_APP_ID,
  SANDBOX_APP_SECRET,
  WechatSandbox,
  WechatSandboxDisabledError,
} from './wechat.sandbox.js';

let fake: FakeWechat;
let wechat: WechatClient;

beforeAll(async () => {
  fake = await startFakeWechat({ appId: SANDBOX_APP_ID, appSecret: SANDBOX_APP_SECRET });
  wechat = new WechatClient({ appId: SANDBOX_APP_ID, appSecret: SANDBOX_APP_SECRET, apiBase: fake.url });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => fake.state.reset());

it('isDevCode recognises the dev: prefix only', () => {
  expect(isDevCode('dev:o_alice')).toBe(true);
  expect(isDevCode('0a1B2c3D4e')).toBe(false);
  expect(isDevCode('DEV:o_alice')).toBe(false);
});

it('dev:<openid> → a real one-time code that code2Session exchanges over HTTP', async () => {
  const code = await resolveSandboxCode(fake.url, 'dev:o_alice');
  expect(code).not.toContain('o_alice');
  expect((await wechat.code2Session(code)).openid).toBe('o_alice');
  expect(fake.state.code2SessionCalls).toBe(1);
  await expect(wechat.code2Session(code)).rejects.toMatchObject({ errcode: 40163 });
});

it('dev:<phone> → a real one-time code that getPhoneNumber exchanges over HTTP', async () => {
  const code = await resolveSandboxPhoneCode(fake.url, 'dev:13800138000');
  expect(await wechat.getPhoneNumber(code)).toMatchObject({ purePhoneNumber: '13800138000', countryCode: '86' });
});

it.each(['dev:', 'dev:o alice', 'o_alice'])('login code %j → InvalidDevCodeError', async (code) => {
  await expect(resolveSandboxCode(fake.url, code)).rejects.toBeInstanceOf(InvalidDevCodeError);
});

it.each(['dev:1380013800', 'dev:23800138000', 'dev:+8613800138000'])('phone code %j → InvalidDevCodeError', async (code) => {
  await expect(resolveSandboxPhoneCode(fake.url, code)).rejects.toBeInstanceOf(InvalidDevCodeError);
});

describe('WechatSandbox', () => {
  it('in sandbox mode: real codes pass through, dev: codes are minted on the fake', async () => {
    const sandbox = new WechatSandbox(fake.url);
    expect(sandbox.enabled).toBe(true);
    expect(await sandbox.resolveLoginCode('realcode')).toBe('realcode');
    const code = await sandbox.resolveLoginCode('dev:o_bob');
    expect((await wechat.code2Session(code)).openid).toBe('o_bob');
  });

  it('with a real AppID (no fake): dev: codes are refused, real codes pass through', async () => {
    const sandbox = new WechatSandbox(null);
    expect(sandbox.enabled).toBe(false);
    await expect(sandbox.resolveLoginCode('dev:o_bob')).rejects.toBeInstanceOf(WechatSandboxDisabledError);
    await expect(sandbox.resolvePhoneCode('dev:13800138000')).rejects.toBeInstanceOf(WechatSandboxDisabledError);
    expect(await sandbox.resolvePhoneCode('realcode')).toBe('realcode');
  });
});
