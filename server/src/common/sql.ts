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
  const result = await connection.query({ name: statementName(text), text, values });
  return result.rows as T[];
}
