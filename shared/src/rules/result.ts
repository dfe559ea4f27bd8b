// The shape of a rule's expected "no": a value the service turns into a DomainError, never a throw.
import type { ErrorCode } from '../api/errors.js';

export interface Refusal<C extends ErrorCode = ErrorCode, R extends string = string> {
  ok: false;
  code: C;
  /** A stable machine-readable detail (snake_case) when one code covers several causes. */
  reason?: R;
}

export function refuse<C extends ErrorCode, R extends string = string>(code: C, reason?: R): Refusal<C, R> {
  return reason === undefined ? { ok: false, code } : { ok: false, code, reason };
}

/** Throws for inputs no caller may send (a DTO validates them first); business "no" is a Refusal. */
export function assertCount(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${what} must be a non-negative integer`);
  return value;
}
