// The till's order path in round trips to PostgreSQL — the figure that decides its throughput
// (docs/performance.md): each statement costs the server a socket write and a parse of the answer,
// and the database a protocol round. Counted here, deterministically, rather than timed.
import pg from 'pg';
import { loginMember, loginStaff, type LoggedInStaff } from './helpers/factories.js';
import { expectLedgerConsistent, placeOrder } from './helpers/loyalty.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/** Every statement node-pg sends while `work` runs (this process: the app under test runs in it). */
async function statementsDuring(work: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const q = args[0];
    seen.push(typeof q === 'string' ? q : String((q as { text?: string }).text));
    return original.apply(this, args);
  };
  try {
    await work();
  } finally {
    proto.query = original;
  }
  return seen.map((s) => s.replace(/\s+/g, ' ').trim().slice(0, 60));
}

describe('round trips of a till order', () => {
  let t: TestApp;
  let cashier: LoggedInStaff;
  beforeAll(async () => {
    t = await createTestApp();
    cashier = await loginStaff(t, 'cashier');
  });
  afterEach(() => expectLedgerConsistent(t));
  afterAll(() => t.close());

  it('an earning order is 5: the staff check, BEGIN, the member lock, one write of everything, COMMIT', async () => {
    const m = await loginMember(t);
    await placeOrder(t, cashier, { memberId: m.id, amount: 1000 }).expect(201); // caches warm
    const statements = await statementsDuring(() => placeOrder(t, cashier, { memberId: m.id, amount: 3800 }).expect(201));
    expect(statements).toHaveLength(5);
    expect(statements[0]).toMatch(/^SELECT s\.disabled/);
    expect(statements[1]).toMatch(/^START TRANSACTION/);
    expect(statements[2]).toMatch(/^SELECT m\.id, m\.status, m\.points/); // … FOR UPDATE OF m
    // entry, lot, member, order and the three rollups in one statement
    expect(statements[3]).toMatch(/^WITH w0 AS \(INSERT INTO points_entry/);
    expect(statements[4]).toBe('COMMIT');
  });

  it('an order with items is 5 as well (the lines join the one write)', async () => {
    const m = await loginMember(t);
    await placeOrder(t, cashier, { memberId: m.id, amount: 1000 }).expect(201);
    const items = [
      { sku: 'A', name: '拿铁', category: 'coffee', quantity: 2, unitPrice: 1500 },
      { sku: 'B', name: '可颂', category: 'bakery', quantity: 1, unitPrice: 800 },
    ];
    const statements = await statementsDuring(() => placeOrder(t, cashier, { memberId: m.id, amount: 3800, items }).expect(201));
    expect(statements).toHaveLength(5);
  });

  it('a replay costs one more read after the failed attempt, and answers the first response', async () => {
    const m = await loginMember(t);
    const first = await placeOrder(t, cashier, { memberId: m.id, amount: 2000, orderNo: 'RT-REPLAY-1' }).expect(201);
    let again: { body: unknown } | undefined;
    const statements = await statementsDuring(async () => {
      again = await placeOrder(t, cashier, { memberId: m.id, amount: 2000, orderNo: 'RT-REPLAY-1' }).expect(200);
    });
    expect(again!.body).toEqual(first.body);
    expect(statements.filter((s) => s === 'ROLLBACK')).toHaveLength(1);
    expect(statements.at(-1)).toMatch(/member_order/);
  });
});

describe('round trips of a till order with webhook endpoints subscribed', () => {
  let t: TestApp;
  let cashier: LoggedInStaff;
  beforeAll(async () => {
    t = await createTestApp();
    cashier = await loginStaff(t, 'cashier');
    const admin = await loginStaff(t, 'admin');
    await t.http
      .post('/api/v1/admin/webhooks')
      .set(admin.auth)
      .send({ url: 'http://127.0.0.1:9/huiyuan', events: ['order.recorded', 'points.changed'] })
      .expect(201);
  });
  afterAll(() => t.close());

  it('is still 5: the events, their deliveries and outbox rows join the one write, in the order raised', async () => {
    const m = await loginMember(t);
    await placeOrder(t, cashier, { memberId: m.id, amount: 1000 }).expect(201);
    const statements = await statementsDuring(() => placeOrder(t, cashier, { memberId: m.id, amount: 3800 }).expect(201));
    expect(statements).toHaveLength(5);
    const rows: { type: string; outbox_id: string }[] = await t.db.query(
      `SELECT e.type, o.id AS outbox_id
         FROM webhook_event e JOIN webhook_delivery d ON d.event_id = e.id
         JOIN outbox_message o ON (o.payload->>'deliveryId')::uuid = d.id
        WHERE e.member_id = $1 ORDER BY o.id`,
      [m.id],
    );
    expect(rows.map((r) => r.type)).toEqual(['points.changed', 'order.recorded', 'points.changed', 'order.recorded']);
  });
});
