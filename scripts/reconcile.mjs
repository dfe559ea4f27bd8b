// `node scripts/reconcile.mjs`: checks every points-ledger invariant over the whole database
// (DATABASE_URL, or the embedded PostgreSQL of HUIYUAN_DATA_DIR / .data while `pnpm start` runs).
// Also checks the analytics rollups against their recomputation (docs/metrics.md).
// Exits 1 and lists the violations when anything disagrees.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ensureBuilt, ensureInstalled, ROOT } from './lib/setup.mjs';

ensureInstalled();
ensureBuilt({ h5: false });
const { default: pg } = await import(path.join(ROOT, 'server', 'node_modules', 'pg', 'lib', 'index.js'));
const { INVARIANTS } = await import(path.join(ROOT, 'server', 'dist', 'loyalty', 'reconciliation.service.js'));
const { analyticsInvariants } = await import(path.join(ROOT, 'server', 'dist', 'analytics', 'analytics.repository.js'));

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
// Analytics rollups = their recomputation, in the programme's timezone in force.
const { rows: tzRows } = await client.query(
  `SELECT definition->>'timezone' AS tz FROM programme_version ORDER BY version DESC LIMIT 1`,
);
const checks = [...INVARIANTS, ...analyticsInvariants(tzRows[0]?.tz ?? 'Asia/Shanghai')];
let failures = 0;
for (const inv of checks) {
  const { rows } = await client.query(`SELECT * FROM (${inv.sql}) AS v(subject, detail) LIMIT 20`);
  process.stdout.write(`${rows.length === 0 ? 'ok  ' : 'FAIL'}  ${inv.check}\n`);
  for (const r of rows) process.stdout.write(`        ${r.subject}: ${r.detail}\n`);
  failures += rows.length;
}
await client.end();
process.stdout.write(failures === 0 ? 'ledger is consistent\n' : `${failures} violation(s)\n`);
process.exit(failures === 0 ? 0 : 1);
