// The one helper that opens transactions. Deadlocks (40P01) and serialization failures
// (40001) are retried a few times with jitter, whether the failing statement went through
// TypeORM or through `sql()` (common/pg-error.ts reads both); so is a unique violation of a
// constraint the caller names in `retryOnUnique` (a concurrent insert of the same natural key
// committed first: the next attempt finds the winner's row). Everything else propagates.
import type { DataSource, EntityManager } from 'typeorm';
import { idempotentWork } from './idempotency.js';
import { beginDeferredWrites, endDeferredWrites, flushDeferred } from './sql.js';
import { isUniqueViolation, pgErrorCode } from './pg-error.js';

export { pgConstraint, pgErrorCode } from './pg-error.js';

type IsolationLevel = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';
const RETRYABLE = new Set(['40001', '40P01']);

export interface TransactionOptions {
  isolation?: IsolationLevel;
  /** Tries in all (default 5). */
  attempts?: number;
  /** Unique constraints whose violation means "someone else just inserted it": retry. */
  retryOnUnique?: readonly string[];
}

export function isRetryable(err: unknown, options: Pick<TransactionOptions, 'retryOnUnique'> = {}): boolean {
  const code = pgErrorCode(err);
  if (code && RETRYABLE.has(code)) return true;
  return options.retryOnUnique ? isUniqueViolation(err, options.retryOnUnique) : false;
}

export async function inTransaction<T>(
  db: DataSource,
  work: (tx: EntityManager) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const attempts = options.attempts ?? 5;
  // An `Idempotency-Key` of this request (common/idempotency.ts) is recorded in the first
  // transaction the request opens, beside its effect.
  const body = withDeferredWrites(idempotentWork(work));
  for (let attempt = 1; ; attempt++) {
    try {
      // READ COMMITTED is PostgreSQL's default: not naming it saves a SET TRANSACTION round trip.
      return await (options.isolation && options.isolation !== 'READ COMMITTED'
        ? db.transaction(options.isolation, body)
        : db.transaction(body));
    } catch (err) {
      if (!isRetryable(err, options) || attempt >= attempts) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
    }
  }
}

/**
 * Deferred writes (`deferSql`, common/sql.ts) are sent before every statement of the transaction,
 * whichever way it is issued: TypeORM's query runner is wrapped here, `sql()` flushes itself;
 * and once more when the work is done, before COMMIT.
 */
function withDeferredWrites<T>(work: (tx: EntityManager) => Promise<T>): (tx: EntityManager) => Promise<T> {
  return async (tx) => {
    const runner = tx.queryRunner;
    if (!runner) return work(tx);
    const query = runner.query.bind(runner);
    runner.query = (async (...args: Parameters<typeof query>) => {
      await flushDeferred(tx);
      return query(...args);
    }) as typeof runner.query;
    beginDeferredWrites(tx);
    try {
      const result = await work(tx);
      await flushDeferred(tx);
      return result;
    } finally {
      endDeferredWrites(tx);
      runner.query = query;
    }
  };
}

/**
 * A savepoint in `tx`: work after it can be undone without ending the transaction (a lottery prize
 * granted and then refused by its stock). Release or roll back exactly once.
 */
export async function savepoint(
  tx: EntityManager,
  name: string,
): Promise<{ release(): Promise<void>; rollback(): Promise<void> }> {
  if (!/^[a-z_]+$/.test(name)) throw new RangeError(`savepoint name ${name} must be [a-z_]+`);
  await tx.query(`SAVEPOINT ${name}`);
  return {
    release: async () => void (await tx.query(`RELEASE SAVEPOINT ${name}`)),
    rollback: async () => void (await tx.query(`ROLLBACK TO SAVEPOINT ${name}`)),
  };
}

/** `work` under a savepoint: released when it resolves, rolled back (and rethrown) when it throws. */
export async function inSavepoint<T>(tx: EntityManager, name: string, work: () => Promise<T>): Promise<T> {
  const point = await savepoint(tx, name);
  try {
    const result = await work();
    await point.release();
    return result;
  } catch (err) {
    await point.rollback();
    throw err;
  }
}
