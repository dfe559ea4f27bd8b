// The OpenAPI document of the API: served at /api/docs(-json) by the app, and written to
// admin/src/api/openapi.json by `pnpm openapi` for the console's typed client (docs/console.md).
// One builder for both, so the committed client always describes what the server serves.
//
// What each route declares (common/api-docs.ts: its success schema, its specific error codes) is
// completed here from what the routes are: the response schemas come from the types generated out
// of shared/src/api (common/api-schemas.generated.ts); every route with input can answer 400, every
// authenticated one 401 and 403 (which 403 codes: from its @Roles, @ConsentExempt, @StoreScoped),
// every one with a path id 404; and every error response is an `ApiError`. The request schemas come
// from the DTOs' @ApiProperty decorators, completed from their class-validator decorators (types,
// bounds, lengths, enums, formats), so the document states every rule the validation applies.
import { ParseUUIDPipe } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer, NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import { ERROR_CODES, ERROR_STATUS, type ErrorCode, type Role } from '@huiyuan/shared';
import { AppModule } from './app.module.js';
import { API_ERRORS_KEY, schemaRef } from './common/api-docs.js';
import { API_SCHEMAS } from './common/api-schemas.generated.js';
import { CONSENT_EXEMPT_KEY, PUBLIC_KEY, ROLES_KEY, STORE_SCOPE_KEY } from './common/auth.js';
import { loadConfig } from './config/config.js';
import { addWebhooksToOpenApi } from './webhooks/webhook-openapi.js';

/** The schema of every error body (common/http-exception.filter.ts), under this component name. */
export const API_ERROR_SCHEMA = 'ApiError';
const BEARER = 'bearer';

/** The document of an app whose routes are registered (global prefix set). */
export function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Huiyuan API')
    .setDescription(
      'Membership and loyalty platform (API.md). Amounts are integer fen; instants ISO-8601 UTC; local dates YYYY-MM-DD. ' +
        'Every error answers an `ApiError` whose `code` clients switch on; each operation lists the codes it can answer per status.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  const facts = routeFacts(app);
  addValidationRules(document, facts);
  completeOperations(document, facts);
  addResponseSchemas(document);
  return addWebhooksToOpenApi(document);
}

/** What the route decorators say about one handler, by the operationId Nest gives it. */
interface RouteFacts {
  isPublic: boolean;
  roles: Role[];
  consentExempt: boolean;
  storeScoped: boolean;
  errorCodes: ErrorCode[];
  /** The class of its @Query() DTO, if any. */
  queryDto: (new () => object) | null;
  /** Its path parameters parsed by ParseUUIDPipe. */
  uuidParams: string[];
}

function routeFacts(app: NestFastifyApplication): Map<string, RouteFacts> {
  const facts = new Map<string, RouteFacts>();
  for (const module of app.get(ModulesContainer, { strict: false }).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!controller) continue;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (Object.getOwnPropertyDescriptor(controller.prototype, name)?.value ?? null) as object | null;
        if (typeof handler !== 'function' || !Reflect.hasMetadata(METHOD_METADATA, handler)) continue;
        if (!Reflect.hasMetadata(PATH_METADATA, handler)) continue;
        // As the guard reads them: the handler's own, else the controller's.
        const read = <T>(key: string): T | undefined =>
          (Reflect.getMetadata(key, handler) as T | undefined) ?? (Reflect.getMetadata(key, controller) as T | undefined);
        facts.set(`${controller.name}_${name}`, {
          ...routeArguments(controller, name),
          isPublic: read<boolean>(PUBLIC_KEY) === true,
          roles: read<Role[]>(ROLES_KEY) ?? [],
          consentExempt: read<boolean>(CONSENT_EXEMPT_KEY) === true,
          storeScoped: read<string>(STORE_SCOPE_KEY) !== undefined,
          errorCodes: [
            ...((Reflect.getMetadata(API_ERRORS_KEY, controller) as ErrorCode[] | undefined) ?? []),
            ...((Reflect.getMetadata(API_ERRORS_KEY, handler) as ErrorCode[] | undefined) ?? []),
          ],
        });
      }
    }
  }
  return facts;
}

type ValidationMetadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];
/** Nest's RouteParamtypes (not exported from @nestjs/common's index). */
const QUERY_ARG = 4;
const PARAM_ARG = 5;

/** From Nest's route-argument metadata: the @Query() DTO and the UUID-parsed path params of a handler. */
function routeArguments(controller: object, method: string): Pick<RouteFacts, 'queryDto' | 'uuidParams'> {
  type Arg = { index: number; data?: unknown; pipes?: unknown[] };
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<string, Arg>;
  const prototype = (controller as { prototype: object }).prototype;
  const types = (Reflect.getMetadata('design:paramtypes', prototype, method) ?? []) as unknown[];
  let queryDto: RouteFacts['queryDto'] = null;
  const uuidParams: string[] = [];
  for (const [key, arg] of Object.entries(args)) {
    const kind = Number(key.split(':')[0]);
    if (kind === QUERY_ARG && arg.data === undefined) {
      const type = types[arg.index];
      if (typeof type === 'function' && type !== Object) queryDto = type as new () => object;
    }
    const uuid = (arg.pipes ?? []).some((p) => p === ParseUUIDPipe || p instanceof ParseUUIDPipe);
    if (kind === PARAM_ARG && typeof arg.data === 'string' && uuid) uuidParams.push(arg.data);
  }
  return { queryDto, uuidParams };
}

type Schema = Record<string, unknown> & {
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
  required?: string[];
};

/**
 * What each class-validator decorator of a DTO property says, written into its schema where the
 * @ApiProperty left it out (an explicit value, e.g. a stricter maxLength, is kept).
 */
function applyValidator(schema: Schema, meta: ValidationMetadata): void {
  const [first, second] = (meta.constraints ?? []) as unknown[];
  if (meta.name === 'arrayMinSize' || meta.name === 'arrayMaxSize') {
    const key = meta.name === 'arrayMinSize' ? 'minItems' : 'maxItems';
    if (schema[key] === undefined) schema[key] = first;
    return;
  }
  // `each`: the rule is about the items (only inline ones: a DTO's own schema has its own rules).
  const target = meta.each ? (schema.type === 'array' ? schema.items : undefined) : schema;
  if (!target || target.$ref || target.allOf) return;
  const set = (key: string, value: unknown) => {
    if (target[key] === undefined) target[key] = value;
  };
  switch (meta.name) {
    case 'isInt':
      target.type = 'integer';
      break;
    case 'isString':
    case 'isBoolean':
    case 'isObject':
    case 'isArray':
      // Nullable unions (`string | null`) reach @nestjs/swagger as `Object`: the validator knows better.
      if (target.type === undefined || target.type === 'object') target.type = meta.name.slice(2).toLowerCase();
      break;
    case 'min':
      set('minimum', first);
      break;
    case 'max':
      set('maximum', first);
      break;
    case 'isLength':
      set('minLength', first);
      if (second !== undefined) set('maxLength', second);
      break;
    case 'minLength':
      set('minLength', first);
      break;
    case 'maxLength':
      set('maxLength', first);
      break;
    case 'isIn':
      set('enum', first);
      break;
    case 'isUuid':
      set('format', 'uuid');
      break;
    case 'isLocalDate':
      set('format', 'date');
      break;
    case 'isIso8601':
      set('format', 'date-time');
      break;
    case 'isUrl':
      set('format', 'uri');
      break;
    case 'matches':
      if (first instanceof RegExp && first.flags === '') set('pattern', first.source);
      break;
    default:
      break; // rules a schema cannot state (custom checks): the description says them
  }
}

function validatorsByProperty(dto: new () => object): Map<string, ValidationMetadata[]> {
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const meta of getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false)) {
    byProperty.set(meta.propertyName, [...(byProperty.get(meta.propertyName) ?? []), meta]);
  }
  return byProperty;
}

/** The DTO classes class-validator knows, by name (as @nestjs/swagger names their schemas). */
function validatedClasses(): Map<string, new () => object> {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<unknown, unknown> };
  const classes = new Map<string, new () => object>();
  for (const target of storage.validationMetadatas.keys()) {
    if (typeof target === 'function') classes.set(target.name, target as new () => object);
  }
  return classes;
}

/** Body DTOs (components), query DTOs (parameters) and UUID path parameters, as validated. */
function addValidationRules(document: OpenAPIObject, facts: Map<string, RouteFacts>): void {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  for (const [name, dto] of validatedClasses()) {
    const schema = schemas[name];
    if (!schema?.properties) continue;
    for (const prop of Object.values(schema.properties)) {
      // `{ type: 'object', allOf: [shared schema] }` (design:type Object beside apiSchema()): the schema says it all.
      if (prop.allOf && prop.type === 'object') delete prop.type;
    }
    for (const [property, metas] of validatorsByProperty(dto)) {
      const prop = schema.properties[property];
      if (!prop) continue;
      for (const meta of metas) applyValidator(prop, meta);
    }
  }
  for (const op of operationsOf(document)) {
    const route = op.operationId ? facts.get(op.operationId) : undefined;
    if (!route) continue;
    for (const param of op.parameters ?? []) {
      const schema = (param.schema ??= {}) as Schema;
      if (param.in === 'path' && route.uuidParams.includes(param.name)) schema.format ??= 'uuid';
      if (param.in !== 'query' || !route.queryDto) continue;
      for (const meta of validatorsByProperty(route.queryDto).get(param.name) ?? []) applyValidator(schema, meta);
    }
  }
}

interface Operation {
  operationId?: string;
  parameters?: { in: string; name: string; required?: boolean; schema?: Record<string, unknown> }[];
  requestBody?: unknown;
  security?: Record<string, string[]>[];
  responses: Record<string, { description?: string; content?: Record<string, unknown> }>;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

function operationsOf(document: OpenAPIObject): Operation[] {
  return Object.values(document.paths).flatMap((item) =>
    HTTP_METHODS.map((m) => (item as Record<string, Operation | undefined>)[m]).filter((op): op is Operation => !!op),
  );
}

const KNOWN_CODES = new Set<string>(ERROR_CODES);

/** The codes an existing description (from a shared decorator such as @Idempotent) names. */
function codesIn(description: string | undefined): ErrorCode[] {
  const words: string[] = description?.match(/\b[A-Z][A-Z_]+[A-Z]\b/g) ?? [];
  return words.filter((w): w is ErrorCode => KNOWN_CODES.has(w));
}

/** Security as the guard applies it, and every error response each operation can answer. */
function completeOperations(document: OpenAPIObject, facts: Map<string, RouteFacts>): void {
  for (const op of operationsOf(document)) {
    const route = op.operationId ? facts.get(op.operationId) : undefined;
    if (!route) throw new Error(`OpenAPI: no route facts for operation ${op.operationId ?? '(no operationId)'}`);
    if (route.isPublic) delete op.security;
    else op.security = [{ [BEARER]: [] }];

    const codes = new Set<ErrorCode>(route.errorCodes);
    const params = op.parameters ?? [];
    if (op.requestBody || params.some((p) => p.in === 'path' || p.in === 'query' || p.name === 'Idempotency-Key')) {
      codes.add('VALIDATION_FAILED');
    }
    if (op.requestBody) {
      codes.add('MALFORMED_JSON');
      codes.add('BODY_TOO_DEEP');
      codes.add('PAYLOAD_TOO_LARGE');
    }
    if (!route.isPublic) {
      codes.add('UNAUTHENTICATED');
      codes.add('TOKEN_EXPIRED');
      codes.add('FORBIDDEN');
      if (route.roles.includes('member')) {
        codes.add('MEMBER_FROZEN');
        if (!route.consentExempt) codes.add('CONSENT_REQUIRED');
      }
      if (route.storeScoped) codes.add('STORE_SCOPE');
    }
    if (params.some((p) => p.in === 'path')) codes.add('NOT_FOUND');

    const byStatus = new Map<number, ErrorCode[]>();
    for (const [status, response] of Object.entries(op.responses)) {
      if (Number(status) >= 400 && !response.content) byStatus.set(Number(status), codesIn(response.description));
    }
    for (const code of codes) {
      const status = ERROR_STATUS[code];
      byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
    }
    for (const [status, listed] of [...byStatus].sort(([a], [b]) => a - b)) {
      const existing = op.responses[String(status)]?.description?.trim();
      const unique = [...new Set(listed)].sort((x, y) => ERROR_CODES.indexOf(x) - ERROR_CODES.indexOf(y));
      const unnamed = unique.filter((c) => !existing?.includes(c));
      const description = [unnamed.join(', '), existing].filter(Boolean).join('; ') || `HTTP ${status}`;
      op.responses[String(status)] = {
        description,
        content: { 'application/json': { schema: schemaRef(API_ERROR_SCHEMA) } },
      };
    }
    // Statuses in ascending order, success first: easier to read, stable to diff.
    op.responses = Object.fromEntries(Object.entries(op.responses).sort(([a], [b]) => a.localeCompare(b)));
  }
}

/**
 * components.schemas gains `ApiError` and every generated schema the operations reference,
 * transitively. A name the DTOs already use must hold the same schema (never silently replaced).
 */
function addResponseSchemas(document: OpenAPIObject): void {
  const schemas = (document.components ??= {}).schemas ?? {};
  document.components.schemas = schemas;
  const errorBody = API_SCHEMAS.ApiErrorBody;
  if (!errorBody) throw new Error('OpenAPI: no generated ApiErrorBody schema');
  const wanted: Record<string, unknown> = { [API_ERROR_SCHEMA]: errorBody };
  // From the operations, and from DTO properties typed by a shared schema (common/api-docs.ts apiSchema).
  const pending = [...refsIn(document.paths), ...refsIn(schemas), ...refsIn(errorBody)];
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (name in wanted) continue;
    const schema = API_SCHEMAS[name];
    if (!schema) {
      if (name in schemas) continue; // a DTO's schema, put there by @nestjs/swagger
      throw new Error(`OpenAPI: #/components/schemas/${name} is referenced but neither generated nor a DTO`);
    }
    wanted[name] = schema;
    pending.push(...refsIn(schema));
  }
  for (const [name, schema] of Object.entries(wanted)) {
    if (name in schemas && JSON.stringify(schemas[name]) !== JSON.stringify(schema)) {
      throw new Error(`OpenAPI: schema name ${name} is both a DTO and a shared type; rename one`);
    }
    schemas[name] = schema as (typeof schemas)[string];
  }
  document.components.schemas = Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)));
}

/** The component names a value references through `$ref`. */
function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refsIn(v, found);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')) found.push(v.slice(21));
      else refsIn(v, found);
    }
  }
  return found;
}

/**
 * The document without a database: Nest's preview mode registers the modules and controllers
 * (their metadata is all the document needs) without instantiating providers, so no pool, no
 * migrations, no jobs. For `pnpm openapi`; the served document comes from the running app.
 */
export async function openApiDocumentOffline(): Promise<OpenAPIObject> {
  const config = loadConfig({
    NODE_ENV: 'development',
    JWT_SECRET: 'openapi-generation-only-not-a-secret-000000',
    HUIYUAN_DATA_KEY: '0'.repeat(64),
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ config, databaseUrl: 'postgres://unused@127.0.0.1:1/unused' }),
    new FastifyAdapter(),
    { preview: true, logger: false, abortOnError: false },
  );
  app.setGlobalPrefix('api/v1');
  try {
    return buildOpenApiDocument(app);
  } finally {
    await app.close();
  }
}
