// Lottery (抽奖): admin lotteries, published odds, the draw (cost, limits, stock fallback, budget,
// idempotency), prizes granted through the rewards pipeline (points, coupons, physical prizes
// redeemed by a cashier), free entries, the report and who may call what.
import { DEFAULT_CHECKIN_SETTINGS, type CheckInSettings, type CreateLotteryRequest } from '@huiyuan/shared';
import { DataSource } from 'typeorm';
import { inTransaction } from '../src/common/transaction.js';
import { LotteryDrawService } from '../src/lottery/lottery-draw.service.js';
import { RewardsService } from '../src/rewards/rewards.service.js';
import { createTemplate } from './helpers/coupons.js';
import { createStore, loginMember, loginStaff, type LoggedInMember, type LoggedInStaff } from './helpers/factories.js';
import { expectLedgerConsistent, grantPoints } from './helpers/loyalty.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const HOUR = 3_600_000;

function lotteryBody(over: Partial<CreateLotteryRequest> = {}): CreateLotteryRequest {
  return {
    title: '周年庆抽奖',
    startsAt: new Date(Date.now() - HOUR).toISOString(),
    endsAt: new Date(Date.now() + 24 * HOUR).toISOString(),
    costPoints: 10,
    perMemberDaily: 5,
    perMemberTotal: 50,
    prizes: [
      { title: '100 积分', kind: 'points', points: 100, stock: 50, weight: 1 },
      { title: '谢谢参与', kind: 'none', stock: 0, weight: 2 },
    ],
    ...over,
  };
}

describe('lottery', () => {
  let t: TestApp;
  let admin: LoggedInStaff;
  let manager: LoggedInStaff;
  let cashier: LoggedInStaff;
  let draws: LotteryDrawService;
  let store: string;
  let seq = 0;
  const rid = () => `req-${++seq}-${Date.now()}`;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginStaff(t, 'admin');
    store = await createStore(t, '抽奖店');
    manager = await loginStaff(t, 'manager', store);
    cashier = await loginStaff(t, 'cashier', store);
    draws = t.app.get(LotteryDrawService);
  });
  afterEach(async () => {
    // Production randomness again after a test that pinned the draw.
    draws.random = LotteryDrawService.cryptoRandom;
    await expectLedgerConsistent(t);
  });
  afterAll(() => t.close());

  async function createLottery(over: Partial<CreateLotteryRequest> = {}) {
    const res = await t.http.post('/api/v1/admin/lotteries').set(admin.auth).send(lotteryBody(over));
    if (res.status !== 201) throw new Error(`lottery failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as {
      id: string;
      prizes: { id: string; kind: string; templateId?: string; odds: number; remaining: number | null }[];
    };
  }
  const draw = (m: LoggedInMember, lotteryId: string, requestId = rid()) =>
    t.http.post(`/api/v1/lotteries/${lotteryId}/draws`).set(m.auth).send({ requestId });
  const pinRandom = (value: number) => {
    draws.random = () => value;
  };
  async function memberWith(points: number): Promise<LoggedInMember> {
    const m = await loginMember(t);
    if (points > 0) await grantPoints(t, admin, m.id, points);
    return m;
  }
  const pointsOf = async (id: string) =>
    ((await t.db.query('SELECT points FROM member WHERE id = $1', [id])) as { points: number }[])[0]!.points;

  describe('admin', () => {
    it('creates a lottery whose published odds are largest-remainder basis points summing to 10000', async () => {
      const l = await createLottery({
        prizes: [
          { title: 'A', kind: 'points', points: 10, stock: 5, weight: 1 },
          { title: 'B', kind: 'points', points: 20, stock: 5, weight: 1 },
          { title: '谢谢参与', kind: 'none', stock: 0, weight: 1 },
        ],
      });
      expect(l.prizes.map((p) => p.odds)).toEqual([3334, 3333, 3333]);
      const m = await loginMember(t);
      const view = await t.http.get(`/api/v1/lotteries/${l.id}`).set(m.auth).expect(200);
      expect(view.body).toMatchObject({ id: l.id, costPoints: 10, remainingToday: 5, open: true });
      expect(view.body.prizes.reduce((s: number, p: { odds: number }) => s + p.odds, 0)).toBe(10_000);
      const list = await t.http.get('/api/v1/lotteries').set(m.auth).expect(200);
      expect(list.body.items.map((i: { id: string }) => i.id)).toContain(l.id);
    });

    it('replays a create with the same Idempotency-Key (one lottery)', async () => {
      const body = lotteryBody({ title: '幂等抽奖' });
      const first = await t.http
        .post('/api/v1/admin/lotteries')
        .set(admin.auth)
        .set('Idempotency-Key', 'lot-1')
        .send(body)
        .expect(201);
      const again = await t.http.post('/api/v1/admin/lotteries').set(admin.auth).set('Idempotency-Key', 'lot-1').send(body);
      expect(again.body.id).toBe(first.body.id);
      const [{ n }] = await t.db.query("SELECT COUNT(*)::int AS n FROM lottery WHERE title = '幂等抽奖'");
      expect(n).toBe(1);
    });

    it('refuses bad definitions with 400 VALIDATION_FAILED listing every problem', async () => {
      const res = await t.http
        .post('/api/v1/admin/lotteries')
        .set(admin.auth)
        .send(
          lotteryBody({
            endsAt: new Date(Date.now() - 2 * HOUR).toISOString(),
            perMemberTotal: 2,
            prizes: [{ title: '实物', kind: 'physical', stock: 0, weight: 1 }],
          }),
        )
        .expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details.map((d: { messages: string[] }) => d.messages[0])).toEqual(
        expect.arrayContaining([
          'endsAt must be after startsAt',
          'perMemberTotal must be ≥ perMemberDaily',
          'prizes[0].a physical prize needs stock ≥ 1',
        ]),
      );
      for (const bad of [
        { prizes: [] },
        { prizes: [{ title: 'x', kind: 'none', stock: 0, weight: 0 }] },
        { prizes: [{ title: 'x', kind: 'jackpot', stock: 1, weight: 1 }] },
        { costPoints: -1 },
        { startsAt: 'tomorrow' },
        { extra: true },
      ]) {
        const r = await t.http
          .post('/api/v1/admin/lotteries')
          .set(admin.auth)
          .send({ ...lotteryBody(), ...bad });
        expect([r.status, r.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      }
    });

    it('refuses a coupon prize whose template does not offer the lottery channel', async () => {
      const tpl = await createTemplate(t, admin, { title: '中心券', channels: ['center'] });
      const res = await t.http
        .post('/api/v1/admin/lotteries')
        .set(admin.auth)
        .send(lotteryBody({ prizes: [{ title: '券', kind: 'coupon', templateId: tpl.id, stock: 5, weight: 1 }] }))
        .expect(400);
      expect(res.body.message).toMatch(/lottery channel/);
    });

    it('before the start, prizes can be replaced; after it, changing odds or prizes → 409 LOTTERY_STARTED', async () => {
      const later = await createLottery({
        startsAt: new Date(Date.now() + HOUR).toISOString(),
        endsAt: new Date(Date.now() + 48 * HOUR).toISOString(),
      });
      const edited = await t.http
        .patch(`/api/v1/admin/lotteries/${later.id}`)
        .set(admin.auth)
        .send({ prizes: [{ title: '谢谢参与', kind: 'none', stock: 0, weight: 1 }] })
        .expect(200);
      expect(edited.body.prizes).toHaveLength(1);

      const running = await createLottery();
      for (const patch of [
        { prizes: [{ title: '谢谢参与', kind: 'none', stock: 0, weight: 1 }] },
        { costPoints: 1 },
        { startsAt: new Date().toISOString() },
      ]) {
        const res = await t.http.patch(`/api/v1/admin/lotteries/${running.id}`).set(admin.auth).send(patch).expect(409);
        expect(res.body.code).toBe('LOTTERY_STARTED');
      }
      const ok = await t.http
        .patch(`/api/v1/admin/lotteries/${running.id}`)
        .set(admin.auth)
        .send({ title: '改名', perMemberDaily: 6 })
        .expect(200);
      expect(ok.body).toMatchObject({ title: '改名', perMemberDaily: 6 });
      const lower = await t.http
        .patch(`/api/v1/admin/lotteries/${running.id}`)
        .set(admin.auth)
        .send({ perMemberDaily: 1 })
        .expect(400);
      expect(lower.body.code).toBe('VALIDATION_FAILED');
      const audited = await t.db.query('SELECT action FROM audit_log WHERE target_id = $1 ORDER BY created_at', [running.id]);
      expect(audited.map((a: { action: string }) => a.action)).toEqual(['lottery.create', 'lottery.update']);
    });

    it('managers read lotteries and reports but may not write; cashiers and members get 403', async () => {
      const l = await createLottery();
      await t.http.get('/api/v1/admin/lotteries').set(manager.auth).expect(200);
      await t.http.get(`/api/v1/admin/lotteries/${l.id}`).set(manager.auth).expect(200);
      await t.http.get(`/api/v1/admin/lotteries/${l.id}/report`).set(manager.auth).expect(200);
      await t.http.post('/api/v1/admin/lotteries').set(manager.auth).send(lotteryBody()).expect(403);
      await t.http.patch(`/api/v1/admin/lotteries/${l.id}`).set(manager.auth).send({ title: 'x' }).expect(403);
      await t.http.post(`/api/v1/admin/lotteries/${l.id}/end`).set(manager.auth).send({}).expect(403);
      const m = await loginMember(t);
      for (const caller of [cashier.auth, m.auth]) {
        await t.http.get('/api/v1/admin/lotteries').set(caller).expect(403);
        await t.http.get(`/api/v1/admin/lotteries/${l.id}/report`).set(caller).expect(403);
      }
      // Staff cannot draw.
      await t.http.post(`/api/v1/lotteries/${l.id}/draws`).set(admin.auth).send({ requestId: 'x' }).expect(403);
    });
  });

  describe('the draw', () => {
    it('charges the cost through the ledger, records the random value and grants a points prize once', async () => {
      const l = await createLottery();
      const m = await memberWith(100);
      pinRandom(0); // prize 0: 100 points (weight 1 of 3)
      const res = await draw(m, l.id, 'first').expect(201);
      expect(res.body).toMatchObject({
        prize: { id: l.prizes[0]!.id, kind: 'points' },
        costPoints: 10,
        random: 0,
        points: 100,
        fallback: null,
      });
      expect(await pointsOf(m.id)).toBe(100 - 10 + 100);
      // A replay answers the first draw and changes nothing.
      const again = await draw(m, l.id, 'first').expect(200);
      expect(again.body.drawId).toBe(res.body.drawId);
      expect(await pointsOf(m.id)).toBe(190);
      const entries = await t.db.query(
        "SELECT kind, delta FROM points_entry WHERE member_id = $1 AND kind LIKE 'lottery%' ORDER BY kind",
        [m.id],
      );
      expect(entries).toEqual([
        { kind: 'lottery', delta: -10 },
        { kind: 'lottery_prize', delta: 100 },
      ]);
      const history = await t.http.get('/api/v1/me/points').set(m.auth).expect(200);
      expect(history.body.items.map((i: { reason: string }) => i.reason)).toEqual(
        expect.arrayContaining(['抽奖消耗', '抽奖奖励']),
      );
      // The same requestId on another lottery is a conflict, not a second draw.
      const other = await createLottery();
      expect((await draw(m, other.id, 'first').expect(409)).body.code).toBe('IDEMPOTENCY_KEY_CONFLICT');
    });

    it('draws with the CSPRNG when not pinned, the value stored within [0, Σ weights)', async () => {
      const l = await createLottery({ costPoints: 0 });
      const m = await memberWith(0);
      for (let i = 0; i < 5; i++) await draw(m, l.id).expect(201);
      const rows = await t.db.query('SELECT random, total_weight FROM lottery_draw WHERE member_id = $1', [m.id]);
      for (const r of rows) expect(r.random >= 0 && r.random < r.total_weight).toBe(true);
    });

    it('refuses with 422 INSUFFICIENT_POINTS and charges nothing, takes no stock', async () => {
      const l = await createLottery({ costPoints: 50 });
      const m = await memberWith(40);
      pinRandom(0);
      expect((await draw(m, l.id).expect(422)).body.code).toBe('INSUFFICIENT_POINTS');
      expect(await pointsOf(m.id)).toBe(40);
      const [p] = await t.db.query('SELECT remaining FROM lottery_prize WHERE id = $1', [l.prizes[0]!.id]);
      expect(p.remaining).toBe(50);
      expect(await t.db.query('SELECT 1 FROM lottery_draw WHERE member_id = $1', [m.id])).toHaveLength(0);
    });

    it('refuses 422 LOTTERY_NOT_ACTIVE before the start, after the end, paused or ended; 404 for an unknown lottery', async () => {
      const m = await memberWith(100);
      const upcoming = await createLottery({ startsAt: new Date(Date.now() + HOUR).toISOString() });
      expect((await draw(m, upcoming.id).expect(422)).body.code).toBe('LOTTERY_NOT_ACTIVE');
      const l = await createLottery();
      await t.http.post(`/api/v1/admin/lotteries/${l.id}/pause`).set(admin.auth).send({}).expect(200);
      expect((await draw(m, l.id).expect(422)).body.code).toBe('LOTTERY_NOT_ACTIVE');
      await t.http.post(`/api/v1/admin/lotteries/${l.id}/resume`).set(admin.auth).send({}).expect(200);
      await draw(m, l.id).expect(201);
      await t.http.post(`/api/v1/admin/lotteries/${l.id}/end`).set(admin.auth).send({}).expect(200);
      const resumed = await t.http.post(`/api/v1/admin/lotteries/${l.id}/resume`).set(admin.auth).send({}).expect(200);
      expect(resumed.body.status).toBe('ended');
      expect((await draw(m, l.id).expect(422)).body.code).toBe('LOTTERY_NOT_ACTIVE');
      await t.db.query(
        "UPDATE lottery SET ends_at = now() - interval '1 minute', starts_at = now() - interval '2 hours' WHERE id = $1",
        [upcoming.id],
      );
      expect((await draw(m, upcoming.id).expect(422)).body.code).toBe('LOTTERY_NOT_ACTIVE');
      expect((await draw(m, '6f1c2a34-0000-4000-8000-000000000000').expect(404)).body.code).toBe('NOT_FOUND');
      await t.http.get('/api/v1/lotteries/6f1c2a34-0000-4000-8000-000000000000').set(m.auth).expect(404);
      expect((await t.http.post(`/api/v1/lotteries/${l.id}/draws`).set(m.auth).send({}).expect(400)).body.code).toBe(
        'VALIDATION_FAILED',
      );
      await t.http.post('/api/v1/lotteries/not-a-uuid/draws').set(m.auth).send({ requestId: 'a' }).expect(400);
    });

    it('enforces the daily and the total limit (422 LOTTERY_LIMIT_REACHED); remainingToday counts down', async () => {
      const l = await createLottery({ costPoints: 0, perMemberDaily: 2, perMemberTotal: 3 });
      const m = await memberWith(0);
      await draw(m, l.id).expect(201);
      expect((await t.http.get(`/api/v1/lotteries/${l.id}`).set(m.auth)).body.remainingToday).toBe(1);
      await draw(m, l.id).expect(201);
      const refused = await draw(m, l.id).expect(422);
      expect(refused.body.code).toBe('LOTTERY_LIMIT_REACHED');
      expect((await t.http.get(`/api/v1/lotteries/${l.id}`).set(m.auth)).body.remainingToday).toBe(0);
      // Tomorrow (programme-timezone day) one more is allowed by the daily limit, then the total stops it.
      await t.db.query('UPDATE lottery_draw SET local_date = local_date - 1 WHERE member_id = $1', [m.id]);
      await draw(m, l.id).expect(201);
      const total = await draw(m, l.id).expect(422);
      expect(total.body.details[0].messages).toEqual(['total']);
    });

    it('falls back to "谢谢参与" when the picked prize has no stock left, and publishes remaining 0', async () => {
      const l = await createLottery({
        costPoints: 0,
        prizes: [
          { title: '50 积分', kind: 'points', points: 50, stock: 1, weight: 1 },
          { title: '谢谢参与', kind: 'none', stock: 0, weight: 1 },
        ],
      });
      const m = await memberWith(0);
      pinRandom(0);
      expect((await draw(m, l.id).expect(201)).body.prize.kind).toBe('points');
      const second = await draw(m, l.id).expect(201);
      expect(second.body).toMatchObject({
        prize: { kind: 'none', title: '谢谢参与' },
        pickedPrizeId: l.prizes[0]!.id,
        fallback: 'out_of_stock',
      });
      expect(await pointsOf(m.id)).toBe(50);
      const view = await t.http.get(`/api/v1/lotteries/${l.id}`).set(m.auth).expect(200);
      expect(view.body.prizes[0]).toMatchObject({ remaining: 0, odds: 5000 });
    });

    it('with no "none" prize, a fallback awards nothing (prize null)', async () => {
      const l = await createLottery({
        costPoints: 0,
        prizes: [{ title: '50 积分', kind: 'points', points: 50, stock: 1, weight: 1 }],
      });
      const m = await memberWith(0);
      await draw(m, l.id).expect(201);
      const second = await draw(m, l.id).expect(201);
      expect(second.body).toMatchObject({ prize: null, fallback: 'out_of_stock' });
    });

    it('keeps points prizes within the budget (a prize that would exceed it falls back) and reports it', async () => {
      const l = await createLottery({
        costPoints: 5,
        budgetPoints: 250,
        prizes: [
          { title: '100 积分', kind: 'points', points: 100, stock: 10, weight: 1 },
          { title: '谢谢参与', kind: 'none', stock: 0, weight: 1 },
        ],
      });
      const m = await memberWith(100);
      pinRandom(0);
      for (let i = 0; i < 3; i++) await draw(m, l.id).expect(201);
      const rows = await t.db.query('SELECT fallback FROM lottery_draw WHERE lottery_id = $1 ORDER BY created_at', [l.id]);
      expect(rows.map((r: { fallback: string | null }) => r.fallback)).toEqual([null, null, 'budget_exhausted']);
      const report = await t.http.get(`/api/v1/admin/lotteries/${l.id}/report`).set(admin.auth).expect(200);
      expect(report.body).toMatchObject({
        draws: 3,
        members: 1,
        pointsSpent: 15,
        pointsGranted: 200,
        budgetPoints: 250,
        budgetLeft: 50,
        fallbacks: { budget_exhausted: 1, out_of_stock: 0, grant_skipped: 0 },
      });
      expect(report.body.prizes[0]).toMatchObject({ stock: 10, remaining: 8, winners: 2 });
      expect(await pointsOf(m.id)).toBe(100 - 15 + 200);
    });

    it('a physical prize gives a claim code that a cashier redeems once like a gift coupon', async () => {
      const l = await createLottery({
        costPoints: 0,
        prizes: [
          { title: '保温杯', kind: 'physical', stock: 2, weight: 1, claimDays: 14 },
          { title: '谢谢参与', kind: 'none', stock: 0, weight: 1 },
        ],
      });
      expect(l.prizes[0]!.templateId).toEqual(expect.any(String));
      const m = await memberWith(0);
      pinRandom(0);
      const won = await draw(m, l.id).expect(201);
      expect(won.body).toMatchObject({
        prize: { kind: 'physical', title: '保温杯' },
        claimCode: expect.stringMatching(/^[0-9A-Z]{15}$/),
      });
      // Hidden from the claim centre.
      const centre = await t.http.get('/api/v1/coupons/center').set(m.auth).expect(200);
      expect(centre.body.items.map((i: { templateId: string }) => i.templateId)).not.toContain(l.prizes[0]!.templateId);
      const mine = await t.http.get('/api/v1/me/lottery-draws').set(m.auth).expect(200);
      expect(mine.body.items[0]).toMatchObject({
        drawId: won.body.drawId,
        claimCode: won.body.claimCode,
        lotteryTitle: '周年庆抽奖',
      });
      const redeemed = await t.http
        .post('/api/v1/cashier/coupons/redeem')
        .set(cashier.auth)
        .send({ couponCode: won.body.claimCode })
        .expect(200);
      expect(redeemed.body.coupon).toMatchObject({ kind: 'gift', status: 'used', channel: 'lottery' });
      const twice = await t.http
        .post('/api/v1/cashier/coupons/redeem')
        .set(cashier.auth)
        .send({ couponCode: won.body.claimCode });
      expect(twice.status).toBe(422);
    });

    it('a coupon prize whose template ran out falls back (grant_skipped) and takes no unit of the prize stock', async () => {
      const tpl = await createTemplate(t, admin, { title: '抽奖券', channels: ['lottery'], totalStock: 1, perMemberLimit: 1 });
      const l = await createLottery({
        costPoints: 0,
        prizes: [
          { title: '满100减20', kind: 'coupon', templateId: tpl.id, stock: 5, weight: 1 },
          { title: '谢谢参与', kind: 'none', stock: 0, weight: 1 },
        ],
      });
      const m = await memberWith(0);
      pinRandom(0);
      expect((await draw(m, l.id).expect(201)).body).toMatchObject({ prize: { kind: 'coupon' }, couponId: expect.any(String) });
      expect((await draw(m, l.id).expect(201)).body).toMatchObject({ prize: { kind: 'none' }, fallback: 'grant_skipped' });
      const [p] = await t.db.query('SELECT remaining FROM lottery_prize WHERE id = $1', [l.prizes[0]!.id]);
      expect(p.remaining).toBe(4);
      const wallet = await t.http.get('/api/v1/me/coupons').set(m.auth).expect(200);
      expect(wallet.body.items.filter((c: { templateId: string }) => c.templateId === tpl.id)).toHaveLength(1);
    });

    it('20 concurrent draws with one requestId → one draw, one charge, every answer the same draw', async () => {
      const l = await createLottery();
      const m = await memberWith(100);
      const results = await Promise.all(Array.from({ length: 20 }, () => draw(m, l.id, 'same-request')));
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      expect(results.filter((r) => r.status === 200)).toHaveLength(19);
      expect(new Set(results.map((r) => r.body.drawId)).size).toBe(1);
      expect(await t.db.query('SELECT 1 FROM lottery_draw WHERE member_id = $1', [m.id])).toHaveLength(1);
      const charged = await t.db.query("SELECT delta FROM points_entry WHERE member_id = $1 AND kind = 'lottery'", [m.id]);
      expect(charged).toEqual([{ delta: -10 }]);
    });

    it('30 concurrent draws of one member with a daily limit of 3 → exactly 3 draws, 3 charges', async () => {
      const l = await createLottery({ perMemberDaily: 3, perMemberTotal: 10 });
      const m = await memberWith(1000);
      const results = await Promise.all(Array.from({ length: 30 }, () => draw(m, l.id)));
      expect(results.filter((r) => r.status === 201)).toHaveLength(3);
      for (const r of results.filter((x) => x.status !== 201))
        expect([r.status, r.body.code]).toEqual([422, 'LOTTERY_LIMIT_REACHED']);
      const charged = await t.db.query("SELECT delta FROM points_entry WHERE member_id = $1 AND kind = 'lottery'", [m.id]);
      expect(charged).toHaveLength(3);
    });

    it("lists the member's own draws only, keyset paginated", async () => {
      const l = await createLottery({ costPoints: 0, perMemberDaily: 10 });
      const m = await memberWith(0);
      const other = await memberWith(0);
      for (let i = 0; i < 5; i++) await draw(m, l.id).expect(201);
      await draw(other, l.id).expect(201);
      const first = await t.http.get('/api/v1/me/lottery-draws?limit=3').set(m.auth).expect(200);
      expect(first.body.items).toHaveLength(3);
      const second = await t.http.get(`/api/v1/me/lottery-draws?limit=3&cursor=${first.body.nextCursor}`).set(m.auth).expect(200);
      expect(second.body.items).toHaveLength(2);
      expect(second.body.nextCursor).toBeNull();
      const ids = [...first.body.items, ...second.body.items].map((i: { drawId: string }) => i.drawId);
      expect(new Set(ids).size).toBe(5);
      const theirs = await t.http.get('/api/v1/me/lottery-draws').set(other.auth).expect(200);
      expect(theirs.body.items.map((i: { drawId: string }) => i.drawId).filter((id: string) => ids.includes(id))).toEqual([]);
      await t.http.get('/api/v1/me/lottery-draws?cursor=garbage').set(m.auth).expect(400);
      const exported = await t.http.get('/api/v1/me/export').set(m.auth).expect(200);
      expect(exported.body.lotteryDraws.map((d: { id: string }) => d.id).sort()).toEqual([...ids].sort());
    });
  });

  describe('free entries through the rewards pipeline', () => {
    it('a lottery_entry grant credits free draws once (replayed key), used before points are charged', async () => {
      const l = await createLottery({ costPoints: 30 });
      const m = await memberWith(30);
      const rewards = t.app.get(RewardsService);
      const ds = t.app.get(DataSource);
      const grant = () =>
        inTransaction(ds, (tx) =>
          rewards.grant(tx, m.id, { kind: 'lottery_entry', lotteryId: l.id, entries: 2 }, 'checkin-milestone:7', new Date()),
        );
      expect(await grant()).toMatchObject({ status: 'granted', kind: 'lottery_entry', entries: 2, replayed: false });
      expect(await grant()).toMatchObject({ replayed: true });
      expect((await t.http.get(`/api/v1/lotteries/${l.id}`).set(m.auth)).body.freeEntries).toBe(2);
      for (let i = 0; i < 2; i++)
        expect((await draw(m, l.id).expect(201)).body).toMatchObject({ freeEntryUsed: true, costPoints: 0 });
      expect(await pointsOf(m.id)).toBeGreaterThanOrEqual(30);
      const paid = await draw(m, l.id).expect(201);
      expect(paid.body).toMatchObject({ freeEntryUsed: false, costPoints: 30 });
      const unknown = await inTransaction(ds, (tx) =>
        rewards.grant(
          tx,
          m.id,
          { kind: 'lottery_entry', lotteryId: '6f1c2a34-0000-4000-8000-000000000000', entries: 1 },
          'x:1',
          new Date(),
        ),
      );
      expect(unknown).toMatchObject({ status: 'skipped', reason: 'lottery_unavailable' });
    });

    it('a check-in milestone grants free draws through the pipeline: once per day, skipped (not failed) for a closed lottery', async () => {
      const open = await createLottery({ costPoints: 30 });
      const closed = await createLottery({ costPoints: 30 });
      await t.http.post(`/api/v1/admin/lotteries/${closed.id}/end`).set(admin.auth).expect(200);
      const settings: CheckInSettings = {
        ...DEFAULT_CHECKIN_SETTINGS,
        rewards: [
          { code: 'base_points', args: { points: 5 } },
          { code: 'cumulative_milestone', args: { days: 1, lotteryId: open.id, lotteryEntries: 2 } },
          { code: 'cumulative_milestone', args: { days: 1, lotteryId: closed.id, lotteryEntries: 1 } },
        ],
      };
      await t.http.put('/api/v1/admin/checkin-config').set(admin.auth).send(settings).expect(200);
      try {
        const bad = { ...settings, rewards: [{ code: 'cumulative_milestone', args: { days: 1, lotteryId: open.id } }] };
        const refused = await t.http.put('/api/v1/admin/checkin-config').set(admin.auth).send(bad).expect(400);
        expect(refused.body.details).toContain(
          'rewards[0].args: lotteryId and lotteryEntries go together (which lottery, how many free draws)',
        );

        const m = await memberWith(0);
        const checkIn = await t.http.post('/api/v1/me/checkins').set(m.auth).expect(201);
        expect(checkIn.body.rewards).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ type: 'lottery_entry', lotteryId: open.id, entries: 2, granted: true }),
            expect.objectContaining({ type: 'lottery_entry', lotteryId: closed.id, entries: 1, granted: false }),
          ]),
        );
        await t.http.post('/api/v1/me/checkins').set(m.auth).expect(409);
        expect((await t.http.get(`/api/v1/lotteries/${open.id}`).set(m.auth)).body.freeEntries).toBe(2);
        const grants = await t.db.query(
          `SELECT business_key, status FROM reward_grant WHERE member_id = $1 AND kind = 'lottery_entry' ORDER BY business_key`,
          [m.id],
        );
        expect(grants).toHaveLength(2);
        expect(grants.map((g: { status: string }) => g.status).sort()).toEqual(['granted', 'skipped']);
        // The member has 5 points (the base check-in) and cost is 30: the two draws are the free ones.
        pinRandom(2); // 谢谢参与 (weights 1 + 2): a won points prize would pay for a third draw
        for (let i = 0; i < 2; i++) expect((await draw(m, open.id).expect(201)).body).toMatchObject({ freeEntryUsed: true });
        expect((await draw(m, open.id).expect(422)).body.code).toBe('INSUFFICIENT_POINTS');
      } finally {
        await t.http.put('/api/v1/admin/checkin-config').set(admin.auth).send(DEFAULT_CHECKIN_SETTINGS).expect(200);
      }
    });
  });
});
