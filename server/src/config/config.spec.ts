import { ConfigError, loadConfig } from './config.js';

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
    };

    it.each(['WECHAT_APPID', 'WECHAT_SECRET', 'JWT_SECRET', 'HUIYUAN_DATA_KEY'])('refuses to start without %s', (variable) => {
      const err = errorFor({ ...production, [variable]: '' });
      expect(err?.variable).toBe(variable);
      expect(err?.message).toContain(variable);
    });

    it('runs without the WeChat sandbox, demo data or API docs', () => {
      expect(loadConfig({ ...production, HUIYUAN_DEMO: '1' })).toMatchObject({
        env: 'production',
        demo: false,
        apiDocs: false,
        metrics: false,
        wechat: { sandbox: false },
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
});
