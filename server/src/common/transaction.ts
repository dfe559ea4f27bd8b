// The one helper that opens transactions. Deadlocks (40P01) and serialization failures
// (40001) are retried a few times with jitter; everything else propagates.
import type { DataSource, EntityManager } from 'typeorm';
import { QueryFailedError } from 'typeorm';

type IsolationLevel = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';
const RETRYABLE = new Set(['40001', '40P01']);

export async function inTransaction<T>(
  db: DataSource,
  work: (tx: EntityManager) => Promise<T>,
  options: { isolation?: IsolationLevel; attempts?: number } = {},
): Promise<T> {
  const attempts = options.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    try {
      // READ COMMITTED is PostgreSQL's default: not naming it saves a SET TRANSACTION round trip.
      return await (options.isolation && options.isolation !== 'READ COMMITTED'
        ? db.transaction(options.isolation, work)
        : db.transaction(work));
    } catch (err) {
      const code = err instanceof QueryFailedError ? (err.driverError as { code?: string }).code : undefined;
      if (!code || !RETRYABLE.has(code) || attempt >= attempts) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
    }
  }
}

/** PostgreSQL's error code of a failed query, if it is one. */
export function pgErrorCode(err: unknown): string | undefined {
  return err instanceof QueryFailedError ? (err.driverError as { code?: string }).code : undefined;
}

export function pgConstraint(err: unknown): string | undefined {
  return err instanceof QueryFailedError ? (err.driverError as { constraint?: string }).constraint : undefined;
}
