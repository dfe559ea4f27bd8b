// Chaos: the server is killed with SIGKILL in the middle of a load of till orders, restarted,
// and every request is sent again (as a POS that retries until it has an answer would).
// Nothing acknowledged is lost, nothing is recorded twice, and the ledger reconciles. Then the
// same with two instances, one killed, the client failing over to the other.
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
const FAILOVER_ORDERS = 120;
const FAILOVER_KILL_AFTER = 40;

interface OrderAnswer {
  orderId: string;
  orderNo: string;
  pointsEarned: number;
}

const ok = (r: Answer) => r.status === 200 || r.status === 201;

/** A cashier, MEMBERS members and `n` order bodies with client-chosen order numbers. */
async function prepare(server: ServerProcess, n: number, prefix: string) {
  const admin = await adminToken(server);
  const cashier = await createCashier(server, admin);
  const members = await pool(
    Array.from({ length: MEMBERS }, (_, i) => () => loginMemberOn(server, `o-${prefix}-${i}-${Date.now()}`)),
    4,
  );
  // The order number is the idempotency key a POS keeps with the sale.
  const bodies = Array.from({ length: n }, (_, i) => ({
    memberId: members[i % MEMBERS]!.id,
    orderNo: `${prefix}-${i}`,
    amount: 1_000 + (i % 7) * 300,
  }));
  const send = (s: ServerProcess, i: number) => s.post<OrderAnswer>('/cashier/orders', bodies[i], cashier.token);
  return { bodies, send };
}

/** What the database holds after the first pass, before anything is replayed. */
async function beforeReplay(url: string, bodies: { orderNo: string }[], first: Answer<OrderAnswer>[]) {
  const recorded = new Set((await query<{ order_no: string }>(url, 'SELECT order_no FROM member_order')).map((r) => r.order_no));
  return {
    acknowledged: first.filter(ok).length,
    failed: first.filter((r) => !ok(r)),
    // Acknowledged but not in the database: must never happen.
    lost: bodies.filter((b, i) => ok(first[i]!) && !recorded.has(b.orderNo)).length,
    // Committed, then the answer died with the process.
    committedUnacked: bodies.filter((b, i) => !ok(first[i]!) && recorded.has(b.orderNo)).length,
  };
}

/** The invariants after the replay; returns the figures to print. */
async function expectReplayClean(url: string, n: number, first: Answer<OrderAnswer>[], replay: Answer<OrderAnswer>[]) {
  const mismatched = replay.filter(
    (r, i) =>
      ok(first[i]!) && (r.body?.orderId !== first[i]!.body.orderId || r.body?.pointsEarned !== first[i]!.body.pointsEarned),
  ).length;
  const [dups] = await query(
    url,
    `SELECT (SELECT COUNT(*)::int FROM member_order) AS orders,
            (SELECT COUNT(DISTINCT order_no)::int FROM member_order) AS distinct_orders,
            (SELECT COUNT(*)::int FROM (SELECT business_key FROM points_entry WHERE business_key LIKE 'order:%'
               GROUP BY member_id, business_key HAVING COUNT(*) > 1) d) AS doubled_entries`,
  );
  const balances = await query<{ id: string; points: number; earned: number }>(
    url,
    `SELECT m.id, m.points, COALESCE(SUM(o.points_earned), 0)::int AS earned
       FROM member m LEFT JOIN member_order o ON o.member_id = m.id GROUP BY m.id`,
  );
  expect(replay.map((r) => r.status).filter((s) => s !== 200 && s !== 201)).toEqual([]);
  expect(mismatched).toBe(0);
  expect(dups).toEqual({ orders: n, distinct_orders: n, doubled_entries: 0 });
  for (const m of balances) expect(m.points).toBe(m.earned);
  const replayEarned = replay.reduce((s, r) => s + r.body.pointsEarned, 0);
  expect(balances.reduce((s, m) => s + m.points, 0)).toBe(replayEarned);
  expect(await reconcile(url)).toEqual([]);
  return {
    replayed: replay.length,
    replayedOk: replay.filter(ok).length,
    doubled: dups.orders - dups.distinct_orders + dups.doubled_entries,
    replayMismatches: mismatched,
  };
}

describe('kill -9 mid-load', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  let servers: ServerProcess[] = [];
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    servers = [];
    await database?.drop();
    database = undefined;
  });

  it(`${ORDERS} till orders at ${CONCURRENCY} in flight, SIGKILL after ${KILL_AFTER} acknowledged, restart, replay all → nothing lost or doubled`, async () => {
    database = await createTestDatabase();
    const server = await startServer({ name: 'crash', databaseUrl: database.url, secrets: clusterSecrets() });
    servers = [server];
    const { bodies, send } = await prepare(server, ORDERS, 'CRASH');

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
    const first = await pool(
      bodies.map((_, i) => async () => {
        const r = await send(server, i);
        if (ok(r)) {
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
    const before = await beforeReplay(database.url, bodies, first);

    // Replay every request, acknowledged or not.
    const replay = await pool(
      bodies.map((_, i) => () => send(server, i)),
      CONCURRENCY,
    );
    const after = await expectReplayClean(database.url, ORDERS, first, replay);
    const figures = {
      requests: ORDERS,
      concurrency: CONCURRENCY,
      acknowledged: before.acknowledged,
      failedByCrash: before.failed.length,
      failedStatuses: [...new Set(before.failed.map((r) => r.status || r.error))],
      committedButUnacknowledged: before.committedUnacked,
      lost: before.lost,
      ...after,
      killToHealthyMs: Math.round(healthyAt - killedAt),
    };
    process.stdout.write(`chaos-crash: ${JSON.stringify(figures)}\n`);

    expect(before.failed.length).toBeGreaterThan(0); // the kill did land mid-load
    expect(before.failed.every((r) => r.status === 0)).toBe(true); // lost answers, never a 5xx
    expect(before.lost).toBe(0);
  }, 110_000);

  it(`two instances, ${FAILOVER_ORDERS} orders spread over both, one SIGKILLed: the client fails over and replays everything on the other → nothing lost or doubled`, async () => {
    database = await createTestDatabase();
    const secrets = clusterSecrets();
    // Started together (jobs off: with jobs on, see the opt-in test in chaos-instances).
    const started = await Promise.allSettled(
      ['a', 'b'].map((name) => startServer({ name, databaseUrl: database!.url, secrets })),
    );
    servers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const [a, b] = started.map((s) => {
      if (s.status === 'rejected') throw s.reason;
      return s.value;
    }) as [ServerProcess, ServerProcess];
    const { bodies, send } = await prepare(a, FAILOVER_ORDERS, 'FAILOVER');

    // Round robin until A dies; from then on the "load balancer" sends everything to B.
    let aAlive = true;
    let acknowledged = 0;
    const killed: { done: Promise<void> | null } = { done: null };
    const first = await pool(
      bodies.map((_, i) => async () => {
        const r = await send(aAlive && i % 2 === 0 ? a : b, i);
        if (ok(r) && ++acknowledged === FAILOVER_KILL_AFTER) {
          aAlive = false;
          killed.done = a.kill9();
        }
        return r;
      }),
      CONCURRENCY,
    );
    await killed.done;
    const before = await beforeReplay(database.url, bodies, first);

    // Every request again, on the survivor: B answers A's acknowledged orders exactly as A did.
    const replay = await pool(
      bodies.map((_, i) => () => send(b, i)),
      CONCURRENCY,
    );
    const after = await expectReplayClean(database.url, FAILOVER_ORDERS, first, replay);
    // A comes back and gives the same answers too (every third order, to keep the file short).
    await a.restart();
    const sample = bodies.map((_, i) => i).filter((i) => i % 3 === 0);
    const again = await pool(
      sample.map((i) => () => send(a, i)),
      CONCURRENCY,
    );
    expect(again.filter((r, k) => r.status !== 200 || r.body.orderId !== replay[sample[k]!]!.body.orderId)).toEqual([]);
    const figures = {
      requests: FAILOVER_ORDERS,
      acknowledged: before.acknowledged,
      failedByCrash: before.failed.length,
      committedButUnacknowledged: before.committedUnacked,
      lost: before.lost,
      ...after,
    };
    process.stdout.write(`chaos-failover: ${JSON.stringify(figures)}\n`);

    // Not asserted > 0: answers A had already written to its sockets still arrive after the kill,
    // so how many are lost varies (1-6 seen); the single-instance test above asserts it.
    expect(before.failed.every((r) => r.status === 0)).toBe(true);
    expect(before.lost).toBe(0);
  }, 110_000);
});
