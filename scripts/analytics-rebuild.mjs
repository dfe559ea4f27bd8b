// `pnpm analytics:rebuild`: recomputes every analytics rollup from the raw rows (members, orders,
// refunds, check-ins) in one transaction, then checks rollups = recomputation. `--check` only
// checks (exits 1 listing the differences). DATABASE_URL, or the embedded PostgreSQL of
// HUIYUAN_DATA_DIR / .data while `pnpm start` runs. docs/metrics.md, "Rebuild".
import path from 'node:path';
import { connectDatabase, programmeTimezone, runChecks } from './lib/database.mjs';
import { ensureBuilt, ensureInstalled, ROOT } from './lib/setup.mjs';

ensureInstalled();
ensureBuilt({ h5: false });
const { rebuildStatements, analyticsInvariants } = await import(
  path.join(ROOT, 'server', 'dist', 'analytics', 'analytics.repository.js')
);

const client = await connectDatabase();
const timezone = await programmeTimezone(client);
if (!process.argv.includes('--check')) {
  const started = Date.now();
  await client.query('BEGIN');
  for (const statement of rebuildStatements(timezone)) await client.query(statement);
  await client.query('COMMIT');
  process.stdout.write(`rollups rebuilt (${timezone}) in ${Date.now() - started} ms\n`);
}
const failures = await runChecks(client, analyticsInvariants(timezone));
await client.end();
process.stdout.write(failures === 0 ? 'rollups = recomputation\n' : `${failures} difference(s)\n`);
process.exit(failures === 0 ? 0 : 1);
