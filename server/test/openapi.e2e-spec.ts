// The OpenAPI document the app serves is complete enough to generate a typed client from (issue 15):
// every operation has a summary, tags, a success response with a schema (or 204 / a file) and its
// error responses as `ApiError`; every $ref resolves; the request schemas say what the validators
// check. And the schemas are true: real responses of the running app are validated against the
// document's schema of their operation, strictly (a field the schema does not name fails too).
import { addDays, DEFAULT_TIMEZONE, ERROR_CODES, toLocalDate } from '@huiyuan/shared';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { CASH_100_20, claim, createTemplate } from './helpers/coupons.js';
import { loginMember, loginStaff, type LoggedInMember, type LoggedInStaff } from './helpers/factories.js';
import { identifyMember, nextOrderNo, placeOrder } from './helpers/loyalty.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

type Schema = Record<string, unknown>;
interface Response {
  description?: string;
  content?: Record<string, { schema?: Schema }>;
}
interface Operation {
  summary?: string;
  tags?: string[];
  security?: unknown[];
  parameters?: { in: string; name: string; required?: boolean; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses: Record<string, Response>;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const JSON_TYPE = 'application/json';
const ERROR_REF = '#/components/schemas/ApiError';

function operations(doc: Document): { id: string; method: string; path: string; op: Operation }[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ id: `${method.toUpperCase()} ${path}`, method, path, op })),
  );
}

/** Every `$ref` anywhere in a value. */
function refs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refs(v, found));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') found.push(v);
      else refs(v, found);
    }
  }
  return found;
}

// ---- OpenAPI 3.0 schema → JSON Schema 2019-09, closed: an object may hold only what its schema names ----

const componentOf = (ref: string) => ref.replace('#/components/schemas/', '');

/** An object schema that admits keys it does not name (a record, or composed of one). */
function isOpen(s: Schema, components: Record<string, Schema>, seen = new Set<string>()): boolean {
  if (typeof s.$ref === 'string') {
    const name = componentOf(s.$ref);
    if (seen.has(name)) return false;
    return isOpen(components[name] ?? {}, components, new Set([...seen, name]));
  }
  if ('additionalProperties' in s && s.additionalProperties !== false) return true;
  return ['allOf', 'anyOf', 'oneOf'].some((k) => ((s[k] as Schema[] | undefined) ?? []).some((m) => isOpen(m, components, seen)));
}

/** `usage`: the schema of a value (root, property, item), where unevaluatedProperties may close it. */
function toJsonSchema(s: Schema, components: Record<string, Schema>, usage: boolean): Schema {
  const { nullable, example: _example, ...rest } = s;
  const out: Schema = {};
  for (const [k, v] of Object.entries(rest)) {
    if (k === '$ref') out.$ref = `#/$defs/${componentOf(v as string)}`;
    else if (k === 'properties') {
      out.properties = Object.fromEntries(
        Object.entries(v as Record<string, Schema>).map(([p, ps]) => [p, toJsonSchema(ps, components, true)]),
      );
    } else if (k === 'items' || (k === 'additionalProperties' && v && typeof v === 'object')) {
      out[k] = toJsonSchema(v as Schema, components, true);
    } else if (k === 'allOf' || k === 'anyOf' || k === 'oneOf') {
      out[k] = (v as Schema[]).map((m) => toJsonSchema(m, components, false));
    } else out[k] = v;
  }
  let result = out;
  if (nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...(out.enum as unknown[]), null];
    if (out.type === undefined) result = { anyOf: [out, { type: 'null' }] };
  }
  // Only schemas that describe an object's keys close it (`{}` stays "anything").
  const describesKeys = ['properties', '$ref', 'allOf', 'anyOf', 'oneOf'].some((k) => k in s);
  if (usage && describesKeys && !isOpen(s, components)) result.unevaluatedProperties = false;
  return result;
}

function compileValidator(doc: Document, schema: Schema) {
  const ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: false });
  const $defs = Object.fromEntries(
    Object.entries(doc.components.schemas).map(([name, s]) => [name, toJsonSchema(s, doc.components.schemas, false)]),
  );
  return ajv.compile({ ...toJsonSchema(schema, doc.components.schemas, true), $defs });
}

/** The JSON schema of an operation's response with that status. */
function responseSchema(doc: Document, method: string, path: string, status: number): Schema {
  const schema = doc.paths[path]?.[method]?.responses[String(status)]?.content?.[JSON_TYPE]?.schema;
  if (!schema) throw new Error(`the document has no ${status} JSON schema for ${method.toUpperCase()} ${path}`);
  return schema;
}

describe('the OpenAPI document', () => {
  let t: TestApp;
  let doc: Document;
  let admin: LoggedInStaff;
  let cashier: LoggedInStaff;
  let member: LoggedInMember;

  /** `body` (a real response of `method path` answering `status`) is valid under the document's schema. */
  function expectMatches(method: string, path: string, status: number, body: unknown): void {
    const validate = compileValidator(doc, responseSchema(doc, method, path, status));
    const ok = validate(body);
    expect({ operation: `${status} ${method.toUpperCase()} ${path}`, errors: ok ? [] : validate.errors }).toEqual({
      operation: `${status} ${method.toUpperCase()} ${path}`,
      errors: [],
    });
  }

  beforeAll(async () => {
    t = await createTestApp();
    doc = (await t.http.get('/api/docs-json').expect(200)).body as Document;
    admin = await loginStaff(t, 'admin');
    cashier = await loginStaff(t, 'cashier');
    member = await loginMember(t);
  });
  afterAll(() => t.close());

  it('covers every route, each with a short summary and tags', () => {
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThanOrEqual(105);
    const bad = ops
      .filter(({ op }) => !op.summary || op.summary.length > 80 || op.summary.endsWith('.') || !op.tags?.length)
      .map(({ id, op }) => `${id}: ${op.summary ?? '(no summary)'}`);
    expect(bad).toEqual([]);
  });

  it('gives every operation a success response with a schema, a file, or 204', () => {
    const bad = operations(doc)
      .filter(({ op }) => {
        const success = Object.entries(op.responses).filter(([status]) => Number(status) >= 200 && Number(status) < 300);
        if (success.length === 0) return true;
        return success.some(([status, r]) => {
          if (status === '204') return r.content !== undefined;
          const media = Object.entries(r.content ?? {});
          if (media.length === 0) return true;
          // JSON: a component schema; a file: a string (CSV text, PNG bytes).
          return media.some(([type, m]) =>
            type === JSON_TYPE
              ? typeof m.schema?.$ref !== 'string'
              : m.schema?.type !== 'string' || type.startsWith('application/'),
          );
        });
      })
      .map(({ id }) => id);
    expect(bad).toEqual([]);
  });

  it('answers every error as an ApiError, whose code is one of the shared error codes', () => {
    const bad: string[] = [];
    for (const { id, op } of operations(doc)) {
      for (const [status, r] of Object.entries(op.responses)) {
        if (
          Number(status) < 400 ||
          (id === 'GET /api/v1/health' && status === '503') ||
          (id === 'GET /api/v1/health/ready' && status === '503')
        )
          continue;
        if (r.content?.[JSON_TYPE]?.schema?.$ref !== ERROR_REF || !r.description) bad.push(`${id} ${status}`);
      }
    }
    expect(bad).toEqual([]);
    const apiError = doc.components.schemas.ApiError as { properties: Record<string, Schema>; required: string[] };
    expect(apiError.required).toEqual(expect.arrayContaining(['statusCode', 'error', 'code', 'message']));
    expect(Object.keys(apiError.properties)).toEqual(
      expect.arrayContaining(['statusCode', 'error', 'code', 'message', 'details', 'requestId']),
    );
    const codes = doc.components.schemas[componentOf(apiError.properties.code!.$ref as string)]!.enum as string[];
    expect([...codes].sort()).toEqual([...ERROR_CODES].sort());
  });

  it('lists the generic errors where they apply: 400 for input, 401 and 403 behind a token, 404 for path ids', () => {
    const bad: string[] = [];
    for (const { id, op } of operations(doc)) {
      const statuses = Object.keys(op.responses);
      const params = op.parameters ?? [];
      const need = [
        ...(op.requestBody || params.some((p) => p.in === 'path' || p.in === 'query') ? ['400'] : []),
        ...(op.security?.length ? ['401', '403'] : []),
        ...(params.some((p) => p.in === 'path') ? ['404'] : []),
      ];
      for (const status of need) if (!statuses.includes(status)) bad.push(`${id} lacks ${status}`);
    }
    expect(bad).toEqual([]);
    // Specific codes are listed under their status.
    const order = doc.paths['/api/v1/cashier/orders']!.post!.responses;
    expect(order['409']!.description).toContain('ORDER_NO_CONFLICT');
    expect(order['422']!.description).toContain('INSUFFICIENT_POINTS');
    expect(order['403']!.description).toContain('MEMBER_NOT_PRESENT');
    expect(doc.paths['/api/v1/me/checkins']!.post!.responses['409']!.description).toContain('ALREADY_CHECKED_IN');
    // Public routes need no token.
    expect(doc.paths['/api/v1/privacy-policy']!.get!.security).toBeUndefined();
    expect(doc.paths['/api/v1/auth/wechat/login']!.post!.security).toBeUndefined();
  });

  it('resolves every $ref of the document', () => {
    const unresolved = refs(doc).filter((ref) => {
      if (!ref.startsWith('#/components/schemas/')) return true;
      return !(componentOf(ref) in doc.components.schemas);
    });
    expect([...new Set(unresolved)]).toEqual([]);
  });

  it('states in the request schemas what the validators check: types, bounds, lengths, formats', () => {
    const s = doc.components.schemas as Record<string, { properties: Record<string, Schema>; required?: string[] }>;
    expect(s.CreateOrderDto!.required).toEqual(expect.arrayContaining(['memberId', 'orderNo', 'amount']));
    expect(s.CreateOrderDto!.properties.amount).toMatchObject({ type: 'integer', minimum: 1, maximum: 100_000_000 });
    expect(s.CreateOrderDto!.properties.couponCodes).toMatchObject({ type: 'array', maxItems: 5, items: { maxLength: 32 } });
    expect(s.CreateOrderDto!.properties.items).toMatchObject({ minItems: 1, maxItems: 200 });
    expect(s.CreateCouponTemplateDto!.properties.percentOff).toMatchObject({ type: 'integer', minimum: 1, maximum: 99 });
    expect(s.CreateCouponTemplateDto!.properties.description).toMatchObject({ type: 'string', nullable: true, maxLength: 500 });
    expect(s.MakeUpCheckInDto!.properties.date).toMatchObject({ type: 'string', format: 'date' });
    expect(s.SaveSegmentDto!.properties.conditions).toMatchObject({
      allOf: [{ $ref: '#/components/schemas/SegmentConditions' }],
    });
    expect(s.PutProgrammeDto!.properties.tiers).toMatchObject({ items: { $ref: '#/components/schemas/ProgrammeTierView' } });
    const page = doc.paths['/api/v1/me/points']!.get!.parameters!.find((p) => p.name === 'limit')!;
    expect(page.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 100 });
    const id = doc.paths['/api/v1/me/coupons/{id}']!.get!.parameters!.find((p) => p.name === 'id')!;
    expect(id.schema).toMatchObject({ type: 'string', format: 'uuid' });
    // Every property of every request body and query says what it is.
    const untyped: string[] = [];
    const typed = (p: Schema) => ['type', '$ref', 'allOf', 'anyOf', 'oneOf', 'enum'].some((k) => k in p);
    for (const [name, schema] of Object.entries(s)) {
      if (!/(Dto|Body)$/.test(name)) continue;
      for (const [prop, p] of Object.entries(schema.properties ?? {})) {
        if (!typed(p) || (p.type === 'array' && !p.items)) untyped.push(`${name}.${prop}`);
      }
    }
    for (const { id: opId, op } of operations(doc)) {
      for (const p of op.parameters ?? []) if (!p.schema || !typed(p.schema)) untyped.push(`${opId} ?${p.name}`);
    }
    expect(untyped).toEqual([]);
  });

  it('describes a recorded till order and its replay as OrderResponse', async () => {
    const template = await createTemplate(t, admin, { ...CASH_100_20, totalStock: 100, perMemberLimit: 5 });
    const coupon = await claim(t, member, template.id).expect(201);
    expectMatches('post', '/api/v1/coupons/center/{templateId}/claim', 201, coupon.body);
    const identificationId = await identifyMember(t, cashier, member.id);
    const body = {
      memberId: member.id,
      orderNo: nextOrderNo('OPENAPI'),
      amount: 15_000,
      couponCodes: [(coupon.body as { code: string }).code],
      identificationId,
      items: [
        { sku: 'latte', name: '拿铁', category: 'coffee', quantity: 2, unitPrice: 3000 },
        { sku: 'cake', name: '蛋糕', quantity: 1, unitPrice: 9000 },
      ],
    };
    const first = await placeOrder(t, cashier, body).expect(201);
    expectMatches('post', '/api/v1/cashier/orders', 201, first.body);
    expect(first.body).toMatchObject({ discounts: expect.any(Object), tenders: expect.any(Object) });
    // Strict to the leaves: a field no schema names, deep inside, fails.
    const order = first.body as { member: Record<string, unknown> };
    const validate = compileValidator(doc, responseSchema(doc, 'post', '/api/v1/cashier/orders', 201));
    expect(validate({ ...order, member: { ...order.member, secret: 'x' } })).toBe(false);
    expect(validate({ ...order, member: { ...order.member, tier: 'gold' } })).toBe(false);
    const replay = await placeOrder(t, cashier, body).expect(200);
    expectMatches('post', '/api/v1/cashier/orders', 200, replay.body);
    const refund = await t.http
      .post(`/api/v1/cashier/orders/${body.orderNo}/refunds`)
      .set(cashier.auth)
      .send({ refundNo: `${body.orderNo}-R1`, amount: 1000 })
      .expect(201);
    expectMatches('post', '/api/v1/cashier/orders/{orderNo}/refunds', 201, refund.body);
    const conflict = await placeOrder(t, cashier, { ...body, amount: 16_000, items: undefined }).expect(409);
    expectMatches('post', '/api/v1/cashier/orders', 409, conflict.body);
  });

  it('describes the member 360 as Member360, and an unknown member as an ApiError', async () => {
    const tag = await t.http.post('/api/v1/admin/tags').set(admin.auth).send({ name: '常客' }).expect(201);
    expectMatches('post', '/api/v1/admin/tags', 201, tag.body);
    const tagged = await t.http
      .post(`/api/v1/admin/members/${member.id}/tags`)
      .set(admin.auth)
      .send({ tagIds: [(tag.body as { id: string }).id] })
      .expect(200);
    expectMatches('post', '/api/v1/admin/members/{id}/tags', 200, tagged.body);
    await placeOrder(t, cashier, { memberId: member.id, amount: 8800 }).expect(201);
    const view = await t.http.get(`/api/v1/admin/members/${member.id}`).set(admin.auth).expect(200);
    expectMatches('get', '/api/v1/admin/members/{id}', 200, view.body);
    const body = view.body as { recentOrders: unknown[]; recentLedger: unknown[]; tags: unknown[] };
    expect([body.recentOrders.length > 0, body.recentLedger.length > 0, body.tags.length]).toEqual([true, true, 1]);
    const missing = await t.http.get('/api/v1/admin/members/6f1c2a34-0000-4000-8000-000000000000').set(admin.auth).expect(404);
    expectMatches('get', '/api/v1/admin/members/{id}', 404, missing.body);
  });

  it('describes a member’s check-ins and referrals as AdminCheckInPage and AdminReferralPage', async () => {
    const inviter = await loginMember(t);
    await t.http.post('/api/v1/me/checkins').set(inviter.auth).expect(201);
    const [row] = await t.db.query('SELECT invite_code FROM member WHERE id = $1', [inviter.id]);
    const friend = await loginMember(t, { inviteCode: row.invite_code as string });
    await t.http.patch('/api/v1/me').set(friend.auth).send({ nickname: '小红' }).expect(200);
    const checkIns = await t.http.get(`/api/v1/admin/members/${inviter.id}/checkins`).set(admin.auth).expect(200);
    expectMatches('get', '/api/v1/admin/members/{id}/checkins', 200, checkIns.body);
    expect((checkIns.body as { items: unknown[] }).items).toHaveLength(1);
    const referrals = await t.http.get(`/api/v1/admin/members/${inviter.id}/referrals`).set(admin.auth).expect(200);
    expectMatches('get', '/api/v1/admin/members/{id}/referrals', 200, referrals.body);
    const invited = await t.http.get(`/api/v1/admin/members/${friend.id}/referrals`).set(admin.auth).expect(200);
    expectMatches('get', '/api/v1/admin/members/{id}/referrals', 200, invited.body);
    expect((invited.body as { invitedBy: { id: string } }).invitedBy.id).toBe(inviter.id);
  });

  it('describes the KPIs and their series as KpiResponse and KpiSeriesResponse, a bad period as an ApiError', async () => {
    const to = toLocalDate(new Date(), DEFAULT_TIMEZONE);
    const from = addDays(to, -30);
    const kpis = await t.http.get(`/api/v1/admin/analytics/kpis?from=${from}&to=${to}`).set(admin.auth).expect(200);
    expectMatches('get', '/api/v1/admin/analytics/kpis', 200, kpis.body);
    const series = await t.http
      .get(`/api/v1/admin/analytics/kpis/series?from=${from}&to=${to}&granularity=week`)
      .set(admin.auth)
      .expect(200);
    expectMatches('get', '/api/v1/admin/analytics/kpis/series', 200, series.body);
    const bad = await t.http.get(`/api/v1/admin/analytics/kpis?from=${to}&to=${from}`).set(admin.auth).expect(400);
    expectMatches('get', '/api/v1/admin/analytics/kpis', 400, bad.body);
  });

  it('describes what every parameterless GET answers, as the role it is for', async () => {
    await t.http.post('/api/v1/me/checkins').set(member.auth).expect(201);
    const callers = { admin: admin.auth, member: member.auth, anonymous: {} };
    const checked: string[] = [];
    for (const { method, path, op } of operations(doc)) {
      if (method !== 'get' || path.includes('{') || (op.parameters ?? []).some((p) => p.required)) continue;
      if (!op.responses['200']?.content?.[JSON_TYPE]) continue; // files: no JSON to check
      const role = path.startsWith('/api/v1/admin/') ? 'admin' : op.security?.length ? 'member' : 'anonymous';
      const res = await t.http.get(path).set(callers[role]);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      expectMatches('get', path, 200, res.body);
      checked.push(path);
    }
    expect(checked.length).toBeGreaterThan(30);
  });

  it('fails a response that does not match (the check can fail)', () => {
    const validate = compileValidator(doc, responseSchema(doc, 'get', '/api/v1/me', 200));
    expect(validate({ id: 'x' })).toBe(false); // required fields missing
    const strict = compileValidator(doc, responseSchema(doc, 'get', '/api/v1/health', 200));
    expect(strict({ status: 'ok', db: 'up' })).toBe(true);
    expect(strict({ status: 'ok', db: 'up', extra: 1 })).toBe(false); // a field the schema does not name
    expect(strict({ status: 'fine', db: 'up' })).toBe(false); // not in the enum
  });
});
