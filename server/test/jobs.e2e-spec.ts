import type { StaffPrincipal } from '../src/common/auth.js';
import { JobsService } from '../src/jobs/jobs.service.js';
import { LoyaltyJobsService } from '../src/loyalty/loyalty-jobs.service.js';
import { ReconciliationService } from '../src/loyalty/reconciliation.service.js';
import { TillService } from '../src/till/till.service.js';
import { loginMember, loginStaff, type LoggedInStaff } from './helpers/factories.js';
import { expectLedgerConsistent, memberCode, nextOrderNo } from './helpers/loyalty.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const principal = (s: LoggedInStaff): StaffPrincipal => ({ kind: 'staff', id: s.id, role: 'cashier', storeId: s.storeId });

describe('points expiry', () => {
  let t: TestApp;
  let cashier: LoggedInStaff;
  let jobs: LoyaltyJobsService;
  let till: TillService;
  beforeAll(async () => {
    t = await createTestApp();
    cashier = await loginStaff(t, 'cashier');
    jobs = t.app.get(LoyaltyJobsService);
    till = t.app.get(TillService);
  });
  afterEach(() => expectLedgerConsistent(t));
  afterAll(() => t.close());

  it('expires points at the end of the year after they were earned, and a second run changes nothing', async () => {
    const m = await loginMember(t);
    // Earned 2024-06 → valid through 2025-12-31 (Shanghai); earned 2025-06 → through 2026-12-31.
    await till.createOrder(
      principal(cashier),
      { memberId: m.id, orderNo: nextOrderNo(), amount: 10_000 },
      new Date('2024-06-01T04:00:00Z'),
    );
    await till.createOrder(
      principal(cashier),
      { memberId: m.id, orderNo: nextOrderNo(), amount: 5_000 },
      new Date('2025-06-01T04:00:00Z'),
    );

    const beforeMidnight = await jobs.expirePoints(new Date('2025-12-31T15:59:59Z'));
    expect(beforeMidnight.points).toBe(0);
    const firstRun = await jobs.expirePoints(new Date('2026-01-01T00:00:00Z'));
    expect(firstRun).toMatchObject({ points: expect.any(Number) });
    const [after] = await t.db.query('SELECT points FROM member WHERE id = $1', [m.id]);
    expect(after.points).toBe(50);
    const secondRun = await jobs.expirePoints(new Date('2026-01-01T00:00:00Z'));
    expect(secondRun.points).toBe(0);
    const [again] = await t.db.query('SELECT points FROM member WHERE id = $1', [m.id]);
    expect(again.points).toBe(50);
    const entries = await t.db.query("SELECT delta FROM points_entry WHERE member_id = $1 AND kind = 'expire'", [m.id]);
    expect(entries).toEqual([{ delta: -100 }]);
  });

  it('spends the lot that expires first', async () => {
    const m = await loginMember(t);
    await till.createOrder(
      principal(cashier),
      { memberId: m.id, orderNo: nextOrderNo(), amount: 20_000 },
      new Date('2025-06-01T04:00:00Z'),
    );
    await till.createOrder(
      principal(cashier),
      { memberId: m.id, orderNo: nextOrderNo(), amount: 30_000 },
      new Date('2026-06-01T04:00:00Z'),
    );
    const spendAt = new Date('2026-07-01T04:00:00Z');
    const present = await till.identify(principal(cashier), await memberCode(t, m.id, spendAt), spendAt);
    await till.createOrder(
      principal(cashier),
      {
        memberId: m.id,
        orderNo: nextOrderNo(),
        amount: 100_000,
        pointsToRedeem: 300,
        identificationId: present.identification.id,
      },
      spendAt,
    );
    const lots = await t.db.query('SELECT amount, remaining, earned_at FROM points_lot WHERE member_id = $1 ORDER BY earned_at', [
      m.id,
    ]);
    expect(lots[0]).toMatchObject({ amount: 200, remaining: 0 });
    expect(lots[1]).toMatchObject({ amount: 300, remaining: 200 });
  });

  it('an order expires due points first, so expired points cannot be spent even before the job runs', async () => {
    const m = await loginMember(t);
    await till.createOrder(
      principal(cashier),
      { memberId: m.id, orderNo: nextOrderNo(), amount: 50_000 },
      new Date('2024-06-01T04:00:00Z'),
    );
    const spendAt = new Date('2026-02-01T04:00:00Z');
    const present = await till.identify(principal(cashier), await memberCode(t, m.id, spendAt), spendAt);
    const attempt = till.createOrder(
      principal(cashier),
      {
        memberId: m.id,
        orderNo: nextOrderNo(),
        amount: 100_000,
        pointsToRedeem: 100,
        identificationId: present.identification.id,
      },
      spendAt,
    );
    await expect(attempt).rejects.toMatchObject({ code: 'INSUFFICIENT_POINTS' });
  });

  it('reminds members of points expiring within 30 days, once per expiry date', async () => {
    const m = await loginMember(t);
    await till.createOrder(
      principal(cashier),
      { memberId: m.id, orderNo: nextOrderNo(), amount: 7_700 },
      new Date('2024-03-01T04:00:00Z'),
    );
    expect(await jobs.remindExpiringPoints(new Date('2025-11-20T02:00:00Z'))).toBe(0);
    const now = new Date('2025-12-10T02:00:00Z');
    expect(await jobs.remindExpiringPoints(now)).toBeGreaterThanOrEqual(1);
    expect(await jobs.remindExpiringPoints(now)).toBe(0);
    const [note] = await t.db.query(
      "SELECT title, body FROM member_notification WHERE member_id = $1 AND kind = 'points_expiring'",
      [m.id],
    );
    expect(note).toEqual({ title: '积分即将过期', body: '您有 77 积分将于 2025-12-31 过期，记得在到期前使用。' });
  });
});

describe('yearly tier review', () => {
  let t: TestApp;
  let cashier: LoggedInStaff;
  beforeAll(async () => {
    t = await createTestApp();
    cashier = await loginStaff(t, 'cashier');
  });
  afterAll(() => t.close());

  it('keeps a tier when the keep-tier growth was earned, drops one level otherwise, and never reviews twice in a year', async () => {
    const till = t.app.get(TillService);
    const jobs = t.app.get(LoyaltyJobsService);
    const keeper = await loginMember(t);
    const lapsed = await loginMember(t);
    const t0 = new Date('2024-03-01T04:00:00Z');
    // Both reach gold (2000 growth) on 2024-03-01.
    for (const m of [keeper, lapsed]) {
      await till.createOrder(principal(cashier), { memberId: m.id, orderNo: nextOrderNo(), amount: 210_000 }, t0);
    }
    // Only the keeper spends again within the year (gold keeps at 1200).
    await till.createOrder(
      principal(cashier),
      { memberId: keeper.id, orderNo: nextOrderNo(), amount: 130_000 },
      new Date('2024-09-01T04:00:00Z'),
    );

    expect(await jobs.reviewTiers(new Date('2025-02-27T04:00:00Z'))).toEqual({ reviewed: 0, downgraded: 0 });
    const review = await jobs.reviewTiers(new Date('2025-03-01T04:00:00Z'));
    expect(review).toEqual({ reviewed: 2, downgraded: 1 });
    const tiers = await t.db.query('SELECT id, tier_code FROM member WHERE id = ANY($1) ORDER BY tier_code', [
      [keeper.id, lapsed.id],
    ]);
    expect(Object.fromEntries(tiers.map((r: { id: string; tier_code: string }) => [r.id, r.tier_code]))).toEqual({
      [keeper.id]: 'gold',
      [lapsed.id]: 'silver',
    });
    expect(await jobs.reviewTiers(new Date('2025-03-02T04:00:00Z'))).toEqual({ reviewed: 0, downgraded: 0 });
    const notes = await t.db.query("SELECT kind FROM member_notification WHERE member_id = $1 AND kind = 'tier_downgrade'", [
      lapsed.id,
    ]);
    expect(notes).toHaveLength(1);
  });
});

describe('the job queue', () => {
  it('runs scheduled work through pg-boss on the same database', async () => {
    const t = await createTestApp({ env: { HUIYUAN_JOBS: '1' } });
    try {
      const jobs = t.app.get(JobsService);
      expect(jobs.definitions.map((d) => d.name)).toEqual([
        'points-expire',
        'points-expiry-reminder',
        'tier-review',
        'coupon-expire',
        'coupon-birthday',
        'checkin-reminder',
        'referral-rewards',
        'purge-unconsented-members',
        'rate-limit-prune',
        'housekeeping-prune',
        'analytics-compact',
        'analytics-check',
        'member-scores',
        'campaign-sweep',
        'automation-scan',
        'automation-runs',
        'recommendations',
        'payments-sync',
        'stored-value-bonus-expiry',
        'membership-monthly-coupons',
        'membership-expiry',
      ]);
      const schedules = await t.db.query('SELECT name, cron, timezone FROM pgboss.schedule ORDER BY name');
      expect(schedules).toEqual([
        { name: 'analytics-check', cron: '20 4 * * *', timezone: 'Asia/Shanghai' },
        { name: 'analytics-compact', cron: '10 4 * * *', timezone: 'Asia/Shanghai' },
        { name: 'automation-runs', cron: '* * * * *', timezone: 'Asia/Shanghai' },
        { name: 'automation-scan', cron: '55 3 * * *', timezone: 'Asia/Shanghai' },
        { name: 'campaign-sweep', cron: '* * * * *', timezone: 'Asia/Shanghai' },
        { name: 'checkin-reminder', cron: '0 20 * * *', timezone: 'Asia/Shanghai' },
        { name: 'coupon-birthday', cron: '0 9 * * *', timezone: 'Asia/Shanghai' },
        { name: 'coupon-expire', cron: '2 0 * * *', timezone: 'Asia/Shanghai' },
        { name: 'housekeeping-prune', cron: '50 * * * *', timezone: 'Asia/Shanghai' },
        { name: 'member-scores', cron: '40 3 * * *', timezone: 'Asia/Shanghai' },
        { name: 'membership-expiry', cron: '*/10 * * * *', timezone: 'Asia/Shanghai' },
        { name: 'membership-monthly-coupons', cron: '20 0 * * *', timezone: 'Asia/Shanghai' },
        { name: 'payments-sync', cron: '* * * * *', timezone: 'Asia/Shanghai' },
        { name: 'points-expire', cron: '5 0 * * *', timezone: 'Asia/Shanghai' },
        { name: 'points-expiry-reminder', cron: '0 10 * * *', timezone: 'Asia/Shanghai' },
        { name: 'purge-unconsented-members', cron: '40 * * * *', timezone: 'Asia/Shanghai' },
        { name: 'rate-limit-prune', cron: '*/10 * * * *', timezone: 'Asia/Shanghai' },
        { name: 'recommendations', cron: '50 3 * * *', timezone: 'Asia/Shanghai' },
        { name: 'referral-rewards', cron: '15 * * * *', timezone: 'Asia/Shanghai' },
        { name: 'stored-value-bonus-expiry', cron: '7 0 * * *', timezone: 'Asia/Shanghai' },
        { name: 'tier-review', cron: '30 0 * * *', timezone: 'Asia/Shanghai' },
      ]);
      const id = await jobs.runNow('points-expire');
      let state = '';
      for (let i = 0; i < 60 && state !== 'completed'; i++) {
        await new Promise((r) => setTimeout(r, 250));
        const rows = await t.db.query('SELECT state FROM pgboss.job WHERE id = $1', [id]);
        state = rows[0]?.state ?? '';
      }
      expect(state).toBe('completed');
    } finally {
      await t.close();
    }
  });
});

describe('reconciliation', () => {
  it('finds a balance that does not match the ledger', async () => {
    const t = await createTestApp();
    try {
      const cashier = await loginStaff(t, 'cashier');
      const m = await loginMember(t);
      await t.app.get(TillService).createOrder(principal(cashier), { memberId: m.id, orderNo: nextOrderNo(), amount: 1_000 });
      expect(await t.app.get(ReconciliationService).check()).toEqual([]);
      await t.db.query('UPDATE member SET points = points + 5 WHERE id = $1', [m.id]);
      const violations = await t.app.get(ReconciliationService).check();
      expect(violations.map((v) => v.check)).toEqual([
        'member balance = sum of lot remainders',
        'member balance = sum of entry deltas',
      ]);
    } finally {
      await t.close();
    }
  });
});

describe('running a job now', () => {
  it('lets an admin run a scheduled job inline, audited; others get 403, unknown jobs 404', async () => {
    const t = await createTestApp();
    try {
      const admin = await loginStaff(t, 'admin');
      const manager = await loginStaff(t, 'manager');
      const res = await t.http.post('/api/v1/admin/jobs/points-expire/run').set(admin.auth).expect(200);
      expect(res.body).toMatchObject({ job: 'points-expire', result: { members: 0, points: 0 } });
      await t.http.post('/api/v1/admin/jobs/points-expire/run').set(manager.auth).expect(403);
      await t.http.post('/api/v1/admin/jobs/no-such-job/run').set(admin.auth).expect(404);
      const audit = await t.db.query("SELECT target_id FROM audit_log WHERE action = 'job.run'");
      expect(audit).toEqual([{ target_id: 'points-expire' }]);
    } finally {
      await t.close();
    }
  });
});
