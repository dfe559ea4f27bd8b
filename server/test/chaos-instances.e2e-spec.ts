// Chaos: two server processes on one database receive the same writes at once. Whatever
// instance answers, every invariant holds, the ledger reconciles and nothing answers 5xx.
import PgBoss from 'pg-boss';
import { createTestDatabase } from './helpers/pg.js';
import {
  adminToken,
  type Answer,
  clusterSecrets,
  createCashier,
  loginMemberOn,
  pool,
  query,
  reconcile,
  type ServerProcess,
  startServer,
} from './helpers/server-process.js';

describe('two instances on one database', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let a: ServerProcess;
  let b: ServerProcess;
  let admin: string;
  let cashier: { storeId: string; token: string };
  /** Every answer of the current test, from either instance. */
  let answers: Answer[] = [];
  const seen = async (res: Promise<Answer>) => {
    const r = await res;
    answers.push(r);
    return r;
  };
  const both = <T>(send: (s: ServerProcess) => Promise<Answer<T>>) =>
    Promise.all([seen(send(a)), seen(send(b))]) as Promise<Answer<T>[]>;

  beforeAll(async () => {
    database = await createTestDatabase();
    const secrets = clusterSecrets();
    // Jobs on in both, logs at info so each job run is visible. One after the other: two
    // instances starting at the same moment on a fresh database can deadlock in the job queue's
    // createQueue (see the opt-in test at the end).
    const env = { HUIYUAN_JOBS: '1', LOG_LEVEL: 'info' };
    a = await startServer({ name: 'a', databaseUrl: database.url, secrets, env });
    b = await startServer({ name: 'b', databaseUrl: database.url, secrets, env });
    admin = await adminToken(a);
    cashier = await createCashier(b, admin);
  });
  afterEach(async () => {
    const fivexx = answers.filter((r) => r.status >= 500 || r.status === 0);
    answers = [];
    expect(fivexx).toEqual([]);
    expect(await reconcile(database.url)).toEqual([]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
  });

  it('a dev: login works on both; a token from one is accepted by the other', async () => {
    const openid = `o-both-${Date.now()}`;
    const onA = await loginMemberOn(a, openid);
    const onB = await seen(b.post<{ member: { id: string } }>('/auth/wechat/login', { code: `dev:${openid}` }));
    expect(onB.status).toBe(200);
    expect(onB.body.member.id).toBe(onA.id);
    const me = await seen(b.get<{ id: string }>('/me', onA.token));
    expect(me).toMatchObject({ status: 200, body: { id: onA.id } });
    // The admin's token came from A; the cashier's from B (see beforeAll).
    const stores = await seen(b.get('/admin/stores', admin));
    expect(stores.status).toBe(200);
  });

  it('30 order numbers, each sent to both at once with the same body → one order each, same orderId, points once', async () => {
    const members = await pool(
      Array.from({ length: 5 }, (_, i) => () => loginMemberOn(i % 2 ? a : b, `o-orders-${i}-${Date.now()}`)),
      5,
    );
    const pairs = await Promise.all(
      Array.from({ length: 30 }, (_, i) => {
        const body = { memberId: members[i % 5]!.id, orderNo: `SAME-${i}`, amount: 1_000 + 100 * i };
        return both<{ orderId: string; pointsEarned: number }>((s) => s.post('/cashier/orders', body, cashier.token));
      }),
    );
    for (const [x, y] of pairs) {
      // One records it (201), the other answers as a replay of it (200).
      expect([x!.status, y!.status].sort()).toEqual([200, 201]);
      expect(y!.body.orderId).toBe(x!.body.orderId);
      expect(y!.body.pointsEarned).toBe(x!.body.pointsEarned);
    }
    const [orders] = await query(database.url, `SELECT COUNT(*)::int AS n FROM member_order WHERE order_no LIKE 'SAME-%'`);
    expect(orders.n).toBe(30);
    const earned = pairs.reduce((sum, [x]) => sum + x!.body.pointsEarned, 0);
    const [points] = await query(database.url, 'SELECT SUM(points)::int AS p FROM member WHERE id = ANY($1)', [
      members.map((m) => m.id),
    ]);
    expect(points.p).toBe(earned);
  });

  it('30 order numbers sent to both at once with different bodies → one 201 and one 409 ORDER_NO_CONFLICT each, never 500', async () => {
    // Two members, so the two requests do not queue on one member lock: both reach the insert and
    // the order number's unique key decides.
    const first = await loginMemberOn(a, `o-conflict-a-${Date.now()}`);
    const second = await loginMemberOn(b, `o-conflict-b-${Date.now()}`);
    const pairs = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        Promise.all([
          seen(a.post('/cashier/orders', { memberId: first.id, orderNo: `DIFF-${i}`, amount: 2_000 }, cashier.token)),
          seen(b.post('/cashier/orders', { memberId: second.id, orderNo: `DIFF-${i}`, amount: 3_000 }, cashier.token)),
        ]),
      ),
    );
    const outcomes = pairs.map(([x, y]) => [x!.status, y!.status].sort().join('/'));
    expect(outcomes).toEqual(Array(30).fill('201/409'));
    for (const [x, y] of pairs) expect([x!.body.code, y!.body.code]).toContain('ORDER_NO_CONFLICT');
    const [orders] = await query(database.url, `SELECT COUNT(*)::int AS n FROM member_order WHERE order_no LIKE 'DIFF-%'`);
    expect(orders.n).toBe(30);
  });

  it('the same refund sent 3× to each instance at once → one reversal; refunds past what was paid → 422', async () => {
    const member = await loginMemberOn(b, `o-refund-${Date.now()}`);
    const order = await seen(
      a.post('/cashier/orders', { memberId: member.id, orderNo: 'REFUND-1', amount: 10_000 }, cashier.token),
    );
    expect(order.status).toBe(201);
    // Five refunds of ¥10, each sent six times at once across both instances.
    const bursts = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        Promise.all(
          [a, b, a, b, a, b].map((s) =>
            seen(
              s.post<{ refundNo: string; pointsReversed: number }>(
                '/cashier/orders/REFUND-1/refunds',
                { refundNo: `R-${i}`, amount: 1_000 },
                cashier.token,
              ),
            ),
          ),
        ),
      ),
    );
    for (const burst of bursts) {
      for (const r of burst) expect([200, 201]).toContain(r.status);
      // The same answer each time (a replay comes from jsonb, so its keys may be in another order).
      for (const r of burst) expect(r.body).toEqual(burst[0]!.body);
    }
    const refunds = await query(database.url, `SELECT refund_no, amount FROM order_refund ORDER BY refund_no`);
    expect(refunds).toEqual(Array.from({ length: 5 }, (_, i) => ({ refund_no: `R-${i}`, amount: 1_000 })));
    // ¥50 left: ten different refunds of ¥30 at once → exactly one fits, the rest 422.
    const past = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        seen((i % 2 ? a : b).post('/cashier/orders/REFUND-1/refunds', { refundNo: `P-${i}`, amount: 3_000 }, cashier.token)),
      ),
    );
    expect(past.filter((r) => r.status === 201)).toHaveLength(1);
    expect(past.filter((r) => r.status === 422 && r.body.code === 'REFUND_EXCEEDS_PAID')).toHaveLength(9);
    const [sum] = await query(database.url, `SELECT refunded_amount FROM member_order WHERE order_no = 'REFUND-1'`);
    expect(sum.refunded_amount).toBe(8_000);
  });

  it('200 claims from 100 members over both on a template of stock 50 → exactly 50 issued, one per member', async () => {
    const template = await seen(
      a.post<{ id: string }>(
        '/admin/coupon-templates',
        {
          title: '满100减20',
          kind: 'cash',
          threshold: 10_000,
          amountOff: 2_000,
          totalStock: 50,
          perMemberLimit: 1,
          validDays: 30,
          channels: ['center'],
        },
        admin,
      ),
    );
    expect(template.status).toBe(201);
    const members = await pool(
      Array.from({ length: 100 }, (_, i) => () => loginMemberOn(i % 2 ? a : b, `o-claim-${i}-${Date.now()}`)),
      8,
    );
    // Each member claims twice, once on each instance, all at once.
    const claims = await Promise.all(
      members.flatMap((m) => [a, b].map((s) => seen(s.post(`/coupons/center/${template.body.id}/claim`, {}, m.token)))),
    );
    expect(claims.filter((r) => r.status === 201)).toHaveLength(50);
    for (const r of claims.filter((r) => r.status !== 201)) {
      expect(r.status).toBe(422);
      expect(['COUPON_OUT_OF_STOCK', 'COUPON_LIMIT_REACHED']).toContain(r.body.code);
    }
    const perMember = await query(
      database.url,
      'SELECT member_id, COUNT(*)::int AS n FROM coupon WHERE template_id = $1 GROUP BY member_id HAVING COUNT(*) > 1',
      [template.body.id],
    );
    expect(perMember).toEqual([]);
    const [t] = await query(database.url, 'SELECT issued, total_stock FROM coupon_template WHERE id = $1', [template.body.id]);
    expect(t).toEqual({ issued: 50, total_stock: 50 });
  });

  it('check-ins of one member sent 5× to each instance at once → one check-in, points once (10 members)', async () => {
    const members = await pool(
      Array.from({ length: 10 }, (_, i) => () => loginMemberOn(i % 2 ? a : b, `o-checkin-${i}-${Date.now()}`)),
      5,
    );
    const bursts = await Promise.all(
      members.map((m) =>
        Promise.all(
          [a, b, a, b, a, b, a, b, a, b].map((s) => seen(s.post<{ pointsAwarded: number }>('/me/checkins', {}, m.token))),
        ),
      ),
    );
    for (const [i, burst] of bursts.entries()) {
      const ok = burst.filter((r) => r.status === 201);
      expect(ok).toHaveLength(1);
      expect(burst.filter((r) => r.status === 409 && r.body.code === 'ALREADY_CHECKED_IN')).toHaveLength(9);
      const [row] = await query(
        database.url,
        'SELECT (SELECT COUNT(*)::int FROM checkin WHERE member_id = $1) AS n, points FROM member WHERE id = $1',
        [members[i]!.id],
      );
      expect(row).toEqual({ n: 1, points: ok[0]!.body.pointsAwarded });
    }
  });

  it('points expiry run at both at once, and a queued job with both instances working, each expire a lot once', async () => {
    const members = await pool(
      Array.from({ length: 10 }, (_, i) => () => loginMemberOn(a, `o-expire-${i}-${Date.now()}`)),
      5,
    );
    const earn = async (prefix: string) => {
      for (const [i, m] of members.entries()) {
        const r = await seen(
          b.post('/cashier/orders', { memberId: m.id, orderNo: `${prefix}-${i}`, amount: 5_000 }, cashier.token),
        );
        expect(r.status).toBe(201);
      }
      // Backdate the lots these orders earned so they are due now.
      await query(
        database.url,
        `UPDATE points_lot SET expires_at = now() - interval '1 day'
          WHERE remaining > 0 AND member_id = ANY($1)`,
        [members.map((m) => m.id)],
      );
    };
    const ids = members.map((m) => m.id);
    const expiredPerLot = () =>
      query(
        database.url,
        `SELECT l.id, COUNT(e.id)::int AS entries FROM points_lot l
           LEFT JOIN points_allocation al ON al.lot_id = l.id
           LEFT JOIN points_entry e ON e.id = al.entry_id AND e.kind = 'expire'
          WHERE l.member_id = ANY($1) GROUP BY l.id`,
        [ids],
      );

    // 1. The admin run endpoint, three times on each instance at once.
    await earn('EXP1');
    const runs = await Promise.all(
      [a, b, a, b, a, b].map((s) => seen(s.post<{ result: { points: number } }>('/admin/jobs/points-expire/run', {}, admin))),
    );
    for (const r of runs) expect(r.status).toBe(200);
    const [lotPoints] = await query(database.url, 'SELECT SUM(amount)::int AS p FROM points_lot WHERE member_id = ANY($1)', [
      ids,
    ]);
    expect(runs.reduce((s, r) => s + r.body.result.points, 0)).toBe(lotPoints.p);
    expect((await expiredPerLot()).map((l) => l.entries)).toEqual(Array(10).fill(1));

    // 2. One queued job, both instances working the queue: one of them runs it, once.
    await earn('EXP2');
    const doneLines = () =>
      [a, b].map(
        (s) =>
          s
            .output()
            .split('\n')
            .filter((l) => l.includes('"job":"points-expire"') && l.includes('job done')).length,
      );
    const before = doneLines();
    const boss = new PgBoss({
      connectionString: database.url,
      schema: 'pgboss',
      supervise: false,
      schedule: false,
      migrate: false,
    });
    await boss.start();
    const jobId = await boss.send('points-expire', {});
    let state = '';
    for (let i = 0; i < 400 && state !== 'completed'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      state = (await boss.getJobById('points-expire', jobId!))?.state ?? '';
    }
    await boss.stop({ graceful: false, wait: true });
    expect(state).toBe('completed');
    const after = doneLines();
    expect(after[0]! - before[0]! + (after[1]! - before[1]!)).toBe(1);
    expect((await expiredPerLot()).map((l) => l.entries)).toEqual(Array(20).fill(1));
    const [left] = await query(database.url, 'SELECT SUM(points)::int AS p FROM member WHERE id = ANY($1)', [ids]);
    expect(left.p).toBe(0);
  });
});

// Two instances started at the same moment on a fresh database, as an autoscaler would: pg-boss's
// queue setup used to deadlock and one exited 1; the start-up lock (database/startup-lock.ts)
// takes them through migrations and queue setup one at a time.
describe('two instances starting at once', () => {
  it('both come up on a fresh database, with jobs on (3 rounds)', async () => {
    for (let round = 0; round < 3; round++) {
      const database = await createTestDatabase();
      const secrets = clusterSecrets();
      const env = { HUIYUAN_JOBS: '1' };
      const started = await Promise.allSettled(
        ['a', 'b'].map((name) => startServer({ name, databaseUrl: database.url, secrets, env })),
      );
      await Promise.all(started.map((s) => (s.status === 'fulfilled' ? s.value.stop() : Promise.resolve())));
      await database.drop();
      expect(started.map((s) => (s.status === 'fulfilled' ? 'up' : String(s.reason).split('\n')[0]))).toEqual(['up', 'up']);
    }
  });
});
