// Chaos: the server is killed with SIGKILL in the middle of a load of till orders, restarted,
// and every request is sent again (as a POS that retries until it has an answer would).
// Nothing acknowledged is lost, nothing is recorded twice, and the ledger reconciles.
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

const ORDERS = 400;
const CONCURRENCY = 16;
const KILL_AFTER = 150; // acknowledged orders before the kill
const MEMBERS = 20;

interface OrderAnswer {
  orderId: string;
  orderNo: string;
  pointsEarned: number;
}

describe('kill -9 mid-load, restart, replay', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let server: ServerProcess;
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it(`${ORDERS} till orders at ${CONCURRENCY} in flight, SIGKILL after ${KILL_AFTER} acknowledged → after restart and replay nothing lost or doubled`, async () => {
    database = await createTestDatabase();
    server = await startServer({ name: 'crash', databaseUrl: database.url, secrets: clusterSecrets() });
    const admin = await adminToken(server);
    const cashier = await createCashier(server, admin);
    const members = await pool(
      Array.from({ length: MEMBERS }, (_, i) => () => loginMemberOn(server, `o-crash-${i}-${Date.now()}`)),
      4,
    );
    // Client-chosen order numbers: the idempotency key a POS keeps with the sale.
    const bodies = Array.from({ length: ORDERS }, (_, i) => ({
      memberId: members[i % MEMBERS]!.id,
      orderNo: `CRASH-${i}`,
      amount: 1_000 + (i % 7) * 300,
    }));
    const send = (i: number) => server.post<OrderAnswer>('/cashier/orders', bodies[i], cashier.token);

    // First pass. When the acknowledged count reaches KILL_AFTER the process is killed and
    // restarted at once; workers that lose their answer wait for the restart and go on with the
    // next order (the lost ones are only sent again in the replay).
    let acknowledged = 0;
    let killedAt = 0;
    let healthyAt = 0;
    const restart: { done: Promise<void> | null } = { done: null };
    const crash = async () => {
      killedAt = performance.now();
      await server.kill9();
      await server.restart();
      healthyAt = performance.now();
    };
    const first: Answer<OrderAnswer>[] = await pool(
      bodies.map((_, i) => async () => {
        const r = await send(i);
        if (r.status === 200 || r.status === 201) {
          if (++acknowledged === KILL_AFTER) restart.done = crash();
        } else if (restart.done) {
          await restart.done;
        }
        return r;
      }),
      CONCURRENCY,
    );
    await restart.done;
    expect(killedAt).toBeGreaterThan(0);

    const acked = first.map((r) => r.status === 200 || r.status === 201);
    const failed = first.filter((r, i) => !acked[i]);
    // Before the replay: every acknowledged order is in the database; some unacknowledged ones
    // may be too (committed, then the answer was lost with the process).
    const recordedBefore = new Set(
      (await query<{ order_no: string }>(database.url, 'SELECT order_no FROM member_order')).map((r) => r.order_no),
    );
    const lost = bodies.filter((b, i) => acked[i] && !recordedBefore.has(b.orderNo)).length;
    const committedUnacked = bodies.filter((b, i) => !acked[i] && recordedBefore.has(b.orderNo)).length;

    // Replay every request, acknowledged or not.
    const replay = await pool(
      bodies.map((_, i) => () => send(i)),
      CONCURRENCY,
    );
    const replayedOk = replay.filter((r) => r.status === 200 || r.status === 201).length;
    const mismatched = replay.filter(
      (r, i) => acked[i] && (r.body?.orderId !== first[i]!.body.orderId || r.body?.pointsEarned !== first[i]!.body.pointsEarned),
    ).length;
    const [dups] = await query(
      database.url,
      `SELECT (SELECT COUNT(*)::int FROM member_order) AS orders,
              (SELECT COUNT(DISTINCT order_no)::int FROM member_order) AS distinct_orders,
              (SELECT COUNT(*)::int FROM (SELECT business_key FROM points_entry WHERE business_key LIKE 'order:%'
                 GROUP BY member_id, business_key HAVING COUNT(*) > 1) d) AS doubled_entries`,
    );
    const balances = await query<{ id: string; points: number; earned: number }>(
      database.url,
      `SELECT m.id, m.points, COALESCE(SUM(o.points_earned), 0)::int AS earned
         FROM member m LEFT JOIN member_order o ON o.member_id = m.id GROUP BY m.id`,
    );
    const figures = {
      requests: ORDERS,
      concurrency: CONCURRENCY,
      acknowledged: acked.filter(Boolean).length,
      failedByCrash: failed.length,
      failedStatuses: [...new Set(failed.map((r) => r.status || r.error))],
      committedButUnacknowledged: committedUnacked,
      replayed: replay.length,
      replayedOk,
      lost,
      doubled: dups.orders - dups.distinct_orders + dups.doubled_entries,
      replayMismatches: mismatched,
      killToHealthyMs: Math.round(healthyAt - killedAt),
    };
    process.stdout.write(`chaos-crash: ${JSON.stringify(figures)}\n`);

    expect(failed.length).toBeGreaterThan(0); // the kill did land mid-load
    expect(failed.every((r) => r.status === 0)).toBe(true); // lost answers, never a 5xx
    expect(lost).toBe(0);
    expect(replay.map((r) => r.status).filter((s) => s !== 200 && s !== 201)).toEqual([]);
    expect(mismatched).toBe(0);
    expect(dups).toEqual({ orders: ORDERS, distinct_orders: ORDERS, doubled_entries: 0 });
    for (const m of balances) expect(m.points).toBe(m.earned);
    const replayEarned = replay.reduce((s, r) => s + r.body.pointsEarned, 0);
    expect(balances.reduce((s, m) => s + m.points, 0)).toBe(replayEarned);
    expect(await reconcile(database.url)).toEqual([]);
  }, 110_000);
});
