// The OpenAPI side of a route's outcomes, beside its handler: the success response as the schema
// of a shared type (generated from shared/src/api, and checked at compile time against what the
// handler returns), a file, no content, and the error codes its use case can answer. openapi.ts
// adds what every route of a kind answers (400 for bad input, 401/403 for auth, 404 for unknown
// path ids) and gives every error response the ApiError schema.
import { ApiResponse } from '@nestjs/swagger';
import type { ErrorCode } from '@huiyuan/shared';
import type { ApiComponentName, ApiSchemaTypes } from './api-schemas.generated.js';

export type ApiSchemaName = keyof ApiSchemaTypes;

export const schemaRef = (name: string): { $ref: string } => ({ $ref: `#/components/schemas/${name}` });

/**
 * For a DTO property whose shape a shared type describes (free-form for class-validator, checked by
 * a shared rule): `@ApiProperty({ description, ...apiSchema('SegmentConditions') })`, or
 * `apiSchema('ProgrammeTierView', true)` for an array of them.
 */
export function apiSchema(
  name: ApiComponentName,
  isArray = false,
): { allOf: { $ref: string }[] } | { type: 'array'; items: { $ref: string } } {
  return isArray ? { type: 'array', items: schemaRef(name) } : { allOf: [schemaRef(name)] };
}

/** Where ApiErrors keeps a handler's (or controller's) error codes; openapi.ts reads it. */
export const API_ERRORS_KEY = 'huiyuan:api-errors';

type SuccessStatus = 200 | 201 | 202;
const SUCCESS: Record<SuccessStatus, string> = { 200: 'OK', 201: 'Created', 202: 'Accepted' };

/** A handler whose result is a `T` (or a promise of one). */
type Returning<T> = (...args: never[]) => T | Promise<T>;

/**
 * The success response: `status` with the component schema `name`. The handler must return that
 * shared type (a compile error otherwise), so the document cannot name another one. `replay`
 * documents the 200 an idempotent create answers when a request is repeated.
 */
export function ApiResult<K extends ApiSchemaName>(
  name: K,
  status: SuccessStatus = 200,
  options: { description?: string; replay?: string } = {},
) {
  return <F extends Returning<ApiSchemaTypes[K]>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<F>,
  ): void => {
    ApiResponse({ status, description: options.description ?? SUCCESS[status], schema: schemaRef(name) })(
      target,
      key,
      descriptor,
    );
    if (options.replay)
      ApiResponse({ status: 200, description: options.replay, schema: schemaRef(name) })(target, key, descriptor);
  };
}

/** 204: done, nothing to say. */
export function ApiNoContent(description = 'No Content') {
  return <F extends Returning<void>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<F>): void => {
    ApiResponse({ status: 204, description })(target, key, descriptor);
  };
}

/** 200 with a file (`text/csv`, `image/png`) instead of JSON. */
export function ApiFile(mediaType: 'text/csv' | 'image/png', description: string) {
  return <F extends Returning<void>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<F>): void => {
    const schema = mediaType === 'image/png' ? { type: 'string', format: 'binary' } : { type: 'string' };
    ApiResponse({ status: 200, description, content: { [mediaType]: { schema } } })(target, key, descriptor);
  };
}

/**
 * The error codes a route's use case can answer beyond the generic ones, e.g.
 * `@ApiErrors('ORDER_NO_CONFLICT', 'INSUFFICIENT_POINTS')`: each becomes (part of) the error
 * response of its status (the shared ERROR_STATUS table). On a controller: for all its routes.
 */
export function ApiErrors(...codes: ErrorCode[]): MethodDecorator & ClassDecorator {
  return (target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    const holder = (descriptor?.value ?? target) as object;
    const existing = (Reflect.getMetadata(API_ERRORS_KEY, holder) as ErrorCode[] | undefined) ?? [];
    Reflect.defineMetadata(API_ERRORS_KEY, [...existing, ...codes], holder);
  };
}
