// Raw SQL helpers.
//
// `sql()` runs a statement as a *named* prepared statement on the connection that would run it
// anyway (the transaction's, or one from the pool): PostgreSQL parses and plans it once per
// connection instead of on every call, which takes about a third off the database's CPU per till
// order (docs/performance.md). The name is derived from the text, so callers just write SQL.
//
// `returning()`: TypeORM's `query()` answers UPDATE/DELETE with `[rows, rowCount]` but
// SELECT/INSERT with `rows`; it gives the RETURNING rows of any statement.
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { DataSource, type EntityManager } from 'typeorm';

export async function returning<T>(db: Pick<EntityManager, 'query'>, sql: string, params: unknown[]): Promise<T[]> {
  const result: unknown = await db.query(sql, params);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as T[];
  }
  return result as T[];
}

const names = new Map<string, string>();
function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `hy_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

interface Queryable {
  query(config: pg.QueryConfig): Promise<pg.QueryResult>;
}

interface RunnerState {
  databaseConnection?: Queryable;
  isReleased?: boolean;
  isTransactionActive?: boolean;
  connect?: () => Promise<Queryable>;
}

/**
 * The connection `db` runs on: the pool for a DataSource or its plain manager; the query
 * runner's own connection for a manager that has one (a transaction's). A manager whose runner
 * is released, or is in a transaction without a connection, is a bug (a statement would
 * silently run outside the caller's transaction, on the pool): it throws instead.
 */
async function connectionOf(db: DataSource | EntityManager): Promise<Queryable> {
  const manager = db instanceof DataSource ? db.manager : db;
  const runner = manager.queryRunner as unknown as RunnerState | undefined;
  if (!runner) return (manager.connection.driver as unknown as { master: Queryable }).master;
  if (runner.isReleased) {
    throw new Error(
      "sql(): the EntityManager's query runner is released (its transaction has ended); refusing to run on the pool",
    );
  }
  if (runner.databaseConnection) return runner.databaseConnection;
  if (runner.isTransactionActive || !runner.connect) {
    throw new Error("sql(): the EntityManager's transaction has no database connection; refusing to run on the pool");
  }
  // A query runner outside a transaction that has not connected yet: TypeORM connects it on
  // its first query; so do we.
  return runner.connect();
}

/** Rows of a statement run as a named prepared statement (see above). */
export async function sql<T>(db: DataSource | EntityManager, text: string, values: unknown[] = []): Promise<T[]> {
  const connection = await connectionOf(db);
  if (!(db instanceof DataSource)) await flushDeferred(db, connection);
  const result = await connection.query({ name: statementName(text), text, values });
  return result.rows as T[];
}

// ---- Deferred writes: one round trip for the writes a transaction needs no answer from ----
//
// `deferSql(tx, text, values)` queues an INSERT / UPDATE / DELETE that returns nothing the caller
// needs. The queue is sent as ONE statement (`WITH w0 AS (…), w1 AS (…) SELECT 1`) right before
// the transaction's next statement of any kind — through `sql()` or TypeORM (inTransaction hooks
// the query runner) — and before COMMIT. So every read still sees every earlier write, errors
// (a unique key, a CHECK) still fail the transaction before it commits, and a savepoint rolled
// back undoes the writes queued after it (they are sent before the ROLLBACK TO). The till's order
// — entry, lot, member, order, rollups — is one round trip this way (docs/performance.md).
// Rules for a deferred statement: a single INSERT / UPDATE / DELETE without its own WITH clause
// (PostgreSQL allows data-modifying CTEs only at the top level), no RETURNING the caller reads, and
// no dependence on another queued write's effect (they all run on one snapshot; foreign keys
// between them are fine — they are checked at the end of the statement). Two writes that may
// change the same table's existing rows go into separate statements (`groups`), because
// PostgreSQL would silently apply only one of two CTEs' changes to one row.

interface Deferred {
  text: string;
  values: unknown[];
}

/**
 * A write whose text and values are made when it is sent — for callers that gather rows while the
 * transaction runs (webhook events: one INSERT for all of a transaction's events, in their order).
 */
export type DeferredBuild = () => Deferred;

const queues = new WeakMap<EntityManager, (Deferred | DeferredBuild)[]>();
const combined = new Map<string, string>();
/** Managers of transactions whose every statement and COMMIT flush the queue first (inTransaction). */
const flushing = new WeakSet<EntityManager>();

/** inTransaction's hook is in place for `tx`: writes may wait for its next statement. */
export function beginDeferredWrites(tx: EntityManager): void {
  flushing.add(tx);
}

/** The transaction is over (committed after a flush, or failed): anything still queued is dropped. */
export function endDeferredWrites(tx: EntityManager): void {
  flushing.delete(tx);
  queues.delete(tx);
  gathered.delete(tx);
}

/** Whether writes queued on `db` wait for its next statement (inside inTransaction). */
export function defersWrites(db: DataSource | EntityManager): db is EntityManager {
  return !(db instanceof DataSource) && flushing.has(db);
}

/** Queues a write synchronously; only where `defersWrites(tx)` (callers that must keep several in order). */
export function queueWrite(tx: EntityManager, write: Deferred | DeferredBuild): void {
  if (!flushing.has(tx)) throw new Error('queueWrite outside inTransaction: nothing would send it');
  let queue = queues.get(tx);
  if (!queue) queues.set(tx, (queue = []));
  queue.push(write);
}

const gathered = new WeakMap<EntityManager, Map<string, { rows: unknown[]; sent: boolean }>>();

/**
 * Adds `row` to the transaction's open batch `key`; the first row of a batch queues ONE write
 * built from all of the batch's rows when the queue is sent (`build(rows)`), so N similar writes
 * (e.g. N delivered marks of one table) are one statement, not N — which `groups` would otherwise
 * have to split, one per statement. A row added after its batch was sent starts the next batch.
 * The rows of one batch must change distinct table rows (one UPDATE … FROM applies only one of
 * two source rows to the same target). Outside inTransaction the write runs at once for this row alone.
 */
export async function gatherWrite<R>(
  db: DataSource | EntityManager,
  key: string,
  row: R,
  build: (rows: R[]) => Deferred,
): Promise<void> {
  if (!defersWrites(db)) {
    const now = build([row]);
    await sql(db, now.text, now.values);
    return;
  }
  let batches = gathered.get(db);
  if (!batches) gathered.set(db, (batches = new Map()));
  const open = batches.get(key);
  if (open && !open.sent) {
    open.rows.push(row);
    return;
  }
  const batch = { rows: [row] as unknown[], sent: false };
  batches.set(key, batch);
  queueWrite(db, () => {
    batch.sent = true;
    return build(batch.rows as R[]);
  });
}

/** Queues a write for the transaction's next round trip (runs at once outside inTransaction). */
export async function deferSql(
  db: DataSource | EntityManager,
  text: string | DeferredBuild,
  values: unknown[] = [],
): Promise<void> {
  if (!defersWrites(db)) {
    const now = typeof text === 'string' ? { text, values } : text();
    await sql(db, now.text, now.values);
    return;
  }
  queueWrite(db, typeof text === 'string' ? { text, values } : text);
}

/** The queued writes as one statement, parameters renumbered (texts cached: the set is small). */
function combine(parts: Deferred[]): { text: string; values: unknown[] } {
  if (parts.length === 1) return parts[0]!;
  const key = parts.map((p) => p.text).join('\u0000');
  let text = combined.get(key);
  if (!text) {
    let offset = 0;
    const ctes = parts.map((p, i) => {
      const shifted = p.text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
      offset += p.values.length;
      return `w${i} AS (${shifted})`;
    });
    text = `WITH ${ctes.join(', ')} SELECT 1`;
    if (combined.size < 1000) combined.set(key, text);
  }
  return { text, values: parts.flatMap((p) => p.values) };
}

const changedTables = new Map<string, string | null>();

/**
 * The table a statement may change existing rows of (UPDATE, DELETE, or an INSERT … ON CONFLICT
 * DO UPDATE), else null. Two such changes of one table never share a statement: PostgreSQL applies
 * only one of two CTEs' updates to the same row, silently.
 */
function rowsChangedIn(text: string): string | null {
  let table = changedTables.get(text);
  if (table === undefined) {
    table = tableWhoseRowsChange(text);
    if (changedTables.size < 1000) changedTables.set(text, table);
  }
  return table;
}

function tableWhoseRowsChange(text: string): string | null {
  const update = /^\s*(?:UPDATE|DELETE\s+FROM)\s+("?\w+"?)/i.exec(text);
  if (update) return update[1]!;
  const upsert = /^\s*INSERT\s+INTO\s+("?\w+"?)[\s\S]*\bDO\s+UPDATE\b/i.exec(text);
  return upsert ? upsert[1]! : null;
}

/** The queue in statement-sized groups, in order: a group closes before a table's rows would change twice. */
function groups(queue: Deferred[]): Deferred[][] {
  const out: Deferred[][] = [];
  let current: Deferred[] = [];
  let changed = new Set<string>();
  for (const part of queue) {
    const table = rowsChangedIn(part.text);
    if (table && changed.has(table)) {
      out.push(current);
      current = [];
      changed = new Set();
    }
    if (table) changed.add(table);
    current.push(part);
  }
  out.push(current);
  return out;
}

/** Sends the queued writes of `db` now (no-op when none). Called before any statement and before COMMIT. */
export async function flushDeferred(db: EntityManager, connection?: Queryable): Promise<void> {
  const queue = queues.get(db);
  if (!queue || queue.length === 0) return;
  queues.delete(db); // taken before sending: a failure is not sent twice (the transaction is failing)
  const conn = connection ?? (await connectionOf(db));
  const parts = queue.map((part) => (typeof part === 'function' ? part() : part));
  for (const group of groups(parts)) {
    const { text, values } = combine(group);
    await conn.query({ name: statementName(text), text, values });
  }
}
