// The one rewards pipeline (RewardsService.grant): idempotent on (member, business key) under
// concurrency, inside the caller's transaction (a rollback grants nothing), and check-in
// milestone coupons committed with the check-in itself — skipped with a recorded reason when the
// stock is exhausted, never failing the check-in.
import type { CheckInSettings } from '@huiyuan/shared';
import { DataSource } from 'typeorm';
import { inTransaction } from '../src/common/transaction.js';
import { CouponJobsService } from '../src/coupons/coupon-jobs.service.js';
import { RewardsService } from '../src/rewards/rewards.service.js';
import { createTemplate } from './helpers/coupons.js';
import { createStore, loginMember, loginStaff, type LoggedInStaff } from './helpers/factories.js';
import { expectLedgerConsistent, placeOrder } from './helpers/loyalty.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

describe('rewards pipeline', () => {
  let t: TestApp;
  let admin: LoggedInStaff;
  let rewards: RewardsService;
  let ds: DataSource;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginStaff(t, 'admin');
    rewards = t.app.get(RewardsService);
    ds = t.app.get(DataSource);
  });
  afterEach(() => expectLedgerConsistent(t));
  afterAll(() => t.close());

  it('a points grant replayed 20× concurrently with one key → one credit, every call answers the first outcome', async () => {
    const m = await loginMember(t);
    const now = new Date();
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () =>
        inTransaction(ds, (tx) => rewards.grant(tx, m.id, { kind: 'points', points: 30, reason: 'adjust' }, 'test:once', now)),
      ),
    );
    for (const o of outcomes) expect(o).toMatchObject({ status: 'granted', kind: 'points', points: 30 });
    expect(outcomes.filter((o) => !o.replayed)).toHaveLength(1);
    const [member] = await t.db.query('SELECT points FROM member WHERE id = $1', [m.id]);
    expect(member.points).toBe(30);
    expect(
      await t.db.query("SELECT 1 FROM points_entry WHERE member_id = $1 AND business_key = 'test:once'", [m.id]),
    ).toHaveLength(1);
    expect(await t.db.query('SELECT 1 FROM reward_grant WHERE member_id = $1', [m.id])).toHaveLength(1);
  });

  it('a coupon grant replayed 20× concurrently with one key → one coupon, one unit of stock', async () => {
    const template = await createTemplate(t, admin, { title: '奖励券', channels: ['grant'], perMemberLimit: 5, totalStock: 50 });
    const m = await loginMember(t);
    const now = new Date();
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () =>
        inTransaction(ds, (tx) =>
          rewards.grant(tx, m.id, { kind: 'coupon', templateId: template.id, channel: 'grant' }, 'test:coupon', now),
        ),
      ),
    );
    const ids = new Set(outcomes.map((o) => (o.status === 'granted' && o.kind === 'coupon' ? o.couponId : null)));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toEqual(expect.any(String));
    expect(await t.db.query('SELECT id FROM coupon WHERE member_id = $1', [m.id])).toEqual([{ id: [...ids][0] }]);
    const [tpl] = await t.db.query('SELECT issued FROM coupon_template WHERE id = $1', [template.id]);
    expect(tpl.issued).toBe(1);
  });

  it('the caller rolling back after grant leaves nothing: no points, no coupon, no stock, no grant record', async () => {
    const template = await createTemplate(t, admin, { title: '回滚券', channels: ['grant'], totalStock: 5 });
    const m = await loginMember(t);
    const now = new Date();
    await expect(
      inTransaction(ds, async (tx) => {
        await rewards.grant(tx, m.id, { kind: 'points', points: 40, reason: 'adjust' }, 'rollback:points', now);
        await rewards.grant(tx, m.id, { kind: 'coupon', templateId: template.id, channel: 'grant' }, 'rollback:coupon', now);
        throw new Error('caller fails after the grant');
      }),
    ).rejects.toThrow('caller fails after the grant');
    const [member] = await t.db.query('SELECT points FROM member WHERE id = $1', [m.id]);
    expect(member.points).toBe(0);
    expect(await t.db.query('SELECT 1 FROM points_entry WHERE member_id = $1', [m.id])).toHaveLength(0);
    expect(await t.db.query('SELECT 1 FROM coupon WHERE member_id = $1', [m.id])).toHaveLength(0);
    expect(await t.db.query('SELECT 1 FROM reward_grant WHERE member_id = $1', [m.id])).toHaveLength(0);
    const [tpl] = await t.db.query('SELECT issued FROM coupon_template WHERE id = $1', [template.id]);
    expect(tpl.issued).toBe(0);
    // The key is free again: a later grant under it pays.
    await inTransaction(ds, (tx) =>
      rewards.grant(tx, m.id, { kind: 'points', points: 40, reason: 'adjust' }, 'rollback:points', now),
    );
    expect((await t.db.query('SELECT points FROM member WHERE id = $1', [m.id]))[0].points).toBe(40);
  });

  describe('check-in milestone coupons', () => {
    async function milestoneOnFirstCheckIn(totalStock: number) {
      const template = await createTemplate(t, admin, { title: '首签礼', channels: ['grant'], perMemberLimit: 5, totalStock });
      const settings: CheckInSettings = {
        cycle: 'week',
        streakScope: 'cycle',
        rewards: [
          { code: 'base_points', args: { points: 5 } },
          { code: 'cumulative_milestone', args: { days: 1, couponTemplateId: template.id } },
        ],
        makeUp: { perCycle: 1, costPoints: 10 },
        reminderTemplateId: null,
      };
      await t.http.put('/api/v1/admin/checkin-config').set(admin.auth).send(settings).expect(200);
      return template;
    }

    it("the milestone coupon is in the check-in's own response and committed with it", async () => {
      const template = await milestoneOnFirstCheckIn(10);
      const m = await loginMember(t);
      const res = await t.http.post('/api/v1/me/checkins').set(m.auth).send({}).expect(201);
      const coupon = res.body.rewards.find((r: { type: string }) => r.type === 'coupon');
      expect(coupon).toMatchObject({ couponTemplateId: template.id, couponId: expect.any(String) });
      expect(await t.db.query('SELECT id FROM coupon WHERE member_id = $1', [m.id])).toEqual([{ id: coupon.couponId }]);
      const [row] = await t.db.query('SELECT rewards FROM checkin WHERE member_id = $1', [m.id]);
      expect(row.rewards).toContainEqual(expect.objectContaining({ type: 'coupon', couponId: coupon.couponId }));
    });

    it('an exhausted milestone coupon → check-in still 201, points paid, the skip recorded with its reason', async () => {
      const template = await milestoneOnFirstCheckIn(1);
      const first = await loginMember(t);
      await t.http.post('/api/v1/me/checkins').set(first.auth).send({}).expect(201);
      const m = await loginMember(t);
      const res = await t.http.post('/api/v1/me/checkins').set(m.auth).send({}).expect(201);
      expect(res.body.pointsAwarded).toBe(5);
      expect(res.body.rewards).toContainEqual(
        expect.objectContaining({ type: 'coupon', couponTemplateId: template.id, couponId: null }),
      );
      expect(await t.db.query('SELECT 1 FROM coupon WHERE member_id = $1', [m.id])).toHaveLength(0);
      const skips = await t.db.query("SELECT status, outcome FROM reward_grant WHERE member_id = $1 AND kind = 'coupon'", [m.id]);
      expect(skips).toEqual([{ status: 'skipped', outcome: { status: 'skipped', kind: 'coupon', reason: 'out_of_stock' } }]);
      expect((await t.db.query('SELECT points FROM member WHERE id = $1', [m.id]))[0].points).toBe(5);
    });
  });
  it("a referred friend's first order marks both referral rewards pending in the order's own commit", async () => {
    const cashier = await loginStaff(t, 'cashier', await createStore(t));
    const inviter = await loginMember(t);
    const friend = await loginMember(t);
    await t.db.query('UPDATE member SET referrer_id = $2 WHERE id = $1', [friend.id, inviter.id]);
    const orders = await Promise.all(
      Array.from({ length: 5 }, () => placeOrder(t, cashier, { memberId: friend.id, amount: 5_000 })),
    );
    for (const o of orders) expect(o.status).toBe(201);
    // No job ran: the rows were written with the order.
    const rows = await t.db.query('SELECT beneficiary, status FROM referral_reward WHERE invitee_id = $1 ORDER BY beneficiary', [
      friend.id,
    ]);
    expect(rows).toEqual([
      { beneficiary: 'invitee', status: 'pending' },
      { beneficiary: 'inviter', status: 'pending' },
    ]);
  });
  it('a birthday gift skipped for a too-low tier is recorded, and granted by a later run once the tier allows', async () => {
    const tpl = await createTemplate(t, admin, { title: '金卡生日', channels: ['birthday'], minTier: 'gold', totalStock: 10 });
    const m = await loginMember(t);
    await t.db.query("UPDATE member SET birthday = '1990-11-20' WHERE id = $1", [m.id]);
    const jobs = t.app.get(CouponJobsService);
    expect((await jobs.issueBirthdayCoupons(new Date('2031-11-02T02:00:00Z'))).issued).toBe(0);
    const key = `birthday:2031:${tpl.id}`;
    expect(await t.db.query('SELECT status FROM reward_grant WHERE member_id = $1 AND business_key = $2', [m.id, key])).toEqual([
      { status: 'skipped' },
    ]);
    await t.db.query("UPDATE member SET tier_code = 'gold' WHERE id = $1", [m.id]);
    expect((await jobs.issueBirthdayCoupons(new Date('2031-11-03T02:00:00Z'))).issued).toBe(1);
    expect((await jobs.issueBirthdayCoupons(new Date('2031-11-04T02:00:00Z'))).issued).toBe(0);
    expect(await t.db.query('SELECT issue_key FROM coupon WHERE member_id = $1', [m.id])).toEqual([{ issue_key: key }]);
    await t.http.post(`/api/v1/admin/coupon-templates/${tpl.id}/pause`).set(admin.auth).send().expect(200);
  });
});
