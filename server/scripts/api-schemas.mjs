// `pnpm --filter @huiyuan/server run api-schemas`: the JSON Schemas of the API's types, generated
// from the TypeScript types in shared/src/api (the ones the controllers return) and written as
// OpenAPI 3.0 schema objects to server/src/common/api-schemas.generated.ts, which the OpenAPI
// document puts into components.schemas (server/src/openapi.ts). `--check` exits 1 when the
// committed file differs from a fresh generation (server/src/common/api-schemas.spec.ts runs it).
//
// The generator is typescript-json-schema: it asks the TypeScript type checker for each type, so
// the types shared derives from its rule registries (`keyof typeof EARNING_RULES`, `infer`) come
// out as the unions they are. (ts-json-schema-generator reads the syntax instead and cannot
// resolve those.)
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import TJS from 'typescript-json-schema';

const SERVER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = path.resolve(SERVER, '..');
const SHARED_API = path.join(ROOT, 'shared', 'src', 'api', 'index.ts');
export const OUTPUT = path.join(SERVER, 'src', 'common', 'api-schemas.generated.ts');

const REF_PREFIX = '#/definitions/';
const COMPONENT_REF = '#/components/schemas/';
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The exported, non-generic interfaces and type aliases of shared/src/api: the roots. */
function exportedTypeNames(program) {
  const checker = program.getTypeChecker();
  const index = program.getSourceFile(SHARED_API);
  if (!index) throw new Error(`${SHARED_API} is not in the program`);
  const names = [];
  for (const exported of checker.getExportsOfModule(checker.getSymbolAtLocation(index))) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    if (!(symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias))) continue;
    const generic = symbol.declarations?.some((d) => (d.typeParameters?.length ?? 0) > 0);
    if (!generic) names.push(exported.name);
  }
  return names.sort();
}

/** `import("/abs/path/shared/src/api/member",{…}).MemberCard` → `MemberCard`. */
function shortName(name) {
  return decodeURIComponent(name).replace(/import\("[^"]*"(?:,\{[^)]*\})?\)\./g, '');
}

/** The generator's definitions under their short names, aliases of a root resolved, nothing lost. */
function normaliseNames(definitions) {
  const byShort = new Map();
  for (const [name, schema] of Object.entries(definitions)) {
    const short = shortName(name);
    // A root comes as `{ $ref: <its qualified self> }`: the qualified definition is the schema.
    const selfRef = typeof schema.$ref === 'string' && shortName(schema.$ref.slice(REF_PREFIX.length)) === short;
    if (selfRef) continue;
    const previous = byShort.get(short);
    if (previous && JSON.stringify(previous) !== JSON.stringify(schema)) {
      throw new Error(`two different types are both named ${short}: rename one in shared/src/api`);
    }
    byShort.set(short, schema);
  }
  return byShort;
}

/**
 * JSON Schema (draft 07, as the generator writes it) → OpenAPI 3.0 schema object: `type` arrays
 * with "null" become `nullable`, `$ref`s point at components (and carry no siblings), generic
 * instantiations (`Record<…>`) are inlined, open records say so (`additionalProperties: {}`).
 */
function toOpenApi(schema, definitions, inlining = new Set()) {
  if (Array.isArray(schema)) return schema.map((s) => toOpenApi(s, definitions, inlining));
  if (!schema || typeof schema !== 'object') return schema;
  if (typeof schema.$ref === 'string') {
    const target = shortName(schema.$ref.slice(REF_PREFIX.length));
    const siblings = { ...schema };
    delete siblings.$ref;
    let converted;
    if (IDENTIFIER.test(target)) converted = { $ref: COMPONENT_REF + target };
    else {
      if (inlining.has(target)) throw new Error(`recursive generic type ${target} cannot be inlined`);
      const definition = definitions.get(target);
      if (!definition) throw new Error(`no definition for ${target}`);
      converted = toOpenApi(closedRecord(target, definition), definitions, new Set([...inlining, target]));
    }
    if (Object.keys(siblings).length === 0) return converted;
    const rest = toOpenApi(siblings, definitions, inlining);
    return converted.$ref ? { ...rest, allOf: [converted] } : { ...converted, ...rest };
  }

  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$schema' || key === 'definitions') continue;
    if (key === 'properties') {
      out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toOpenApi(v, definitions, inlining)]));
    } else if (key === 'const') out.enum = [value];
    else out[key] = toOpenApi(value, definitions, inlining);
  }

  if (Array.isArray(out.type)) {
    const types = out.type.filter((t) => t !== 'null');
    if (types.length < out.type.length) out.nullable = true;
    if (types.length === 1) out.type = types[0];
    else {
      delete out.type;
      out.anyOf = types.map((t) => ({ type: t }));
    }
  }
  if (Array.isArray(out.enum) && out.enum.includes(null)) out.nullable = true;
  for (const key of ['anyOf', 'oneOf']) {
    if (!Array.isArray(out[key])) continue;
    const nonNull = out[key].filter((s) => !(s && s.type === 'null' && Object.keys(s).length === 1));
    if (nonNull.length === out[key].length) continue;
    out.nullable = true;
    const rest = { ...out };
    delete rest[key];
    if (nonNull.length !== 1) return { ...rest, [key]: nonNull };
    const only = nonNull[0];
    // `X | null`: a referenced X is wrapped (siblings of $ref are ignored in OpenAPI 3.0).
    return only.$ref ? { ...rest, allOf: [only] } : { ...only, ...rest, nullable: true };
  }
  // `Record<string, unknown>` and friends: an object of any keys.
  if (out.type === 'object' && !out.properties && !('additionalProperties' in out) && !out.allOf && !out.anyOf) {
    out.additionalProperties = {};
  }
  return out;
}

/** `Record<string, never>` (no keys at all) is the one open-looking object that is closed. */
function closedRecord(name, definition) {
  return /^Record<[^,]+,never>$/.test(name) ? { ...definition, additionalProperties: false } : definition;
}

/** The generated file's text, formatted as `pnpm format` would format it. */
export async function generate() {
  const program = TJS.programFromConfig(path.join(ROOT, 'shared', 'tsconfig.build.json'), [SHARED_API]);
  const roots = exportedTypeNames(program);
  const generator = TJS.buildGenerator(program, {
    required: true,
    strictNullChecks: true,
    ref: true,
    aliasRef: false,
    topRef: true,
    titles: false,
    constAsEnum: true,
    ignoreErrors: false,
  });
  if (!generator) throw new Error('typescript-json-schema could not build a generator (type errors in shared/src/api?)');
  const { definitions = {} } = generator.getSchemaForSymbols(roots, true);
  const named = normaliseNames(definitions);
  const missing = roots.filter((r) => !named.has(r));
  if (missing.length) throw new Error(`no schema generated for ${missing.join(', ')}`);

  const schemas = {};
  for (const name of [...named.keys()].filter((n) => IDENTIFIER.test(n)).sort()) {
    schemas[name] = toOpenApi(named.get(name), named);
  }
  const text = [
    '// Generated by `pnpm --filter @huiyuan/server run api-schemas` (server/scripts/api-schemas.mjs) from',
    '// the types in shared/src/api, with typescript-json-schema. Do not edit: change the shared types',
    '// and regenerate; a test fails while this file and a fresh generation differ.',
    "import type * as Api from '@huiyuan/shared';",
    '',
    '/** The exported types of shared/src/api by schema name: what `@ApiResult(name)` checks a route against. */',
    'export interface ApiSchemaTypes {',
    ...roots.map((r) => `  ${r}: Api.${r};`),
    '}',
    '',
    '/** Every generated schema, by name: what a DTO property may reference (`apiSchema(name)`). */',
    `export type ApiComponentName = ${Object.keys(schemas)
      .map((n) => `'${n}'`)
      .join(' | ')};`,
    '',
    '/** OpenAPI 3.0 schema objects by component name (their `$ref`s point at `#/components/schemas/…`). */',
    `export const API_SCHEMAS: Readonly<Record<string, Record<string, unknown>>> = ${JSON.stringify(schemas, null, 2)};`,
    '',
  ].join('\n');
  return prettierFormat(text, OUTPUT);
}

async function prettierFormat(text, file) {
  const require = createRequire(path.join(ROOT, 'package.json'));
  const loaded = await import(pathToFileURL(require.resolve('prettier')).href);
  const prettier = typeof loaded.format === 'function' ? loaded : loaded.default;
  const options = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(text, { ...options, filepath: file });
}

async function main() {
  const text = await generate();
  const relative = path.relative(ROOT, OUTPUT);
  if (process.argv.includes('--check')) {
    let committed = null;
    try {
      committed = readFileSync(OUTPUT, 'utf8');
    } catch {
      // missing: stale
    }
    if (committed !== text) {
      console.error(
        `${relative} differs from what shared/src/api generates: run \`pnpm --filter @huiyuan/server run api-schemas\``,
      );
      process.exit(1);
    }
    console.log(`${relative} matches shared/src/api`);
    return;
  }
  writeFileSync(OUTPUT, text);
  console.log(`wrote ${relative} (${Buffer.byteLength(text)} bytes)`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main();
