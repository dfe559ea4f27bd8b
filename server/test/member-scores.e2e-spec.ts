// Lifecycle thresholds and the nightly member-scores job (issue 11 item 3): stages at their
// boundaries, RFM quintiles and the small-population bands, the SQL equal to the shared rules on
// the same world, change events (none on initialisation, none on a re-run without change), a
// changed threshold, the webhook, and the till serving while the job runs.
import { randomUUID } from 'node:crypto';
import {
  DEFAULT_LIFECYCLE,
  RFM_MIN_BUYERS_FOR_QUINTILES,
  addDays,
  lifecycleStage,
  rfmGroup,
  scoreBuyers,
  toLocalDate,
  type LifecycleThresholds,
} from '@huiyuan/shared';
import { RECURRENCE } from '../src/analytics/analytics.entity.js';
import { MemberScoresService } from '../src/analytics/member-scores.service.js';
import { ScoresRepository } from '../src/analytics/scores.repository.js';
import { createStore, loginMember, loginStaff, type LoggedInStaff } from './helpers/factories.js';
import { placeOrder } from './helpers/loyalty.js';
import { TEST_SEED, mulberry32, withSeed } from './helpers/seeded.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const NO_STORE = '00000000-0000-0000-0000-000000000000';
const AS_OF = '2025-07-01';

/** One member of a seeded world: registration and (if any) orders, as days before AS_OF. */
interface Seed {
  id: string;
  registeredDaysAgo: number;
  order?: { firstDaysAgo: number; lastDaysAgo: number; orders: number; spend: number; refunded?: number; stores?: number };
}

describe('lifecycle thresholds and member scores', () => {
  let t: TestApp;
  let admin: LoggedInStaff;
  let manager: LoggedInStaff;
  let cashier: LoggedInStaff;
  let storeA: string;
  let storeB: string;
  let scores: MemberScoresService;
  let repo: ScoresRepository;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginStaff(t, 'admin');
    storeA = await createStore(t, 'A');
    storeB = await createStore(t, 'B');
    manager = await loginStaff(t, 'manager', storeA);
    cashier = await loginStaff(t, 'cashier', storeA);
    scores = t.app.get(MemberScoresService);
    repo = t.app.get(ScoresRepository);
  });
  afterAll(() => t.close());

  const putLifecycle = (body: unknown, who: LoggedInStaff = admin) =>
    t.http
      .put('/api/v1/admin/analytics/lifecycle')
      .set(who.auth)
      .send(body as object);

  /** Replaces the rollups by exactly this world (the job reads nothing else). */
  async function seed(world: Seed[]): Promise<void> {
    await t.db.query(
      'TRUNCATE analytics_member, analytics_member_store, analytics_recurrence, member_score, member_score_change',
    );
    for (const m of world) {
      const registeredOn = addDays(AS_OF, -m.registeredDaysAgo);
      await t.db.query(
        `INSERT INTO analytics_member (member_id, home_store_id, registered_at, registered_on) VALUES ($1, $2, $3::date, $3::date)`,
        [m.id, NO_STORE, registeredOn],
      );
      const o = m.order;
      if (!o) continue;
      // Split across stores: first order at A, last at B (when two stores), sums as given.
      const stores = o.stores === 2 ? [storeA, storeB] : [storeA];
      for (const [i, store] of stores.entries()) {
        const first = addDays(AS_OF, -(i === 0 ? o.firstDaysAgo : o.lastDaysAgo));
        const last = addDays(AS_OF, -(i === stores.length - 1 ? o.lastDaysAgo : o.firstDaysAgo));
        const orders = stores.length === 1 ? o.orders : i === 0 ? Math.ceil(o.orders / 2) : Math.floor(o.orders / 2) || 1;
        const spend = stores.length === 1 ? o.spend : i === 0 ? Math.ceil(o.spend / 2) : Math.floor(o.spend / 2);
        const refunded = i === 0 ? (o.refunded ?? 0) : 0;
        await t.db.query(
          `INSERT INTO analytics_member_store (member_id, store_id, first_order_at, last_order_at, first_order_on, last_order_on, orders, spend, refunded)
           VALUES ($1, $2, $3::date, $4::date, $3::date, $4::date, $5, $6, $7)`,
          [m.id, store, first, last, orders, spend, refunded],
        );
      }
    }
    await seedRecurrence();
  }

  /**
   * The recurrence rows the KPIs' member figures read (docs/metrics.md "Distinct members"), derived
   * from the seeded rollups as the writers would have made them: the registration, the first order,
   * and each order day (here also each active day: the world has no check-ins), all home-less.
   */
  async function seedRecurrence(): Promise<void> {
    const shard = (day: string, prev: string) =>
      `CASE WHEN ${prev} = '-infinity'::date OR ${day} - ${prev} <= 7 THEN get_byte(uuid_send(member_id), 15) % 8 ELSE 0 END`;
    await t.db.query(
      `INSERT INTO analytics_recurrence (scope_id, kind, day, prev_day, shard, members)
       SELECT $1::uuid, kind, day, prev_day, shard, count(*)::int FROM (
         SELECT ${RECURRENCE.registered} AS kind, registered_on AS day, '-infinity'::date AS prev_day,
                ${shard('registered_on', "'-infinity'::date")} AS shard
           FROM analytics_member
         UNION ALL
         SELECT ${RECURRENCE.first}, f.first_on, m.registered_on, ${shard('f.first_on', 'm.registered_on').replace(/member_id/g, 'm.member_id')}
           FROM analytics_member m
           JOIN (SELECT member_id, min(first_order_on) AS first_on FROM analytics_member_store GROUP BY member_id) f USING (member_id)
         UNION ALL
         SELECT k.kind, d.day, d.prev_day, ${shard('d.day', 'd.prev_day')}
           FROM (SELECT member_id, day, COALESCE(lag(day) OVER (PARTITION BY member_id ORDER BY day), '-infinity'::date) AS prev_day
                   FROM (SELECT member_id, first_order_on AS day FROM analytics_member_store
                         UNION SELECT member_id, last_order_on FROM analytics_member_store) x) d
           CROSS JOIN (VALUES (${RECURRENCE.order}), (${RECURRENCE.active})) AS k(kind)
       ) e GROUP BY kind, day, prev_day, shard`,
      [NO_STORE],
    );
  }

  /** What the shared rules say for the world (as the rollups hold it: per-store rows summed). */
  async function expected(th: LifecycleThresholds = DEFAULT_LIFECYCLE) {
    const rows: Record<string, unknown>[] = await t.db.query(
      `SELECT m.member_id, to_char(m.registered_on, 'YYYY-MM-DD') AS reg,
              to_char(min(s.first_order_on), 'YYYY-MM-DD') AS first_on, to_char(max(s.last_order_on), 'YYYY-MM-DD') AS last_on,
              sum(s.orders)::int AS orders, sum(s.spend - s.refunded)::int AS spend
         FROM analytics_member m LEFT JOIN analytics_member_store s ON s.member_id = m.member_id
        GROUP BY m.member_id, m.registered_on ORDER BY m.member_id`,
    );
    const buyers = rows.filter((r) => r.first_on !== null);
    const rfm = scoreBuyers(
      buyers.map((b) => ({
        daysSinceLastOrder: -Math.round((Date.parse(b.last_on as string) - Date.parse(AS_OF)) / 86_400_000),
        orders: b.orders as number,
        netSpend: b.spend as number,
      })),
    );
    const byId = new Map(buyers.map((b, i) => [b.member_id as string, rfm[i]!]));
    return rows.map((r) => {
      const s = byId.get(r.member_id as string);
      return {
        memberId: r.member_id as string,
        stage: lifecycleStage(
          {
            registeredOn: r.reg as string,
            firstOrderOn: (r.first_on as string) ?? null,
            lastOrderOn: (r.last_on as string) ?? null,
          },
          AS_OF,
          th,
        ),
        r: s?.r ?? null,
        f: s?.f ?? null,
        m: s?.m ?? null,
        group: s?.group ?? null,
      };
    });
  }

  const actual = async () => (await repo.scores(t.db)).map(({ stageSince: _s, ...rest }) => rest);
  const byMember = async () => new Map((await repo.scores(t.db)).map((s) => [s.memberId, s]));

  describe('a small world at the stage boundaries (default thresholds 30 / 60 / 180)', () => {
    const w = {
      never29: randomUUID(),
      never30: randomUUID(),
      never179: randomUUID(),
      never180: randomUUID(),
      new29: randomUUID(),
      active30: randomUUID(),
      active59: randomUUID(),
      silent60: randomUUID(),
      silent179: randomUUID(),
      churned180: randomUUID(),
      champion: randomUUID(),
    };
    const world: Seed[] = [
      { id: w.never29, registeredDaysAgo: 29 },
      { id: w.never30, registeredDaysAgo: 30 },
      { id: w.never179, registeredDaysAgo: 179 },
      { id: w.never180, registeredDaysAgo: 180 },
      { id: w.new29, registeredDaysAgo: 400, order: { firstDaysAgo: 29, lastDaysAgo: 29, orders: 1, spend: 5_000 } },
      { id: w.active30, registeredDaysAgo: 400, order: { firstDaysAgo: 30, lastDaysAgo: 30, orders: 2, spend: 30_000 } },
      { id: w.active59, registeredDaysAgo: 400, order: { firstDaysAgo: 300, lastDaysAgo: 59, orders: 4, spend: 99_999 } },
      { id: w.silent60, registeredDaysAgo: 400, order: { firstDaysAgo: 300, lastDaysAgo: 60, orders: 5, spend: 100_000 } },
      { id: w.silent179, registeredDaysAgo: 400, order: { firstDaysAgo: 300, lastDaysAgo: 179, orders: 1, spend: 300_000 } },
      { id: w.churned180, registeredDaysAgo: 400, order: { firstDaysAgo: 300, lastDaysAgo: 180, orders: 1, spend: 9_999 } },
      {
        id: w.champion,
        registeredDaysAgo: 400,
        order: { firstDaysAgo: 200, lastDaysAgo: 0, orders: 12, spend: 450_000, refunded: 50_000, stores: 2 },
      },
    ];
    beforeAll(() => seed(world));

    it('stages and (fewer than 100 buyers) banded scores: exactly as documented, equal to the shared rules; the first run records no changes', async () => {
      const run = await scores.recompute({ asOf: AS_OF, batch: 4 });
      expect(run).toMatchObject({ asOf: AS_OF, members: 11, buyers: 7, initialised: 11, stageChanges: 0, groupChanges: 0 });
      const s = await byMember();
      const stage = (id: string) => s.get(id)?.stage;
      expect([w.never29, w.never30, w.never179, w.never180].map(stage)).toEqual(['new', 'silent', 'silent', 'churned']);
      expect([w.new29, w.active30, w.active59, w.silent60, w.silent179, w.churned180].map(stage)).toEqual([
        'new',
        'active',
        'active',
        'silent',
        'silent',
        'churned',
      ]);
      // Never ordered: no scores, no group.
      expect(s.get(w.never29)).toMatchObject({ r: null, f: null, m: null, group: null, stageSince: AS_OF });
      // Bands: recency <30 → 5 … ≥180 → 1; F 1, 2, 3–4, 5–9, 10+; M ¥100 / ¥300 / ¥1,000 / ¥3,000.
      expect(s.get(w.new29)).toMatchObject({ r: 5, f: 1, m: 1, group: 'promising' });
      expect(s.get(w.active30)).toMatchObject({ r: 4, f: 2, m: 3, group: 'champion' });
      expect(s.get(w.active59)).toMatchObject({ r: 4, f: 3, m: 3, group: 'champion' });
      expect(s.get(w.silent60)).toMatchObject({ r: 3, f: 4, m: 4, group: 'champion' });
      expect(s.get(w.silent179)).toMatchObject({ r: 2, f: 1, m: 5, group: 'big_lapsed' });
      expect(s.get(w.churned180)).toMatchObject({ r: 1, f: 1, m: 1, group: 'lost' });
      // Two stores summed: 12 orders, net ¥4,000 (refunds count against spend).
      expect(s.get(w.champion)).toMatchObject({ r: 5, f: 5, m: 5, group: 'champion', stage: 'active' });
      expect(await actual()).toEqual(await expected());
      expect(await repo.changes(t.db)).toEqual([]);
    });

    it('the KPI lifecycle for the same day counts the same stages', async () => {
      const res = await t.http.get('/api/v1/admin/analytics/kpis').query({ from: AS_OF, to: AS_OF }).set(admin.auth).expect(200);
      const counts = { new: 0, active: 0, silent: 0, churned: 0 };
      for (const s of await repo.scores(t.db)) counts[s.stage as keyof typeof counts] += 1;
      expect(res.body.lifecycle).toEqual(counts);
    });

    it('a re-run with nothing changed records no change and keeps stage_since', async () => {
      const run = await scores.recompute({ asOf: AS_OF });
      expect(run).toMatchObject({ initialised: 0, written: 0, stageChanges: 0, groupChanges: 0 });
      expect(await repo.changes(t.db)).toEqual([]);
    });

    it('a day later: exactly the members crossing a boundary change, with one change row each', async () => {
      const next = addDays(AS_OF, 1);
      const run = await scores.recompute({ asOf: next });
      const s = await byMember();
      // never29 → silent, never179 → churned, new29 → active (first order 30 days ago), active59 → silent,
      // silent179 → churned; the others keep their stage.
      expect(run).toMatchObject({ initialised: 0, stageChanges: 5 });
      const changes = (await repo.changes(t.db)).filter((c) => c.kind === 'stage');
      expect(changes.map((c) => [c.memberId, c.from, c.to, c.on]).sort()).toEqual(
        [
          [w.never29, 'new', 'silent', next],
          [w.never179, 'silent', 'churned', next],
          [w.new29, 'new', 'active', next],
          [w.active59, 'active', 'silent', next],
          [w.silent179, 'silent', 'churned', next],
        ].sort(),
      );
      expect(s.get(w.active59)).toMatchObject({ stage: 'silent', stageSince: next });
      expect(s.get(w.active30)).toMatchObject({ stage: 'active', stageSince: AS_OF });
      // Recency bands moved too: silent179 is now 180 days out (R 2 → 1): big_lapsed stays (R low either way).
      const groupChanges = (await repo.changes(t.db)).filter((c) => c.kind === 'rfm_group');
      expect(groupChanges.length).toBe(run!.groupChanges);
      // Back to AS_OF for the next tests (those five change back).
      await scores.recompute({ asOf: AS_OF });
    });

    it('a changed threshold changes the KPIs at once and the stages at the next run (audited)', async () => {
      await t.db.query('TRUNCATE member_score_change');
      const kpi = async () =>
        (await t.http.get('/api/v1/admin/analytics/kpis').query({ from: AS_OF, to: AS_OF }).set(admin.auth).expect(200)).body
          .lifecycle;
      const before = await kpi();
      const saved = await putLifecycle({ newDays: 30, silentAfterDays: 90, churnedAfterDays: 365 }).expect(200);
      expect(saved.body).toMatchObject({ newDays: 30, silentAfterDays: 90, churnedAfterDays: 365, updatedBy: admin.id });
      expect((await t.http.get('/api/v1/admin/analytics/lifecycle').set(manager.auth).expect(200)).body).toEqual(saved.body);
      const after = await kpi();
      // silent60 becomes active (60 < 90); never180 and churned180 silent (< 365); silent179 stays silent.
      expect(after).toEqual({ ...before, active: before.active + 1, silent: before.silent + 1, churned: before.churned - 2 });
      const run = await scores.recompute({ asOf: AS_OF });
      expect(run).toMatchObject({ thresholds: { silentAfterDays: 90, churnedAfterDays: 365 }, stageChanges: 3 });
      const s = await byMember();
      expect(s.get(w.silent60)?.stage).toBe('active');
      expect([w.never180, w.silent179, w.churned180].map((id) => s.get(id)?.stage)).toEqual(['silent', 'silent', 'silent']);
      expect(await actual()).toEqual(await expected({ newDays: 30, silentAfterDays: 90, churnedAfterDays: 365 }));
      const changes = (await repo.changes(t.db)).filter((c) => c.kind === 'stage');
      expect(changes.map((c) => [c.memberId, c.from, c.to]).sort()).toEqual(
        [
          [w.silent60, 'silent', 'active'],
          [w.never180, 'churned', 'silent'],
          [w.churned180, 'churned', 'silent'],
        ].sort(),
      );
      const audit: { action: string; details: { after: LifecycleThresholds } }[] = await t.db.query(
        `SELECT action, details FROM audit_log WHERE action = 'lifecycle_settings.update'`,
      );
      expect(audit).toHaveLength(1);
      expect(audit[0]!.details.after).toEqual({ newDays: 30, silentAfterDays: 90, churnedAfterDays: 365 });
      // Back to the defaults.
      await putLifecycle(DEFAULT_LIFECYCLE).expect(200);
    });
  });

  it(
    withSeed('quintiles (≥ 100 buyers): the SQL equals the shared rules on a random world with ties, in any batch size'),
    async () => {
      for (const [buyers, nonBuyers, batch] of [
        [RFM_MIN_BUYERS_FOR_QUINTILES + 137, 40, 53],
        [RFM_MIN_BUYERS_FOR_QUINTILES - 1, 10, 1000],
        [RFM_MIN_BUYERS_FOR_QUINTILES, 0, 7],
      ] as const) {
        const world = ((rnd: () => number) => {
          const pick = (n: number) => Math.floor(rnd() * n);
          const out: Seed[] = [];
          for (let i = 0; i < buyers; i++) {
            const last = pick(40) * 10; // coarse: many equal recencies
            const first = last + pick(100);
            out.push({
              id: randomUUID(),
              registeredDaysAgo: first + pick(30),
              order: {
                firstDaysAgo: first,
                lastDaysAgo: last,
                orders: 1 + (rnd() < 0.6 ? 0 : pick(14)),
                spend: pick(20) * 5_000, // coarse: many equal spends
                refunded: rnd() < 0.1 ? 1_000 : 0,
                stores: rnd() < 0.2 ? 2 : 1,
              },
            });
          }
          for (let i = 0; i < nonBuyers; i++) out.push({ id: randomUUID(), registeredDaysAgo: pick(400) });
          return out;
        })(mulberry32(TEST_SEED + buyers * 31 + batch));
        await seed(world);
        const run = await scores.recompute({ asOf: AS_OF, batch });
        expect(run).toMatchObject({ members: buyers + nonBuyers, buyers });
        const got = await actual();
        expect(got).toEqual(await expected());
        if (buyers >= RFM_MIN_BUYERS_FOR_QUINTILES) {
          // Every quintile is used and the most recent / biggest spender has the top score.
          expect(new Set(got.map((g) => g.r).filter((r) => r !== null))).toEqual(new Set([1, 2, 3, 4, 5]));
          expect(got.every((g) => g.group === null || g.group === rfmGroup(g.r as 1, g.f as 1, g.m as 1))).toBe(true);
        }
      }
    },
  );

  it('real orders through the till, the job run on demand, and stage changes as webhook events', async () => {
    await t.db.query('TRUNCATE member_score, member_score_change');
    await t.http
      .post('/api/v1/admin/webhooks')
      .set(admin.auth)
      .send({ url: 'http://127.0.0.1:9/lifecycle', events: ['member.lifecycle_changed'] })
      .expect(201);
    const m = await loginMember(t);
    expect((await placeOrder(t, cashier, { memberId: m.id, amount: 12_000 })).status).toBe(201);
    const res = await t.http.post('/api/v1/admin/jobs/member-scores/run').set(admin.auth).expect(200);
    expect(res.body.result).toMatchObject({ asOf: toLocalDate(new Date(), 'Asia/Shanghai'), stageChanges: 0 });
    expect((await byMember()).get(m.id)).toMatchObject({ stage: 'new', f: 1 });
    // Thirty days later (as the job would see it) the member is active: one change, one event.
    const later = addDays(toLocalDate(new Date(), 'Asia/Shanghai'), 30);
    await scores.recompute({ asOf: later });
    const [change] = (await repo.changes(t.db, m.id)).filter((c) => c.kind === 'stage');
    expect(change).toMatchObject({ from: 'new', to: 'active', on: later });
    const events: { member_id: string; payload: Record<string, unknown> }[] = await t.db.query(
      `SELECT member_id, payload FROM webhook_event WHERE type = 'member.lifecycle_changed' AND member_id = $1`,
      [m.id],
    );
    expect(events).toEqual([
      { member_id: m.id, payload: { memberId: m.id, changeId: change!.id, from: 'new', to: 'active', on: later } },
    ]);
  });

  it('the till keeps serving while the job runs (orders concurrent with a run all succeed)', async () => {
    const members = await Promise.all(Array.from({ length: 8 }, () => loginMember(t)));
    const [run, ...orders] = await Promise.all([
      scores.recompute(),
      ...members.flatMap((m) => [
        placeOrder(t, cashier, { memberId: m.id, amount: 1_000 }),
        placeOrder(t, cashier, { memberId: m.id, amount: 2_000 }),
      ]),
    ]);
    expect(run).not.toBeNull();
    expect(orders.map((o) => (o as { status: number }).status)).toEqual(orders.map(() => 201));
    // Two runs at once: one runs, the other is skipped (null), never both writing.
    const both = await Promise.all([scores.recompute(), scores.recompute()]);
    expect(both.filter((r) => r === null).length).toBeLessThanOrEqual(1);
    expect(both.some((r) => r !== null)).toBe(true);
  });

  describe('GET/PUT /admin/analytics/lifecycle', () => {
    it('defaults until saved; admin and manager read; only admins write', async () => {
      const got = await t.http.get('/api/v1/admin/analytics/lifecycle').set(manager.auth).expect(200);
      expect(got.body).toMatchObject(DEFAULT_LIFECYCLE);
      await putLifecycle(DEFAULT_LIFECYCLE, manager).expect(403);
      await putLifecycle(DEFAULT_LIFECYCLE, cashier).expect(403);
      await t.http.get('/api/v1/admin/analytics/lifecycle').set(cashier.auth).expect(403);
      const member = await loginMember(t);
      await t.http.get('/api/v1/admin/analytics/lifecycle').set(member.auth).expect(403);
      await t.http.get('/api/v1/admin/analytics/lifecycle').expect(401);
    });

    it.each([
      [{ newDays: 60, silentAfterDays: 60, churnedAfterDays: 180 }, 'silentAfterDays: must be greater than newDays'],
      [{ newDays: 30, silentAfterDays: 200, churnedAfterDays: 180 }, 'churnedAfterDays: must be greater than silentAfterDays'],
      [{ newDays: 0, silentAfterDays: 60, churnedAfterDays: 180 }, 'newDays: must be a whole number of days 1-3660'],
      [{ newDays: 30, silentAfterDays: 60, churnedAfterDays: 4000 }, 'churnedAfterDays: must be a whole number of days 1-3660'],
      [{ newDays: 30.5, silentAfterDays: 60, churnedAfterDays: 180 }, null],
      [{ newDays: 30, silentAfterDays: 60 }, null],
      [{ newDays: '30', silentAfterDays: 60, churnedAfterDays: 180 }, null],
    ])('refuses %j with 400 VALIDATION_FAILED', async (body, message) => {
      const res = await putLifecycle(body).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      if (message) expect(res.body.details).toContain(message);
      expect((await t.http.get('/api/v1/admin/analytics/lifecycle').set(admin.auth).expect(200)).body).toMatchObject(
        DEFAULT_LIFECYCLE,
      );
    });
  });
});
