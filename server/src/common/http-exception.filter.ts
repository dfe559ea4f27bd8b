// One filter for every error: DomainError, validation, Nest/Fastify HTTP errors and database
// errors all leave as API.md's `{ statusCode, error, code, message, details? }`. Anything
// unexpected is a 500 INTERNAL, logged with the request id and without the request body.
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { ApiErrorBody, ErrorCode } from '@huiyuan/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '../database/availability.js';
import { DomainError, RateLimitedError } from './domain-error.js';
import { pgErrorCode } from './pg-error.js';

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

function defaultCode(status: number): ErrorCode {
  switch (status) {
    case 400:
      return 'VALIDATION_FAILED';
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 409:
      return 'CONFLICT';
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    case 429:
      return 'RATE_LIMITED';
    default:
      return status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED';
  }
}

/** Fastify's own errors (body parsing, size, content type) carry a `code` like FST_ERR_CTP_*. */
function fromFastifyError(err: { code?: string; statusCode?: number; message?: string }): DomainError | null {
  switch (err.code) {
    case 'HY_BODY_TOO_DEEP': // common/json-body.ts
      return new DomainError('BODY_TOO_DEEP', err.message ?? 'request body nests too deep');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new DomainError('PAYLOAD_TOO_LARGE', 'request body is too large');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new DomainError('MALFORMED_JSON', 'request body is not valid JSON');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return DomainError.fromFramework('VALIDATION_FAILED', err.statusCode === 415 ? 415 : 400, 'unsupported request body');
    default:
      if (err.code?.startsWith('FST_') && err.statusCode && err.statusCode < 500) {
        return DomainError.fromFramework(defaultCode(err.statusCode), err.statusCode, err.message ?? 'bad request');
      }
      return null;
  }
}

/**
 * Database errors a client can cause map to 4xx; the rest are ours (500). Read through
 * `pgErrorCode`, so statements sent by TypeORM and by `sql()` are treated alike.
 */
function fromDatabaseError(err: unknown): DomainError | null {
  switch (pgErrorCode(err)) {
    case '22P02': // invalid_text_representation (e.g. a malformed uuid slipped past validation)
    case '22003': // numeric_value_out_of_range
    case '22001': // string_data_right_truncation
    case '22007': // invalid_datetime_format
    case '22008': // datetime_field_overflow
    case '22021': // character_not_in_repertoire (e.g. a NUL byte in text)
    case '22P05': // untranslatable_character
    case '22023': // invalid_parameter_value
    case '2201W': // invalid_row_count_in_limit_clause
    case '2201X': // invalid_row_count_in_result_offset_clause
      return new DomainError('VALIDATION_FAILED', 'a value is out of range or malformed');
    case '23505': // unique_violation that a service did not translate: a concurrent duplicate
      return new DomainError('CONFLICT', 'conflicts with a concurrent change; retry');
    case '40001':
    case '40P01':
      return new DomainError('CONFLICT', 'concurrent update; retry');
    default:
      return null;
  }
}

@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Error');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const request = ctx.getRequest<FastifyRequest>();
    const error = this.toDomainError(exception, request);
    const body: ApiErrorBody = {
      statusCode: error.status,
      error: STATUS_TEXT[error.status] ?? 'Error',
      code: error.code,
      message: error.message,
      ...(error.details ? { details: error.details } : {}),
      requestId: String(request.id),
    };
    if (error instanceof RateLimitedError) void reply.header('retry-after', String(error.retryAfterSeconds));
    void reply.status(error.status).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  private toDomainError(exception: unknown, request: FastifyRequest): DomainError {
    if (exception instanceof DomainError) return exception;
    if (isDatabaseUnavailable(exception)) return new DomainError('DB_UNAVAILABLE', 'database unavailable; retry shortly');
    if (exception instanceof HttpException) {
      // Nest wraps Fastify's own 4xx errors (body parsing, size) and keeps them as `cause`.
      const fastifyError = exception.cause && typeof exception.cause === 'object' ? fromFastifyError(exception.cause) : null;
      if (fastifyError) return fastifyError;
      const status = exception.getStatus();
      const response = exception.getResponse();
      const message =
        typeof response === 'object' && response && 'message' in response
          ? String((response as { message: unknown }).message)
          : exception.message;
      // Nest raises 404 for unknown routes with a "Cannot GET /x" message.
      return DomainError.fromFramework(defaultCode(status), status, status === 404 ? 'route not found' : message);
    }
    const fromDatabase = fromDatabaseError(exception);
    if (fromDatabase) return fromDatabase;
    if (exception && typeof exception === 'object') {
      const mapped = fromFastifyError(exception as { code?: string; statusCode?: number; message?: string });
      if (mapped) return mapped;
    }
    this.logger.error(
      {
        err:
          exception instanceof Error
            ? { name: exception.name, message: exception.message, stack: exception.stack }
            : String(exception),
        reqId: request.id,
      },
      'unhandled error',
    );
    return new DomainError('INTERNAL', 'internal error');
  }
}
