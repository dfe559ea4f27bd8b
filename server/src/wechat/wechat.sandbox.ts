// Sandbox login for running without a real AppID (demo, H5 build, e2e tests).
//
// The mini-program (or a test) sends `dev:<openid>` instead of a wx.login code, and
// `dev:<11-digit phone>` instead of a getPhoneNumber code. We turn each into a REAL one-time
// code minted by the fake WeChat server (POST /__fake/js-codes, /__fake/phone-codes) and the
// identity service then exchanges it through the normal WechatClient over HTTP, so the demo
// exercises the same protocol, single-use rules and error paths as production.
//
// With a real AppID configured, `dev:` codes must be refused: the identity service checks
// `isDevCode(code) && !sandbox.enabled` and answers with its own DomainError. WechatSandbox
// below refuses too (WechatSandboxDisabledError), as a second line of defence.

export const DEV_CODE_PREFIX = 'dev:';
/**
 * AppID/secret the fake and the client share in sandbox mode (not real credentials). The same
 * values as config.ts's defaults, so the standalone fake and a server started with only
 * WECHAT_API_BASE agree without further settings.
 */
export const SANDBOX_APP_ID = 'wx0000000000sandbox';
export const SANDBOX_APP_SECRET = '00000000000000000000000000sandbox';

const DEV_OPENID = /^[A-Za-z0-9_-]{1,64}$/;
const DEV_PHONE = /^1\d{10}$/;

export function isDevCode(code: string): boolean {
  return code.startsWith(DEV_CODE_PREFIX);
}

/** A `dev:` code that does not name a usable openid / phone number. */
export class InvalidDevCodeError extends Error {
  override readonly name = 'InvalidDevCodeError';
}

/** A `dev:` code arrived while a real AppID is configured. */
export class WechatSandboxDisabledError extends Error {
  override readonly name = 'WechatSandboxDisabledError';
  constructor() {
    super('dev: codes are only accepted in WeChat sandbox mode');
  }
}

async function mint(fakeUrl: string, path: string, body: Record<string, string>, fetchImpl: typeof fetch): Promise<string> {
  const response = await fetchImpl(`${fakeUrl.replace(/\/+$/, '')}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5_000),
  });
  if (!response.ok) throw new Error(`fake WeChat ${path} answered HTTP ${response.status}`);
  const json = (await response.json()) as { code?: unknown };
  if (typeof json.code !== 'string') throw new Error(`fake WeChat ${path} answered without a code`);
  return json.code;
}

/** `dev:<openid>` → a one-time wx.login code for that openid, minted on the fake. */
export async function resolveSandboxCode(fakeUrl: string, devCode: string, fetchImpl: typeof fetch = fetch): Promise<string> {
  const openid = devCode.slice(DEV_CODE_PREFIX.length);
  if (!isDevCode(devCode) || !DEV_OPENID.test(openid)) {
    throw new InvalidDevCodeError('expected dev:<openid> with 1-64 characters [A-Za-z0-9_-]');
  }
  return mint(fakeUrl, '/__fake/js-codes', { openid }, fetchImpl);
}

/** `dev:<11-digit mainland phone>` → a one-time getPhoneNumber code, minted on the fake. */
export async function resolveSandboxPhoneCode(
  fakeUrl: string,
  devCode: string,
  fetchImpl: typeof fetch = fetch,
): Promise<string> {
  const phoneNumber = devCode.slice(DEV_CODE_PREFIX.length);
  if (!isDevCode(devCode) || !DEV_PHONE.test(phoneNumber)) {
    throw new InvalidDevCodeError('expected dev:<11-digit phone number starting with 1>');
  }
  return mint(fakeUrl, '/__fake/phone-codes', { phoneNumber }, fetchImpl);
}

/**
 * What the identity service injects. Real codes pass through untouched; `dev:` codes become
 * fake-minted codes in sandbox mode and are refused otherwise.
 */
export class WechatSandbox {
  constructor(
    /** URL of the fake WeChat server, or null when talking to the real WeChat. */
    readonly fakeUrl: string | null,
  ) {}

  get enabled(): boolean {
    return this.fakeUrl !== null;
  }

  async resolveLoginCode(code: string): Promise<string> {
    if (!isDevCode(code)) return code;
    if (this.fakeUrl === null) throw new WechatSandboxDisabledError();
    return resolveSandboxCode(this.fakeUrl, code);
  }

  async resolvePhoneCode(code: string): Promise<string> {
    if (!isDevCode(code)) return code;
    if (this.fakeUrl === null) throw new WechatSandboxDisabledError();
    return resolveSandboxPhoneCode(this.fakeUrl, code);
  }
}
