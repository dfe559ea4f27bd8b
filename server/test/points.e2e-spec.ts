import { loginMember, loginStaff, type LoggedInStaff } from './helpers/factories.js';
import { expectLedgerConsistent, placeOrder } from './helpers/loyalty.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

describe('points history and summary', () => {
  let t: TestApp;
  let cashier: LoggedInStaff;
  beforeAll(async () => {
    t = await createTestApp();
    cashier = await loginStaff(t, 'cashier');
  });
  afterEach(() => expectLedgerConsistent(t));
  afterAll(() => t.close());

  it('lists entries newest first with Chinese reasons, paged by cursor', async () => {
    const m = await loginMember(t);
    for (const amount of [1000, 2000, 3000]) await placeOrder(t, cashier, { memberId: m.id, amount }).expect(201);
    await placeOrder(t, cashier, { memberId: m.id, amount: 5000, pointsToRedeem: 0 }).expect(201);
    const first = await t.http.get('/api/v1/me/points?limit=2').set(m.auth).expect(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.items[0]).toMatchObject({
      kind: 'earn',
      delta: 50,
      reason: '消费获得',
      balanceAfter: 110,
      orderNo: expect.any(String),
    });
    expect(first.body.items[0].expiresAt).toEqual(expect.any(String));
    const second = await t.http.get(`/api/v1/me/points?limit=2&cursor=${first.body.nextCursor}`).set(m.auth).expect(200);
    expect(second.body.items.map((i: { delta: number }) => i.delta)).toEqual([20, 10]);
    expect(second.body.nextCursor).toBeNull();
  });

  it('refuses a forged cursor and a silly limit with 400', async () => {
    const m = await loginMember(t);
    expect((await t.http.get('/api/v1/me/points?cursor=abc').set(m.auth).expect(400)).body.code).toBe('VALIDATION_FAILED');
    await t.http.get('/api/v1/me/points?limit=1000').set(m.auth).expect(400);
    await t.http.get('/api/v1/me/points?limit=abc').set(m.auth).expect(400);
  });

  it('never shows another member’s entries', async () => {
    const a = await loginMember(t);
    const b = await loginMember(t);
    await placeOrder(t, cashier, { memberId: a.id, amount: 1000 }).expect(201);
    const res = await t.http.get('/api/v1/me/points').set(b.auth).expect(200);
    expect(res.body.items).toEqual([]);
  });

  it('summarises the spendable balance and what expires soon', async () => {
    const m = await loginMember(t);
    await placeOrder(t, cashier, { memberId: m.id, amount: 1000 }).expect(201);
    const res = await t.http.get('/api/v1/me/points/summary').set(m.auth).expect(200);
    expect(res.body).toEqual({ points: 10, expiringSoon: null, debt: 0 });
  });
});

describe('admin points adjustments', () => {
  let t: TestApp;
  let admin: LoggedInStaff;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginStaff(t, 'admin');
  });
  afterEach(() => expectLedgerConsistent(t));
  afterAll(() => t.close());

  const adjust = (memberId: string, body: object, who = admin) =>
    t.http.post(`/api/v1/admin/members/${memberId}/points-adjustments`).set(who.auth).send(body);

  it('adds points once per idempotency key, audited, shown to the member with the reason', async () => {
    const m = await loginMember(t);
    const body = { delta: 300, reason: '客诉补偿', idempotencyKey: 'ticket-1' };
    const first = await adjust(m.id, body).expect(201);
    const again = await adjust(m.id, body).expect(200);
    expect(again.body).toEqual(first.body);
    expect((await adjust(m.id, { ...body, delta: 301 }).expect(409)).body.code).toBe('IDEMPOTENCY_KEY_CONFLICT');
    const me = await t.http.get('/api/v1/me').set(m.auth);
    expect(me.body.points).toBe(300);
    const history = await t.http.get('/api/v1/me/points').set(m.auth);
    expect(history.body.items[0].reason).toBe('人工调整：客诉补偿');
    const [audit] = await t.db.query(
      "SELECT actor_id, details FROM audit_log WHERE action = 'points.adjust' AND target_id = $1",
      [m.id],
    );
    expect(audit).toMatchObject({ actor_id: admin.id, details: { delta: 300 } });
  });

  it('10 concurrent identical adjustments → one entry', async () => {
    const m = await loginMember(t);
    const body = { delta: 50, reason: '活动奖励', idempotencyKey: 'race-1' };
    const results = await Promise.all(Array.from({ length: 10 }, () => adjust(m.id, body)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.every((r) => r.status === 201 || r.status === 200)).toBe(true);
    const [{ points }] = await t.db.query('SELECT points FROM member WHERE id = $1', [m.id]);
    expect(points).toBe(50);
  });

  it('30 concurrent adjustments (mixed keys, replays, debits beyond the balance) → each key once, never below zero, ledger reconciled', async () => {
    const m = await loginMember(t);
    const credits = Array.from({ length: 8 }, (_, i) => ({ delta: 100, reason: '补偿', idempotencyKey: `c${i}` }));
    const debits = Array.from({ length: 10 }, (_, i) => ({ delta: -150, reason: '扣回', idempotencyKey: `d${i}` }));
    // Every credit twice, four debits twice: 30 requests, all at once.
    const bodies = [...credits, ...credits, ...debits, ...debits.slice(0, 4)];
    const results = await Promise.all(bodies.map((b) => adjust(m.id, b)));

    const byKey = new Map<string, { status: number; body: { entryId?: string; code?: string } }[]>();
    results.forEach((r, i) => byKey.set(bodies[i]!.idempotencyKey, [...(byKey.get(bodies[i]!.idempotencyKey) ?? []), r]));
    const succeeded: string[] = [];
    for (const [key, rs] of byKey) {
      for (const r of rs) expect([200, 201, 422]).toContain(r.status);
      for (const r of rs.filter((x) => x.status === 422)) expect(r.body.code).toBe('INSUFFICIENT_POINTS');
      const created = rs.filter((r) => r.status === 201);
      expect(created.length).toBeLessThanOrEqual(1);
      // A replay answers the first adjustment's body; there is none to replay without a 201.
      for (const r of rs.filter((x) => x.status === 200)) expect(r.body).toEqual(created[0]!.body);
      const entries = await t.db.query('SELECT id FROM points_entry WHERE member_id = $1 AND business_key = $2', [
        m.id,
        `adjust:${key}`,
      ]);
      expect(entries.map((e: { id: string }) => e.id)).toEqual(created.map((r) => r.body.entryId));
      if (created.length === 1) succeeded.push(key);
    }
    // All credits land; at most 5 debits of 150 fit in 800, so some were refused.
    const debited = succeeded.filter((k) => k.startsWith('d')).length;
    expect(succeeded.filter((k) => k.startsWith('c'))).toHaveLength(8);
    expect(debited).toBeLessThanOrEqual(5);
    const balance = 800 - 150 * debited;
    const [row] = await t.db.query(
      `SELECT m.points, (SELECT COALESCE(SUM(delta), 0)::int FROM points_entry e WHERE e.member_id = m.id) AS entries,
              (SELECT COUNT(*)::int FROM reward_grant g WHERE g.member_id = m.id AND g.kind = 'points_adjustment') AS grants,
              (SELECT COUNT(*)::int FROM audit_log a WHERE a.action = 'points.adjust' AND a.target_id = m.id::text) AS audits
         FROM member m WHERE m.id = $1`,
      [m.id],
    );
    expect(row).toEqual({ points: balance, entries: balance, grants: succeeded.length, audits: succeeded.length });
    await expectLedgerConsistent(t);

    // Replaying every adjustment that went through changes nothing.
    for (const key of succeeded) {
      const body = bodies.find((b) => b.idempotencyKey === key)!;
      await adjust(m.id, body).expect(200);
    }
    const [after] = await t.db.query('SELECT points FROM member WHERE id = $1', [m.id]);
    expect(after.points).toBe(balance);
  });

  it('takes points away but never below zero', async () => {
    const m = await loginMember(t);
    await adjust(m.id, { delta: 100, reason: '发放', idempotencyKey: 'k1' }).expect(201);
    const res = await adjust(m.id, { delta: -150, reason: '扣减', idempotencyKey: 'k2' }).expect(422);
    expect(res.body.code).toBe('INSUFFICIENT_POINTS');
    await adjust(m.id, { delta: -100, reason: '扣减', idempotencyKey: 'k3' }).expect(201);
    expect((await adjust(m.id, { delta: 0, reason: 'x', idempotencyKey: 'k4' }).expect(400)).body.code).toBe(
      'POINTS_ADJUSTMENT_INVALID',
    );
  });

  it('is for admins only; an unknown member is 404', async () => {
    const m = await loginMember(t);
    const manager = await loginStaff(t, 'manager');
    const cashier = await loginStaff(t, 'cashier');
    const body = { delta: 1, reason: 'x', idempotencyKey: 'k' };
    await adjust(m.id, body, manager).expect(403);
    await adjust(m.id, body, cashier).expect(403);
    await t.http.post(`/api/v1/admin/members/${m.id}/points-adjustments`).set(m.auth).send(body).expect(403);
    await adjust('6f1c2a34-0000-4000-8000-000000000000', body).expect(404);
    await adjust('not-a-uuid', body).expect(400);
  });
});

describe('admin member search', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('finds a member by member number, nickname or full phone; masked phone only', async () => {
    const admin = await loginStaff(t, 'admin');
    const m = await loginMember(t);
    await t.http.patch('/api/v1/me').set(m.auth).send({ nickname: '搜索测试' }).expect(200);
    await t.http.post('/api/v1/me/phone').set(m.auth).send({ code: 'dev:13511112222' }).expect(200);
    const card = await t.http.get('/api/v1/me').set(m.auth);
    for (const q of [card.body.memberNo, '搜索', '13511112222']) {
      const res = await t.http.get('/api/v1/admin/members').query({ q }).set(admin.auth).expect(200);
      expect(res.body.items.map((i: { id: string }) => i.id)).toEqual([m.id]);
      expect(res.body.items[0].phoneMasked).toBe('135****2222');
      expect(JSON.stringify(res.body)).not.toContain('13511112222');
    }
  });

  it('shows a manager only the members of their store', async () => {
    const cashier = await loginStaff(t, 'cashier');
    const manager = await loginStaff(t, 'manager', cashier.storeId!);
    const otherManager = await loginStaff(t, 'manager');
    const m = await loginMember(t);
    await placeOrder(t, cashier, { memberId: m.id, amount: 1000 }).expect(201);
    const mine = await t.http.get('/api/v1/admin/members').set(manager.auth).expect(200);
    expect(mine.body.items.map((i: { id: string }) => i.id)).toContain(m.id);
    const theirs = await t.http.get('/api/v1/admin/members').set(otherManager.auth).expect(200);
    expect(theirs.body.items.map((i: { id: string }) => i.id)).not.toContain(m.id);
    await t.http.get('/api/v1/admin/members').set(cashier.auth).expect(403);
  });
});
