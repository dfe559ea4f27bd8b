// Campaigns: a segment frozen at launch, an exact holdout, delivery in batches through the outbox
// — each member at most once whatever is retried or run concurrently — budget, frequency cap,
// subscribe-message quota (ours and the fake WeChat's), pause/resume/cancel, the report.
import { DataSource } from 'typeorm';
import { CampaignsService } from '../src/campaigns/campaigns.service.js';

/** HUIYUAN_CAMPAIGN_BATCH's default. */
const CAMPAIGN_BATCH = 200;
import { OutboxRelay } from '../src/outbox/outbox.relay.js';
import { bulkMembers, taggedSegment } from './helpers/campaigns.js';
import { createTemplate } from './helpers/coupons.js';
import { createStore, loginMember, loginStaff, type LoggedInStaff } from './helpers/factories.js';
import { expectLedgerConsistent, placeOrder } from './helpers/loyalty.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

describe('campaigns', () => {
  let t: TestApp;
  let db: DataSource;
  let admin: LoggedInStaff;
  let relay: OutboxRelay;
  let campaigns: CampaignsService;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    admin = await loginStaff(t, 'admin');
    relay = t.app.get(OutboxRelay);
    campaigns = t.app.get(CampaignsService);
  });
  afterAll(() => t.close());

  const create = (body: Record<string, unknown>) => t.http.post('/api/v1/admin/campaigns').set(admin.auth).send(body);
  const command = (id: string, what: string) => t.http.post(`/api/v1/admin/campaigns/${id}/${what}`).set(admin.auth).send({});
  const view = async (id: string) => (await t.http.get(`/api/v1/admin/campaigns/${id}`).set(admin.auth).expect(200)).body;
  const pointsOf = async (ids: string[]) =>
    new Map(
      (
        (await db.query('SELECT id, points FROM member WHERE id = ANY($1::uuid[])', [ids])) as { id: string; points: number }[]
      ).map((r) => [r.id, r.points]),
    );

  it('freezes the segment at launch, holds out exactly 10 %, and gives the 90 % their points once — concurrent drains and replays included', async () => {
    const { tagId, segmentId } = await taggedSegment(t, admin);
    const members = await bulkMembers(db, 450, tagId);
    const draft = await create({ name: '唤醒', segmentId, action: { type: 'points', points: 50 }, holdoutBp: 1000 }).expect(201);
    expect(draft.body).toMatchObject({ status: 'draft', targeted: 0, delivered: 0 });
    const launched = await command(draft.body.id, 'launch').expect(200);
    expect(launched.body).toMatchObject({ status: 'running', targeted: 450, holdout: 45, pending: 405 });
    // Joined after the launch: not a member of the frozen campaign.
    const late = await bulkMembers(db, 3, tagId);
    await command(draft.body.id, 'launch').expect(409);

    // Several relays (instances) and direct batch calls at once: SKIP LOCKED and the campaign lock keep each member once.
    await Promise.all([relay.drain(), relay.drain(), campaigns.deliverBatch(draft.body.id), relay.drain()]);
    await relay.drain();
    const done = await view(draft.body.id);
    expect(done).toMatchObject({
      status: 'completed',
      targeted: 450,
      holdout: 45,
      delivered: 405,
      pending: 0,
      pointsGiven: 405 * 50,
    });
    expect(done.skipped).toEqual({ capped: 0, budget: 0, noQuota: 0, ineligible: 0 });

    const points = await pointsOf([...members, ...late]);
    const holdout = new Set(
      (
        (await db.query(`SELECT member_id FROM campaign_member WHERE campaign_id = $1 AND state = 'holdout'`, [
          draft.body.id,
        ])) as { member_id: string }[]
      ).map((r) => r.member_id),
    );
    expect(holdout.size).toBe(45);
    for (const id of members) expect(points.get(id)).toBe(holdout.has(id) ? 0 : 50);
    for (const id of late) expect(points.get(id)).toBe(0);
    const [grants] = await db.query(`SELECT count(*)::int AS n FROM reward_grant WHERE business_key = $1`, [
      `campaign:${draft.body.id}`,
    ]);
    expect(grants.n).toBe(405);

    // Re-running the delivery, or a batch of a completed campaign, changes nothing.
    expect(await campaigns.deliverBatch(draft.body.id)).toBe(0);
    await campaigns.sweep();
    await relay.drain();
    expect((await view(draft.body.id)).delivered).toBe(405);
    await expectLedgerConsistent(t);
  });

  it('keeps the budget of members and of points, and delivers in batches', async () => {
    const { tagId, segmentId } = await taggedSegment(t, admin);
    await bulkMembers(db, CAMPAIGN_BATCH + 50, tagId);
    const byMembers = await create({
      name: 'budget',
      segmentId,
      action: { type: 'points', points: 10 },
      budget: { maxMembers: CAMPAIGN_BATCH + 7 },
    }).expect(201);
    await command(byMembers.body.id, 'launch').expect(200);
    expect(await campaigns.deliverBatch(byMembers.body.id)).toBe(CAMPAIGN_BATCH);
    expect((await view(byMembers.body.id)).delivered).toBe(CAMPAIGN_BATCH);
    await relay.drain();
    expect(await view(byMembers.body.id)).toMatchObject({
      status: 'completed',
      delivered: CAMPAIGN_BATCH + 7,
      skipped: { budget: 43 },
    });

    const { tagId: tag2, segmentId: seg2 } = await taggedSegment(t, admin);
    await bulkMembers(db, 30, tag2);
    const byPoints = await create({
      name: 'points budget',
      segmentId: seg2,
      action: { type: 'points', points: 40 },
      budget: { maxPoints: 500 },
    }).expect(201);
    await command(byPoints.body.id, 'launch').expect(200);
    await relay.drain();
    expect(await view(byPoints.body.id)).toMatchObject({ delivered: 12, pointsGiven: 480, skipped: { budget: 18 } });
  });

  it('caps members reached by another campaign within frequencyCapDays, across campaigns', async () => {
    const { tagId, segmentId } = await taggedSegment(t, admin);
    await bulkMembers(db, 20, tagId);
    const first = await create({ name: 'first', segmentId, action: { type: 'points', points: 5 } }).expect(201);
    await command(first.body.id, 'launch').expect(200);
    await relay.drain();
    const capped = await create({ name: 'capped', segmentId, action: { type: 'points', points: 5 }, frequencyCapDays: 7 }).expect(
      201,
    );
    await command(capped.body.id, 'launch').expect(200);
    await relay.drain();
    expect(await view(capped.body.id)).toMatchObject({ delivered: 0, skipped: { capped: 20 } });
    // Eight days later the cap has passed.
    const later = await create({ name: 'later', segmentId, action: { type: 'points', points: 5 }, frequencyCapDays: 7 }).expect(
      201,
    );
    await command(later.body.id, 'launch').expect(200);
    const eightDays = new Date(Date.now() + 8 * 86_400_000);
    await campaigns.deliverAll(later.body.id, eightDays);
    expect(await view(later.body.id)).toMatchObject({ delivered: 20, skipped: { capped: 0 } });
  });

  it('holds the cap and the budget when two campaigns reach the same members at once', async () => {
    const { tagId, segmentId } = await taggedSegment(t, admin);
    const members = await bulkMembers(db, 60, tagId);
    const a = await create({
      name: 'race a',
      segmentId,
      action: { type: 'points', points: 3 },
      frequencyCapDays: 7,
      budget: { maxMembers: 50 },
    }).expect(201);
    const b = await create({
      name: 'race b',
      segmentId,
      action: { type: 'points', points: 4 },
      frequencyCapDays: 7,
      budget: { maxMembers: 50 },
    }).expect(201);
    await Promise.all([command(a.body.id, 'launch').expect(200), command(b.body.id, 'launch').expect(200)]);
    // Both campaigns' lanes, several relays and direct batches, all at once.
    await Promise.all([
      relay.drain(),
      relay.drain(),
      campaigns.deliverBatch(a.body.id),
      campaigns.deliverBatch(b.body.id),
      campaigns.deliverBatch(a.body.id),
      campaigns.deliverBatch(b.body.id),
    ]);
    await relay.drain();
    const [va, vb] = [await view(a.body.id), await view(b.body.id)];
    expect(va.delivered).toBeLessThanOrEqual(50);
    expect(vb.delivered).toBeLessThanOrEqual(50);
    // Every member got at most one of the two, and every one of the 60 was decided by both.
    const points = await pointsOf(members);
    for (const id of members) expect([0, 3, 4]).toContain(points.get(id));
    const reached = members.filter((id) => (points.get(id) ?? 0) > 0).length;
    expect(va.delivered + vb.delivered).toBe(reached);
    expect(va.delivered + va.skipped.capped + va.skipped.budget).toBe(60);
    expect(vb.delivered + vb.skipped.capped + vb.skipped.budget).toBe(60);
    await expectLedgerConsistent(t);
  });

  it('sends subscribe messages only to members with a counted grant; the fake WeChat counts too', async () => {
    const { tagId, segmentId } = await taggedSegment(t, admin);
    const withGrant = await loginMember(t);
    const without = await loginMember(t);
    for (const m of [withGrant, without])
      await db.query('INSERT INTO member_tag (member_id, tag_id) VALUES ($1, $2)', [m.id, tagId]);
    await t.http
      .post('/api/v1/me/subscriptions')
      .set(withGrant.auth)
      .send({ templateId: 'TMPL_CAMPAIGN', accepted: true })
      .expect(200);
    t.fake!.state.grantSubscription(withGrant.openid, 'TMPL_CAMPAIGN');
    const c = await create({
      name: '会员日提醒',
      segmentId,
      action: { type: 'message', templateId: 'TMPL_CAMPAIGN', page: 'pages/card/index', data: { thing1: '会员日积分 2 倍' } },
    }).expect(201);
    await command(c.body.id, 'launch').expect(200);
    await relay.drain();
    expect(await view(c.body.id)).toMatchObject({ delivered: 1, skipped: { noQuota: 1 } });
    const sent = t.fake!.state.messages.filter((m) => m.templateId === 'TMPL_CAMPAIGN');
    expect(sent.map((m) => m.touser)).toEqual([withGrant.openid]);
    expect(t.fake!.state.subscriptionsLeft(withGrant.openid, 'TMPL_CAMPAIGN')).toBe(0);
    const quota = await t.http.get('/api/v1/me/subscriptions').set(withGrant.auth).expect(200);
    expect(quota.body.items ?? quota.body).toEqual(
      expect.arrayContaining([expect.objectContaining({ templateId: 'TMPL_CAMPAIGN', remaining: 0 })]),
    );
    const notes = await t.http.get('/api/v1/me/notifications').set(withGrant.auth).expect(200);
    expect(notes.body.items.map((n: { kind: string }) => n.kind)).toContain('campaign');
  });

  it('gives coupons through the pipeline and counts a sold-out template as ineligible without spending the cap', async () => {
    const { tagId, segmentId } = await taggedSegment(t, admin);
    await bulkMembers(db, 5, tagId);
    const template = await createTemplate(t, admin, { totalStock: 3, channels: ['campaign'] });
    const c = await create({
      name: 'coupon',
      segmentId,
      action: { type: 'coupon', templateId: template.id },
      frequencyCapDays: 30,
    }).expect(201);
    await command(c.body.id, 'launch').expect(200);
    await relay.drain();
    expect(await view(c.body.id)).toMatchObject({ delivered: 3, skipped: { ineligible: 2 } });
    const [coupons] = await db.query(`SELECT count(*)::int AS n FROM coupon WHERE template_id = $1 AND channel = 'campaign'`, [
      template.id,
    ]);
    expect(coupons.n).toBe(3);
    // The two who got nothing are not capped for the next campaign; the three are.
    const next = await create({ name: 'next', segmentId, action: { type: 'points', points: 1 }, frequencyCapDays: 30 }).expect(
      201,
    );
    await command(next.body.id, 'launch').expect(200);
    await relay.drain();
    expect(await view(next.body.id)).toMatchObject({ delivered: 2, skipped: { capped: 3 } });
  });

  it('pauses, resumes and cancels; ended campaigns stay ended', async () => {
    const { tagId, segmentId } = await taggedSegment(t, admin);
    await bulkMembers(db, CAMPAIGN_BATCH * 2 + 10, tagId);
    const c = await create({ name: 'pause', segmentId, action: { type: 'points', points: 1 } }).expect(201);
    await command(c.body.id, 'pause').expect(409);
    await command(c.body.id, 'launch').expect(200);
    await campaigns.deliverBatch(c.body.id);
    await command(c.body.id, 'pause').expect(200);
    await relay.drain();
    expect(await view(c.body.id)).toMatchObject({ status: 'paused', delivered: CAMPAIGN_BATCH });
    await command(c.body.id, 'resume').expect(200);
    await campaigns.deliverBatch(c.body.id);
    await command(c.body.id, 'cancel').expect(200);
    await relay.drain();
    expect(await view(c.body.id)).toMatchObject({ status: 'cancelled', delivered: CAMPAIGN_BATCH * 2 });
    for (const what of ['launch', 'pause', 'resume', 'cancel'])
      expect((await command(c.body.id, what)).body.code).toBe('CAMPAIGN_STATE');
  });

  it('starts a scheduled campaign when its time comes (campaign-sweep)', async () => {
    const { tagId, segmentId } = await taggedSegment(t, admin);
    await bulkMembers(db, 4, tagId);
    const at = new Date(Date.now() + 3_600_000);
    const c = await create({
      name: 'scheduled',
      segmentId,
      action: { type: 'points', points: 2 },
      scheduleAt: at.toISOString(),
    }).expect(201);
    expect((await command(c.body.id, 'launch').expect(200)).body).toMatchObject({ status: 'scheduled', targeted: 0 });
    expect(await campaigns.sweep()).toMatchObject({ started: 0 });
    expect(await campaigns.sweep(new Date(at.getTime() + 1000))).toMatchObject({ started: 1 });
    await relay.drain();
    expect(await view(c.body.id)).toMatchObject({ status: 'completed', targeted: 4, delivered: 4 });
  });

  it('reports target against holdout: buyers, repurchase, GMV per member and the lift', async () => {
    const { tagId, segmentId } = await taggedSegment(t, admin);
    const ids = await bulkMembers(db, 20, tagId);
    const c = await create({ name: 'report', segmentId, action: { type: 'points', points: 1 }, holdoutBp: 5000 }).expect(201);
    await command(c.body.id, 'launch').expect(200);
    await relay.drain();
    const rows: { member_id: string; state: string }[] = await db.query(
      'SELECT member_id, state FROM campaign_member WHERE campaign_id = $1',
      [c.body.id],
    );
    const target = rows.filter((r) => r.state !== 'holdout').map((r) => r.member_id);
    const holdout = rows.filter((r) => r.state === 'holdout').map((r) => r.member_id);
    expect([target.length, holdout.length]).toEqual([10, 10]);
    const cashier = await loginStaff(t, 'cashier', await createStore(t));
    // Target: 4 buyers, one of them twice; holdout: 1 buyer.
    for (const [memberId, amount] of [
      [target[0]!, 10_000],
      [target[0]!, 5_000],
      [target[1]!, 2_000],
      [target[2]!, 2_000],
      [target[3]!, 1_000],
      [holdout[0]!, 3_000],
    ] as const)
      await placeOrder(t, cashier, { memberId, amount }).expect(201);
    const report = await t.http.get(`/api/v1/admin/campaigns/${c.body.id}/report?days=7`).set(admin.auth).expect(200);
    expect(report.body.target).toEqual({
      members: 10,
      buyers: 4,
      buyerRate: 0.4,
      repurchaseRate: 0.25,
      gmv: 20_000,
      gmvPerMember: 2000,
    });
    expect(report.body.holdout).toEqual({
      members: 10,
      buyers: 1,
      buyerRate: 0.1,
      repurchaseRate: 0,
      gmv: 3_000,
      gmvPerMember: 300,
    });
    expect(report.body.lift.buyerRate).toBeCloseTo(0.3, 10);
    expect(report.body.lift).toMatchObject({ repurchaseRate: 0.25, gmvPerMember: 1700 });
    expect(report.body.lift.gmvPerMemberRelative).toBeCloseTo(1700 / 300, 10);
    expect(ids).toHaveLength(20);
  });

  it('refuses bad campaigns with the field at fault, never a 500', async () => {
    const { segmentId } = await taggedSegment(t, admin);
    const bad = await create({ name: 'x', segmentId, action: { type: 'points', points: 0 }, holdoutBp: 9000 }).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    const badAction = await create({ name: 'x', segmentId, action: { type: 'sms' } }).expect(400);
    expect(JSON.stringify(badAction.body.details)).toContain('action.type');
    const noSegment = await create({
      name: 'x',
      segmentId: '6f1c2a34-0000-4000-8000-000000000000',
      action: { type: 'points', points: 1 },
    }).expect(422);
    expect(noSegment.body.code).toBe('INVALID_CAMPAIGN');
    const noTemplate = await create({
      name: 'x',
      segmentId,
      action: { type: 'coupon', templateId: '6f1c2a34-0000-4000-8000-000000000000' },
    }).expect(422);
    expect(noTemplate.body.details).toEqual([{ field: 'action.templateId', reason: 'not_found' }]);
    const past = await create({
      name: 'x',
      segmentId,
      action: { type: 'points', points: 1 },
      scheduleAt: '2020-01-01T00:00:00Z',
    }).expect(400);
    expect(JSON.stringify(past.body.details)).toContain('scheduleAt');
    await t.http.get('/api/v1/admin/campaigns/6f1c2a34-0000-4000-8000-000000000000').set(admin.auth).expect(404);
    const notStarted = await create({ name: 'draft', segmentId, action: { type: 'points', points: 1 } }).expect(201);
    expect((await t.http.get(`/api/v1/admin/campaigns/${notStarted.body.id}/report`).set(admin.auth).expect(409)).body.code).toBe(
      'CAMPAIGN_STATE',
    );
    // A retried create with its Idempotency-Key answers the first campaign.
    const key = 'campaign-create-retry-1';
    const a = await create({ name: 'idem', segmentId, action: { type: 'points', points: 1 } })
      .set('Idempotency-Key', key)
      .expect(201);
    const b = await t.http
      .post('/api/v1/admin/campaigns')
      .set(admin.auth)
      .set('Idempotency-Key', key)
      .send({ name: 'idem', segmentId, action: { type: 'points', points: 1 } });
    expect(b.body.id).toBe(a.body.id);
  });
});
