// Starts one PostgreSQL for the whole test run (embedded, or the server in DATABASE_URL) and
// prepares a migrated template database; each test file then clones it (CREATE DATABASE …
// TEMPLATE), which takes milliseconds and isolates files from each other.
// Jest loads global setup outside its module system, so this uses the compiled server
// (`pnpm --filter @huiyuan/server build`, which the test scripts run first).
import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import pg from 'pg';
import { createDataSource } from '../dist/database/data-source.js';
import { startEmbeddedPostgres } from '../dist/database/embedded-postgres.js';

export const TEMPLATE_DB = 'huiyuan_test_template';

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export default async function globalSetup() {
  let adminUrl;
  if (process.env.DATABASE_URL) {
    adminUrl = process.env.DATABASE_URL;
  } else {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'huiyuan-test-pg-'));
    const running = await startEmbeddedPostgres({ dataDir, port: await freePort(), durable: false });
    globalThis.__HUIYUAN_TEST_PG__ = running;
    adminUrl = running.adminUrl;
  }
  process.env.HUIYUAN_TEST_ADMIN_URL = adminUrl;

  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  await admin.end();

  const url = new URL(adminUrl);
  url.pathname = `/${TEMPLATE_DB}`;
  const ds = createDataSource(url.toString());
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();
}
