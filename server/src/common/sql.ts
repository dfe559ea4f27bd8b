// TypeORM's `query()` answers UPDATE/DELETE with `[rows, rowCount]` but SELECT/INSERT with
// `rows`. `returning` gives the RETURNING rows of any statement.
import type { EntityManager } from 'typeorm';

export async function returning<T>(db: Pick<EntityManager, 'query'>, sql: string, params: unknown[]): Promise<T[]> {
  const result: unknown = await db.query(sql, params);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as T[];
  }
  return result as T[];
}
