// What PostgreSQL said about a failed statement, whichever way the statement was sent: TypeORM
// wraps driver errors in `QueryFailedError` (`.driverError`), while `sql()` (common/sql.ts) talks
// to the pg connection directly and gets a bare `pg.DatabaseError`. Every place that looks at a
// SQLSTATE or a constraint name (the transaction helper's retry, the error filter, services
// translating unique violations) reads it through here, so none of them misses either kind.
import pg from 'pg';
import { QueryFailedError } from 'typeorm';

export interface PgErrorInfo {
  /** SQLSTATE, e.g. `23505` unique_violation, `40P01` deadlock_detected. */
  code: string;
  constraint?: string;
}

export function pgError(err: unknown): PgErrorInfo | undefined {
  const driver: unknown = err instanceof QueryFailedError ? err.driverError : err;
  if (!isDatabaseError(driver)) return undefined;
  return { code: driver.code, ...(driver.constraint ? { constraint: driver.constraint } : {}) };
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** `pg.DatabaseError`, also from another copy of `pg` (same shape: a SQLSTATE and a severity). */
function isDatabaseError(e: unknown): e is { code: string; constraint?: string } {
  if (e instanceof pg.DatabaseError) return typeof e.code === 'string';
  if (!e || typeof e !== 'object') return false;
  const { code, severity } = e as { code?: unknown; severity?: unknown };
  return typeof code === 'string' && SQLSTATE.test(code) && typeof severity === 'string';
}

/** PostgreSQL's error code (SQLSTATE) of a failed statement, if it is one. */
export function pgErrorCode(err: unknown): string | undefined {
  return pgError(err)?.code;
}

/** The constraint a failed statement violated, if PostgreSQL named one. */
export function pgConstraint(err: unknown): string | undefined {
  return pgError(err)?.constraint;
}

/** A unique violation, optionally of one of the named constraints. */
export function isUniqueViolation(err: unknown, constraints?: readonly string[]): boolean {
  const info = pgError(err);
  if (info?.code !== '23505') return false;
  return !constraints || (info.constraint !== undefined && constraints.includes(info.constraint));
}
