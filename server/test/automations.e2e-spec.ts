// Automations: trigger → delay → action, once per member per occurrence; the former fixed welcome,
// birthday and expiry behaviour as built-ins an operator can see, edit and switch off.
import { DataSource } from 'typeorm';
import { AutomationsService } from '../src/campaigns/automations.service.js';
import { JobsService } from '../src/jobs/jobs.service.js';
import { OutboxRelay } from '../src/outbox/outbox.relay.js';
import { RewardsService } from '../src/rewards/rewards.service.js';
import { createTemplate } from './helpers/coupons.js';
import { createStore, loginMember, loginStaff, uniqueId, type LoggedInStaff } from './helpers/factories.js';
import { expectLedgerConsistent, placeOrder } from './helpers/loyalty.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

interface AutomationBody {
  id: string;
  name: string;
  builtin: boolean;
  enabled: boolean;
  trigger: { code: string; args: Record<string, unknown> };
  description: string;
  fired: number;
  delivered: number;
}

describe('automations', () => {
  let t: TestApp;
  let db: DataSource;
  let admin: LoggedInStaff;
  let cashier: LoggedInStaff;
  let automations: AutomationsService;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    admin = await loginStaff(t, 'admin');
    cashier = await loginStaff(t, 'cashier', await createStore(t));
    automations = t.app.get(AutomationsService);
  });
  afterAll(() => t.close());

  const list = async (): Promise<AutomationBody[]> =>
    (await t.http.get('/api/v1/admin/automations').set(admin.auth).expect(200)).body.items;
  const builtin = async (name: string) => (await list()).find((a) => a.builtin && a.name === name)!;
  const create = (body: Record<string, unknown>) => t.http.post('/api/v1/admin/automations').set(admin.auth).send(body);
  const patch = (id: string, body: Record<string, unknown>) =>
    t.http.patch(`/api/v1/admin/automations/${id}`).set(admin.auth).send(body);
  const pointsOf = async (id: string) =>
    ((await db.query('SELECT points FROM member WHERE id = $1', [id])) as { points: number }[])[0]!.points;
  /** Switch every custom automation off, so each test sees only its own. */
  const offAll = async () => {
    for (const a of await list()) if (!a.builtin && a.enabled) await patch(a.id, { enabled: false }).expect(200);
  };

  it('lists the built-ins — welcome coupons, birthday coupons, expiry reminder — and keeps their trigger and action', async () => {
    const items = await list();
    expect(items.filter((a) => a.builtin).map((a) => [a.name, a.trigger.code, a.enabled, a.description])).toEqual([
      ['新会员礼券', 'registered', true, '会员注册（首次同意隐私政策）后：发放全部新人礼券'],
      ['生日礼券', 'birthday', true, '生日当月：发放生日礼券（生日券模板）'],
      ['积分到期提醒', 'points_expiring', true, '积分到期前 30 天：发送积分到期提醒'],
    ]);
    const reminder = await builtin('积分到期提醒');
    expect((await patch(reminder.id, { action: { type: 'points', points: 1 } }).expect(422)).body.code).toBe(
      'INVALID_AUTOMATION',
    );
    await patch(reminder.id, { trigger: { code: 'birthday', args: {} } }).expect(422);
    const edited = await patch(reminder.id, { trigger: { code: 'points_expiring', args: { days: 7 } } }).expect(200);
    expect(edited.body.description).toBe('积分到期前 7 天：发送积分到期提醒');
  });

  it('switching the welcome gift off stops it; on again, new members get it at their first consent', async () => {
    const welcome = await builtin('新会员礼券');
    const tpl = await createTemplate(t, admin, { title: '新人券', channels: ['welcome'], totalStock: 100 });
    await patch(welcome.id, { enabled: false }).expect(200);
    const off = await loginMember(t);
    await patch(welcome.id, { enabled: true }).expect(200);
    const on = await loginMember(t);
    const coupons = async (memberId: string) =>
      (
        (await db.query('SELECT count(*)::int AS n FROM coupon WHERE member_id = $1 AND template_id = $2', [
          memberId,
          tpl.id,
        ])) as { n: number }[]
      )[0]!.n;
    expect([await coupons(off.id), await coupons(on.id)]).toEqual([0, 1]);
    // A second login of the same person: no second occurrence.
    await loginMember(t, { openid: on.openid });
    expect(await coupons(on.id)).toBe(1);
    expect((await builtin('新会员礼券')).delivered).toBeGreaterThanOrEqual(1);
    await t.http.post(`/api/v1/admin/coupon-templates/${tpl.id}/pause`).set(admin.auth).send().expect(200);
  });

  it('registered → points once, also on re-login; a delay holds the run until it is due', async () => {
    await offAll();
    const a = await create({
      name: '注册送积分',
      trigger: { code: 'registered', args: {} },
      action: { type: 'points', points: 30 },
      enabled: true,
    }).expect(201);
    expect(a.body.description).toBe('会员注册（首次同意隐私政策）后：赠送 30 积分');
    const delayed = await create({
      name: '注册一小时后',
      trigger: { code: 'registered', args: {} },
      action: { type: 'points', points: 7 },
      delayMinutes: 60,
      enabled: true,
    }).expect(201);
    const m = await loginMember(t);
    await loginMember(t, { openid: m.openid });
    await Promise.all([automations.runDue(), automations.runDue()]);
    expect(await pointsOf(m.id)).toBe(30);
    await loginMember(t, { openid: m.openid });
    await automations.runDue(new Date(Date.now() + 61 * 60_000));
    await automations.runDue(new Date(Date.now() + 62 * 60_000));
    expect(await pointsOf(m.id)).toBe(37);
    const runs = await db.query('SELECT state FROM automation_run WHERE member_id = $1 AND automation_id = ANY($2::uuid[])', [
      m.id,
      [a.body.id, delayed.body.id],
    ]);
    expect(runs).toEqual([{ state: 'delivered' }, { state: 'delivered' }]);
    expect((await list()).find((x) => x.id === delayed.body.id)).toMatchObject({ fired: 1, delivered: 1 });
    const notes = await t.http.get('/api/v1/me/notifications').set(m.auth).expect(200);
    expect(notes.body.items.filter((n: { kind: string }) => n.kind === 'automation')).toHaveLength(2);
    await expectLedgerConsistent(t);
  });

  it('first_order fires on the first order only; tier_upgraded on an upgrade to a listed tier', async () => {
    await offAll();
    const tpl = await createTemplate(t, admin, { title: '首单礼', channels: ['automation'], totalStock: 100 });
    await create({
      name: '首单礼券',
      trigger: { code: 'first_order', args: {} },
      action: { type: 'coupon', templateId: tpl.id },
      enabled: true,
    }).expect(201);
    const tiers = (await t.http.get('/api/v1/admin/programme').set(admin.auth).expect(200)).body.tiers as {
      code: string;
      growthThreshold: number;
    }[];
    const second = tiers[1]!;
    await create({
      name: '升级礼',
      trigger: { code: 'tier_upgraded', args: { tiers: [second.code] } },
      action: { type: 'points', points: 88 },
      enabled: true,
    }).expect(201);
    const m = await loginMember(t);
    await placeOrder(t, cashier, { memberId: m.id, amount: 1000 }).expect(201);
    await placeOrder(t, cashier, { memberId: m.id, amount: 1000 }).expect(201);
    await automations.runDue();
    const [coupons] = await db.query(`SELECT count(*)::int AS n FROM coupon WHERE member_id = $1 AND channel = 'automation'`, [
      m.id,
    ]);
    expect(coupons.n).toBe(1);
    const before = await pointsOf(m.id);
    // Enough growth to reach the second tier (growth 1 per yuan by default).
    await placeOrder(t, cashier, { memberId: m.id, amount: second.growthThreshold * 100 }).expect(201);
    const earned = (await pointsOf(m.id)) - before;
    await automations.runDue();
    await automations.runDue();
    expect((await pointsOf(m.id)) - before - earned).toBe(88);
    await expectLedgerConsistent(t);
  });

  it('became_silent, birthday and points_expiring are found by the daily scan, once per occurrence', async () => {
    await offAll();
    await create({
      name: '沉默唤醒',
      trigger: { code: 'became_silent', args: {} },
      action: { type: 'points', points: 11 },
      enabled: true,
    }).expect(201);
    await create({
      name: '生日积分',
      trigger: { code: 'birthday', args: {} },
      action: { type: 'points', points: 22 },
      enabled: true,
    }).expect(201);
    await create({
      name: '到期提醒积分',
      trigger: { code: 'points_expiring', args: { days: 10 } },
      action: { type: 'points', points: 3 },
      enabled: true,
    }).expect(201);
    const silent = await loginMember(t);
    const birthday = await loginMember(t);
    const expiring = await loginMember(t);
    const now = new Date();
    await db.query(
      `INSERT INTO member_score_change (member_id, kind, from_value, to_value, changed_on) VALUES ($1, 'stage', 'active', 'silent', $2)`,
      [silent.id, now.toISOString().slice(0, 10)],
    );
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', month: '2-digit' }).format(now);
    await db.query(`UPDATE member SET birthday = $2 WHERE id = $1`, [birthday.id, `1990-${month}-15`]);
    await t.app
      .get(RewardsService)
      .grantNow(expiring.id, { kind: 'points', points: 5, reason: 'adjust' }, uniqueId('seed:'), now);
    await db.query(`UPDATE points_lot SET expires_at = $2 WHERE member_id = $1`, [
      expiring.id,
      new Date(now.getTime() + 5 * 86_400_000),
    ]);
    const first = await automations.scan(now);
    expect(first.queued).toBeGreaterThanOrEqual(3);
    expect((await automations.scan(now)).queued).toBe(0);
    await automations.runDue(now);
    expect([await pointsOf(silent.id), await pointsOf(birthday.id), await pointsOf(expiring.id)]).toEqual([11, 22, 8]);
    await expectLedgerConsistent(t);
  });

  it('a switched-off automation skips its due runs; switched-off built-in jobs do nothing', async () => {
    await offAll();
    const a = await create({
      name: '关掉的',
      trigger: { code: 'registered', args: {} },
      action: { type: 'points', points: 9 },
      delayMinutes: 5,
      enabled: true,
    }).expect(201);
    const m = await loginMember(t);
    await patch(a.body.id, { enabled: false }).expect(200);
    await automations.runDue(new Date(Date.now() + 10 * 60_000));
    expect(await pointsOf(m.id)).toBe(0);
    const [run] = await db.query('SELECT state, outcome FROM automation_run WHERE automation_id = $1', [a.body.id]);
    expect(run).toEqual({ state: 'skipped', outcome: 'disabled' });
    const jobs = t.app.get(JobsService);
    for (const [name, jobName] of [
      ['生日礼券', 'coupon-birthday'],
      ['积分到期提醒', 'points-expiry-reminder'],
    ] as const) {
      const b = await builtin(name);
      await patch(b.id, { enabled: false }).expect(200);
      expect(await jobs.definitions.find((d) => d.name === jobName)!.run()).toEqual({ skipped: 'automation switched off' });
      await patch(b.id, { enabled: true }).expect(200);
    }
  });

  it('refuses bad automations with the field at fault', async () => {
    const bad = await create({
      name: 'x',
      trigger: { code: 'points_expiring', args: {} },
      action: { type: 'points', points: 1 },
      enabled: true,
    }).expect(400);
    expect(bad.body.details).toEqual([{ field: 'trigger.args.days', reason: 'must be an integer 1-60' }]);
    await create({ name: 'x', trigger: { code: 'nope', args: {} }, action: { type: 'points', points: 1 }, enabled: true }).expect(
      400,
    );
    await create({
      name: 'x',
      trigger: { code: 'registered', args: {} },
      action: { type: 'points', points: 1 },
      delayMinutes: 99_999,
      enabled: true,
    }).expect(400);
    const tpl = await createTemplate(t, admin, { channels: ['center'] });
    const notOffered = await create({
      name: 'x',
      trigger: { code: 'registered', args: {} },
      action: { type: 'coupon', templateId: tpl.id },
      enabled: true,
    }).expect(422);
    expect(notOffered.body.details).toEqual([{ field: 'action.templateId', reason: 'channel_not_offered' }]);
    await patch('6f1c2a34-0000-4000-8000-000000000000', { enabled: false }).expect(404);
    // The relay has nothing of ours left to do (no stray rows).
    await t.app.get(OutboxRelay).drain();
  });
});
