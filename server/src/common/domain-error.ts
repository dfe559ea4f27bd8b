// The one error type services throw; the global filter turns it into API.md's error shape.
import type { ErrorCode } from '@huiyuan/shared';

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
    readonly details?: unknown[],
  ) {
    super(message);
  }

  static notFound(what = 'resource'): DomainError {
    return new DomainError('NOT_FOUND', 404, `${what} not found`);
  }
  static forbidden(message = 'not allowed for this role', code: ErrorCode = 'FORBIDDEN'): DomainError {
    return new DomainError(code, 403, message);
  }
  static unauthenticated(message = 'authentication required', code: ErrorCode = 'UNAUTHENTICATED'): DomainError {
    return new DomainError(code, 401, message);
  }
  static validation(message: string, details?: unknown[]): DomainError {
    return new DomainError('VALIDATION_FAILED', 400, message, details);
  }
}

/** Turns a rule's refusal value into the matching 4xx. */
export function refusal(code: ErrorCode, message: string, status = 422): DomainError {
  return new DomainError(code, status, message);
}

/** A 429: the filter adds `Retry-After` (whole seconds until the window closes). */
export class RateLimitedError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    code: ErrorCode = 'RATE_LIMITED',
  ) {
    super(code, 429, message);
  }
}
