// One instance at a time through the start-up steps that change shared schema: our migrations
// (TypeORM takes no lock of its own) and pg-boss's queue setup (two instances creating queues at
// the same moment deadlock inside pg-boss). A session-level advisory lock on a connection of its
// own: held across the steps, released when they end or the connection drops.
import pg from 'pg';

/** Any fixed 64-bit key; this one is `huiyuan:startup` hashed once, written down. */
const STARTUP_LOCK_KEY = '7262840516311098167';

export async function withStartupLock<T>(databaseUrl: string, work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'huiyuan-startup' });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1::bigint)', [STARTUP_LOCK_KEY]);
    try {
      return await work();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1::bigint)', [STARTUP_LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}
