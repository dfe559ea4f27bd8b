// Daily check-in (签到): one per local date, streaks, make-ups (补签), calendar, settings,
// coupon milestones, and the subscribe-message reminder quota. The clock is controlled by
// calling the services with an explicit `now`.
import { DEFAULT_CHECKIN_SETTINGS, type CheckInSettings } from '@huiyuan/shared';
import { CheckInService } from '../src/engagement/check-in.service.js';
import { SubscriptionsService } from '../src/engagement/subscriptions.service.js';
import { OutboxRelay } from '../src/outbox/outbox.relay.js';
import type { WechatClient } from '../src/wechat/wechat.client.js';
import { WECHAT_CLIENT } from '../src/wechat/wechat.module.js';
import { createTemplate } from './helpers/coupons.js';
import { loginMember, loginStaff, type LoggedInMember, type LoggedInStaff } from './helpers/factories.js';
import { expectLedgerConsistent, grantPoints } from './helpers/loyalty.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/** Shanghai is UTC+8: local noon of `date`. */
const noon = (date: string) => new Date(`${date}T04:00:00Z`);

async function registeredOn(t: TestApp, m: LoggedInMember, date: string): Promise<void> {
  await t.db.query('UPDATE member SET created_at = $2 WHERE id = $1', [m.id, `${date}T02:00:00Z`]);
}

async function points(t: TestApp, m: LoggedInMember): Promise<number> {
  const [row] = await t.db.query('SELECT points FROM member WHERE id = $1', [m.id]);
  return row.points as number;
}

describe('daily check-in', () => {
  let t: TestApp;
  let svc: CheckInService;
  beforeAll(async () => {
    t = await createTestApp();
    svc = t.app.get(CheckInService);
  });
  afterEach(() => expectLedgerConsistent(t));
  afterAll(() => t.close());

  it('POST /me/checkins → 201 with the date, streak and points; a second the same day → 409 ALREADY_CHECKED_IN', async () => {
    const m = await loginMember(t);
    const first = await t.http.post('/api/v1/me/checkins').set(m.auth).expect(201);
    expect(first.body).toMatchObject({
      streak: 1,
      pointsAwarded: 5,
      rewards: [{ type: 'points', rule: 'base_points', points: 5 }],
    });
    expect(first.body.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const second = await t.http.post('/api/v1/me/checkins').set(m.auth).expect(409);
    expect(second.body.code).toBe('ALREADY_CHECKED_IN');
    expect(await points(t, m)).toBe(5);
  });

  it('20 concurrent check-ins by one member → one check-in, one reward', async () => {
    const m = await loginMember(t);
    const results = await Promise.all(Array.from({ length: 20 }, () => t.http.post('/api/v1/me/checkins').set(m.auth)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'ALREADY_CHECKED_IN')).toBe(true);
    expect(results.filter((r) => r.status === 409)).toHaveLength(19);
    expect(await t.db.query('SELECT 1 FROM checkin WHERE member_id = $1', [m.id])).toHaveLength(1);
    expect(await t.db.query("SELECT delta FROM points_entry WHERE member_id = $1 AND kind = 'checkin'", [m.id])).toEqual([
      { delta: 5 },
    ]);
    expect(await points(t, m)).toBe(5);
  });

  it('check-ins around local midnight land on the right local date (Asia/Shanghai)', async () => {
    const m = await loginMember(t);
    const before = await svc.checkIn(m.id, new Date('2026-03-01T15:59:59Z'));
    expect(before.date).toBe('2026-03-01');
    const after = await svc.checkIn(m.id, new Date('2026-03-01T16:00:00Z'));
    expect(after).toMatchObject({ date: '2026-03-02', streak: 2 });
    await expect(svc.checkIn(m.id, new Date('2026-03-02T15:59:59Z'))).rejects.toMatchObject({
      code: 'ALREADY_CHECKED_IN',
      status: 409,
    });
  });

  it('the third day in a row adds the day-3 streak bonus; a missed day resets the streak', async () => {
    const m = await loginMember(t);
    await svc.checkIn(m.id, noon('2026-03-01'));
    await svc.checkIn(m.id, noon('2026-03-02'));
    expect(await svc.checkIn(m.id, noon('2026-03-03'))).toMatchObject({ streak: 3, pointsAwarded: 15 });
    expect(await svc.checkIn(m.id, noon('2026-03-05'))).toMatchObject({ streak: 1, pointsAwarded: 5 });
    expect(await points(t, m)).toBe(30);
  });

  it('the calendar shows checked, missed and future days, the streak and the next milestone', async () => {
    const m = await loginMember(t);
    await registeredOn(t, m, '2026-03-01');
    await svc.checkIn(m.id, noon('2026-03-01'));
    await svc.checkIn(m.id, noon('2026-03-03'));
    await svc.checkIn(m.id, noon('2026-03-04'));
    const cal = await svc.calendar(m.id, '2026-03', noon('2026-03-05'));
    expect(cal.days).toHaveLength(31);
    expect(cal.days.slice(0, 6).map((d) => d.status)).toEqual(['checked', 'missed', 'checked', 'checked', 'today', 'future']);
    expect(cal.days[1]).toMatchObject({ date: '2026-03-02', canMakeUp: true });
    expect(cal).toMatchObject({
      today: '2026-03-05',
      streak: 2,
      checkedInToday: false,
      checkedInMonth: 3,
      makeUpsLeft: 2,
      makeUpCost: 20,
      todayPoints: 15,
    });
    expect(cal.nextMilestone).toMatchObject({ kind: 'streak', days: 3, remaining: 1, points: 10 });
  });

  it('GET /me/checkins answers the current month; a bad month → 400', async () => {
    const m = await loginMember(t);
    const res = await t.http.get('/api/v1/me/checkins').set(m.auth).expect(200);
    expect(res.body.days.length).toBeGreaterThanOrEqual(28);
    expect((await t.http.get('/api/v1/me/checkins?month=2026-13').set(m.auth).expect(400)).body.code).toBe('VALIDATION_FAILED');
  });

  describe('make-up (补签)', () => {
    let admin: LoggedInStaff;
    beforeAll(async () => {
      admin = await loginStaff(t, 'admin');
    });

    async function member(registered = '2026-02-20', balance = 100): Promise<LoggedInMember> {
      const m = await loginMember(t);
      await registeredOn(t, m, registered);
      if (balance > 0) await grantPoints(t, admin, m.id, balance);
      return m;
    }

    it('makes up a missed day for 20 points; the streak is recalculated through it', async () => {
      const m = await member();
      for (const d of ['2026-03-01', '2026-03-02', '2026-03-04', '2026-03-05']) await svc.checkIn(m.id, noon(d));
      const before = await points(t, m);
      expect((await svc.calendar(m.id, '2026-03', noon('2026-03-05'))).streak).toBe(2);
      const made = await svc.makeUp(m.id, '2026-03-03', noon('2026-03-05'));
      expect(made).toMatchObject({ date: '2026-03-03', streak: 5, costPoints: 20, pointsAwarded: 5, makeUpsLeft: 1 });
      // A make-up never earns a streak bonus itself.
      expect(made.rewards).toEqual([{ type: 'points', rule: 'base_points', points: 5 }]);
      expect(await points(t, m)).toBe(before - 20 + 5);
      const entries = await t.db.query(
        "SELECT kind, delta, business_key FROM points_entry WHERE member_id = $1 AND business_key LIKE 'checkin%' ORDER BY business_key",
        [m.id],
      );
      expect(entries).toContainEqual({ kind: 'checkin_makeup', delta: -20, business_key: 'checkin-makeup:2026-03-03' });
      const cal = await svc.calendar(m.id, '2026-03', noon('2026-03-05'));
      expect(cal.days[2]).toMatchObject({ status: 'made_up', canMakeUp: false });
      expect(cal.streak).toBe(5);
      // The next check-in continues the recalculated streak: day 6.
      expect(await svc.checkIn(m.id, noon('2026-03-06'))).toMatchObject({ streak: 6 });
    });

    it('refuses today, future days, days before registration and days of an earlier cycle', async () => {
      const m = await member('2026-03-02');
      const now = noon('2026-03-10');
      for (const [date, reason] of [
        ['2026-03-10', 'today'],
        ['2026-03-11', 'future_date'],
        ['2026-03-01', 'before_registration'],
      ] as const) {
        await expect(svc.makeUp(m.id, date, now)).rejects.toMatchObject({
          code: 'MAKE_UP_NOT_ALLOWED',
          status: 422,
          details: [{ reason }],
        });
      }
      const early = await member('2026-02-01');
      await expect(svc.makeUp(early.id, '2026-02-28', noon('2026-03-01'))).rejects.toMatchObject({
        code: 'MAKE_UP_NOT_ALLOWED',
        details: [{ reason: 'outside_cycle' }],
      });
      await expect(svc.makeUp(m.id, '2026-02-30', now)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    });

    it('allows 2 per cycle; the count starts again with the next month', async () => {
      const m = await member('2026-02-01', 200);
      const now = noon('2026-03-10');
      await svc.makeUp(m.id, '2026-03-02', now);
      await svc.makeUp(m.id, '2026-03-04', now);
      await expect(svc.makeUp(m.id, '2026-03-06', now)).rejects.toMatchObject({ code: 'MAKE_UP_LIMIT_REACHED', status: 422 });
      await expect(svc.makeUp(m.id, '2026-03-31', noon('2026-04-01'))).rejects.toMatchObject({ code: 'MAKE_UP_NOT_ALLOWED' });
      expect(await svc.makeUp(m.id, '2026-04-01', noon('2026-04-02'))).toMatchObject({ makeUpsLeft: 1 });
    });

    it('a day already checked in → 409; too few points → 422 INSUFFICIENT_POINTS and nothing written', async () => {
      const m = await member('2026-02-01', 10);
      await svc.checkIn(m.id, noon('2026-03-03'));
      await expect(svc.makeUp(m.id, '2026-03-03', noon('2026-03-05'))).rejects.toMatchObject({
        code: 'ALREADY_CHECKED_IN',
        status: 409,
      });
      await expect(svc.makeUp(m.id, '2026-03-04', noon('2026-03-05'))).rejects.toMatchObject({
        code: 'INSUFFICIENT_POINTS',
        status: 422,
      });
      expect(await t.db.query('SELECT date FROM checkin WHERE member_id = $1', [m.id])).toEqual([{ date: '2026-03-03' }]);
      expect(await points(t, m)).toBe(15);
    });

    it('POST /me/checkins/make-up validates its body', async () => {
      const m = await member();
      expect((await t.http.post('/api/v1/me/checkins/make-up').set(m.auth).send({}).expect(400)).body.code).toBe(
        'VALIDATION_FAILED',
      );
      await t.http.post('/api/v1/me/checkins/make-up').set(m.auth).send({ date: '2026-03-01', extra: 1 }).expect(400);
      await t.http.post('/api/v1/me/checkins/make-up').set(m.auth).send({ date: 'yesterday' }).expect(400);
      // Real clock: tomorrow is always a future day.
      const tomorrow = new Date(Date.now() + 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
      expect((await t.http.post('/api/v1/me/checkins/make-up').set(m.auth).send({ date: tomorrow }).expect(422)).body.code).toBe(
        'MAKE_UP_NOT_ALLOWED',
      );
    });
  });

  describe('who may call', () => {
    let cashier: LoggedInStaff;
    let manager: LoggedInStaff;
    let member: LoggedInMember;
    beforeAll(async () => {
      cashier = await loginStaff(t, 'cashier');
      manager = await loginStaff(t, 'manager');
      member = await loginMember(t);
    });
    const memberRoutes: [string, string][] = [
      ['post', '/api/v1/me/checkins'],
      ['get', '/api/v1/me/checkins'],
      ['post', '/api/v1/me/checkins/make-up'],
      ['post', '/api/v1/me/subscriptions'],
      ['get', '/api/v1/me/subscriptions'],
    ];
    const adminRoutes: [string, string][] = [
      ['get', '/api/v1/admin/checkin-config'],
      ['put', '/api/v1/admin/checkin-config'],
    ];
    const call = (method: string, path: string) =>
      (t.http as unknown as Record<string, (p: string) => import('supertest').Test>)[method]!(path);

    it.each(memberRoutes)('%s %s: 401 without a token, 403 for staff', async (method, path) => {
      expect((await call(method, path).send({})).status).toBe(401);
      expect((await call(method, path).set(cashier.auth).send({})).status).toBe(403);
    });

    it.each(adminRoutes)('%s %s: 403 for a member, a cashier and a manager', async (method, path) => {
      for (const who of [member, cashier, manager]) expect((await call(method, path).set(who.auth).send({})).status).toBe(403);
    });

    it('a member who has not accepted the privacy policy → 403 CONSENT_REQUIRED', async () => {
      const fresh = await loginMember(t, { consent: false });
      expect((await t.http.post('/api/v1/me/checkins').set(fresh.auth).expect(403)).body.code).toBe('CONSENT_REQUIRED');
    });
  });
});

describe('check-in settings and coupon milestones', () => {
  let t: TestApp;
  let admin: LoggedInStaff;
  let svc: CheckInService;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginStaff(t, 'admin');
    svc = t.app.get(CheckInService);
  });
  afterEach(() => expectLedgerConsistent(t));
  afterAll(() => t.close());

  it('GET answers the defaults until an admin saves settings', async () => {
    expect((await t.http.get('/api/v1/admin/checkin-config').set(admin.auth).expect(200)).body).toEqual(DEFAULT_CHECKIN_SETTINGS);
  });

  it('refuses invalid settings with 400 and the shared rule’s reasons', async () => {
    const bad = {
      ...DEFAULT_CHECKIN_SETTINGS,
      cycle: 'week',
      rewards: [{ code: 'cumulative_milestone', args: { days: 9, points: 5 } }],
    };
    const res = await t.http.put('/api/v1/admin/checkin-config').set(admin.auth).send(bad).expect(400);
    expect(res.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: ["rewards[0].args.days: must be an integer 1-7 (the cycle's length)"],
    });
    await t.http
      .put('/api/v1/admin/checkin-config')
      .set(admin.auth)
      .send({ ...DEFAULT_CHECKIN_SETTINGS, extra: true })
      .expect(400);
    const missingTemplate = {
      ...DEFAULT_CHECKIN_SETTINGS,
      rewards: [{ code: 'cumulative_milestone', args: { days: 2, couponTemplateId: '6f1c2a34-0000-4000-8000-000000000000' } }],
    };
    await t.http.put('/api/v1/admin/checkin-config').set(admin.auth).send(missingTemplate).expect(400);
  });

  it('a weekly programme with a coupon at the 2nd check-in issues the coupon once, audited settings', async () => {
    const template = await createTemplate(t, admin, { title: '签到礼券', channels: ['grant'], perMemberLimit: 5 });
    const settings: CheckInSettings = {
      cycle: 'week',
      streakScope: 'cycle',
      rewards: [
        { code: 'base_points', args: { points: 7 } },
        { code: 'cumulative_milestone', args: { days: 2, couponTemplateId: template.id } },
      ],
      makeUp: { perCycle: 1, costPoints: 10 },
      reminderTemplateId: null,
    };
    expect((await t.http.put('/api/v1/admin/checkin-config').set(admin.auth).send(settings).expect(200)).body).toEqual(settings);
    expect((await t.http.get('/api/v1/admin/checkin-config').set(admin.auth).expect(200)).body).toEqual(settings);
    const audit = await t.db.query("SELECT actor_id FROM audit_log WHERE action = 'checkin_config.update'");
    expect(audit).toEqual([{ actor_id: admin.id }]);

    const m = await loginMember(t);
    // 2026-03-02 is a Monday.
    expect(await svc.checkIn(m.id, noon('2026-03-02'))).toMatchObject({
      pointsAwarded: 7,
      rewards: [{ type: 'points', points: 7 }],
    });
    const second = await svc.checkIn(m.id, noon('2026-03-03'));
    const coupon = second.rewards.find((r) => r.type === 'coupon');
    expect(coupon).toMatchObject({ type: 'coupon', couponTemplateId: template.id, couponId: expect.any(String) });
    const wallet = await t.db.query('SELECT template_id, issue_key FROM coupon WHERE member_id = $1', [m.id]);
    expect(wallet).toEqual([{ template_id: template.id, issue_key: `checkin:2026-03-03:${template.id}` }]);
    // The next week starts a new cycle: the milestone can be earned again.
    await svc.checkIn(m.id, noon('2026-03-09'));
    expect((await svc.checkIn(m.id, noon('2026-03-10'))).rewards.some((r) => r.type === 'coupon')).toBe(true);
    expect(await t.db.query('SELECT 1 FROM coupon WHERE member_id = $1', [m.id])).toHaveLength(2);
  });
});

describe('check-in reminders through subscribe messages', () => {
  let t: TestApp;
  let admin: LoggedInStaff;
  let subs: SubscriptionsService;
  let checkIns: CheckInService;
  let relay: OutboxRelay;
  const TEMPLATE = 'TPL_checkin_reminder';
  /** The reminder job, then the outbox relay delivering what it queued (jobs are off in tests). */
  const remind = async (now: Date) => {
    const queued = await subs.sendCheckInReminders(now);
    await relay.drain();
    return queued;
  };
  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginStaff(t, 'admin');
    subs = t.app.get(SubscriptionsService);
    relay = t.app.get(OutboxRelay);
    checkIns = t.app.get(CheckInService);
    await t.http
      .put('/api/v1/admin/checkin-config')
      .set(admin.auth)
      .send({ ...DEFAULT_CHECKIN_SETTINGS, reminderTemplateId: TEMPLATE })
      .expect(200);
  });
  afterAll(() => t.close());

  const subscribe = (m: LoggedInMember, accepted = true) =>
    t.http.post('/api/v1/me/subscriptions').set(m.auth).send({ templateId: TEMPLATE, accepted });
  const sentTo = (m: LoggedInMember) => t.fake!.state.messages.filter((msg) => msg.touser === m.openid);

  it('counts one send per accepted prompt; a refused prompt adds nothing', async () => {
    const m = await loginMember(t);
    expect((await subscribe(m).expect(200)).body).toEqual({ templateId: TEMPLATE, remaining: 1 });
    expect((await subscribe(m, false).expect(200)).body).toEqual({ templateId: TEMPLATE, remaining: 1 });
    expect((await subscribe(m).expect(200)).body).toEqual({ templateId: TEMPLATE, remaining: 2 });
    expect((await t.http.get('/api/v1/me/subscriptions').set(m.auth).expect(200)).body).toEqual({
      items: [{ templateId: TEMPLATE, remaining: 2 }],
    });
    await t.http.post('/api/v1/me/subscriptions').set(m.auth).send({ templateId: TEMPLATE, accepted: 'yes' }).expect(400);
    await t.http.post('/api/v1/me/subscriptions').set(m.auth).send({ templateId: 'bad id!', accepted: true }).expect(400);
  });

  it('reminds only members with a subscription left who have not checked in, once a day, never more than granted', async () => {
    const twice = await loginMember(t);
    const checkedIn = await loginMember(t);
    const none = await loginMember(t);
    await subscribe(twice).expect(200);
    await subscribe(twice).expect(200);
    await subscribe(checkedIn).expect(200);
    await checkIns.checkIn(checkedIn.id, new Date('2026-03-01T04:00:00Z'));

    const day1 = new Date('2026-03-01T12:00:00Z');
    await remind(day1);
    expect(sentTo(twice)).toHaveLength(1);
    expect(sentTo(checkedIn)).toHaveLength(0);
    expect(sentTo(none)).toHaveLength(0);
    expect(sentTo(twice)[0]).toMatchObject({ templateId: TEMPLATE, page: 'pages/checkin/index' });
    // Re-run the same day (and concurrently): nothing more.
    await Promise.all([remind(day1), remind(day1), remind(day1)]);
    expect(sentTo(twice)).toHaveLength(1);

    await remind(new Date('2026-03-02T12:00:00Z'));
    await remind(new Date('2026-03-03T12:00:00Z'));
    await remind(new Date('2026-03-04T12:00:00Z'));
    expect(sentTo(twice)).toHaveLength(2); // = grants
    expect(sentTo(checkedIn)).toHaveLength(1); // its one grant, on 03-02
    const [q] = await t.db.query('SELECT granted, remaining, sent FROM subscribe_quota WHERE member_id = $1', [twice.id]);
    expect(q).toEqual({ granted: 2, remaining: 0, sent: 2 });
  });

  it('many concurrent runs on one day still send one message per member', async () => {
    const m = await loginMember(t);
    for (let i = 0; i < 3; i++) await subscribe(m).expect(200);
    const day = new Date('2026-04-01T12:00:00Z');
    await Promise.all(Array.from({ length: 8 }, () => remind(day)));
    expect(sentTo(m)).toHaveLength(1);
    const [q] = await t.db.query('SELECT remaining, sent FROM subscribe_quota WHERE member_id = $1', [m.id]);
    expect(q).toEqual({ remaining: 2, sent: 1 });
  });

  it('20 concurrent runs of the reminder job (and 4 relays) → each due member gets exactly one message', async () => {
    const members = await Promise.all(Array.from({ length: 12 }, () => loginMember(t)));
    for (const m of members) {
      await subscribe(m).expect(200);
      await subscribe(m).expect(200);
    }
    const calls = t.fake!.state.subscribeSendCalls;
    const day = new Date('2026-06-01T12:00:00Z');
    const runs = await Promise.all(Array.from({ length: 20 }, () => subs.sendCheckInReminders(day)));
    await Promise.all(Array.from({ length: 4 }, () => relay.drain()));
    for (const m of members) expect(sentTo(m)).toHaveLength(1);
    // Every message the runs queued reached WeChat once; the 12 are among them.
    const queued = runs.reduce((n, r) => n + r.queued, 0);
    expect(t.fake!.state.subscribeSendCalls - calls).toBe(queued);
    const quotas: { remaining: number; sent: number }[] = await t.db.query(
      'SELECT remaining, sent FROM subscribe_quota WHERE member_id = ANY($1::uuid[])',
      [members.map((m) => m.id)],
    );
    expect(quotas).toEqual(members.map(() => ({ remaining: 1, sent: 1 })));
  });

  it('a relay crash between the send and the mark → the message is delivered again (at least once), the quota spent once', async () => {
    const m = await loginMember(t);
    await subscribe(m).expect(200);
    await subscribe(m).expect(200);
    const wechat = t.app.get<WechatClient>(WECHAT_CLIENT);
    const send = wechat.sendSubscribeMessage.bind(wechat);
    let crashes = 0;
    wechat.sendSubscribeMessage = async (req) => {
      await send(req);
      if (req.toUser === m.openid && crashes++ === 0) throw new Error('relay crashed after the send');
    };
    try {
      await subs.sendCheckInReminders(new Date('2026-07-01T12:00:00Z'));
      const first = await relay.drain();
      expect(first.retrying).toBeGreaterThanOrEqual(1);
      expect(sentTo(m)).toHaveLength(1);
      const [row] = await t.db.query(
        "SELECT status, attempts, last_error, available_at > now() AS later FROM outbox_message WHERE member_id = $1 AND topic = 'wechat.subscribe_message'",
        [m.id],
      );
      expect(row).toEqual({ status: 'pending', attempts: 1, last_error: 'relay crashed after the send', later: true });
      // Not due yet: an immediate drain delivers nothing more (no tight loop).
      await relay.drain();
      expect(sentTo(m)).toHaveLength(1);
      // Its retry time comes.
      await relay.drain(() => new Date(Date.now() + 3_600_000));
      expect(sentTo(m)).toHaveLength(2);
    } finally {
      wechat.sendSubscribeMessage = send;
    }
    const [q] = await t.db.query('SELECT granted, remaining, sent FROM subscribe_quota WHERE member_id = $1', [m.id]);
    expect(q).toEqual({ granted: 2, remaining: 1, sent: 1 });
    const [row] = await t.db.query('SELECT status, attempts FROM outbox_message WHERE member_id = $1', [m.id]);
    expect(row).toEqual({ status: 'delivered', attempts: 2 });
  });

  it('WeChat 43101 (no subscription left) zeroes the count and is recorded', async () => {
    const m = await loginMember(t);
    await subscribe(m).expect(200);
    await subscribe(m).expect(200);
    t.fake!.state.refuseSubscribe(m.openid);
    expect((await subs.sendCheckInReminders(new Date('2026-05-01T12:00:00Z'))).queued).toBeGreaterThanOrEqual(1);
    // A definite refusal settles its row (nothing to retry) and zeroes the count, once.
    expect(await relay.drain()).toMatchObject({ retrying: 0, dead: 0 });
    expect(sentTo(m)).toHaveLength(0);
    const [q] = await t.db.query('SELECT remaining, sent, last_errcode FROM subscribe_quota WHERE member_id = $1', [m.id]);
    expect(q).toEqual({ remaining: 0, sent: 0, last_errcode: 43101 });
  });
});
