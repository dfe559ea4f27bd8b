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

function connectionOf(db: DataSource | EntityManager): Queryable {
  const manager = db instanceof DataSource ? db.manager : db;
  const runner = manager.queryRunner as unknown as { databaseConnection?: Queryable; isReleased?: boolean } | undefined;
  if (runner?.databaseConnection && !runner.isReleased) return runner.databaseConnection;
  return (manager.connection.driver as unknown as { master: Queryable }).master;
}

/** Rows of a statement run as a named prepared statement (see above). */
export async function sql<T>(db: DataSource | EntityManager, text: string, values: unknown[] = []): Promise<T[]> {
  const result = await connectionOf(db).query({ name: statementName(text), text, values });
  return result.rows as T[];
}
