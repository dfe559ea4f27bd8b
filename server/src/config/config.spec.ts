import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig, WECHAT_PAY_VARIABLES } from './config.js';

// Key files for the WeChat Pay variables (generated per run, never committed).
const keyDir = mkdtempSync(path.join(os.tmpdir(), 'huiyuan-config-pay-'));
const merchantKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const platformKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ecKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const keyFile = path.join(keyDir, 'apiclient_key.pem');
const platformFile = path.join(keyDir, 'pub_key.pem');
const ecFile = path.join(keyDir, 'ec_key.pem');
writeFileSync(keyFile, merchantKey.privateKey.export({ type: 'pkcs8', format: 'pem' }));
writeFileSync(platformFile, platformKey.publicKey.export({ type: 'spki', format: 'pem' }));
writeFileSync(ecFile, ecKey.privateKey.export({ type: 'pkcs8', format: 'pem' }));
const wechatPay = {
  WECHAT_PAY_MCHID: '1900000109',
  WECHAT_PAY_SERIAL: '5157f09efdc096de15ebe81a47057a7232f1b8e1',
  WECHAT_PAY_KEY_FILE: keyFile,
  WECHAT_PAY_API_V3_KEY: 'abcdefghijklmnopqrstuvwxyz012345',
  WECHAT_PAY_PLATFORM_PUBLIC_KEY_FILE: platformFile,
  WECHAT_PAY_PLATFORM_SERIAL: 'PUB_KEY_ID_0119000001092025120200000000',
  WECHAT_PAY_NOTIFY_URL: 'https://huiyuan.example.com/api/v1/payments/wechat/notify',
};
const wechat = { WECHAT_APPID: 'wx0123456789abcdef', WECHAT_SECRET: '0123456789abcdef0123456789abcdef' };

const base = { HUIYUAN_DATA_DIR: '/tmp/huiyuan-config-spec', JWT_SECRET: 'x'.repeat(32), HUIYUAN_DATA_KEY: 'a'.repeat(64) };
const errorFor = (env: Record<string, string>) => {
  try {
    loadConfig({ ...base, ...env });
    return null;
  } catch (err) {
    return err instanceof ConfigError ? err : null;
  }
};

describe('configuration', () => {
  it('has working defaults for development', () => {
    const c = loadConfig(base);
    expect(c).toMatchObject({ port: 3000, databaseUrl: null, timezone: 'Asia/Shanghai', demo: false, wechat: { sandbox: true } });
  });

  it.each([
    ['PORT', { PORT: 'abc' }],
    ['PORT', { PORT: '70000' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://x' }],
    ['HUIYUAN_TIMEZONE', { HUIYUAN_TIMEZONE: 'Mars/Olympus' }],
    ['HUIYUAN_BOOTSTRAP_ADMIN', { HUIYUAN_BOOTSTRAP_ADMIN: 'admin-without-password' }],
    ['WECHAT_SECRET', { WECHAT_APPID: 'wx0123456789abcdef' }],
    ['HUIYUAN_DATA_KEY', { HUIYUAN_DATA_KEY: 'short' }],
    ['JWT_SECRET', { NODE_ENV: 'production', WECHAT_APPID: 'wx0123456789abcdef', WECHAT_SECRET: '0'.repeat(32), JWT_SECRET: '' }],
  ])('names %s when it is invalid', (variable, env) => {
    expect(errorFor(env)?.variable).toBe(variable);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ ...base, PORT: '', DATABASE_URL: '' })).toMatchObject({ port: 3000, databaseUrl: null });
  });

  it('stops at a weak bootstrap admin password, naming the variable and every problem but not the password', () => {
    const err = errorFor({ HUIYUAN_BOOTSTRAP_ADMIN: 'admin:admin1234' });
    expect(err?.variable).toBe('HUIYUAN_BOOTSTRAP_ADMIN');
    expect(err?.message).toBe(
      'HUIYUAN_BOOTSTRAP_ADMIN: the password is weak: shorter than 10 characters; a commonly used password; contains the username',
    );
    expect(err?.message).not.toContain('admin1234');
  });

  it('parses the bootstrap admin, allowing colons in the password', () => {
    expect(loadConfig({ ...base, HUIYUAN_BOOTSTRAP_ADMIN: 'boss:pa:ss-word' }).bootstrapAdmin).toEqual({
      username: 'boss',
      password: 'pa:ss-word',
    });
  });

  describe('in production', () => {
    const production = {
      NODE_ENV: 'production',
      WECHAT_APPID: 'wx0123456789abcdef',
      WECHAT_SECRET: '0123456789abcdef0123456789abcdef',
      JWT_SECRET: 'j'.repeat(32),
      HUIYUAN_DATA_KEY: 'b'.repeat(64),
      ...wechatPay,
    };

    it.each(['WECHAT_APPID', 'WECHAT_SECRET', 'JWT_SECRET', 'HUIYUAN_DATA_KEY', ...WECHAT_PAY_VARIABLES])(
      'refuses to start without %s',
      (variable) => {
        const err = errorFor({ ...production, [variable]: '' });
        expect(err?.variable).toBe(variable);
        expect(err?.message).toContain(variable);
      },
    );

    it('runs without the WeChat sandbox, demo data or API docs', () => {
      expect(loadConfig({ ...production, HUIYUAN_DEMO: '1' })).toMatchObject({
        env: 'production',
        demo: false,
        apiDocs: false,
        metrics: false,
        wechat: { sandbox: false },
        wechatPay: { sandbox: false },
      });
    });

    it('keeps the analytics rollups on: HUIYUAN_ANALYTICS_ROLLUPS=off is for benchmarks', () => {
      expect(errorFor({ ...production, HUIYUAN_ANALYTICS_ROLLUPS: 'off' })?.variable).toBe('HUIYUAN_ANALYTICS_ROLLUPS');
      expect(loadConfig({ ...production }).analyticsRollups).toBe(true);
      expect(loadConfig({ HUIYUAN_ANALYTICS_ROLLUPS: 'off' }).analyticsRollups).toBe(false);
    });

    it('serves the API docs and metrics only when asked', () => {
      expect(loadConfig({ ...production, HUIYUAN_API_DOCS: '1', HUIYUAN_METRICS: '1' })).toMatchObject({
        apiDocs: true,
        metrics: true,
      });
    });
  });

  it('serves the API docs in development unless turned off', () => {
    expect(loadConfig(base).apiDocs).toBe(true);
    expect(loadConfig({ ...base, HUIYUAN_API_DOCS: '0' }).apiDocs).toBe(false);
  });

  describe('WeChat Pay', () => {
    it('is a sandbox when no WECHAT_PAY_* is set (outside production)', () => {
      expect(loadConfig(base).wechatPay).toEqual({
        sandbox: true,
        mchId: '',
        appId: '',
        serial: '',
        privateKeyPem: '',
        apiV3Key: '',
        platformPublicKeyPem: '',
        platformSerial: '',
        apiBase: null,
        notifyUrl: null,
      });
      // A standalone fake for the sandbox.
      expect(loadConfig({ ...base, WECHAT_PAY_API_BASE: 'http://127.0.0.1:3902' }).wechatPay).toMatchObject({
        sandbox: true,
        apiBase: 'http://127.0.0.1:3902',
      });
    });

    it('loads the merchant: keys read from their files, the WeChat AppID, the default API base', () => {
      const c = loadConfig({ ...base, ...wechat, ...wechatPay }).wechatPay;
      expect(c).toEqual({
        sandbox: false,
        mchId: '1900000109',
        appId: 'wx0123456789abcdef',
        serial: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
        privateKeyPem: expect.stringContaining('-----BEGIN PRIVATE KEY-----'),
        apiV3Key: 'abcdefghijklmnopqrstuvwxyz012345',
        platformPublicKeyPem: expect.stringContaining('-----BEGIN PUBLIC KEY-----'),
        platformSerial: 'PUB_KEY_ID_0119000001092025120200000000',
        apiBase: 'https://api.mch.weixin.qq.com',
        notifyUrl: 'https://huiyuan.example.com/api/v1/payments/wechat/notify',
      });
    });

    it.each(WECHAT_PAY_VARIABLES)('names %s when the others are set without it', (variable) => {
      const err = errorFor({ ...wechat, ...wechatPay, [variable]: '' });
      expect(err?.variable).toBe(variable);
      expect(err?.message).toContain('go together');
    });

    it.each([
      ['WECHAT_PAY_API_V3_KEY', { WECHAT_PAY_API_V3_KEY: 'x'.repeat(31) }, '32 bytes'],
      ['WECHAT_PAY_API_V3_KEY', { WECHAT_PAY_API_V3_KEY: 'é'.repeat(16) + 'x'.repeat(16) }, '32 bytes'],
      ['WECHAT_PAY_KEY_FILE', { WECHAT_PAY_KEY_FILE: path.join(keyDir, 'missing.pem') }, 'cannot read'],
      ['WECHAT_PAY_KEY_FILE', { WECHAT_PAY_KEY_FILE: platformFile }, 'not an RSA private key'],
      ['WECHAT_PAY_KEY_FILE', { WECHAT_PAY_KEY_FILE: ecFile }, 'not an RSA private key'],
      ['WECHAT_PAY_PLATFORM_PUBLIC_KEY_FILE', { WECHAT_PAY_PLATFORM_PUBLIC_KEY_FILE: ecFile }, 'not an RSA public key'],
      ['WECHAT_PAY_NOTIFY_URL', { WECHAT_PAY_NOTIFY_URL: 'http://huiyuan.example.com/notify' }, 'https://'],
      ['WECHAT_PAY_MCHID', { WECHAT_PAY_MCHID: 'mch-1' }, 'digits'],
      ['WECHAT_PAY_API_BASE', { WECHAT_PAY_API_BASE: 'not a url' }, 'URL'],
      ['WECHAT_APPID', { WECHAT_APPID: '', WECHAT_SECRET: '' }, 'AppID'],
    ])('stops at a bad %s (%j)', (variable, env, message) => {
      const err = errorFor({ ...wechat, ...wechatPay, ...env });
      expect(err?.variable).toBe(variable);
      expect(err?.message).toContain(message);
    });

    it('never echoes a key file or the API v3 key in an error', () => {
      const err = errorFor({ ...wechat, ...wechatPay, WECHAT_PAY_KEY_FILE: platformFile });
      expect(err?.message).not.toContain('BEGIN');
      expect(errorFor({ ...wechat, ...wechatPay, WECHAT_PAY_API_V3_KEY: 'secret-but-short' })?.message).not.toContain(
        'secret-but-short',
      );
    });
  });
});
