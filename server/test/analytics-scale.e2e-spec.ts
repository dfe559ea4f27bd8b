// Analytics at scale (issue 11 item 7): the member figures (members at a date, active members,
// churn, lifecycle) now come from distinct-member counts (analytics_recurrence, docs/metrics.md
// "Distinct members") instead of scans of the members. A seeded random world — members of two
// home stores and none, orders in both stores and check-ins over 14 months, written in time
// order through the till and the check-in — is checked against a brute-force evaluation of each
// definition for many random periods and scopes, and the rollups against their recomputation.
import { DEFAULT_LIFECYCLE, addDays, daysBetween, lifecycleStage, type LifecycleStage } from '@huiyuan/shared';
import { AnalyticsService } from '../src/analytics/analytics.service.js';
import type { StaffPrincipal } from '../src/common/auth.js';
import { CheckInService } from '../src/engagement/check-in.service.js';
import { TillService } from '../src/till/till.service.js';
import { createStore, loginMember, loginStaff, type LoggedInStaff } from './helpers/factories.js';
import { nextOrderNo } from './helpers/loyalty.js';
import { mulberry32, withSeed, TEST_SEED } from './helpers/seeded.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const local = (day: string, time: string) => new Date(`${day}T${time}+08:00`);
const START = '2024-01-01';
const DAYS = 420;

interface WorldMember {
  id: string;
  home: string | null;
  registeredOn: string;
  orders: { day: string; store: string }[];
  checkIns: string[];
}

describe('analytics member figures from recurrence counts (random world)', () => {
  let t: TestApp;
  let admin: LoggedInStaff;
  const stores: string[] = [];
  const world: WorldMember[] = [];
  const rand = mulberry32(TEST_SEED);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginStaff(t, 'admin');
    stores.push(await createStore(t, 'A'), await createStore(t, 'B'));
    const cashiers = [await loginStaff(t, 'cashier', stores[0]), await loginStaff(t, 'cashier', stores[1])];
    // Members of other suites' worlds are pushed out of this one (registered long before it).
    await t.db.query(`UPDATE member SET created_at = '2020-01-01T00:00:00Z'`);
    for (let i = 0; i < 24; i++) {
      const registeredOn = addDays(START, Math.floor(rand() * (DAYS - 30)));
      const home = pick([stores[0]!, stores[1]!, null]);
      const id = (await loginMember(t)).id;
      await t.db.query('UPDATE member SET created_at = $2, registration_store_id = $3 WHERE id = $1', [
        id,
        local(registeredOn, '08:00:00'),
        home,
      ]);
      const m: WorldMember = { id, home, registeredOn, orders: [], checkIns: [] };
      const left = daysBetween(registeredOn, addDays(START, DAYS - 1));
      const nOrders = pick([0, 1, 1, 2, 3, 5, 8]);
      for (let k = 0; k < nOrders; k++)
        m.orders.push({ day: addDays(registeredOn, Math.floor(rand() * left)), store: pick(stores) });
      for (let k = 0; k < pick([0, 0, 2, 4]); k++) {
        const day = addDays(registeredOn, Math.floor(rand() * left));
        if (!m.checkIns.includes(day)) m.checkIns.push(day);
      }
      world.push(m);
    }
    await t.app.get(AnalyticsService).rebuild();
    // Every event in time order, as the till and the check-in record them.
    const till = t.app.get(TillService);
    const checkIns = t.app.get(CheckInService);
    const events: { at: Date; run: () => Promise<unknown> }[] = [];
    for (const m of world) {
      m.orders.forEach((o, k) => {
        const cashier = cashiers[stores.indexOf(o.store)]!;
        const principal: StaffPrincipal = { kind: 'staff', id: cashier.id, role: 'cashier', storeId: cashier.storeId };
        const at = local(o.day, `1${k % 10}:00:00`);
        events.push({
          at,
          run: () => till.createOrder(principal, { memberId: m.id, orderNo: nextOrderNo(), amount: 1000 + k }, at),
        });
      });
      for (const day of m.checkIns) {
        const at = local(day, '07:30:00');
        events.push({ at, run: () => checkIns.checkIn(m.id, at) });
      }
    }
    events.sort((a, b) => a.at.getTime() - b.at.getTime());
    for (const e of events) await e.run();
  }, 120_000);
  afterAll(() => t.close());

  /** Each figure straight from its definition (docs/metrics.md) over the world's raw events. */
  function expected(scope: string | null, from: string, to: string) {
    const t0 = DEFAULT_LIFECYCLE;
    const inScope = world.filter((m) => scope === null || m.home === scope);
    const orderDays = (m: WorldMember) => m.orders.map((o) => o.day);
    const members = inScope.filter((m) => m.registeredOn <= to);
    const active = members.filter((m) => [...orderDays(m), ...m.checkIns].some((d) => d >= from && d <= to)).length;
    const baseFrom = addDays(from, -t0.churnedAfterDays);
    const base = inScope.filter((m) => orderDays(m).some((d) => d >= baseFrom && d < from));
    const lost = base.filter((m) => {
      const upTo = orderDays(m).filter((d) => d <= to);
      const last = [...upTo].sort().at(-1)!; // not pop(): upTo is still asked below
      return !upTo.some((d) => d >= from) && daysBetween(last, to) >= t0.churnedAfterDays;
    }).length;
    const lifecycle: Record<LifecycleStage, number> = { new: 0, active: 0, silent: 0, churned: 0 };
    for (const m of members) {
      const upTo = orderDays(m)
        .filter((d) => d <= to)
        .sort();
      lifecycle[
        lifecycleStage({ registeredOn: m.registeredOn, firstOrderOn: upTo[0] ?? null, lastOrderOn: upTo.at(-1) ?? null }, to, t0)
      ]++;
    }
    const newMembers = members.filter((m) => m.registeredOn >= from).length;
    // Purchase figures follow the order's store (all stores: anywhere).
    const ordersIn = (m: WorldMember) =>
      m.orders.filter((o) => o.day >= from && o.day <= to && (scope === null || o.store === scope)).length;
    const buyers = world.filter((m) => ordersIn(m) >= 1).length;
    const repurchasers = world.filter((m) => ordersIn(m) >= 2).length;
    return {
      buyers,
      repurchaseRate: buyers === 0 ? null : repurchasers / buyers,
      total: members.length,
      new: newMembers,
      atStart: members.length - newMembers,
      active,
      churnRate: base.length === 0 ? null : lost / base.length,
      lifecycle,
    };
  }

  it(
    withSeed(
      'members, growth, activity, churn, lifecycle, buyers and repurchase equal their definitions for 40 random periods and scopes',
    ),
    async () => {
      for (let i = 0; i < 40; i++) {
        const scope = pick([null, stores[0]!, stores[1]!]);
        const len = 1 + Math.floor(rand() * 200);
        const to = addDays(START, 20 + Math.floor(rand() * (DAYS + 40)));
        const from = addDays(to, -(len - 1));
        const res = await t.http
          .get('/api/v1/admin/analytics/kpis')
          .query({ from, to, ...(scope ? { storeId: scope } : {}) })
          .set(admin.auth)
          .expect(200);
        const want = expected(scope, from, to);
        const got = res.body;
        const label = `${scope ?? 'all'} ${from}..${to}`;
        expect({ label, total: got.members.total, new: got.members.new }).toEqual({ label, total: want.total, new: want.new });
        expect({ label, growth: got.members.growthRate }).toEqual({
          label,
          growth: want.atStart === 0 ? null : want.new / want.atStart,
        });
        expect({ label, active: got.activeMembers, churn: got.churnRate }).toEqual({
          label,
          active: want.active,
          churn: want.churnRate,
        });
        expect({ label, lifecycle: got.lifecycle }).toEqual({ label, lifecycle: want.lifecycle });
        expect({ label, buyers: got.buyers, repurchase: got.repurchaseRate }).toEqual({
          label,
          buyers: want.buyers,
          repurchase: want.repurchaseRate,
        });
      }
    },
  );

  it(withSeed('buyers and repurchase by week and by day equal their definitions, per store and anywhere'), async () => {
    for (const [granularity, len] of [
      ['week', 120],
      ['day', 40],
    ] as const) {
      for (const scope of [null, stores[0]!, stores[1]!]) {
        const to = addDays(START, 60 + Math.floor(rand() * (DAYS - 60)));
        const from = addDays(to, -(len - 1));
        const res = await t.http
          .get('/api/v1/admin/analytics/kpis/series')
          .query({ from, to, granularity, ...(scope ? { storeId: scope } : {}) })
          .set(admin.auth)
          .expect(200);
        for (const item of res.body.items as { period: string; buyers: number; repurchaseRate: number | null }[]) {
          const start = item.period < from ? from : item.period;
          const endRaw = granularity === 'week' ? addDays(item.period, 6) : item.period;
          const w = expected(scope, start, endRaw > to ? to : endRaw);
          expect({ granularity, scope, period: item.period, buyers: item.buyers, rate: item.repurchaseRate }).toEqual({
            granularity,
            scope,
            period: item.period,
            buyers: w.buyers,
            rate: w.repurchaseRate,
          });
        }
      }
    }
  });

  it(withSeed('activity by week equals distinct active members per week'), async () => {
    const from = addDays(START, 100);
    const to = addDays(START, 190);
    const res = await t.http
      .get('/api/v1/admin/analytics/kpis/series')
      .query({ from, to, granularity: 'week' })
      .set(admin.auth)
      .expect(200);
    for (const item of res.body.items as { period: string; activityRate: number | null }[]) {
      const start = item.period < from ? from : item.period;
      const endRaw = addDays(item.period, 6);
      const end = endRaw > to ? to : endRaw;
      const w = expected(null, start, end);
      expect({ period: item.period, rate: item.activityRate }).toEqual({
        period: item.period,
        rate: w.total === 0 ? null : w.active / w.total,
      });
    }
  });

  it('the recurrence rows (and every rollup) equal their recomputation from the raw rows', async () => {
    const analytics = t.app.get(AnalyticsService);
    expect(await analytics.check()).toEqual([]);
    for (const table of ['analytics_recurrence', 'analytics_order_recurrence']) {
      const { n } = (await t.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0] as { n: number };
      expect({ table, some: n > 0 }).toEqual({ table, some: true });
    }
  });
});
