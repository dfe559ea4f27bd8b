// One real app per test file: its own database, the fake WeChat in process, silent logs
// (or captured, for tests that check what is logged).
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { pino } from 'pino';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/bootstrap.js';
import { loadConfig, type AppConfig } from '../../src/config/config.js';
import type { FakeWechat } from '../../src/wechat/fake-wechat.server.js';
import { WechatSandboxHost } from '../../src/wechat/wechat.module.js';
import { createTestDatabase } from './pg.js';

export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret-0123456789';

export interface TestApp {
  app: NestFastifyApplication;
  http: ReturnType<typeof request>;
  config: AppConfig;
  db: DataSource;
  /** The app's database, for a second instance on it (`createTestApp({ databaseUrl })`). */
  databaseUrl: string;
  /** The in-process fake WeChat (sandbox mode), or null when the test pointed elsewhere. */
  fake: FakeWechat | null;
  /** Every log line the app wrote, when `captureLogs` was set. */
  logs: string[];
  close(): Promise<void>;
}

export async function createTestApp(
  options: {
    env?: Record<string, string>;
    captureLogs?: boolean;
    /**
     * Another instance of the same deployment: this database URL (e.g. `t.databaseUrl`) instead
     * of a fresh database, left in place by close(). Pass the first app's HUIYUAN_DATA_KEY in
     * `env` too (`sameDeployment(t)`), as real instances share their keys.
     */
    databaseUrl?: string;
  } = {},
): Promise<TestApp> {
  const database = options.databaseUrl ? { url: options.databaseUrl, drop: () => Promise.resolve() } : await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: TEST_JWT_SECRET,
    HUIYUAN_DATA_KEY: randomBytes(32).toString('hex'),
    HUIYUAN_SERVE_H5: '0',
    HUIYUAN_JOBS: '0',
    LOG_LEVEL: options.captureLogs ? 'trace' : 'silent',
    HUIYUAN_LOGIN_RATE_LIMIT: '100000',
    // Claims per member per second: tests claim in tight loops (abuse-limits tests set their own).
    HUIYUAN_RATE_LIMITS: 'couponClaim=100000/1s',
    ...options.env,
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  // HUIYUAN_TEST_LOGS=1 shows the app's errors on stderr while debugging a test.
  const logger = process.env.HUIYUAN_TEST_LOGS
    ? pino({ level: 'error' }, process.stderr)
    : pino({ level: config.logLevel }, sink);
  const app = await createApp({ config, databaseUrl: database.url, logger });
  // A real listening socket with a deep backlog: supertest on an unlistened server opens and
  // closes a listener per request, which resets connections when hundreds run at once.
  await app.listen({ port: 0, host: '127.0.0.1', backlog: 4096 });
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    app,
    http: request(`http://127.0.0.1:${port}`),
    config,
    db: app.get(DataSource),
    databaseUrl: database.url,
    fake: app.get(WechatSandboxHost).inProcessFake,
    logs,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

/** Options for a second instance of `t`'s deployment: its database and its keys. */
export function sameDeployment(t: TestApp, env: Record<string, string> = {}) {
  return { databaseUrl: t.databaseUrl, env: { HUIYUAN_DATA_KEY: t.config.dataKey.toString('hex'), ...env } };
}
