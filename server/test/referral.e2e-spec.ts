// Referral (邀请有礼): binding at login, the member's referral page and QR code, rewards held
// until the friend's first order clears the refund window, refunds, caps, abuse holds and
// admin review. The clock is controlled by calling the till and the job with an explicit `now`.
import { DEFAULT_REFERRAL_SETTINGS, type ReferralSettings } from '@huiyuan/shared';
import type { StaffPrincipal } from '../src/common/auth.js';
import { ReferralRewardsService } from '../src/engagement/referral-rewards.service.js';
import { TillService } from '../src/till/till.service.js';
import { createTemplate } from './helpers/coupons.js';
import { loginMember, loginStaff, uniqueId, type LoggedInMember, type LoggedInStaff } from './helpers/factories.js';
import { expectLedgerConsistent, nextOrderNo } from './helpers/loyalty.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { CURRENT_PRIVACY_POLICY } from '../src/members/privacy-policy.js';
import { CryptoService } from '../src/common/crypto.service.js';

const DAY = 86_400_000;
const T0 = new Date('2026-03-10T04:00:00Z');
const at = (days: number) => new Date(T0.getTime() + days * DAY);

async function inviteCodeOf(t: TestApp, m: LoggedInMember): Promise<string> {
  const [row] = await t.db.query('SELECT invite_code FROM member WHERE id = $1', [m.id]);
  return row.invite_code as string;
}

async function referrerOf(t: TestApp, id: string): Promise<string | null> {
  const [row] = await t.db.query('SELECT referrer_id FROM member WHERE id = $1', [id]);
  return row.referrer_id as string | null;
}

async function points(t: TestApp, id: string): Promise<number> {
  const [row] = await t.db.query('SELECT points FROM member WHERE id = $1', [id]);
  return row.points as number;
}

/** A login with extra body fields and a device header (what the mini-program sends). */
async function login(t: TestApp, body: Record<string, string>, deviceId?: string): Promise<LoggedInMember & { isNew: boolean }> {
  const openid = uniqueId('o');
  const req = t.http.post('/api/v1/auth/wechat/login');
  if (deviceId) void req.set('X-Device-Id', deviceId);
  const res = await req.send({ code: `dev:${openid}`, ...body }).expect(200);
  const auth = { Authorization: `Bearer ${res.body.token as string}` };
  await t.http.post('/api/v1/me/consent').set(auth).send({ version: CURRENT_PRIVACY_POLICY.version }).expect(200);
  return { id: res.body.member.id, token: res.body.token, openid, auth, isNew: res.body.isNewMember };
}

describe('referral binding at login (first inviter wins, new members only)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('a new member logging in with an invite code is bound to its owner; a scene i=<code> works too', async () => {
    const a = await loginMember(t);
    const code = await inviteCodeOf(t, a);
    const b = await loginMember(t, { inviteCode: code });
    expect(await referrerOf(t, b.id)).toBe(a.id);
    const c = await login(t, { scene: `i=${code}` });
    expect(await referrerOf(t, c.id)).toBe(a.id);
  });

  it('an existing member is never bound (nor re-bound), so self-referral and cycles cannot happen', async () => {
    const a = await loginMember(t);
    const existing = await loginMember(t);
    // Existing member logs in again with a code: stays unbound.
    await loginMember(t, { openid: existing.openid, inviteCode: await inviteCodeOf(t, a) });
    expect(await referrerOf(t, existing.id)).toBeNull();
    // Self: the member's own code.
    await loginMember(t, { openid: a.openid, inviteCode: await inviteCodeOf(t, a) });
    expect(await referrerOf(t, a.id)).toBeNull();
    // Cycle: A invited B; A logging in with B's code does not bind A to B.
    const b = await loginMember(t, { inviteCode: await inviteCodeOf(t, a) });
    await loginMember(t, { openid: a.openid, inviteCode: await inviteCodeOf(t, b) });
    expect(await referrerOf(t, a.id)).toBeNull();
    // B logging in with another inviter's code keeps the first inviter.
    const other = await loginMember(t);
    await loginMember(t, { openid: b.openid, inviteCode: await inviteCodeOf(t, other) });
    expect(await referrerOf(t, b.id)).toBe(a.id);
  });

  it('two inviters racing for one friend: one member, bound to one inviter, for good', async () => {
    const x = await loginMember(t);
    const y = await loginMember(t);
    const [cx, cy] = [await inviteCodeOf(t, x), await inviteCodeOf(t, y)];
    const openid = uniqueId('o');
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.http.post('/api/v1/auth/wechat/login').send({ code: `dev:${openid}`, inviteCode: i % 2 ? cx : cy }),
      ),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    const ids = new Set(results.map((r) => r.body.member.id as string));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.body.isNewMember)).toHaveLength(1);
    const friend = [...ids][0]!;
    const first = await referrerOf(t, friend);
    expect([x.id, y.id]).toContain(first);
    await t.http
      .post('/api/v1/auth/wechat/login')
      .send({ code: `dev:${openid}`, inviteCode: first === x.id ? cy : cx })
      .expect(200);
    expect(await referrerOf(t, friend)).toBe(first);
  });

  it('records digests of the sign-up address and device of a new member only, never the raw values', async () => {
    const m = await login(t, {}, 'device-abc');
    const digest = t.app.get(CryptoService).lookupHash('device:device-abc');
    const rows = await t.db.query('SELECT ip, device_id FROM member_signup_signal WHERE member_id = $1', [m.id]);
    expect(rows).toEqual([{ ip: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), device_id: digest }]);
    expect(JSON.stringify(rows)).not.toContain('127.0.0.1');
    await t.http
      .post('/api/v1/auth/wechat/login')
      .set('X-Device-Id', 'device-other')
      .send({ code: `dev:${m.openid}` })
      .expect(200);
    expect((await t.db.query('SELECT device_id FROM member_signup_signal WHERE member_id = $1', [m.id]))[0].device_id).toBe(
      digest,
    );
  });
});

describe('referral page and QR code', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('GET /me/referral shows the invite code, share path and invited friends', async () => {
    const a = await loginMember(t);
    const code = await inviteCodeOf(t, a);
    const empty = await t.http.get('/api/v1/me/referral').set(a.auth).expect(200);
    expect(empty.body).toMatchObject({
      inviteCode: code,
      sharePath: `/pages/login/index?inviteCode=${code}`,
      scene: `i=${code}`,
      invited: [],
      rewardsEarned: { points: 0, coupons: 0 },
    });
    const b = await loginMember(t, { inviteCode: code });
    await t.http.patch('/api/v1/me').set(b.auth).send({ nickname: '小B' }).expect(200);
    const res = await t.http.get('/api/v1/me/referral').set(a.auth).expect(200);
    expect(res.body.invited).toEqual([{ nickname: '小B', joinedAt: expect.any(String), status: 'registered' }]);
  });

  it('GET /me/referral/qrcode answers a PNG from WeChat, fetched once per invite code', async () => {
    const a = await loginMember(t);
    const before = t.fake!.state.qrCodeCalls;
    const res = await t.http
      .get('/api/v1/me/referral/qrcode')
      .set(a.auth)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect((res.body as Buffer).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    await t.http.get('/api/v1/me/referral/qrcode').set(a.auth).expect(200);
    expect(t.fake!.state.qrCodeCalls - before).toBe(1);
  });

  it('member-only routes: 401 without a token, 403 for staff', async () => {
    const cashier = await loginStaff(t, 'cashier');
    for (const path of ['/api/v1/me/referral', '/api/v1/me/referral/qrcode']) {
      await t.http.get(path).expect(401);
      await t.http.get(path).set(cashier.auth).expect(403);
    }
  });
});

describe('referral rewards', () => {
  let t: TestApp;
  let cashier: LoggedInStaff;
  let admin: LoggedInStaff;
  let till: TillService;
  let job: ReferralRewardsService;
  let principal: StaffPrincipal;

  beforeAll(async () => {
    t = await createTestApp();
    cashier = await loginStaff(t, 'cashier');
    admin = await loginStaff(t, 'admin');
    till = t.app.get(TillService);
    job = t.app.get(ReferralRewardsService);
    principal = { kind: 'staff', id: cashier.id, role: 'cashier', storeId: cashier.storeId };
  });
  afterEach(() => expectLedgerConsistent(t));
  afterAll(() => t.close());

  async function pair(): Promise<{ inviter: LoggedInMember; friend: LoggedInMember }> {
    const inviter = await loginMember(t);
    const friend = await loginMember(t, { inviteCode: await inviteCodeOf(t, inviter) });
    return { inviter, friend };
  }

  const order = (memberId: string, amount: number, now: Date, orderNo = nextOrderNo()) =>
    till.createOrder(principal, { memberId, orderNo, amount }, now).then(() => orderNo);

  const rewards = (inviteeId: string) =>
    t.db.query('SELECT beneficiary, status, reason, points FROM referral_reward WHERE invitee_id = $1 ORDER BY beneficiary', [
      inviteeId,
    ]);

  it('holds both rewards until the refund window has passed, then releases them once', async () => {
    const { inviter, friend } = await pair();
    await order(friend.id, 5_000, T0);
    const [pa, pf] = [await points(t, inviter.id), await points(t, friend.id)];

    await job.processReferralRewards(at(1));
    expect(await rewards(friend.id)).toEqual([
      { beneficiary: 'invitee', status: 'pending', reason: null, points: 50 },
      { beneficiary: 'inviter', status: 'pending', reason: null, points: 100 },
    ]);
    const page = await t.http.get('/api/v1/me/referral').set(inviter.auth).expect(200);
    expect(page.body).toMatchObject({
      invited: [{ status: 'pending' }],
      rewardsEarned: { points: 0 },
      rewardsPending: { points: 100 },
    });

    await job.processReferralRewards(at(7 - 1 / 24));
    expect((await rewards(friend.id)).map((r: { status: string }) => r.status)).toEqual(['pending', 'pending']);

    await job.processReferralRewards(at(7));
    expect((await rewards(friend.id)).map((r: { status: string }) => r.status)).toEqual(['released', 'released']);
    expect(await points(t, inviter.id)).toBe(pa + 100);
    expect(await points(t, friend.id)).toBe(pf + 50);

    // Safe to re-run; a refund after the window keeps the reward.
    await job.processReferralRewards(at(8));
    expect(await points(t, inviter.id)).toBe(pa + 100);
    const entries = await t.db.query(
      "SELECT member_id FROM points_entry WHERE kind = 'referral' AND member_id = ANY($1::uuid[])",
      [[inviter.id, friend.id]],
    );
    expect(entries).toHaveLength(2);
    const after = await t.http.get('/api/v1/me/referral').set(inviter.auth).expect(200);
    expect(after.body).toMatchObject({ invited: [{ status: 'released' }], rewardsEarned: { points: 100, coupons: 0 } });
  });

  it('a full refund inside the window cancels both rewards; only the first order counts', async () => {
    const { inviter, friend } = await pair();
    const orderNo = await order(friend.id, 5_000, T0);
    await job.processReferralRewards(at(1));
    await till.refund(principal, orderNo, { refundNo: 'R1', amount: 5_000 }, at(2));
    await order(friend.id, 8_000, at(3));
    const before = await points(t, inviter.id);
    await job.processReferralRewards(at(10));
    expect(await rewards(friend.id)).toEqual([
      { beneficiary: 'invitee', status: 'cancelled', reason: 'refunded_in_window', points: 50 },
      { beneficiary: 'inviter', status: 'cancelled', reason: 'refunded_in_window', points: 100 },
    ]);
    expect(await points(t, inviter.id)).toBe(before);
    const page = await t.http.get('/api/v1/me/referral').set(inviter.auth).expect(200);
    expect(page.body.invited).toEqual([expect.objectContaining({ status: 'cancelled' })]);
  });

  it('a partial refund inside the window still releases; a refund after the window changes nothing', async () => {
    const { friend } = await pair();
    const orderNo = await order(friend.id, 5_000, T0);
    await job.processReferralRewards(T0);
    await till.refund(principal, orderNo, { refundNo: 'P1', amount: 2_000 }, at(3));
    await job.processReferralRewards(at(7.5));
    expect((await rewards(friend.id)).map((r: { status: string }) => r.status)).toEqual(['released', 'released']);
    await till.refund(principal, orderNo, { refundNo: 'P2', amount: 3_000 }, at(9));
    await job.processReferralRewards(at(10));
    expect((await rewards(friend.id)).map((r: { status: string }) => r.status)).toEqual(['released', 'released']);
  });

  describe('with settings', () => {
    afterEach(async () => {
      await t.http.put('/api/v1/admin/referral-config').set(admin.auth).send(DEFAULT_REFERRAL_SETTINGS).expect(200);
    });

    it('caps the inviter’s rewards per day: over the cap the inviter side is cancelled, the friend keeps theirs', async () => {
      const settings: ReferralSettings = { ...DEFAULT_REFERRAL_SETTINGS, caps: { perInviterPerDay: 2, perInviterPerMonth: 50 } };
      await t.http.put('/api/v1/admin/referral-config').set(admin.auth).send(settings).expect(200);
      const inviter = await loginMember(t);
      const code = await inviteCodeOf(t, inviter);
      const friends = [
        await loginMember(t, { inviteCode: code }),
        await loginMember(t, { inviteCode: code }),
        await loginMember(t, { inviteCode: code }),
      ];
      for (const f of friends) await order(f.id, 3_000, T0);
      const before = await points(t, inviter.id);
      await job.processReferralRewards(at(8));
      const sides = await t.db.query(
        "SELECT status, reason FROM referral_reward WHERE inviter_id = $1 AND beneficiary = 'inviter' ORDER BY status",
        [inviter.id],
      );
      expect(sides).toEqual([
        { status: 'cancelled', reason: 'daily_cap' },
        { status: 'released', reason: null },
        { status: 'released', reason: null },
      ]);
      expect(await points(t, inviter.id)).toBe(before + 200);
      const friendSides = await t.db.query(
        "SELECT status FROM referral_reward WHERE inviter_id = $1 AND beneficiary = 'invitee'",
        [inviter.id],
      );
      expect(friendSides.every((r: { status: string }) => r.status === 'released')).toBe(true);
    });

    it('and per month', async () => {
      await t.http
        .put('/api/v1/admin/referral-config')
        .set(admin.auth)
        .send({ ...DEFAULT_REFERRAL_SETTINGS, caps: { perInviterPerDay: 10, perInviterPerMonth: 1 } })
        .expect(200);
      const inviter = await loginMember(t);
      const code = await inviteCodeOf(t, inviter);
      const f1 = await loginMember(t, { inviteCode: code });
      const f2 = await loginMember(t, { inviteCode: code });
      await order(f1.id, 3_000, T0);
      await order(f2.id, 3_000, at(2));
      await job.processReferralRewards(at(7.5)); // f1 released on 03-17
      await job.processReferralRewards(at(9.5)); // f2 due on 03-19, same month
      expect(await rewards(f2.id)).toContainEqual({
        beneficiary: 'inviter',
        status: 'cancelled',
        reason: 'monthly_cap',
        points: 100,
      });
    });

    it('a coupon reward is issued on release through the referral channel, once', async () => {
      const template = await createTemplate(t, admin, { title: '邀请礼券', channels: ['referral'], perMemberLimit: 10 });
      await t.http
        .put('/api/v1/admin/referral-config')
        .set(admin.auth)
        .send({
          ...DEFAULT_REFERRAL_SETTINGS,
          rewards: { inviter: { points: 0, couponTemplateId: template.id }, invitee: { points: 20, couponTemplateId: null } },
        })
        .expect(200);
      const { inviter, friend } = await pair();
      await order(friend.id, 5_000, T0);
      await job.processReferralRewards(at(8));
      await job.processReferralRewards(at(9));
      const coupons = await t.db.query('SELECT template_id, channel FROM coupon WHERE member_id = $1', [inviter.id]);
      expect(coupons).toEqual([{ template_id: template.id, channel: 'referral' }]);
      const page = await t.http.get('/api/v1/me/referral').set(inviter.auth).expect(200);
      expect(page.body.rewardsEarned).toEqual({ points: 0, coupons: 1 });
      // A template that does not offer the referral channel is refused.
      const centre = await createTemplate(t, admin, { channels: ['center'] });
      await t.http
        .put('/api/v1/admin/referral-config')
        .set(admin.auth)
        .send({
          ...DEFAULT_REFERRAL_SETTINGS,
          rewards: { inviter: { points: 0, couponTemplateId: centre.id }, invitee: { points: 0, couponTemplateId: null } },
        })
        .expect(400);
    });

    it('refuses invalid settings (400) and non-admins (403)', async () => {
      const res = await t.http
        .put('/api/v1/admin/referral-config')
        .set(admin.auth)
        .send({ ...DEFAULT_REFERRAL_SETTINGS, refundWindowDays: -1 })
        .expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', details: ['refundWindowDays: must be an integer 0-90'] });
      await t.http
        .put('/api/v1/admin/referral-config')
        .set(admin.auth)
        .send({ ...DEFAULT_REFERRAL_SETTINGS, bonus: 1 })
        .expect(400);
      expect((await t.http.get('/api/v1/admin/referral-config').set(admin.auth).expect(200)).body).toEqual(
        DEFAULT_REFERRAL_SETTINGS,
      );
      const member = await loginMember(t);
      const manager = await loginStaff(t, 'manager');
      for (const who of [member, cashier, manager]) {
        await t.http.get('/api/v1/admin/referral-config').set(who.auth).expect(403);
        await t.http.put('/api/v1/admin/referral-config').set(who.auth).send(DEFAULT_REFERRAL_SETTINGS).expect(403);
        await t.http.get('/api/v1/admin/referral-rewards').set(who.auth).expect(403);
        await t.http
          .post('/api/v1/admin/referral-rewards/6f1c2a34-0000-4000-8000-000000000000/approve')
          .set(who.auth)
          .expect(403);
      }
    });
  });

  it('a friend on the inviter’s own device is held for review; an admin approves one side and rejects the other (audited)', async () => {
    const inviter = await login(t, {}, 'phone-1');
    const friend = await login(t, { inviteCode: await inviteCodeOf(t, inviter) }, 'phone-1');
    await order(friend.id, 5_000, T0);
    const before = await points(t, inviter.id);
    await job.processReferralRewards(at(8));
    expect(await rewards(friend.id)).toEqual([
      { beneficiary: 'invitee', status: 'on_hold', reason: 'inviter_device', points: 50 },
      { beneficiary: 'inviter', status: 'on_hold', reason: 'inviter_device', points: 100 },
    ]);
    // The job leaves held rewards alone.
    await job.processReferralRewards(at(9));
    expect(await points(t, inviter.id)).toBe(before);

    const list = await t.http.get('/api/v1/admin/referral-rewards?status=on_hold').set(admin.auth).expect(200);
    const held = (list.body.items as { id: string; inviteeId: string; beneficiary: string }[]).filter(
      (r) => r.inviteeId === friend.id,
    );
    expect(held).toHaveLength(2);
    const inviterSide = held.find((r) => r.beneficiary === 'inviter')!;
    const friendSide = held.find((r) => r.beneficiary === 'invitee')!;

    const approved = await t.http.post(`/api/v1/admin/referral-rewards/${inviterSide.id}/approve`).set(admin.auth).expect(200);
    expect(approved.body).toMatchObject({ id: inviterSide.id, status: 'released', releasedAt: expect.any(String) });
    expect(await points(t, inviter.id)).toBe(before + 100);
    const rejected = await t.http.post(`/api/v1/admin/referral-rewards/${friendSide.id}/reject`).set(admin.auth).expect(200);
    expect(rejected.body).toMatchObject({ status: 'cancelled', reason: 'rejected_on_review' });
    expect(
      (await t.http.post(`/api/v1/admin/referral-rewards/${inviterSide.id}/approve`).set(admin.auth).expect(409)).body.code,
    ).toBe('CONFLICT');

    const audit = await t.db.query('SELECT action, actor_id FROM audit_log WHERE target_id = ANY($1::text[]) ORDER BY action', [
      [inviterSide.id, friendSide.id],
    ]);
    expect(audit).toEqual([
      { action: 'referral_reward.approve', actor_id: admin.id },
      { action: 'referral_reward.reject', actor_id: admin.id },
    ]);
    await t.http.post('/api/v1/admin/referral-rewards/6f1c2a34-0000-4000-8000-000000000000/approve').set(admin.auth).expect(404);
    await t.http.post('/api/v1/admin/referral-rewards/not-a-uuid/approve').set(admin.auth).expect(400);
    await t.http.get('/api/v1/admin/referral-rewards?status=bogus').set(admin.auth).expect(400);
  });

  it('many friends from one address are held (same_ip)', async () => {
    const inviter = await loginMember(t);
    const code = await inviteCodeOf(t, inviter);
    const friends: LoggedInMember[] = [];
    for (let i = 0; i < 5; i++) friends.push(await loginMember(t, { inviteCode: code }));
    await order(friends[0]!.id, 3_000, T0);
    await job.processReferralRewards(at(8));
    expect(await rewards(friends[0]!.id)).toContainEqual({
      beneficiary: 'inviter',
      status: 'on_hold',
      reason: 'same_ip',
      points: 100,
    });
  });
});
