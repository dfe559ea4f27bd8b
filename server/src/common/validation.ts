// Global validation: DTO classes (class-validator) describe every body and query; unknown
// fields are rejected, values are transformed to their declared types. Two checks class-validator
// does not make run around it: no NUL character in any string of a body, query or path (PostgreSQL
// refuses them in text, which was a 500), and no `null` for a field unless its OpenAPI schema says
// `nullable` (`@IsOptional()` lets `null` through to the services as if it were a value).
import { type ArgumentMetadata, ValidationPipe, type ValidationError } from '@nestjs/common';
import { isLocalDate } from '@huiyuan/shared';
import { registerDecorator, type ValidationOptions } from 'class-validator';
import { DomainError } from './domain-error.js';

/** The path of the first string (or object key) holding a NUL character, or null. */
export function pathOfNul(value: unknown, path: string, seen = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path || 'value' : null;
  if (seen > 64 || !value || typeof value !== 'object') return null;
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const here = path ? `${path}.${key}` : key;
    if (key.includes('\u0000')) return here;
    const found = pathOfNul(v, here, seen + 1);
    if (found) return found;
  }
  return null;
}

/** Where `@ApiProperty()` keeps a property's schema (@nestjs/swagger's DECORATORS.API_MODEL_PROPERTIES). */
const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';

function nullable(target: object, key: string): boolean {
  const meta = Reflect.getMetadata(API_MODEL_PROPERTIES, Object.getPrototypeOf(target) as object, key) as
    { nullable?: boolean } | undefined;
  return meta?.nullable === true;
}

/** The path of the first `null` in a DTO instance where its class does not declare `nullable`. */
export function pathOfForbiddenNull(value: unknown, path = '', seen = 0): string | null {
  if (seen > 64 || !value || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = pathOfForbiddenNull(v, `${path}[${i}]`, seen + 1);
      if (found) return found;
    }
    return null;
  }
  if (Object.getPrototypeOf(value) === Object.prototype) return null; // a free-form object, not a DTO
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const here = path ? `${path}.${key}` : key;
    if (v === null && !nullable(value, key)) return here;
    const found = pathOfForbiddenNull(v, here, seen + 1);
    if (found) return found;
  }
  return null;
}

class ApiValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      const field = pathOfNul(value, metadata.data ?? '');
      if (field !== null) {
        throw DomainError.validation(`${field}: must not contain NUL characters`, [
          { field, messages: ['must not contain NUL characters'] },
        ]);
      }
    }
    const out: unknown = await super.transform(value, metadata);
    if (metadata.type === 'body' || metadata.type === 'query') {
      const field = pathOfForbiddenNull(out, metadata.data ?? '');
      if (field !== null) {
        throw DomainError.validation(`${field}: must not be null (leave it out instead)`, [
          { field, messages: ['must not be null'] },
        ]);
      }
    }
    return out;
  }
}

function flatten(errors: ValidationError[], parent = ''): { field: string; messages: string[] }[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, messages: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

export function createValidationPipe(): ValidationPipe {
  return new ApiValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      const first = details[0];
      return DomainError.validation(first ? `${first.field}: ${first.messages[0]}` : 'invalid request', details);
    },
  });
}

/** Dates a client may send: real calendar days in [1900-01-01, 2199-12-31] (PostgreSQL and the rules handle these). */
export const EARLIEST_DATE = '1900-01-01';
export const LATEST_DATE = '2199-12-31';

/** A real local date YYYY-MM-DD within [EARLIEST_DATE, LATEST_DATE] (rejects 2026-02-31 and 9999-12-31). */
export function IsLocalDate(options: ValidationOptions = {}): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isLocalDate',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `$property must be a date YYYY-MM-DD between ${EARLIEST_DATE} and ${LATEST_DATE}`, ...options },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && isLocalDate(value) && value >= EARLIEST_DATE && value <= LATEST_DATE,
      },
    });
}

/** A month YYYY-MM within the same range. */
export function IsLocalMonth(options: ValidationOptions = {}): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isLocalMonth',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: `$property must be a month YYYY-MM between ${EARLIEST_DATE.slice(0, 7)} and ${LATEST_DATE.slice(0, 7)}`,
        ...options,
      },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          isLocalDate(`${value}-01`) &&
          value >= EARLIEST_DATE.slice(0, 7) &&
          value <= LATEST_DATE.slice(0, 7),
      },
    });
}
