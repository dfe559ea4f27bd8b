// Analytics (issue 11): every KPI of a known small world checked exactly against docs/metrics.md,
// rollups kept in the order's / refund's / registration's / check-in's own transaction equal to
// their recomputation (also after concurrent orders and refunds), manager scope, bad input.
import { METRICS_DEFINITION_VERSION, toLocalDate } from '@huiyuan/shared';
import pg from 'pg';
import { ANALYTICS_SHARD_LOCK, ROLLUP_SHARDS } from '../src/analytics/analytics.entity.js';
import { AnalyticsService } from '../src/analytics/analytics.service.js';
import type { StaffPrincipal } from '../src/common/auth.js';
import { CheckInService } from '../src/engagement/check-in.service.js';
import { TillService } from '../src/till/till.service.js';
import { createStore, loginMember, loginStaff, type LoggedInStaff } from './helpers/factories.js';
import { expectLedgerConsistent, nextOrderNo, placeOrder } from './helpers/loyalty.js';
import { shuffled, withSeed } from './helpers/seeded.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/** A local time in Asia/Shanghai (UTC+8, the programme's default timezone) as an instant. */
const local = (isoLocal: string) => new Date(`${isoLocal}+08:00`);

describe('analytics KPIs from in-transaction rollups', () => {
  let t: TestApp;
  let admin: LoggedInStaff;
  let storeA: string;
  let storeB: string;
  let cashierA: LoggedInStaff;
  let cashierB: LoggedInStaff;
  let analytics: AnalyticsService;
  const principal = (s: LoggedInStaff): StaffPrincipal => ({ kind: 'staff', id: s.id, role: 'cashier', storeId: s.storeId });

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginStaff(t, 'admin');
    storeA = await createStore(t, 'A');
    storeB = await createStore(t, 'B');
    cashierA = await loginStaff(t, 'cashier', storeA);
    cashierB = await loginStaff(t, 'cashier', storeB);
    analytics = t.app.get(AnalyticsService);
  });
  afterEach(() => expectLedgerConsistent(t));
  afterAll(() => t.close());

  const kpis = (query: Record<string, string>, who: LoggedInStaff = admin) =>
    t.http.get('/api/v1/admin/analytics/kpis').query(query).set(who.auth);
  const series = (query: Record<string, string>, who: LoggedInStaff = admin) =>
    t.http.get('/api/v1/admin/analytics/kpis/series').query(query).set(who.auth);

  async function expectRollupsEqualRebuild(): Promise<void> {
    expect(await analytics.check()).toEqual([]);
    const repo = (analytics as unknown as { rows: { snapshot(db: unknown): Promise<unknown> } }).rows;
    const live = await repo.snapshot(t.db);
    await analytics.rebuild();
    expect(await repo.snapshot(t.db)).toEqual(live);
  }

  it('registration at first login is counted live, programme-wide, on the local day', async () => {
    const today = toLocalDate(new Date(), 'Asia/Shanghai');
    const before = (await kpis({ from: today, to: today }).expect(200)).body;
    await loginMember(t);
    const after = (await kpis({ from: today, to: today }).expect(200)).body;
    expect(after.members.new).toBe(before.members.new + 1);
    expect(after.members.total).toBe(before.members.total + 1);
    expect(after.definitionVersion).toBe(METRICS_DEFINITION_VERSION);
    await expectRollupsEqualRebuild();
  });

  it('a never-consented member who declines is no registration any more (same transaction)', async () => {
    const today = toLocalDate(new Date(), 'Asia/Shanghai');
    const before = (await kpis({ from: today, to: today }).expect(200)).body;
    const m = await loginMember(t, { consent: false });
    await t.http.post('/api/v1/me/consent/decline').set(m.auth).send({}).expect(204);
    const after = (await kpis({ from: today, to: today }).expect(200)).body;
    expect(after.members).toEqual(before.members);
    await expectRollupsEqualRebuild();
  });

  describe('a known world (March 2025, Asia/Shanghai)', () => {
    const ids: Record<string, string> = {};
    const paid = { A: [] as number[], B: [] as number[], april: [] as number[] };

    beforeAll(async () => {
      // The members log in now; their registration (date, home store) is then set on the raw rows
      // and the rollups rebuilt from them, which is what `pnpm analytics:rebuild` does after an import.
      const registered: [string, string, string | null][] = [
        ['m1', '2025-02-10T09:00:00', storeA],
        ['m2', '2025-03-05T09:00:00', storeB],
        ['m3', '2025-03-20T09:00:00', null],
        ['m4', '2024-06-01T09:00:00', storeA],
        ['m5', '2024-06-01T09:00:00', storeA],
        ['m6', '2024-12-01T09:00:00', null],
      ];
      // Members of the first test: pushed out of the world (registered long ago, programme-wide).
      await t.db.query(`UPDATE member SET created_at = '2020-01-01T00:00:00Z'`);
      for (const [name, at, store] of registered) {
        ids[name] = (await loginMember(t)).id;
        await t.db.query('UPDATE member SET created_at = $2, registration_store_id = $3 WHERE id = $1', [
          ids[name],
          local(at),
          store,
        ]);
      }
      await analytics.rebuild();

      const till = t.app.get(TillService);
      const order = async (who: string, cashier: LoggedInStaff, amount: number, at: string) => {
        const orderNo = nextOrderNo();
        const res = await till.createOrder(principal(cashier), { memberId: ids[who]!, orderNo, amount }, local(at));
        return { orderNo, payable: res.body.payable };
      };
      const m4 = await order('m4', cashierA, 4000, '2024-10-01T12:00:00');
      const m5a = await order('m5', cashierA, 6000, '2024-12-01T12:00:00');
      const m5b = await order('m5', cashierA, 1000, '2025-02-10T12:00:00');
      void [m4, m5a, m5b];
      const m2a = await order('m2', cashierB, 8000, '2025-03-06T10:00:00');
      const m1a = await order('m1', cashierA, 10000, '2025-03-10T12:00:00');
      const m1b = await order('m1', cashierB, 5000, '2025-03-12T12:00:00');
      const m1c = await order('m1', cashierA, 3000, '2025-03-31T23:59:00'); // the last minute of March
      const m2b = await order('m2', cashierB, 2000, '2025-04-01T00:01:00'); // the first minute of April
      paid.A.push(m1a.payable, m1c.payable);
      paid.B.push(m2a.payable, m1b.payable);
      paid.april.push(m2b.payable);
      // A partial refund and a full one in March; the full refund of m2's March order only in April.
      await till.refund(principal(cashierA), m1a.orderNo, { refundNo: 'R1', amount: 2500 }, local('2025-03-15T12:00:00'));
      await till.refund(principal(cashierB), m1b.orderNo, { refundNo: 'R2', amount: m1b.payable }, local('2025-03-20T12:00:00'));
      await till.refund(principal(cashierB), m2a.orderNo, { refundNo: 'R3', amount: m2a.payable }, local('2025-04-02T12:00:00'));
      await t.app.get(CheckInService).checkIn(ids.m3!, local('2025-03-25T08:00:00'));
    });

    const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

    it('all stores: every KPI exactly as docs/metrics.md defines it', async () => {
      const k = (await kpis({ from: '2025-03-01', to: '2025-03-31' }).expect(200)).body;
      const gmv = sum(paid.A) + sum(paid.B);
      expect(k).toEqual({
        definitionVersion: 'metrics-v1',
        from: '2025-03-01',
        to: '2025-03-31',
        storeId: null,
        timezone: 'Asia/Shanghai',
        // m1 m4 m5 m6 before March; m2 m3 new in it (the first test's members are from 2020: 1 more at the start)
        members: { total: 7, new: 2, growthRate: 2 / 5 },
        orders: 4,
        buyers: 2,
        gmv,
        refunds: 2500 + paid.B[1]!,
        netGmv: gmv - 2500 - paid.B[1]!,
        repurchaseRate: 1 / 2, // m1 bought at A then B: a repurchase across stores
        averageOrderValue: Math.round(gmv / 4),
        spendPerBuyer: Math.round(gmv / 2),
        churnRate: 1 / 2, // base m4 m5 (ordered within 180 days before March); m4 lost
        activityRate: 3 / 7, // m1 m2 ordered, m3 checked in
        activeMembers: 3,
        checkIns: 1,
        // m1 m2 (first order < 30 days), m3 (registered < 30 days) new; m5 active; m6 silent; m4 and the 2020 member churned
        lifecycle: { new: 3, active: 1, silent: 1, churned: 2 },
      });
    });

    it('store A: member figures by home store, purchase figures by the order’s store', async () => {
      const k = (await kpis({ from: '2025-03-01', to: '2025-03-31', storeId: storeA }).expect(200)).body;
      expect(k).toMatchObject({
        storeId: storeA,
        members: { total: 3, new: 0, growthRate: 0 },
        orders: 2,
        buyers: 1,
        gmv: sum(paid.A),
        refunds: 2500,
        repurchaseRate: 1,
        averageOrderValue: Math.round(sum(paid.A) / 2),
        churnRate: 1 / 2,
        activityRate: 1 / 3,
        lifecycle: { new: 1, active: 1, silent: 0, churned: 1 },
      });
    });

    it('store B: no members before the period → growth null; A then B is no repurchase at B', async () => {
      const k = (await kpis({ from: '2025-03-01', to: '2025-03-31', storeId: storeB }).expect(200)).body;
      expect(k).toMatchObject({
        members: { total: 1, new: 1, growthRate: null },
        orders: 2,
        buyers: 2,
        gmv: sum(paid.B),
        refunds: paid.B[1],
        repurchaseRate: 0,
        churnRate: null,
        activityRate: 1,
        lifecycle: { new: 1, active: 0, silent: 0, churned: 0 },
      });
    });

    it('day boundaries are the programme timezone’s: 23:59 is March 31st, 00:01 April 1st', async () => {
      const s = (await series({ from: '2025-03-31', to: '2025-04-01', granularity: 'day' }).expect(200)).body;
      expect(s.items).toEqual([
        expect.objectContaining({ period: '2025-03-31', orders: 1, gmv: paid.A[1], buyers: 1 }),
        expect.objectContaining({ period: '2025-04-01', orders: 1, gmv: paid.april[0], buyers: 1 }),
      ]);
    });

    it('series by month and week: refunds at the refund’s date, empty buckets as zeros', async () => {
      const s = (await series({ from: '2025-03-01', to: '2025-04-30', granularity: 'month' }).expect(200)).body;
      expect(s).toMatchObject({ definitionVersion: 'metrics-v1', granularity: 'month', storeId: null });
      expect(s.items).toEqual([
        {
          period: '2025-03-01',
          newMembers: 2,
          orders: 4,
          buyers: 2,
          gmv: sum(paid.A) + sum(paid.B),
          refunds: 2500 + paid.B[1]!,
          averageOrderValue: Math.round((sum(paid.A) + sum(paid.B)) / 4),
          repurchaseRate: 1 / 2,
          activityRate: 3 / 7,
        },
        {
          period: '2025-04-01',
          newMembers: 0,
          orders: 1,
          buyers: 1,
          gmv: paid.april[0],
          refunds: paid.B[0],
          averageOrderValue: paid.april[0],
          repurchaseRate: 0,
          activityRate: 1 / 7,
        },
      ]);
      const w = (await series({ from: '2025-03-01', to: '2025-03-09', granularity: 'week' }).expect(200)).body;
      // 2025-03-01 is a Saturday: its ISO week starts Monday 2025-02-24.
      expect(w.items.map((i: { period: string; orders: number }) => [i.period, i.orders])).toEqual([
        ['2025-02-24', 0],
        ['2025-03-03', 1],
      ]);
      const quiet = (await kpis({ from: '2025-05-01', to: '2025-05-31', storeId: storeB }).expect(200)).body;
      expect(quiet).toMatchObject({ orders: 0, averageOrderValue: null, repurchaseRate: null, spendPerBuyer: null });
    });

    it('the live rollups equal their recomputation from the raw rows', async () => {
      await expectRollupsEqualRebuild();
    });
  });

  it(withSeed('40 concurrent orders and refunds in two stores (seeded shuffle): rollups equal the rebuild'), async () => {
    const members = await Promise.all(Array.from({ length: 6 }, () => loginMember(t)));
    const cashiers = [cashierA, cashierB];
    const first = await Promise.all(
      members.map((m, i) => placeOrder(t, cashiers[i % 2]!, { memberId: m.id, amount: 2000 + i * 100 }).expect(201)),
    );
    const ops: (() => Promise<unknown>)[] = [];
    for (let i = 0; i < 20; i++) {
      const m = members[i % members.length]!;
      ops.push(() => placeOrder(t, cashiers[(i + 1) % 2]!, { memberId: m.id, amount: 500 + i * 10 }).expect(201));
    }
    for (let i = 0; i < 20; i++) {
      const o = first[i % first.length]!.body as { orderNo: string };
      const cashier = cashiers[(i % first.length) % 2]!;
      ops.push(() =>
        t.http
          .post(`/api/v1/cashier/orders/${o.orderNo}/refunds`)
          .set(cashier.auth)
          .send({ refundNo: `C${i}`, amount: 100 })
          .expect(201),
      );
    }
    await Promise.all(shuffled(ops).map((op) => op()));
    const today = toLocalDate(new Date(), 'Asia/Shanghai');
    const k = (await kpis({ from: today, to: today }).expect(200)).body;
    expect(k.refunds).toBeGreaterThanOrEqual(2000);
    await expectRollupsEqualRebuild();
  });

  it('members who decline consent are taken off the registrations whichever shard counted them', async () => {
    const today = toLocalDate(new Date(), 'Asia/Shanghai');
    const before = (await kpis({ from: today, to: today }).expect(200)).body;
    const declined = await Promise.all(Array.from({ length: 6 }, () => loginMember(t, { consent: false })));
    expect((await kpis({ from: today, to: today }).expect(200)).body.members.new).toBe(before.members.new + 6);
    await Promise.all(declined.map((m) => t.http.post('/api/v1/me/consent/decline').set(m.auth).send({}).expect(204)));
    const after = (await kpis({ from: today, to: today }).expect(200)).body;
    expect([after.members.new, after.members.total]).toEqual([before.members.new, before.members.total]);
    await expectRollupsEqualRebuild();
  });

  it('concurrent orders write to several shards; the nightly compaction folds past days into one row per key and changes no figure', async () => {
    const members = await Promise.all(Array.from({ length: 8 }, () => loginMember(t)));
    await Promise.all(
      members.flatMap((m, i) =>
        [0, 1, 2].map((j) => placeOrder(t, [cashierA, cashierB][(i + j) % 2]!, { memberId: m.id, amount: 1000 + j }).expect(201)),
      ),
    );
    const today = toLocalDate(new Date(), 'Asia/Shanghai');
    const [{ shards }] = await t.db.query(
      `SELECT count(DISTINCT shard)::int AS shards FROM analytics_store_day WHERE day = $1 AND store_id = ANY($2)`,
      [today, [storeA, storeB]],
    );
    expect(shards).toBeGreaterThan(1);
    const repo = (analytics as unknown as { rows: { snapshot(db: unknown): Promise<unknown> } }).rows;
    const figures = (await kpis({ from: today, to: today }).expect(200)).body;
    const live = await repo.snapshot(t.db);

    // The nightly job keeps today sharded: nothing of today moves.
    const todaysRows = async () =>
      (await t.db.query(`SELECT count(*)::int AS n FROM analytics_store_day WHERE day = $1 AND shard <> 0`, [today]))[0].n;
    const sharded = await todaysRows();
    const job = await t.http.post('/api/v1/admin/jobs/analytics-compact/run').set(admin.auth).expect(200);
    expect(Object.keys(job.body.result.folded).sort()).toEqual([
      'analytics_order_recurrence',
      'analytics_recurrence',
      'analytics_store_day',
    ]);
    expect(await todaysRows()).toBe(sharded);
    const tomorrow = toLocalDate(new Date(Date.now() + 86_400_000), 'Asia/Shanghai');
    const folded = await (
      analytics as unknown as { rows: { compact(db: unknown, day: string): Promise<Record<string, number>> } }
    ).rows.compact(t.db, tomorrow);
    expect(folded.analytics_store_day).toBeGreaterThan(0);
    for (const table of ['analytics_store_day', 'analytics_recurrence', 'analytics_order_recurrence']) {
      const [{ sharded }] = await t.db.query(
        `SELECT count(*)::int AS sharded FROM ${table} WHERE shard <> 0 AND day >= $1::date - 35`,
        [tomorrow],
      );
      expect([table, sharded]).toEqual([table, 0]);
    }
    expect(await repo.snapshot(t.db)).toEqual(live);
    expect((await kpis({ from: today, to: today }).expect(200)).body).toEqual(figures);
    // Later orders of the same day add to new shard rows beside the folded one.
    await placeOrder(t, cashierA, { memberId: members[0]!.id, amount: 700 }).expect(201);
    const later = (await kpis({ from: today, to: today }).expect(200)).body;
    expect([later.orders, later.gmv]).toEqual([figures.orders + 1, figures.gmv + 700]);
    await expectRollupsEqualRebuild();
  });

  it('each connection writes to a shard of its own, kept across a rollback and freed when it closes', async () => {
    const connect = async () => {
      const c = new pg.Client({ connectionString: t.databaseUrl });
      await c.connect();
      return c;
    };
    const shardOf = async (c: pg.Client) => Number((await c.query('SELECT analytics_shard() AS s')).rows[0].s);
    const slotsHeld = async (c: pg.Client) =>
      (
        await c.query(
          `SELECT objid::int AS slot FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND objsubid = 2 AND pid = pg_backend_pid()`,
          [ANALYTICS_SHARD_LOCK],
        )
      ).rows.map((r: { slot: number }) => r.slot);
    const clients = await Promise.all(Array.from({ length: 6 }, connect));
    try {
      // The first of them takes its slot inside a transaction that rolls back: the session keeps it.
      await clients[0]!.query('BEGIN');
      const rolledBack = await shardOf(clients[0]!);
      await clients[0]!.query('ROLLBACK');
      const shards = await Promise.all(clients.map(shardOf));
      expect(shards[0]).toBe(rolledBack);
      expect(new Set(shards).size).toBe(clients.length);
      for (const s of shards) expect(s >= 0 && s < ROLLUP_SHARDS).toBe(true);
      for (const [i, c] of clients.entries()) {
        expect(await shardOf(c)).toBe(shards[i]); // remembered, no new slot
        expect(await slotsHeld(c)).toEqual([shards[i]]);
      }
      // A closed connection's slot is free again: the next connection can take it.
      await clients[5]!.end();
      const next = await connect();
      clients[5] = next;
      expect(shards.slice(0, 5)).not.toContain(await shardOf(next));
    } finally {
      await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    }
  });

  describe('scope and input', () => {
    it('a manager sees their own store (the default), never another', async () => {
      const manager = await loginStaff(t, 'manager', storeA);
      const own = (await kpis({ from: '2025-03-01', to: '2025-03-31' }, manager).expect(200)).body;
      expect(own.storeId).toBe(storeA);
      expect((await series({ from: '2025-03-01', to: '2025-03-31' }, manager).expect(200)).body.storeId).toBe(storeA);
      const other = await kpis({ from: '2025-03-01', to: '2025-03-31', storeId: storeB }, manager).expect(403);
      expect(other.body.code).toBe('STORE_SCOPE');
      await series({ from: '2025-03-01', to: '2025-03-31', storeId: storeB }, manager).expect(403);
    });

    it('cashiers and members are refused', async () => {
      await kpis({ from: '2025-03-01', to: '2025-03-31' }, cashierA).expect(403);
      const m = await loginMember(t);
      await t.http.get('/api/v1/admin/analytics/kpis').query({ from: '2025-03-01', to: '2025-03-31' }).set(m.auth).expect(403);
      await t.http.get('/api/v1/admin/analytics/kpis').query({ from: '2025-03-01', to: '2025-03-31' }).expect(401);
    });

    it.each([
      [{ from: '2025-02-30', to: '2025-03-01' }, 'INVALID_PERIOD'],
      [{ from: '2025-03-01' }, 'INVALID_PERIOD'],
      [{ from: '2025-03-02', to: '2025-03-01' }, 'INVALID_PERIOD'],
      [{ from: '2024-01-01', to: '2025-01-01' }, 'PERIOD_TOO_LONG'],
      [{ from: '2025-03-01', to: '2025-03-31', storeId: 'nope' }, 'VALIDATION_FAILED'],
      [{ from: '2025-03-01', to: '2025-03-31', extra: '1' }, 'VALIDATION_FAILED'],
    ])('bad input %j → 400 %s', async (query, code) => {
      const res = await kpis(query as Record<string, string>).expect(400);
      expect(res.body.code).toBe(code);
    });

    it('the nightly analytics-check job runs on demand for an admin and finds no difference', async () => {
      const res = await t.http.post('/api/v1/admin/jobs/analytics-check/run').set(admin.auth).expect(200);
      expect(res.body).toMatchObject({ job: 'analytics-check', result: { violations: 0 } });
    });

    it('a bad granularity → 400; an unknown store → 404', async () => {
      const g = await series({ from: '2025-03-01', to: '2025-03-31', granularity: 'hour' }).expect(400);
      expect(g.body.code).toBe('VALIDATION_FAILED');
      await kpis({ from: '2025-03-01', to: '2025-03-31', storeId: '6f1c2a34-0000-4000-8000-000000000000' }).expect(404);
    });
  });
});
