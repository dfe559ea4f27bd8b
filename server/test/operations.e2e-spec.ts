// Operations in process: readiness, metrics, security headers, API docs in production, and
// requests while the database is gone (503 DB_UNAVAILABLE) and after it is back.
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { pino } from 'pino';
import request from 'supertest';
import { createApp } from '../src/bootstrap.js';
import { loadConfig } from '../src/config/config.js';
import { startEmbeddedPostgres, type RunningPostgres } from '../src/database/embedded-postgres.js';
import { freePort } from './helpers/pg.js';
import { productionWechatPayEnv } from './helpers/wechat-pay-env.js';
import { createTestApp, TEST_JWT_SECRET, type TestApp } from './helpers/test-app.js';

const PRODUCTION = {
  NODE_ENV: 'production',
  WECHAT_APPID: 'wx0123456789abcdef',
  WECHAT_SECRET: '0123456789abcdef0123456789abcdef',
  HUIYUAN_DATA_KEY: 'c'.repeat(64),
  ...productionWechatPayEnv(),
};

/** Polls until `check` passes: the pool reconnects on the next query, not at a fixed time. */
async function eventually(check: () => Promise<void>, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

describe('readiness, metrics and headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { HUIYUAN_METRICS: '1' } });
  });
  afterAll(() => t.close());

  it('GET /health/ready → 200 when the migrations ran and the database answers', async () => {
    const res = await t.http.get('/api/v1/health/ready').expect(200);
    expect(res.body).toEqual({ status: 'ready', db: 'up', migrations: 'applied' });
  });

  it('GET /health/ready → 503 while a migration of this build is not applied', async () => {
    const [last] = (await t.db.query('SELECT id, name, timestamp FROM schema_migration ORDER BY id DESC LIMIT 1')) as {
      id: number;
      name: string;
      timestamp: string;
    }[];
    await t.db.query('DELETE FROM schema_migration WHERE id = $1', [last!.id]);
    try {
      const res = await t.http.get('/api/v1/health/ready').expect(503);
      expect(res.body).toEqual({ status: 'unavailable', db: 'up', migrations: 'pending' });
    } finally {
      await t.db.query('INSERT INTO schema_migration (id, timestamp, name) VALUES ($1, $2, $3)', [
        last!.id,
        last!.timestamp,
        last!.name,
      ]);
    }
  });

  it('GET /metrics → request counts and durations by route pattern and status, the pool, process metrics', async () => {
    await t.http.get('/api/v1/health').expect(200);
    await t.http.get('/api/v1/me').expect(401);
    const res = await t.http.get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.text).toMatch(/^huiyuan_http_requests_total\{method="GET",route="\/api\/v1\/health",status="200"\} [1-9]/m);
    expect(res.text).toMatch(/^huiyuan_http_requests_total\{method="GET",route="\/api\/v1\/me",status="401"\} 1$/m);
    expect(res.text).toMatch(
      /^huiyuan_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/health",status="200"\}/m,
    );
    expect(res.text).toMatch(/^huiyuan_db_pool_connections [1-9]/m);
    expect(res.text).toMatch(/^process_resident_memory_bytes /m);
    expect(res.text).toMatch(/^nodejs_eventloop_lag_seconds /m);
  });

  it.each(['/', '/api/v1/health'])('sends the security headers on %s', async (url) => {
    const res = await t.http.get(url);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    // Not in development/test: the demo runs on plain-HTTP localhost.
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('serves the API docs in test/development', async () => {
    await t.http.get('/api/docs-json').expect(200);
    const page = await t.http.get('/api/docs').expect(200);
    expect(page.text).toContain('swagger-ui');
  });
});

describe('in production', () => {
  it('has no /metrics, no API docs and sends HSTS unless told otherwise', async () => {
    const t = await createTestApp({ env: PRODUCTION });
    try {
      await t.http.get('/metrics').expect(404);
      await t.http.get('/api/docs').expect(404);
      await t.http.get('/api/docs-json').expect(404);
      const res = await t.http.get('/api/v1/health').expect(200);
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    } finally {
      await t.close();
    }
  });

  it('serves the API docs with HUIYUAN_API_DOCS=1', async () => {
    const t = await createTestApp({ env: { ...PRODUCTION, HUIYUAN_API_DOCS: '1' } });
    try {
      await t.http.get('/api/docs-json').expect(200);
      await t.http.get('/api/docs').expect(200);
    } finally {
      await t.close();
    }
  });
});

describe('when the database goes away', () => {
  let dataDir: string;
  let pg: RunningPostgres;
  let app: NestFastifyApplication;
  let http: ReturnType<typeof request>;
  const start = async (port: number) => startEmbeddedPostgres({ dataDir, port, durable: false });

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'huiyuan-db-down-'));
    pg = await start(await freePort());
    const config = loadConfig({
      NODE_ENV: 'test',
      JWT_SECRET: TEST_JWT_SECRET,
      HUIYUAN_DATA_KEY: 'd'.repeat(64),
      HUIYUAN_DATA_DIR: dataDir,
      HUIYUAN_SERVE_H5: '0',
      HUIYUAN_JOBS: '0',
      HUIYUAN_BOOTSTRAP_ADMIN: 'boss:heron-quarry-fable-3',
      LOG_LEVEL: 'silent',
    });
    app = await createApp({ config, databaseUrl: pg.adminUrl, logger: pino({ level: 'silent' }) });
    await app.listen({ port: 0, host: '127.0.0.1' });
    http = request(`http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`);
  });
  afterAll(async () => {
    await app.close();
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const login = () => http.post('/api/v1/auth/staff/login').send({ username: 'boss', password: 'heron-quarry-fable-3' });

  it('answers 503 DB_UNAVAILABLE (not 500) while it is down, and 200 again once it is back', async () => {
    await login().expect(200);
    const port = pg.port;
    await pg.stop();

    const down = await login().expect(503);
    expect(down.body).toMatchObject({ statusCode: 503, code: 'DB_UNAVAILABLE' });
    const ready = await http.get('/api/v1/health/ready').expect(503);
    expect(ready.body).toMatchObject({ status: 'unavailable', db: 'down' });
    await http.get('/api/v1/health').expect(503);

    pg = await start(port);
    await eventually(async () => {
      await http.get('/api/v1/health/ready').expect(200);
    });
    await login().expect(200);
  });

  it('restarts the embedded PostgreSQL itself when it is killed', async () => {
    await http.get('/api/v1/health/ready').expect(200);
    const before = pg.pid!;
    process.kill(before, 'SIGKILL');
    // A backend may still answer a query or two before it notices its postmaster is gone.
    await eventually(async () => {
      expect(pg.pid).not.toBe(before);
      expect(pg.pid).not.toBeNull();
      await http.get('/api/v1/health/ready').expect(200);
    });
    await login().expect(200);
  });
});
