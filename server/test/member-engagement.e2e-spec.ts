// The member 360's check-ins and referrals (GET /admin/members/:id/checkins and /referrals):
// newest first, keyset-paged, make-ups marked, friends masked with both sides' rewards; admins
// and the managers of the member's store only (another store's manager → 404, like GET /admin/members/:id).
import type { StaffPrincipal } from '../src/common/auth.js';
import { CheckInService } from '../src/engagement/check-in.service.js';
import { ReferralRewardsService } from '../src/engagement/referral-rewards.service.js';
import { TillService } from '../src/till/till.service.js';
import { createStore, loginMember, loginStaff, type LoggedInMember, type LoggedInStaff } from './helpers/factories.js';
import { expectLedgerConsistent, grantPoints, nextOrderNo } from './helpers/loyalty.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/** Shanghai is UTC+8: local noon of `date`. */
const noon = (date: string) => new Date(`${date}T04:00:00Z`);

describe('the member 360: check-ins and referrals', () => {
  let t: TestApp;
  let admin: LoggedInStaff;
  let cashierA: LoggedInStaff;
  let managerA: LoggedInStaff;
  let managerB: LoggedInStaff;
  let till: TillService;
  let principal: StaffPrincipal;

  beforeAll(async () => {
    t = await createTestApp();
    const storeA = await createStore(t, 'A 店');
    const storeB = await createStore(t, 'B 店');
    admin = await loginStaff(t, 'admin');
    cashierA = await loginStaff(t, 'cashier', storeA);
    managerA = await loginStaff(t, 'manager', storeA);
    managerB = await loginStaff(t, 'manager', storeB);
    till = t.app.get(TillService);
    principal = { kind: 'staff', id: cashierA.id, role: 'cashier', storeId: storeA };
  });
  afterEach(() => expectLedgerConsistent(t));
  afterAll(() => t.close());

  const order = (memberId: string, amount: number, now = new Date()) =>
    till.createOrder(principal, { memberId, orderNo: nextOrderNo(), amount }, now);

  async function inviteCodeOf(m: LoggedInMember): Promise<string> {
    const [row] = await t.db.query('SELECT invite_code FROM member WHERE id = $1', [m.id]);
    return row.invite_code as string;
  }

  async function memberNoOf(id: string): Promise<string> {
    const [row] = await t.db.query('SELECT member_no FROM member WHERE id = $1', [id]);
    return row.member_no as string;
  }

  it('GET /admin/members/:id/checkins: newest date first, make-ups marked, keyset-paged', async () => {
    const m = await loginMember(t);
    await t.db.query('UPDATE member SET created_at = $2 WHERE id = $1', [m.id, '2026-02-20T02:00:00Z']);
    await grantPoints(t, admin, m.id, 100);
    const svc = t.app.get(CheckInService);
    for (const d of ['2026-03-01', '2026-03-02', '2026-03-04', '2026-03-05']) await svc.checkIn(m.id, noon(d));
    await svc.makeUp(m.id, '2026-03-03', noon('2026-03-05'));

    const all = await t.http.get(`/api/v1/admin/members/${m.id}/checkins`).set(admin.auth).expect(200);
    expect(all.body.nextCursor).toBeNull();
    expect(all.body.items.map((c: { date: string }) => c.date)).toEqual([
      '2026-03-05',
      '2026-03-04',
      '2026-03-03',
      '2026-03-02',
      '2026-03-01',
    ]);
    const madeUp = all.body.items[2];
    expect(madeUp).toMatchObject({ date: '2026-03-03', madeUp: true, costPoints: 20, pointsAwarded: 5, streak: 3 });
    expect(madeUp.rewards).toEqual([{ type: 'points', rule: 'base_points', points: 5 }]);
    expect(all.body.items[0]).toMatchObject({ madeUp: false, costPoints: 0, streak: 2 });
    expect(all.body.items[0].createdAt).toBe(noon('2026-03-05').toISOString());

    // Two at a time: the pages add up to the whole list, in order, and the last says so.
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { body: { items: { date: string }[]; nextCursor: string | null } } = await t.http
        .get(`/api/v1/admin/members/${m.id}/checkins`)
        .query({ limit: 2, ...(cursor ? { cursor } : {}) })
        .set(admin.auth)
        .expect(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((c) => c.date));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(all.body.items.map((c: { date: string }) => c.date));

    const bad = await t.http.get(`/api/v1/admin/members/${m.id}/checkins?cursor=nonsense`).set(admin.auth).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    const none = await t.http.get(`/api/v1/admin/members/6f1c2a34-0000-4000-8000-000000000000/checkins`).set(admin.auth);
    expect(none.status).toBe(404);
  });

  it('GET /admin/members/:id/referrals: the inviter, each friend masked with both sides’ rewards, newest first', async () => {
    const inviter = await loginMember(t);
    const code = await inviteCodeOf(inviter);
    const first = await loginMember(t, { inviteCode: code });
    await t.http.patch('/api/v1/me').set(first.auth).send({ nickname: '张小明' }).expect(200);
    const second = await loginMember(t, { inviteCode: code });
    // The first friend orders: both sides' rewards are created and held for the refund window.
    const now = new Date();
    await order(first.id, 5_000, now);
    await t.app.get(ReferralRewardsService).processReferralRewards(new Date(now.getTime() + 60_000));

    const res = await t.http.get(`/api/v1/admin/members/${inviter.id}/referrals`).set(admin.auth).expect(200);
    expect(res.body.invitedBy).toBeNull();
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.items.map((i: { invitee: { id: string } }) => i.invitee.id)).toEqual([second.id, first.id]);
    expect(res.body.items[0]).toMatchObject({ inviterReward: null, inviteeReward: null });
    const [, friend] = res.body.items;
    expect(friend.invitee).toEqual({ id: first.id, memberNo: await memberNoOf(first.id), nicknameMasked: '张**' });
    expect(JSON.stringify(res.body)).not.toContain('张小明');
    expect(friend.inviterReward).toMatchObject({ status: 'pending', reason: null, points: 100, releasedAt: null });
    expect(friend.inviteeReward).toMatchObject({ status: 'pending', points: 50 });
    expect(Date.parse(friend.inviterReward.releaseAt)).toBeGreaterThan(now.getTime());

    // The friend's own 360 names who invited them.
    const mine = await t.http.get(`/api/v1/admin/members/${first.id}/referrals`).set(admin.auth).expect(200);
    expect(mine.body).toEqual({
      invitedBy: { id: inviter.id, memberNo: await memberNoOf(inviter.id), nicknameMasked: null },
      items: [],
      nextCursor: null,
    });

    const page1 = await t.http.get(`/api/v1/admin/members/${inviter.id}/referrals?limit=1`).set(admin.auth).expect(200);
    expect(page1.body.items.map((i: { invitee: { id: string } }) => i.invitee.id)).toEqual([second.id]);
    const page2 = await t.http
      .get(`/api/v1/admin/members/${inviter.id}/referrals`)
      .query({ limit: 1, cursor: page1.body.nextCursor })
      .set(admin.auth)
      .expect(200);
    expect(page2.body.items.map((i: { invitee: { id: string } }) => i.invitee.id)).toEqual([first.id]);
    expect(page2.body.nextCursor).toBeNull();
  });

  it('a manager reads only members of their store; cashiers and members never', async () => {
    const m = await loginMember(t);
    const paths = [`/api/v1/admin/members/${m.id}/checkins`, `/api/v1/admin/members/${m.id}/referrals`];
    for (const path of paths) {
      await t.http.get(path).expect(401);
      await t.http.get(path).set(admin.auth).expect(200);
      // Not yet a member of store A: 404 to its manager, like the member 360.
      expect((await t.http.get(path).set(managerA.auth).expect(404)).body.code).toBe('NOT_FOUND');
      await t.http.get(path).set(cashierA.auth).expect(403);
      await t.http.get(path).set(m.auth).expect(403);
    }
    await order(m.id, 2_000);
    for (const path of paths) {
      await t.http.get(path).set(managerA.auth).expect(200);
      await t.http.get(path).set(managerB.auth).expect(404);
    }
    await t.http.get('/api/v1/admin/members/not-a-uuid/checkins').set(admin.auth).expect(400);
  });
});
