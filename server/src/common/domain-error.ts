// The one error type services throw; the global filter turns it into API.md's error shape.
// The HTTP status comes from the shared ERROR_STATUS table: a throw site names a code, never a status.
import { ERROR_STATUS, type ErrorCode, type Refusal } from '@huiyuan/shared';

export class DomainError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown[],
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }

  /**
   * For the error filter only: framework errors (Nest, Fastify) arrive with a status of their own
   * (405, 406, 415 …) that has no code of ours.
   */
  static fromFramework(code: ErrorCode, status: number, message: string): DomainError {
    const error = new DomainError(code, message);
    (error as { status: number }).status = status;
    return error;
  }

  /**
   * A rule's refusal as its API error: rules already return the final API code, so a service only
   * words the message. The refusal's `reason` (when one code covers several causes) travels as
   * `details: [{ reason }]`, which clients read (the mini-program's make-up and coupon messages).
   */
  static fromRefusal(refusal: Pick<Refusal, 'code' | 'reason'>, message: string): DomainError {
    return new DomainError(refusal.code, message, refusal.reason === undefined ? undefined : [{ reason: refusal.reason }]);
  }

  /** A shared rule's `{ field: problem }` record as the API's error, one `{ field, problem }` detail each. */
  static fromProblems(code: ErrorCode, message: string, problems: Record<string, string>): DomainError {
    return new DomainError(
      code,
      message,
      Object.entries(problems).map(([field, problem]) => ({ field, problem })),
    );
  }

  static notFound(what = 'resource'): DomainError {
    return new DomainError('NOT_FOUND', `${what} not found`);
  }
  static forbidden(message = 'not allowed for this role', code: ErrorCode = 'FORBIDDEN'): DomainError {
    return new DomainError(code, message);
  }
  static unauthenticated(message = 'authentication required', code: ErrorCode = 'UNAUTHENTICATED'): DomainError {
    return new DomainError(code, message);
  }
  static validation(message: string, details?: unknown[]): DomainError {
    return new DomainError('VALIDATION_FAILED', message, details);
  }
}

/** Turns a rule's refusal value into its API error (status from the shared table). */
export function refusal(code: ErrorCode, message: string): DomainError {
  return new DomainError(code, message);
}

/** A 429: the filter adds `Retry-After` (whole seconds until the window closes). */
export class RateLimitedError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    code: ErrorCode = 'RATE_LIMITED',
  ) {
    super(code, message);
  }
}
