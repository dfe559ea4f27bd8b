// The database the operator scripts (reconcile, analytics rebuild) work on: DATABASE_URL, or the
// embedded PostgreSQL of HUIYUAN_DATA_DIR / .data while `pnpm start` runs; and the one way they
// run invariant checks (each a SELECT of (subject, detail) rows that should return nothing).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './setup.mjs';

/** A connected pg client (exits 2 with a clear line when there is no database to reach). */
export async function connectDatabase() {
  const { default: pg } = await import(path.join(ROOT, 'server', 'node_modules', 'pg', 'lib', 'index.js'));
  let url = process.env.DATABASE_URL;
  if (!url) {
    const dataDir = path.resolve(process.env.HUIYUAN_DATA_DIR ?? path.join(ROOT, '.data'));
    const passwordFile = path.join(dataDir, 'pg-password');
    if (!existsSync(passwordFile)) {
      process.stderr.write(`no database: set DATABASE_URL, or start the product first (no ${passwordFile})\n`);
      process.exit(2);
    }
    const port = process.env.HUIYUAN_PG_PORT ?? '5488';
    url = `postgres://postgres:${encodeURIComponent(readFileSync(passwordFile, 'utf8').trim())}@127.0.0.1:${port}/huiyuan`;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/**
 * The programme's timezone in force (rollup days are its local days).
 * @param {{ query: (sql: string) => Promise<{ rows: { tz: string | null }[] }> }} client
 */
export async function programmeTimezone(client) {
  const { rows } = await client.query(
    `SELECT definition->>'timezone' AS tz FROM programme_version ORDER BY version DESC LIMIT 1`,
  );
  return rows[0]?.tz ?? 'Asia/Shanghai';
}

/**
 * Runs each check, prints ok / FAIL with up to 20 offending rows, and returns how many rows disagreed.
 * @param {{ query: (sql: string) => Promise<{ rows: { subject: string, detail: string }[] }> }} client
 * @param {{ check: string, sql: string }[]} checks
 */
export async function runChecks(client, checks) {
  let failures = 0;
  for (const inv of checks) {
    const { rows } = await client.query(`SELECT * FROM (${inv.sql}) AS v(subject, detail) LIMIT 20`);
    process.stdout.write(`${rows.length === 0 ? 'ok  ' : 'FAIL'}  ${inv.check}\n`);
    for (const r of rows) process.stdout.write(`        ${r.subject}: ${r.detail}\n`);
    failures += rows.length;
  }
  return failures;
}
