// A local stand-in for api.weixin.qq.com speaking the same HTTP protocol and error codes, for
// tests and the demo. Plain node:http so it starts in milliseconds and needs no Nest.
//
// Test/demo-only endpoints live under /__fake/ (see README.md); the WeChat ones behave as the
// real service documents: single-use 5-minute codes, stable_token normal and forced modes,
// access_token checks, a real PNG from getwxacodeunlimit, recorded subscribe messages.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32, deflateSync } from 'node:zlib';
import QRCode from 'qrcode';

export type FakeWechatEndpoint =
  'jscode2session' | 'stable_token' | 'getuserphonenumber' | 'getwxacodeunlimit' | 'subscribe_send' | 'getuserriskrank';

export interface FakeWechatOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  appId: string;
  appSecret: string;
  /** Fake clock for code and token expiry (ms since epoch). Default Date.now. */
  now?: () => number;
  /** When given, getwxacodeunlimit with check_path (default true) only accepts these pages. */
  publishedPages?: readonly string[];
}

export interface RecordedSubscribeMessage {
  msgid: number;
  touser: string;
  templateId: string;
  page?: string;
  miniprogramState?: string;
  lang?: string;
  data: Record<string, { value: string }>;
  at: number;
}

export interface InjectedFault {
  errcode: number;
  errmsg: string;
  /** How many upcoming calls fail; default 1. */
  times?: number;
}

export interface FakeWechatState {
  /** New access_tokens minted by stable_token. */
  tokenIssued: number;
  stableTokenCalls: number;
  code2SessionCalls: number;
  phoneNumberCalls: number;
  qrCodeCalls: number;
  subscribeSendCalls: number;
  riskRankCalls: number;
  readonly messages: RecordedSubscribeMessage[];
  /** Login and phone codes held: used or expired ones are pruned (a used login code is kept until it expires, to answer 40163). */
  codesHeld(): number;
  /** getuserriskrank answers this rank (0–4) for this user from now on; default 0. */
  setRiskRank(openid: string, riskRank: number): void;
  /** Mint a wx.login code for this user (what POST /__fake/js-codes does). */
  issueJsCode(openid: string, unionid?: string): string;
  /** Mint a getPhoneNumber button code (what POST /__fake/phone-codes does). */
  issuePhoneCode(phoneNumber: string, countryCode?: string): string;
  /** From now on subscribe/send to this user answers 43101. */
  refuseSubscribe(openid: string): void;
  /**
   * The user accepted `wx.requestSubscribeMessage` for the template `times` more times (一次性订阅).
   * Once a template has grants recorded, the fake counts it as WeChat does: each send spends one,
   * and a send to a user with none left answers 43101.
   */
  grantSubscription(openid: string, templateId: string, times?: number): void;
  /** One-time grants left for the user and template (undefined: the template is not counted). */
  subscriptionsLeft(openid: string, templateId: string): number | undefined;
  /** Invalidate every access_token, as if another party forced a refresh. */
  revokeTokens(): void;
  /** The next call(s) to `endpoint` answer this errcode (after method and JSON checks). */
  failNext(endpoint: FakeWechatEndpoint, fault: InjectedFault): void;
  /** Hold every answer of `endpoint` this long (0 clears), to exercise client timeouts. */
  setDelay(endpoint: FakeWechatEndpoint, ms: number): void;
  /** Forget codes, tokens, messages, refusals, risk ranks, faults, delays and zero the counters. */
  reset(): void;
}

export interface FakeWechat {
  url: string;
  state: FakeWechatState;
  close(): Promise<void>;
}

const CODE_TTL_MS = 5 * 60_000;
const TOKEN_TTL_S = 7200;
/** stable_token normal mode hands out a new token in the last 5 minutes of the old one. */
const TOKEN_RENEW_WINDOW_MS = 5 * 60_000;
const SCENE_CHARS = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]*$/;
const PAGE_PATTERN = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/;
const MAX_BODY_BYTES = 1 << 20;

interface JsCode {
  openid: string;
  unionid?: string;
  expiresAt: number;
  used: boolean;
}

interface PhoneCode {
  purePhoneNumber: string;
  countryCode: string;
  expiresAt: number;
  used: boolean;
}

type Json = Record<string, unknown>;

/** A WeChat-style JSON answer: HTTP 200 with errcode, as the real service does. */
class Reply {
  constructor(
    readonly body: Json | Buffer,
    readonly contentType = 'application/json; encoding=utf-8',
    readonly status = 200,
  ) {}
}

const err = (errcode: number, errmsg: string) =>
  new Reply({ errcode, errmsg: `${errmsg} rid: ${randomBytes(6).toString('hex')}` });

function randomCode(): string {
  return randomBytes(24).toString('base64url');
}

export async function startFakeWechat(options: FakeWechatOptions): Promise<FakeWechat> {
  const now = options.now ?? Date.now;
  const host = options.host ?? '127.0.0.1';
  const published = options.publishedPages ? new Set(options.publishedPages) : null;

  const jsCodes = new Map<string, JsCode>();
  const phoneCodes = new Map<string, PhoneCode>();
  /** token → expiry (ms). Revoked tokens are deleted; expired ones stay to answer 42001. */
  const tokens = new Map<string, number>();
  let currentToken: { token: string; expiresAt: number } | null = null;
  const refused = new Set<string>();
  /** template → openid → one-time subscribe grants left (only templates that have grants are counted). */
  const grants = new Map<string, Map<string, number>>();
  const riskRanks = new Map<string, number>();
  const faults = new Map<FakeWechatEndpoint, Required<InjectedFault>>();
  const delays = new Map<FakeWechatEndpoint, number>();
  let nextMsgId = 1;

  const state: FakeWechatState = {
    tokenIssued: 0,
    stableTokenCalls: 0,
    code2SessionCalls: 0,
    phoneNumberCalls: 0,
    qrCodeCalls: 0,
    subscribeSendCalls: 0,
    riskRankCalls: 0,
    messages: [],
    codesHeld: () => jsCodes.size + phoneCodes.size,
    grantSubscription(openid, templateId, times = 1) {
      const perUser = grants.get(templateId) ?? new Map<string, number>();
      perUser.set(openid, (perUser.get(openid) ?? 0) + times);
      grants.set(templateId, perUser);
    },
    subscriptionsLeft: (openid, templateId) => (grants.has(templateId) ? (grants.get(templateId)!.get(openid) ?? 0) : undefined),
    setRiskRank(openid, riskRank) {
      riskRanks.set(openid, riskRank);
    },
    issueJsCode(openid, unionid) {
      pruneCodes();
      const code = randomCode();
      jsCodes.set(code, { openid, ...(unionid ? { unionid } : {}), expiresAt: now() + CODE_TTL_MS, used: false });
      return code;
    },
    issuePhoneCode(phoneNumber, countryCode = '86') {
      pruneCodes();
      const code = randomCode();
      phoneCodes.set(code, { purePhoneNumber: phoneNumber, countryCode, expiresAt: now() + CODE_TTL_MS, used: false });
      return code;
    },
    refuseSubscribe(openid) {
      refused.add(openid);
    },
    revokeTokens() {
      tokens.clear();
      currentToken = null;
    },
    failNext(endpoint, fault) {
      faults.set(endpoint, { times: 1, ...fault });
    },
    setDelay(endpoint, ms) {
      if (ms > 0) delays.set(endpoint, ms);
      else delays.delete(endpoint);
    },
    reset() {
      state.tokenIssued = 0;
      state.stableTokenCalls = 0;
      state.code2SessionCalls = 0;
      state.phoneNumberCalls = 0;
      state.qrCodeCalls = 0;
      state.subscribeSendCalls = 0;
      state.riskRankCalls = 0;
      state.messages.length = 0;
      riskRanks.clear();
      jsCodes.clear();
      phoneCodes.clear();
      refused.clear();
      grants.clear();
      faults.clear();
      delays.clear();
      state.revokeTokens();
    },
  };

  /**
   * Drops expired codes (an expired code answers 40029 like an unknown one). Every code lives
   * CODE_TTL_MS, so in insertion order the expired ones come first: stop at the first live one.
   */
  function pruneCodes(): void {
    for (const codes of [jsCodes, phoneCodes] as Map<string, { expiresAt: number }>[]) {
      for (const [code, entry] of codes) {
        if (now() < entry.expiresAt) break;
        codes.delete(code);
      }
    }
  }

  function injectedFault(endpoint: FakeWechatEndpoint): Reply | null {
    const fault = faults.get(endpoint);
    if (!fault) return null;
    if (fault.times <= 1) faults.delete(endpoint);
    else fault.times -= 1;
    return err(fault.errcode, fault.errmsg);
  }

  /** null when the token is good, else the WeChat answer for it. */
  function checkToken(url: URL): Reply | null {
    const token = url.searchParams.get('access_token');
    if (!token) return err(41001, 'access_token missing');
    const expiresAt = tokens.get(token);
    if (expiresAt === undefined) return err(40001, 'invalid credential, access_token is invalid or not latest');
    if (now() >= expiresAt) return err(42001, 'access_token expired');
    return null;
  }

  function mintToken(): { token: string; expiresAt: number } {
    const minted = { token: randomBytes(48).toString('base64url'), expiresAt: now() + TOKEN_TTL_S * 1000 };
    tokens.set(minted.token, minted.expiresAt);
    state.tokenIssued += 1;
    return minted;
  }

  // --- WeChat endpoints ---------------------------------------------------------------

  function jscode2session(url: URL): Reply {
    state.code2SessionCalls += 1;
    const q = url.searchParams;
    if (q.get('appid') !== options.appId) return err(40013, 'invalid appid');
    if (q.get('secret') !== options.appSecret) return err(40125, 'invalid appsecret');
    if (q.get('grant_type') !== 'authorization_code') return err(40002, 'invalid grant_type');
    const fault = injectedFault('jscode2session');
    if (fault) return fault;
    const entry = jsCodes.get(q.get('js_code') ?? '');
    if (!entry || now() >= entry.expiresAt) return err(40029, 'invalid code');
    if (entry.used) return err(40163, 'code been used');
    entry.used = true;
    return new Reply({
      openid: entry.openid,
      session_key: randomBytes(16).toString('base64'),
      ...(entry.unionid ? { unionid: entry.unionid } : {}),
    });
  }

  function stableToken(body: Json): Reply {
    state.stableTokenCalls += 1;
    if (body.grant_type !== 'client_credential') return err(40002, 'invalid grant_type');
    if (body.appid !== options.appId) return err(40013, 'invalid appid');
    if (body.secret !== options.appSecret) return err(40125, 'invalid appsecret');
    const fault = injectedFault('stable_token');
    if (fault) return fault;
    if (body.force_refresh === true) {
      // Forced mode invalidates the previous token at once.
      state.revokeTokens();
      currentToken = mintToken();
    } else if (!currentToken || currentToken.expiresAt - now() <= TOKEN_RENEW_WINDOW_MS) {
      // The old token stays valid until its own expiry.
      currentToken = mintToken();
    }
    return new Reply({
      access_token: currentToken.token,
      expires_in: Math.max(1, Math.floor((currentToken.expiresAt - now()) / 1000)),
    });
  }

  function getUserPhoneNumber(url: URL, body: Json): Reply {
    state.phoneNumberCalls += 1;
    const bad = checkToken(url);
    if (bad) return bad;
    const fault = injectedFault('getuserphonenumber');
    if (fault) return fault;
    const entry = phoneCodes.get(typeof body.code === 'string' ? body.code : '');
    if (!entry || entry.used || now() >= entry.expiresAt) return err(40029, 'invalid code');
    // A used phone code answers 40029 like an unknown one: nothing to keep.
    phoneCodes.delete(body.code as string);
    const phoneNumber = entry.countryCode === '86' ? entry.purePhoneNumber : `+${entry.countryCode}${entry.purePhoneNumber}`;
    return new Reply({
      errcode: 0,
      errmsg: 'ok',
      phone_info: {
        phoneNumber,
        purePhoneNumber: entry.purePhoneNumber,
        countryCode: entry.countryCode,
        watermark: { timestamp: Math.floor(now() / 1000), appid: options.appId },
      },
    });
  }

  function getWxaCodeUnlimit(url: URL, body: Json): Reply {
    state.qrCodeCalls += 1;
    const bad = checkToken(url);
    if (bad) return bad;
    const fault = injectedFault('getwxacodeunlimit');
    if (fault) return fault;
    const scene = body.scene;
    if (typeof scene !== 'string' || scene.length === 0 || scene.length > 32) {
      return err(40169, 'invalid length for scene, or the data is not json string');
    }
    if (!SCENE_CHARS.test(scene)) return err(40129, 'invalid scene');
    const page = body.page ?? 'pages/index/index';
    if (typeof page !== 'string' || !PAGE_PATTERN.test(page)) return err(41030, 'invalid page');
    if (published && body.check_path !== false && !published.has(page)) return err(41030, 'invalid page');
    const env = body.env_version ?? 'release';
    if (env !== 'release' && env !== 'trial' && env !== 'develop') return err(40097, 'invalid args');
    const width = body.width ?? 430;
    if (typeof width !== 'number' || width < 280 || width > 1280) return err(40097, 'invalid args');
    const png = qrPng(`https://fake.weixin/${page}?scene=${encodeURIComponent(scene)}`, width);
    return new Reply(png, 'image/png');
  }

  function getUserRiskRank(url: URL, body: Json): Reply {
    state.riskRankCalls += 1;
    const bad = checkToken(url);
    if (bad) return bad;
    const fault = injectedFault('getuserriskrank');
    if (fault) return fault;
    if (body.appid !== options.appId) return err(40013, 'invalid appid');
    if (typeof body.openid !== 'string' || body.openid.length === 0) return err(40003, 'invalid openid');
    if (body.scene !== 0 && body.scene !== 1 && body.scene !== 2) return err(40097, 'invalid args');
    if (typeof body.client_ip !== 'string' || body.client_ip.length === 0) return err(40097, 'invalid args');
    return new Reply({
      errcode: 0,
      errmsg: 'getuserriskrank succ',
      risk_rank: riskRanks.get(body.openid) ?? 0,
      unoin_id: Math.floor(Math.random() * 1_000_000_000),
    });
  }

  function subscribeSend(url: URL, body: Json): Reply {
    state.subscribeSendCalls += 1;
    const bad = checkToken(url);
    if (bad) return bad;
    const fault = injectedFault('subscribe_send');
    if (fault) return fault;
    const { touser, template_id: templateId, page, data, miniprogram_state: mpState, lang } = body;
    if (typeof touser !== 'string' || touser.length === 0) return err(40003, 'invalid openid');
    if (typeof templateId !== 'string' || templateId.length === 0) return err(40037, 'invalid template_id');
    if (page !== undefined && (typeof page !== 'string' || !/^[A-Za-z0-9_\-/]+(\?.*)?$/.test(page))) {
      return err(41030, 'invalid page');
    }
    if (!isTemplateData(data)) return err(47003, 'argument invalid! data.value invalid');
    if (refused.has(touser)) return err(43101, 'user refuse to accept the msg');
    const counted = grants.get(templateId);
    if (counted) {
      const left = counted.get(touser) ?? 0;
      if (left <= 0) return err(43101, 'user refuse to accept the msg');
      counted.set(touser, left - 1);
    }
    const msgid = nextMsgId++;
    state.messages.push({
      msgid,
      touser,
      templateId,
      ...(typeof page === 'string' ? { page } : {}),
      ...(typeof mpState === 'string' ? { miniprogramState: mpState } : {}),
      ...(typeof lang === 'string' ? { lang } : {}),
      data,
      at: now(),
    });
    return new Reply({ errcode: 0, errmsg: 'ok', msgid });
  }

  // --- /__fake/ endpoints -------------------------------------------------------------

  function fakeJsCodes(body: Json): Reply {
    if (typeof body.openid !== 'string' || body.openid.length === 0) {
      return new Reply({ error: 'openid (string) required' }, undefined, 400);
    }
    const unionid = typeof body.unionid === 'string' ? body.unionid : undefined;
    return new Reply({ code: state.issueJsCode(body.openid, unionid) });
  }

  function fakePhoneCodes(body: Json): Reply {
    const phone = body.phoneNumber;
    const cc = body.countryCode ?? '86';
    if (typeof phone !== 'string' || !/^\d{5,15}$/.test(phone) || typeof cc !== 'string' || !/^\d{1,4}$/.test(cc)) {
      return new Reply({ error: 'phoneNumber (digits) and optional countryCode (digits) required' }, undefined, 400);
    }
    return new Reply({ code: state.issuePhoneCode(phone, cc) });
  }

  function fakeRefuse(body: Json): Reply {
    if (typeof body.openid !== 'string' || body.openid.length === 0) {
      return new Reply({ error: 'openid (string) required' }, undefined, 400);
    }
    state.refuseSubscribe(body.openid);
    return new Reply({ ok: true });
  }

  function fakeRiskRank(body: Json): Reply {
    const rank = body.riskRank;
    if (
      typeof body.openid !== 'string' ||
      body.openid.length === 0 ||
      typeof rank !== 'number' ||
      ![0, 1, 2, 3, 4].includes(rank)
    ) {
      return new Reply({ error: 'openid (string) and riskRank (0-4) required' }, undefined, 400);
    }
    state.setRiskRank(body.openid, rank);
    return new Reply({ ok: true });
  }

  function counters(): Json {
    const { tokenIssued, stableTokenCalls, code2SessionCalls, phoneNumberCalls, qrCodeCalls, subscribeSendCalls, riskRankCalls } =
      state;
    return {
      tokenIssued,
      stableTokenCalls,
      code2SessionCalls,
      phoneNumberCalls,
      qrCodeCalls,
      subscribeSendCalls,
      riskRankCalls,
      codesHeld: state.codesHeld(),
    };
  }

  // --- routing ------------------------------------------------------------------------

  type Route = {
    method: 'GET' | 'POST';
    endpoint?: FakeWechatEndpoint;
    handle: (url: URL, body: Json) => Reply | Promise<Reply>;
  };
  const routes: Record<string, Route> = {
    '/sns/jscode2session': { method: 'GET', endpoint: 'jscode2session', handle: (url) => jscode2session(url) },
    '/cgi-bin/stable_token': { method: 'POST', endpoint: 'stable_token', handle: (_url, body) => stableToken(body) },
    '/wxa/business/getuserphonenumber': {
      method: 'POST',
      endpoint: 'getuserphonenumber',
      handle: getUserPhoneNumber,
    },
    '/wxa/getwxacodeunlimit': { method: 'POST', endpoint: 'getwxacodeunlimit', handle: getWxaCodeUnlimit },
    '/cgi-bin/message/subscribe/send': { method: 'POST', endpoint: 'subscribe_send', handle: subscribeSend },
    '/wxa/getuserriskrank': { method: 'POST', endpoint: 'getuserriskrank', handle: getUserRiskRank },
    '/__fake/js-codes': { method: 'POST', handle: (_url, body) => fakeJsCodes(body) },
    '/__fake/phone-codes': { method: 'POST', handle: (_url, body) => fakePhoneCodes(body) },
    '/__fake/refuse-subscribe': { method: 'POST', handle: (_url, body) => fakeRefuse(body) },
    '/__fake/risk-rank': { method: 'POST', handle: (_url, body) => fakeRiskRank(body) },
    '/__fake/messages': { method: 'GET', handle: () => new Reply({ messages: state.messages }) },
    '/__fake/state': { method: 'GET', handle: () => new Reply(counters()) },
    '/__fake/reset': {
      method: 'POST',
      handle: () => {
        state.reset();
        return new Reply({ ok: true });
      },
    },
  };

  async function route(req: IncomingMessage): Promise<Reply> {
    const url = new URL(req.url ?? '/', 'http://fake.weixin');
    const found = routes[url.pathname];
    if (!found) return new Reply({ errcode: 404, errmsg: 'not found' }, undefined, 404);
    if (req.method !== found.method) {
      return found.method === 'GET' ? err(43001, 'require GET method') : err(43002, 'require POST method');
    }
    let body: Json = {};
    if (req.method === 'POST') {
      const raw = await readBody(req);
      if (raw === null) return err(47001, 'data format error');
      if (raw.length > 0) {
        const parsed = parseJsonObject(raw);
        if (!parsed) {
          return found.endpoint === 'getwxacodeunlimit'
            ? err(40169, 'invalid length for scene, or the data is not json string')
            : err(47001, 'data format error');
        }
        body = parsed;
      }
    }
    const delay = found.endpoint ? delays.get(found.endpoint) : undefined;
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    return found.handle(url, body);
  }

  const server = createServer((req, res) => {
    route(req).then(
      (reply) => send(res, reply),
      (error: unknown) => send(res, new Reply({ errcode: -1, errmsg: `system error: ${String(error)}` })),
    );
  });
  // Connections held open by clients (keep-alive) must not keep close() waiting.
  server.keepAliveTimeout = 1000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${urlHost}:${address.port}`,
    state,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/**
 * A scannable QR code as a `width`×`width` 8-bit grayscale PNG. The matrix comes from `qrcode`;
 * the PNG is encoded here because qrcode's pngjs renderer runs ~50x slower under Jest's VM
 * modules (2 s for one 430 px code), which would make every test touching QR codes crawl.
 */
export function qrPng(text: string, width: number): Buffer {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const quiet = 2;
  const cells = modules.size + 2 * quiet;
  const side = Math.max(width, cells);
  const rowBytes = side + 1; // leading filter byte (0 = none) per row
  const pixels = Buffer.alloc(rowBytes * side, 0xff);
  for (let y = 0; y < side; y++) {
    pixels[y * rowBytes] = 0;
    const row = Math.floor((y * cells) / side) - quiet;
    if (row < 0 || row >= modules.size) continue;
    for (let x = 0; x < side; x++) {
      const col = Math.floor((x * cells) / side) - quiet;
      if (col >= 0 && col < modules.size && modules.get(row, col)) pixels[y * rowBytes + 1 + x] = 0;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // grayscale; bytes 10-12 (compression, filter, interlace) stay 0
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(pixels)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))), 0);
  return Buffer.concat([head, data, crc]);
}

function isTemplateData(data: unknown): data is Record<string, { value: string }> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  return Object.values(data).every(
    (entry) => typeof entry === 'object' && entry !== null && typeof (entry as { value?: unknown }).value === 'string',
  );
}

function parseJsonObject(raw: Buffer): Json | null {
  try {
    const value: unknown = JSON.parse(raw.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : null;
  } catch {
    return null;
  }
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, reply: Reply): void {
  if (res.destroyed) return;
  const payload = Buffer.isBuffer(reply.body) ? reply.body : Buffer.from(JSON.stringify(reply.body));
  res.writeHead(reply.status, { 'content-type': reply.contentType, 'content-length': payload.length });
  res.end(payload);
}
