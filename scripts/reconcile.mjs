// `node scripts/reconcile.mjs`: checks every points-ledger invariant over the whole database
// (DATABASE_URL, or the embedded PostgreSQL of HUIYUAN_DATA_DIR / .data while `pnpm start` runs).
// Also checks the analytics rollups against their recomputation (docs/metrics.md).
// Exits 1 and lists the violations when anything disagrees.
import path from 'node:path';
import { connectDatabase, programmeTimezone, runChecks } from './lib/database.mjs';
import { ensureBuilt, ensureInstalled, ROOT } from './lib/setup.mjs';

ensureInstalled();
ensureBuilt({ h5: false });
const { INVARIANTS } = await import(path.join(ROOT, 'server', 'dist', 'loyalty', 'reconciliation.service.js'));
const { analyticsInvariants } = await import(path.join(ROOT, 'server', 'dist', 'analytics', 'analytics.repository.js'));

const client = await connectDatabase();
// Analytics rollups = their recomputation, in the programme's timezone in force.
const failures = await runChecks(client, [...INVARIANTS, ...analyticsInvariants(await programmeTimezone(client))]);
await client.end();
process.stdout.write(failures === 0 ? 'ledger is consistent\n' : `${failures} violation(s)\n`);
process.exit(failures === 0 ? 0 : 1);
