// Typed configuration, validated once at start. A bad value stops the process with one line
// naming the variable (see main.ts); nothing else reads process.env.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createPrivateKey, createPublicKey, randomBytes } from 'node:crypto';
import path from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { checkPassword, describePasswordProblems } from '@huiyuan/shared';
import { z } from 'zod';
import {
  DEFAULT_RATE_LIMITS,
  parseRateLimits,
  parseTrustProxy,
  type RateLimitName,
  type RateLimitPolicy,
} from './rate-limits.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

const port = z.coerce.number().int().min(1).max(65535);
const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: port.default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  HUIYUAN_DATA_DIR: z.string().min(1).optional(),
  HUIYUAN_PG_PORT: port.default(5488),
  HUIYUAN_BOOTSTRAP_ADMIN: z
    .string()
    // The password's strength is the password policy's to judge (below), with every problem named.
    .regex(/^[A-Za-z0-9_.-]{3,32}:.+$/, 'must be username:password (username 3-32 of A-Z a-z 0-9 _ . -)')
    .optional(),
  HUIYUAN_DEMO: flag.default(false),
  HUIYUAN_TIMEZONE: z
    .string()
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA timezone such as Asia/Shanghai')
    .default('Asia/Shanghai'),
  HUIYUAN_SERVE_H5: flag.default(true),
  HUIYUAN_JOBS: flag.default(true),
  /** Benchmarks only: `off` skips the analytics rollups in the till's transaction (the "without" of a comparison). */
  HUIYUAN_ANALYTICS_ROLLUPS: z.enum(['on', 'off']).default('on'),
  /** Server processes sharing the port (Node cluster); `auto` = one per CPU. docs/performance.md "Scale-out". */
  HUIYUAN_WORKERS: z
    .union([z.literal('auto'), z.coerce.number().int().min(1).max(64)])
    .default(1)
    .transform((v) => (v === 'auto' ? Math.max(1, os.availableParallelism()) : v)),
  HUIYUAN_OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(10),
  HUIYUAN_CAMPAIGN_BATCH: z.coerce.number().int().min(1).max(1000).default(200),
  HUIYUAN_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  HUIYUAN_WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(200).default(40),
  HUIYUAN_WEBHOOK_SECRET_GRACE_HOURS: z.coerce.number().min(0).max(720).default(24),
  HUIYUAN_WEBHOOK_STRICT_URLS: flag.default(false),
  WECHAT_APPID: z
    .string()
    .regex(/^wx[0-9a-f]{16}$/, 'must look like wx followed by 16 hex digits')
    .optional(),
  WECHAT_SECRET: z
    .string()
    .regex(/^[0-9a-f]{32}$/, 'must be 32 hex digits')
    .optional(),
  WECHAT_API_BASE: z.string().url('must be a URL such as https://api.weixin.qq.com').optional(),
  WECHAT_PAY_MCHID: z
    .string()
    .regex(/^\d{6,12}$/, 'must be the merchant number (商户号), digits')
    .optional(),
  WECHAT_PAY_SERIAL: z
    .string()
    .regex(/^[0-9A-Fa-f]{8,64}$/, 'must be the merchant API certificate serial number (hex)')
    .optional(),
  WECHAT_PAY_KEY_FILE: z.string().min(1).optional(),
  WECHAT_PAY_API_V3_KEY: z.string().optional(),
  WECHAT_PAY_PLATFORM_PUBLIC_KEY_FILE: z.string().min(1).optional(),
  WECHAT_PAY_PLATFORM_SERIAL: z
    .string()
    .regex(/^[A-Za-z0-9_]{1,64}$/, 'must be the WeChat Pay public key id, e.g. PUB_KEY_ID_0114…')
    .optional(),
  WECHAT_PAY_API_BASE: z.string().url('must be a URL such as https://api.mch.weixin.qq.com').optional(),
  WECHAT_PAY_NOTIFY_URL: z
    .string()
    .url('must be a URL')
    .regex(/^https:\/\//, 'must be the public https:// URL of POST /api/v1/payments/wechat/notify')
    .optional(),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  HUIYUAN_DATA_KEY: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'must be 64 hex digits (32 bytes), e.g. from `openssl rand -hex 32`')
    .optional(),
  HUIYUAN_BANNER: flag.default(false),
  HUIYUAN_API_DOCS: flag.optional(),
  HUIYUAN_METRICS: flag.default(false),
  HUIYUAN_LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(30),
  HUIYUAN_RATE_LIMITS: z.string().optional(),
  HUIYUAN_TRUST_PROXY: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Env = z.infer<typeof envSchema>;

export interface AppConfig {
  env: Env['NODE_ENV'];
  port: number;
  host: string;
  /** null → start the embedded PostgreSQL. */
  databaseUrl: string | null;
  dataDir: string;
  embeddedPgPort: number;
  bootstrapAdmin: { username: string; password: string } | null;
  demo: boolean;
  timezone: string;
  serveH5: boolean;
  jobs: boolean;
  /** false only for a benchmark's comparison run (refused in production): the KPIs are then wrong. */
  analyticsRollups: boolean;
  /** Server processes behind the one port (HUIYUAN_WORKERS; 1 = this process serves). */
  workers: number;
  /** Delivery attempts of an outbox row before it is dead (HUIYUAN_OUTBOX_MAX_ATTEMPTS). */
  outboxMaxAttempts: number;
  /** Members decided per campaign delivery transaction (HUIYUAN_CAMPAIGN_BATCH, docs/campaigns.md). */
  campaignBatch: number;
  /**
   * Webhook delivery (docs/webhooks.md): per-attempt timeout, attempts before dead (~24 h with
   * the backoff), how long a rotated-out secret still signs, and the URL policy — strict (https,
   * public addresses only) always in production, elsewhere only with HUIYUAN_WEBHOOK_STRICT_URLS=1.
   */
  webhooks: { timeoutMs: number; maxAttempts: number; secretGraceMs: number; strictUrls: boolean };
  wechat: { appId: string; appSecret: string; apiBase: string | null; sandbox: boolean };
  /**
   * WeChat Pay API v3 (WECHAT_PAY_*, all or none). None set outside production → sandbox: the
   * WeChat Pay module generates keys and runs a fake (or uses apiBase, a standalone fake).
   */
  wechatPay: WechatPayConfig;
  jwtSecret: Uint8Array;
  /** 32 bytes: first derived into an AES-256-GCM key and an HMAC key (see crypto.service). */
  dataKey: Buffer;
  logLevel: Env['LOG_LEVEL'];
  /** Print the URL and demo accounts once listening (set by `pnpm start`). */
  banner: boolean;
  /** Login and phone-binding attempts per minute per client address. */
  loginRateLimit: number;
  /** Every abuse limit's budget per window (HUIYUAN_LOGIN_RATE_LIMIT, HUIYUAN_RATE_LIMITS). */
  rateLimits: Record<RateLimitName, RateLimitPolicy>;
  /** Fastify's trustProxy (HUIYUAN_TRUST_PROXY): hop count, addresses/CIDRs, or false. */
  trustProxy: number | string[] | false;
  /** Serve /api/docs and /api/docs-json (always outside production; HUIYUAN_API_DOCS=1 in production). */
  apiDocs: boolean;
  /** Serve GET /metrics in Prometheus text format. */
  metrics: boolean;
}

export interface WechatPayConfig {
  sandbox: boolean;
  mchId: string;
  /** The mini-program's AppID (= wechat.appId). */
  appId: string;
  /** Merchant API certificate serial. */
  serial: string;
  privateKeyPem: string;
  /** 32 bytes, used as the AES-256-GCM key of notification resources. */
  apiV3Key: string;
  /** 微信支付公钥 (PEM) and its id. */
  platformPublicKeyPem: string;
  platformSerial: string;
  /** null in sandbox without WECHAT_PAY_API_BASE: the in-process fake. */
  apiBase: string | null;
  /** null in sandbox: the bootstrap sets it once the port is known. */
  notifyUrl: string | null;
}

/** Set together or not at all; WECHAT_PAY_API_BASE is apart (it can point the sandbox at a standalone fake). */
export const WECHAT_PAY_VARIABLES = [
  'WECHAT_PAY_MCHID',
  'WECHAT_PAY_SERIAL',
  'WECHAT_PAY_KEY_FILE',
  'WECHAT_PAY_API_V3_KEY',
  'WECHAT_PAY_PLATFORM_PUBLIC_KEY_FILE',
  'WECHAT_PAY_PLATFORM_SERIAL',
  'WECHAT_PAY_NOTIFY_URL',
] as const;

function readPem(variable: string, file: string, kind: 'private' | 'public'): string {
  let pem: string;
  try {
    pem = readFileSync(path.resolve(file), 'utf8');
  } catch (err) {
    throw new ConfigError(variable, `cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    const key = kind === 'private' ? createPrivateKey(pem) : createPublicKey(pem);
    if (key.asymmetricKeyType !== 'rsa') throw new Error('not RSA');
  } catch {
    // The file's content is never echoed: it may be a key.
    throw new ConfigError(variable, `${file} is not an RSA ${kind} key in PEM format`);
  }
  return pem;
}

function wechatPayConfig(e: Env): WechatPayConfig {
  const set = WECHAT_PAY_VARIABLES.filter((variable) => e[variable]);
  const apiBase = e.WECHAT_PAY_API_BASE ?? null;
  if (set.length === 0) {
    return {
      sandbox: true,
      mchId: '',
      appId: e.WECHAT_APPID ?? '',
      serial: '',
      privateKeyPem: '',
      apiV3Key: '',
      platformPublicKeyPem: '',
      platformSerial: '',
      apiBase,
      notifyUrl: null,
    };
  }
  const missing = WECHAT_PAY_VARIABLES.find((variable) => !e[variable]);
  if (missing) throw new ConfigError(missing, `must be set with ${set.join(', ')} (the WECHAT_PAY_* variables go together)`);
  if (!e.WECHAT_APPID)
    throw new ConfigError('WECHAT_APPID', 'WeChat Pay needs the real mini-program AppID (WECHAT_APPID, WECHAT_SECRET)');
  if (Buffer.byteLength(e.WECHAT_PAY_API_V3_KEY!, 'utf8') !== 32) {
    throw new ConfigError('WECHAT_PAY_API_V3_KEY', 'must be 32 bytes (the APIv3 key set in the merchant platform)');
  }
  return {
    sandbox: false,
    mchId: e.WECHAT_PAY_MCHID!,
    appId: e.WECHAT_APPID,
    serial: e.WECHAT_PAY_SERIAL!.toUpperCase(),
    privateKeyPem: readPem('WECHAT_PAY_KEY_FILE', e.WECHAT_PAY_KEY_FILE!, 'private'),
    apiV3Key: e.WECHAT_PAY_API_V3_KEY!,
    platformPublicKeyPem: readPem('WECHAT_PAY_PLATFORM_PUBLIC_KEY_FILE', e.WECHAT_PAY_PLATFORM_PUBLIC_KEY_FILE!, 'public'),
    platformSerial: e.WECHAT_PAY_PLATFORM_SERIAL!,
    apiBase: apiBase ?? 'https://api.mch.weixin.qq.com',
    notifyUrl: e.WECHAT_PAY_NOTIFY_URL!,
  };
}

function parseWith<T>(variable: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new ConfigError(variable, (err as Error).message);
  }
}

/** Production refuses to start without these: no sandbox WeChat or WeChat Pay, no generated keys. */
export const PRODUCTION_REQUIRED = [
  'WECHAT_APPID',
  'WECHAT_SECRET',
  'JWT_SECRET',
  'HUIYUAN_DATA_KEY',
  ...WECHAT_PAY_VARIABLES,
] as const;

/** Keys for development: generated once and kept in the data dir, never committed. */
function devSecrets(dataDir: string): { jwtSecret: string; dataKey: string } {
  const file = path.join(dataDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as { jwtSecret: string; dataKey: string };
  mkdirSync(dataDir, { recursive: true });
  const secrets = { jwtSecret: randomBytes(32).toString('hex'), dataKey: randomBytes(32).toString('hex') };
  writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw: Record<string, string> = {};
  // Empty strings count as unset, as shells and .env files often leave them so.
  for (const [k, v] of Object.entries(source)) if (v !== undefined && v !== '') raw[k] = v;
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(String(issue.path[0] ?? 'environment'), issue.message);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production) {
    for (const variable of PRODUCTION_REQUIRED)
      if (!e[variable]) throw new ConfigError(variable, 'is required when NODE_ENV=production');
  }
  if (production && e.HUIYUAN_ANALYTICS_ROLLUPS === 'off') {
    throw new ConfigError('HUIYUAN_ANALYTICS_ROLLUPS', 'off is for benchmarks; production keeps the KPIs exact');
  }
  if (Boolean(e.WECHAT_APPID) !== Boolean(e.WECHAT_SECRET)) {
    throw new ConfigError(
      e.WECHAT_APPID ? 'WECHAT_SECRET' : 'WECHAT_APPID',
      'WECHAT_APPID and WECHAT_SECRET must be set together',
    );
  }
  const dataDir = path.resolve(e.HUIYUAN_DATA_DIR ?? path.join(REPO_ROOT, '.data'));
  const secrets = e.JWT_SECRET && e.HUIYUAN_DATA_KEY ? null : devSecrets(dataDir);
  const sandbox = !e.WECHAT_APPID;
  const [adminUser, ...adminPass] = e.HUIYUAN_BOOTSTRAP_ADMIN?.split(':') ?? [];
  const adminPolicy = adminUser ? checkPassword(adminPass.join(':'), { username: adminUser }) : { ok: true as const };
  if (!adminPolicy.ok) {
    throw new ConfigError('HUIYUAN_BOOTSTRAP_ADMIN', `the password is weak: ${describePasswordProblems(adminPolicy.problems)}`);
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL ?? null,
    dataDir,
    embeddedPgPort: e.HUIYUAN_PG_PORT,
    bootstrapAdmin: adminUser ? { username: adminUser, password: adminPass.join(':') } : null,
    // Demo data (with its well-known passwords) never reaches a production database.
    demo: e.HUIYUAN_DEMO && !production,
    timezone: e.HUIYUAN_TIMEZONE,
    serveH5: e.HUIYUAN_SERVE_H5,
    jobs: e.HUIYUAN_JOBS,
    analyticsRollups: e.HUIYUAN_ANALYTICS_ROLLUPS === 'on',
    workers: e.HUIYUAN_WORKERS,
    outboxMaxAttempts: e.HUIYUAN_OUTBOX_MAX_ATTEMPTS,
    campaignBatch: e.HUIYUAN_CAMPAIGN_BATCH,
    webhooks: {
      timeoutMs: e.HUIYUAN_WEBHOOK_TIMEOUT_MS,
      maxAttempts: e.HUIYUAN_WEBHOOK_MAX_ATTEMPTS,
      secretGraceMs: Math.round(e.HUIYUAN_WEBHOOK_SECRET_GRACE_HOURS * 3_600_000),
      // Production is always strict; the flag can only tighten development and test.
      strictUrls: production || e.HUIYUAN_WEBHOOK_STRICT_URLS,
    },
    wechat: {
      // Empty in sandbox mode: the WeChat module then uses the fake's own credentials.
      appId: e.WECHAT_APPID ?? '',
      appSecret: e.WECHAT_SECRET ?? '',
      apiBase: e.WECHAT_API_BASE ?? (sandbox ? null : 'https://api.weixin.qq.com'),
      sandbox,
    },
    wechatPay: wechatPayConfig(e),
    jwtSecret: new TextEncoder().encode(e.JWT_SECRET ?? secrets!.jwtSecret),
    dataKey: Buffer.from(e.HUIYUAN_DATA_KEY ?? secrets!.dataKey, 'hex'),
    logLevel: e.LOG_LEVEL,
    banner: e.HUIYUAN_BANNER,
    loginRateLimit: e.HUIYUAN_LOGIN_RATE_LIMIT,
    rateLimits: {
      login: { budget: e.HUIYUAN_LOGIN_RATE_LIMIT, windowMs: 60_000 },
      ...DEFAULT_RATE_LIMITS,
      ...parseWith('HUIYUAN_RATE_LIMITS', () => parseRateLimits(e.HUIYUAN_RATE_LIMITS ?? '')),
    },
    trustProxy: parseWith('HUIYUAN_TRUST_PROXY', () => parseTrustProxy(e.HUIYUAN_TRUST_PROXY)),
    apiDocs: e.HUIYUAN_API_DOCS ?? !production,
    metrics: e.HUIYUAN_METRICS,
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
