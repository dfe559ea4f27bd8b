// `Idempotency-Key` on admin creates: a retry replays the first response and creates nothing.
import { CASH_100_20 } from './helpers/coupons.js';
import { createStore, loginStaff, uniqueId, type LoggedInStaff } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { pruneIdempotencyKeys } from '../src/common/idempotency.js';

describe('Idempotency-Key on admin creates', () => {
  let t: TestApp;
  let admin: LoggedInStaff;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginStaff(t, 'admin');
  });
  afterAll(() => t.close());

  const count = async (table: string, column: string, value: string) =>
    Number((await t.db.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${column} = $1`, [value]))[0].n);

  it('same key and body → the first response replayed, one store created', async () => {
    const key = uniqueId('k-');
    const name = uniqueId('store-');
    const first = await t.http
      .post('/api/v1/admin/stores')
      .set(admin.auth)
      .set('Idempotency-Key', key)
      .send({ name })
      .expect(201);
    const again = await t.http
      .post('/api/v1/admin/stores')
      .set(admin.auth)
      .set('Idempotency-Key', key)
      .send({ name })
      .expect(201);
    expect(again.text).toBe(first.text);
    expect(await count('store', 'name', name)).toBe(1);
  });

  it('20 concurrent identical requests → 20 × the same 201, one store', async () => {
    const key = uniqueId('k-');
    const name = uniqueId('store-');
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        t.http.post('/api/v1/admin/stores').set(admin.auth).set('Idempotency-Key', key).send({ name, address: '一号' }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(results.map((r) => r.text)).size).toBe(1);
    expect(await count('store', 'name', name)).toBe(1);
  });

  it('20 concurrent identical staff creates → one account, no USERNAME_TAKEN', async () => {
    const key = uniqueId('k-');
    const username = uniqueId('u');
    const storeId = await createStore(t);
    const body = { username, password: 'correct-horse-battery', role: 'cashier', storeId };
    const results = await Promise.all(
      Array.from({ length: 20 }, () => t.http.post('/api/v1/admin/staff').set(admin.auth).set('Idempotency-Key', key).send(body)),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(results.map((r) => r.text)).size).toBe(1);
    expect(await count('staff', 'username', username)).toBe(1);
  });

  it('20 concurrent identical coupon-template creates → one template', async () => {
    const key = uniqueId('k-');
    const title = uniqueId('券');
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        t.http
          .post('/api/v1/admin/coupon-templates')
          .set(admin.auth)
          .set('Idempotency-Key', key)
          .send({ ...CASH_100_20, title }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(results.map((r) => r.text)).size).toBe(1);
    expect(await count('coupon_template', 'title', title)).toBe(1);
  });

  it('the same key with another body → 409 IDEMPOTENCY_KEY_CONFLICT, nothing created', async () => {
    const key = uniqueId('k-');
    await t.http
      .post('/api/v1/admin/stores')
      .set(admin.auth)
      .set('Idempotency-Key', key)
      .send({ name: uniqueId('s-') })
      .expect(201);
    const other = uniqueId('s-');
    const res = await t.http
      .post('/api/v1/admin/stores')
      .set(admin.auth)
      .set('Idempotency-Key', key)
      .send({ name: other })
      .expect(409);
    expect(res.body.code).toBe('IDEMPOTENCY_KEY_CONFLICT');
    expect(await count('store', 'name', other)).toBe(0);
    // …and on another route
    const staff = await t.http
      .post('/api/v1/admin/staff')
      .set(admin.auth)
      .set('Idempotency-Key', key)
      .send({ username: uniqueId('u'), password: 'correct-horse-battery', role: 'admin' })
      .expect(409);
    expect(staff.body.code).toBe('IDEMPOTENCY_KEY_CONFLICT');
  });

  it('the same body with its keys in another order is the same request', async () => {
    const key = uniqueId('k-');
    const name = uniqueId('store-');
    const first = await t.http
      .post('/api/v1/admin/stores')
      .set(admin.auth)
      .set('Idempotency-Key', key)
      .send({ name, address: 'A' });
    const again = await t.http
      .post('/api/v1/admin/stores')
      .set(admin.auth)
      .set('Idempotency-Key', key)
      .send({ address: 'A', name });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
  });

  it('keys are per staff account: another admin with the same key creates its own', async () => {
    const other = await loginStaff(t, 'admin');
    const key = uniqueId('k-');
    const name = uniqueId('store-');
    const a = await t.http.post('/api/v1/admin/stores').set(admin.auth).set('Idempotency-Key', key).send({ name }).expect(201);
    const b = await t.http.post('/api/v1/admin/stores').set(other.auth).set('Idempotency-Key', key).send({ name }).expect(201);
    expect(b.body.id).not.toBe(a.body.id);
    expect(await count('store', 'name', name)).toBe(2);
  });

  it('without a key every request creates', async () => {
    const name = uniqueId('store-');
    await t.http.post('/api/v1/admin/stores').set(admin.auth).send({ name }).expect(201);
    await t.http.post('/api/v1/admin/stores').set(admin.auth).send({ name }).expect(201);
    expect(await count('store', 'name', name)).toBe(2);
  });

  it('a failed create keeps no key: the corrected retry with the key creates', async () => {
    const key = uniqueId('k-');
    const username = uniqueId('u');
    const body = {
      username,
      password: 'correct-horse-battery',
      role: 'cashier',
      storeId: '6f1c2a34-0000-4000-8000-000000000000',
    };
    await t.http.post('/api/v1/admin/staff').set(admin.auth).set('Idempotency-Key', key).send(body).expect(404);
    const storeId = await createStore(t);
    await t.http
      .post('/api/v1/admin/staff')
      .set(admin.auth)
      .set('Idempotency-Key', key)
      .send({ ...body, storeId })
      .expect(201);
  });

  it.each([
    ['empty', ''],
    ['256 characters', 'k'.repeat(256)],
    ['a space inside', 'a b'],
  ])('an invalid key (%s) → 400', async (_label, key) => {
    const name = uniqueId('store-');
    const res = await t.http.post('/api/v1/admin/stores').set(admin.auth).set('Idempotency-Key', key).send({ name }).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(await count('store', 'name', name)).toBe(0);
  });

  it('a 255-character key is fine', async () => {
    await t.http
      .post('/api/v1/admin/stores')
      .set(admin.auth)
      .set('Idempotency-Key', 'k'.repeat(255))
      .send({ name: uniqueId('store-') })
      .expect(201);
  });

  it('housekeeping forgets keys older than 7 days; a later replay then creates anew', async () => {
    const key = uniqueId('k-');
    const send = (name: string) => t.http.post('/api/v1/admin/stores').set(admin.auth).set('Idempotency-Key', key).send({ name });
    await send('老店').expect(201);
    await t.db.query(`UPDATE idempotency_key SET created_at = now() - interval '8 days' WHERE key = $1`, [key]);
    const { deleted } = await pruneIdempotencyKeys(t.db);
    expect(deleted).toBeGreaterThanOrEqual(1);
    // The key is free again: another body is a new request, not a conflict.
    await send('新店').expect(201);
  });
});
