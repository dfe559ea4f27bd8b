// Speaks WeChat's real server-side HTTP protocol (api.weixin.qq.com or the fake) for the
// mini-program: login, phone number, unlimited QR code, subscribe message, user risk rank.
//
// Never logged or put into an error: responses, session_key, access_token, app secret, codes.
// The only observable per-call output is `onCall({ endpoint, errcode, latencyMs, outcome })`.
import { z } from 'zod';
import { WechatApiError, WechatArgumentError, WechatUnavailableError, type WechatEndpoint } from './wechat.errors.js';

export const DEFAULT_WECHAT_API_BASE = 'https://api.weixin.qq.com';
export const DEFAULT_WECHAT_TIMEOUT_MS = 5_000;
/** Refresh the cached access_token this long before WeChat says it expires. */
export const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;

/** One line per call for logs and metrics; deliberately nothing that came back in the body. */
export interface WechatCallEvent {
  endpoint: WechatEndpoint;
  outcome: 'ok' | 'api_error' | 'unavailable';
  /** 0 when ok; WeChat's errcode on api_error; undefined when unavailable. */
  errcode?: number;
  latencyMs: number;
}

export interface WechatClientOptions {
  appId: string;
  appSecret: string;
  /** Default https://api.weixin.qq.com; the fake server's URL in tests and the sandbox. */
  apiBase?: string;
  /** Per request, connection to end of body. Default 5 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Clock for the access_token cache (ms since epoch). */
  now?: () => number;
  onCall?: (event: WechatCallEvent) => void;
}

export interface WechatSession {
  openid: string;
  /** Secret shared with this WeChat session. Keep server-side; never log or return it. */
  sessionKey: string;
  unionid?: string;
}

export interface WechatPhoneNumber {
  /** With country code for non-Chinese numbers, as WeChat gives it. */
  phoneNumber: string;
  purePhoneNumber: string;
  countryCode: string;
}

export type WechatEnvVersion = 'release' | 'trial' | 'develop';

export interface UnlimitedQrCodeRequest {
  /** ≤ 32 characters from [0-9A-Za-z!#$&'()*+,/:;=?@-._~]: store a short id here. */
  scene: string;
  /** A published page such as 'pages/index/index': no leading '/', no query. Default home. */
  page?: string;
  /** false lets unpublished pages through (WeChat's default is true). */
  checkPath?: boolean;
  envVersion?: WechatEnvVersion;
  /** 280–1280 px, WeChat's default 430. */
  width?: number;
}

export type MiniprogramState = 'developer' | 'trial' | 'formal';

export interface SubscribeMessageRequest {
  toUser: string;
  templateId: string;
  page?: string;
  /** Template keys to values, e.g. { thing1: '生日礼券已到账', time2: '2025-05-01' }. */
  data: Record<string, string>;
  miniprogramState?: MiniprogramState;
  lang?: 'zh_CN' | 'en_US' | 'zh_HK' | 'zh_TW';
}

/** wxa/getuserriskrank scenes: 0 registration, 1 marketing fraud (e.g. referral rewards). */
export type RiskScene = 0 | 1;

export interface UserRiskRankRequest {
  openid: string;
  scene: RiskScene;
  /** The user's client address (WeChat compares it with where the user really is). */
  clientIp: string;
  mobileNo?: string;
  /** true: WeChat's test call, not counted. */
  isTest?: boolean;
}

export interface UserRiskRank {
  /** 0–4, higher is riskier. */
  riskRank: number;
  /** WeChat's request id (spelled `unoin_id` in its answer). */
  requestId?: number;
}

const SCENE_PATTERN = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/;
const PAGE_PATTERN = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/;

/** Whether WeChat accepts this scene: 1–32 characters from its allowed set. */
export function isValidScene(scene: string): boolean {
  return SCENE_PATTERN.test(scene);
}

/** Whether this is a page path WeChat accepts: no leading '/', no query string. */
export function isValidPagePath(page: string): boolean {
  return PAGE_PATTERN.test(page);
}

const errorShape = z.object({ errcode: z.number().optional(), errmsg: z.string().optional() });
const sessionShape = z.object({
  openid: z.string().min(1),
  session_key: z.string().min(1),
  unionid: z.string().min(1).optional(),
});
const tokenShape = z.object({ access_token: z.string().min(1), expires_in: z.number().positive() });
const phoneShape = z.object({
  phone_info: z.object({
    phoneNumber: z.string(),
    purePhoneNumber: z.string(),
    countryCode: z.union([z.string(), z.number()]).transform(String),
    watermark: z.object({ appid: z.string(), timestamp: z.number() }),
  }),
});

const riskRankShape = z.object({
  risk_rank: z.number().int().min(0).max(4),
  unoin_id: z.number().optional(),
});

/** Token-bearing calls are retried once with a fresh token after one of these. */
const STALE_TOKEN_ERRCODES: ReadonlySet<number> = new Set([40001, 40014, 42001]);

interface CachedToken {
  token: string;
  expiresAt: number;
}

interface InflightToken {
  force: boolean;
  promise: Promise<string>;
}

type JsonBody = Record<string, unknown>;

interface RawRequest {
  endpoint: WechatEndpoint;
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string>;
  body?: JsonBody;
}

export class WechatClient {
  readonly appId: string;
  readonly apiBase: string;
  private readonly appSecret: string;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => number;
  private readonly onCall: ((event: WechatCallEvent) => void) | undefined;
  private cachedToken: CachedToken | null = null;
  private inflightToken: InflightToken | null = null;

  constructor(options: WechatClientOptions) {
    if (!options.appId || !options.appSecret) {
      throw new Error('WechatClient needs appId and appSecret');
    }
    this.appId = options.appId;
    this.appSecret = options.appSecret;
    this.apiBase = (options.apiBase ?? DEFAULT_WECHAT_API_BASE).replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? DEFAULT_WECHAT_TIMEOUT_MS;
    this.fetchImpl = options.fetch ?? globalThis.fetch;
    this.now = options.now ?? Date.now;
    this.onCall = options.onCall;
  }

  /** auth.code2Session: exchange the wx.login code (valid 5 minutes, single use). */
  async code2Session(jsCode: string): Promise<WechatSession> {
    if (!jsCode) throw new WechatArgumentError('jsCode', 'js_code is empty');
    const json = await this.requestJson({
      endpoint: 'jscode2session',
      method: 'GET',
      path: '/sns/jscode2session',
      query: {
        appid: this.appId,
        secret: this.appSecret,
        js_code: jsCode,
        grant_type: 'authorization_code',
      },
    });
    const parsed = this.parse('jscode2session', sessionShape, json);
    return {
      openid: parsed.openid,
      sessionKey: parsed.session_key,
      ...(parsed.unionid ? { unionid: parsed.unionid } : {}),
    };
  }

  /**
   * The stable access_token (POST /cgi-bin/stable_token), cached until 5 minutes before it
   * expires; concurrent callers share one request. Several server instances each hold their
   * own copy, which stable_token allows (normal mode hands everyone the same token).
   */
  async getStableAccessToken(): Promise<string> {
    const cached = this.cachedToken;
    if (cached && this.isFresh(cached)) return cached.token;
    return this.fetchToken(false);
  }

  /** phonenumber.getPhoneNumber with the code from the getPhoneNumber button. */
  async getPhoneNumber(code: string): Promise<WechatPhoneNumber> {
    if (!code) throw new WechatArgumentError('code', 'phone code is empty');
    const json = await this.withToken((token) =>
      this.requestJson({
        endpoint: 'getuserphonenumber',
        method: 'POST',
        path: '/wxa/business/getuserphonenumber',
        query: { access_token: token },
        body: { code },
      }),
    );
    const info = this.parse('getuserphonenumber', phoneShape, json).phone_info;
    if (info.watermark.appid !== this.appId) {
      // The number was issued to another mini-program: do not trust it.
      throw new WechatUnavailableError('getuserphonenumber', 'bad_response', 'watermark appid mismatch');
    }
    return {
      phoneNumber: info.phoneNumber,
      purePhoneNumber: info.purePhoneNumber,
      countryCode: info.countryCode,
    };
  }

  /** riskControl.getUserRiskRank: WeChat's own view of how risky this user is (no consent needed). */
  async getUserRiskRank(request: UserRiskRankRequest): Promise<UserRiskRank> {
    if (!request.openid) throw new WechatArgumentError('openid', 'openid is empty');
    if (!request.clientIp) throw new WechatArgumentError('client_ip', 'client_ip is empty');
    const body: JsonBody = { appid: this.appId, openid: request.openid, scene: request.scene, client_ip: request.clientIp };
    if (request.mobileNo !== undefined) body.mobile_no = request.mobileNo;
    if (request.isTest !== undefined) body.is_test = request.isTest;
    const json = await this.withToken((token) =>
      this.requestJson({
        endpoint: 'getuserriskrank',
        method: 'POST',
        path: '/wxa/getuserriskrank',
        query: { access_token: token },
        body,
      }),
    );
    const parsed = this.parse('getuserriskrank', riskRankShape, json);
    return { riskRank: parsed.risk_rank, ...(parsed.unoin_id !== undefined ? { requestId: parsed.unoin_id } : {}) };
  }

  /** wxacode.getUnlimited: a PNG/JPEG mini-program code carrying `scene`. */
  async getUnlimitedQrCode(request: UnlimitedQrCodeRequest): Promise<Buffer> {
    if (!isValidScene(request.scene)) {
      throw new WechatArgumentError('scene', "scene must be 1-32 characters from 0-9 A-Z a-z !#$&'()*+,/:;=?@-._~");
    }
    if (request.page !== undefined && !isValidPagePath(request.page)) {
      throw new WechatArgumentError('page', "page must look like 'pages/x/index': no leading '/', no query");
    }
    if (request.width !== undefined && !(Number.isInteger(request.width) && request.width >= 280 && request.width <= 1280)) {
      throw new WechatArgumentError('width', 'width must be an integer from 280 to 1280');
    }
    const body: JsonBody = { scene: request.scene };
    if (request.page !== undefined) body.page = request.page;
    if (request.checkPath !== undefined) body.check_path = request.checkPath;
    if (request.envVersion !== undefined) body.env_version = request.envVersion;
    if (request.width !== undefined) body.width = request.width;

    return this.withToken(async (token) => {
      const { response, bytes, latencyMs } = await this.send({
        endpoint: 'getwxacodeunlimit',
        method: 'POST',
        path: '/wxa/getwxacodeunlimit',
        query: { access_token: token },
        body,
      });
      // Success is the image itself; failure is JSON (WeChat answers HTTP 200 either way).
      if ((response.headers.get('content-type') ?? '').startsWith('image/')) {
        this.report('getwxacodeunlimit', 'ok', latencyMs, 0);
        return bytes;
      }
      const json = this.decodeJson('getwxacodeunlimit', bytes, latencyMs);
      this.throwIfApiError('getwxacodeunlimit', json, latencyMs);
      this.report('getwxacodeunlimit', 'unavailable', latencyMs);
      throw new WechatUnavailableError('getwxacodeunlimit', 'bad_response', 'neither an image nor an error');
    });
  }

  /** subscribeMessage.send. 43101 means the user has no subscription left for this template. */
  async sendSubscribeMessage(request: SubscribeMessageRequest): Promise<void> {
    const data: Record<string, { value: string }> = {};
    for (const [key, value] of Object.entries(request.data)) data[key] = { value };
    const body: JsonBody = { touser: request.toUser, template_id: request.templateId, data };
    if (request.page !== undefined) body.page = request.page;
    if (request.miniprogramState !== undefined) body.miniprogram_state = request.miniprogramState;
    if (request.lang !== undefined) body.lang = request.lang;
    await this.withToken((token) =>
      this.requestJson({
        endpoint: 'subscribe_send',
        method: 'POST',
        path: '/cgi-bin/message/subscribe/send',
        query: { access_token: token },
        body,
      }),
    );
  }

  // --- access token -------------------------------------------------------------------

  private isFresh(cached: CachedToken): boolean {
    return this.now() < cached.expiresAt - TOKEN_REFRESH_MARGIN_MS;
  }

  /** Single flight: join a request already under way unless we need a forced one and it is not. */
  private fetchToken(force: boolean): Promise<string> {
    const inflight = this.inflightToken;
    if (inflight && (inflight.force || !force)) return inflight.promise;

    const promise = (async () => {
      const json = await this.requestJson({
        endpoint: 'stable_token',
        method: 'POST',
        path: '/cgi-bin/stable_token',
        body: {
          grant_type: 'client_credential',
          appid: this.appId,
          secret: this.appSecret,
          force_refresh: force,
        },
      });
      const parsed = this.parse('stable_token', tokenShape, json);
      this.cachedToken = { token: parsed.access_token, expiresAt: this.now() + parsed.expires_in * 1000 };
      return parsed.access_token;
    })();
    const entry: InflightToken = { force, promise };
    this.inflightToken = entry;
    const clear = () => {
      if (this.inflightToken === entry) this.inflightToken = null;
    };
    promise.then(clear, clear);
    return promise;
  }

  /** A token after WeChat rejected `rejected`: someone else's refresh if newer, else force one. */
  private async tokenAfterRejection(rejected: string): Promise<string> {
    if (this.inflightToken) {
      const fresh = await this.inflightToken.promise.catch(() => null);
      if (fresh !== null && fresh !== rejected) return fresh;
    }
    const cached = this.cachedToken;
    if (cached && cached.token !== rejected && this.isFresh(cached)) return cached.token;
    if (cached?.token === rejected) this.cachedToken = null;
    return this.fetchToken(true);
  }

  /** Run a token-bearing call; on a stale-token errcode refresh once and retry once. */
  private async withToken<T>(call: (token: string) => Promise<T>): Promise<T> {
    const token = await this.getStableAccessToken();
    try {
      return await call(token);
    } catch (error) {
      if (!(error instanceof WechatApiError && STALE_TOKEN_ERRCODES.has(error.errcode))) throw error;
      return call(await this.tokenAfterRejection(token));
    }
  }

  // --- HTTP ---------------------------------------------------------------------------

  private async requestJson(request: RawRequest): Promise<JsonBody> {
    const { bytes, latencyMs } = await this.send(request);
    const json = this.decodeJson(request.endpoint, bytes, latencyMs);
    this.throwIfApiError(request.endpoint, json, latencyMs);
    this.report(request.endpoint, 'ok', latencyMs, 0);
    return json;
  }

  /** One HTTP exchange, body included, under the timeout; HTTP-level failures are 'unavailable'. */
  private async send(request: RawRequest): Promise<{ response: Response; bytes: Buffer; latencyMs: number }> {
    const url = new URL(this.apiBase + request.path);
    for (const [key, value] of Object.entries(request.query ?? {})) url.searchParams.set(key, value);
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const signal = AbortSignal.timeout(this.timeoutMs);
    let response: Response;
    let bytes: Buffer;
    try {
      response = await this.fetchImpl(url, {
        method: request.method,
        headers: request.body ? { 'content-type': 'application/json' } : {},
        body: request.body ? JSON.stringify(request.body) : null,
        signal,
      });
      bytes = Buffer.from(await response.arrayBuffer());
    } catch (error) {
      // Asking the signal, not the error: DOMException is not an Error in every realm.
      const timedOut = signal.aborted;
      this.report(request.endpoint, 'unavailable', elapsed());
      throw new WechatUnavailableError(
        request.endpoint,
        timedOut ? 'timeout' : 'network',
        timedOut ? `no answer within ${this.timeoutMs} ms` : 'request failed',
        { cause: error },
      );
    }
    if (!response.ok) {
      this.report(request.endpoint, 'unavailable', elapsed());
      throw new WechatUnavailableError(request.endpoint, 'bad_response', `HTTP ${response.status}`);
    }
    return { response, bytes, latencyMs: elapsed() };
  }

  private decodeJson(endpoint: WechatEndpoint, bytes: Buffer, latencyMs: number): JsonBody {
    let value: unknown;
    try {
      value = JSON.parse(bytes.toString('utf8'));
    } catch {
      value = undefined;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.report(endpoint, 'unavailable', latencyMs);
      throw new WechatUnavailableError(endpoint, 'bad_response', 'body is not a JSON object');
    }
    return value as JsonBody;
  }

  private throwIfApiError(endpoint: WechatEndpoint, json: JsonBody, latencyMs: number): void {
    const parsed = errorShape.safeParse(json);
    const errcode = parsed.success ? parsed.data.errcode : undefined;
    if (errcode === undefined || errcode === 0) return;
    this.report(endpoint, 'api_error', latencyMs, errcode);
    throw new WechatApiError(endpoint, errcode, parsed.success ? (parsed.data.errmsg ?? '') : '');
  }

  private parse<T>(endpoint: WechatEndpoint, shape: z.ZodType<T>, json: JsonBody): T {
    const parsed = shape.safeParse(json);
    if (!parsed.success) {
      // The issue paths name fields, never their values.
      const fields = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
      throw new WechatUnavailableError(endpoint, 'bad_response', `unexpected body (fields: ${fields})`);
    }
    return parsed.data;
  }

  private report(endpoint: WechatEndpoint, outcome: WechatCallEvent['outcome'], latencyMs: number, errcode?: number): void {
    if (!this.onCall) return;
    const event: WechatCallEvent = { endpoint, outcome, latencyMs };
    if (errcode !== undefined) event.errcode = errcode;
    this.onCall(event);
  }
}
