// A hot lottery under a rush: 2,000 concurrent draws on a prize of stock 10 never oversell, the
// stock never goes below zero, every draw is charged once and the ledger reconciles.
import { DataSource } from 'typeorm';
import { TokenService } from '../src/common/token.service.js';
import { inTransaction } from '../src/common/transaction.js';
import { CURRENT_PRIVACY_POLICY } from '../src/members/privacy-policy.js';
import { RewardsService } from '../src/rewards/rewards.service.js';
import { loginStaff, type LoggedInStaff } from './helpers/factories.js';
import { expectLedgerConsistent } from './helpers/loyalty.js';
import { shuffled, withSeed } from './helpers/seeded.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/** `n` consenting members inserted directly (fast), each with a signed member token and `points` points. */
async function bulkMembers(t: TestApp, n: number, tag: string, points: number) {
  const rows: { id: string }[] = await t.db.query(
    `INSERT INTO member (member_no, openid, invite_code, registration_channel, code_secret, consent_version, consent_at)
     SELECT $2 || lpad(g::text, 8, '0'), 'bulk-' || $2 || '-' || g, 'L' || $2 || g, 'wechat', '\\x00'::bytea, $3, now()
       FROM generate_series(1, $1::int) AS g
     RETURNING id`,
    [n, tag, CURRENT_PRIVACY_POLICY.version],
  );
  const rewards = t.app.get(RewardsService);
  await inTransaction(t.app.get(DataSource), async (tx) => {
    for (const r of rows) await rewards.grant(tx, r.id, { kind: 'points', points, reason: 'adjust' }, 'test:seed', new Date());
  });
  const tokens = t.app.get(TokenService);
  return Promise.all(
    rows.map(async (r) => ({
      id: r.id,
      auth: { Authorization: `Bearer ${(await tokens.sign({ kind: 'member', id: r.id, role: 'member' })).token}` },
    })),
  );
}

describe('lottery rush', () => {
  let t: TestApp;
  let admin: LoggedInStaff;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginStaff(t, 'admin');
  });
  afterAll(() => t.close());

  it(
    withSeed(
      '2,000 concurrent draws (500 members × 4) on a prize of stock 10 → ≤ 10 winners, stock + winners = 10, cost charged once per draw',
    ),
    async () => {
      const cost = 10;
      const members = await bulkMembers(t, 500, 'lr', 100);
      const res = await t.http
        .post('/api/v1/admin/lotteries')
        .set(admin.auth)
        .send({
          title: '限量大奖',
          startsAt: new Date(Date.now() - 60_000).toISOString(),
          endsAt: new Date(Date.now() + 3_600_000).toISOString(),
          costPoints: cost,
          perMemberDaily: 4,
          perMemberTotal: 4,
          prizes: [
            { title: '88 积分', kind: 'points', points: 88, stock: 10, weight: 1 },
            { title: '谢谢参与', kind: 'none', stock: 0, weight: 1 },
          ],
        })
        .expect(201);
      const lotteryId = res.body.id as string;
      const prizeId = res.body.prizes[0].id as string;
      const callers = shuffled(members.flatMap((m) => [m, m, m, m]));
      let seq = 0;
      const started = Date.now();
      const results = await Promise.all(
        callers.map((m) =>
          t.http
            .post(`/api/v1/lotteries/${lotteryId}/draws`)
            .set(m.auth)
            .send({ requestId: `rush-${++seq}` }),
        ),
      );
      process.stdout.write(`2,000 concurrent draws: ${Date.now() - started} ms\n`);
      const statuses = new Map<string, number>();
      for (const r of results) statuses.set(String(r.status), (statuses.get(String(r.status)) ?? 0) + 1);
      expect(Object.fromEntries(statuses)).toEqual({ '201': 2000 });

      const winners = results.filter((r) => r.body.prize?.id === prizeId).length;
      const [prize] = await t.db.query('SELECT stock, remaining FROM lottery_prize WHERE id = $1', [prizeId]);
      const [{ drawn, won, charged }] = await t.db.query(
        `SELECT COUNT(*)::int AS drawn, COUNT(*) FILTER (WHERE prize_id = $2)::int AS won, COALESCE(SUM(cost_points), 0)::int AS charged
           FROM lottery_draw WHERE lottery_id = $1`,
        [lotteryId, prizeId],
      );
      expect(drawn).toBe(2000);
      expect(won).toBe(winners);
      expect(won).toBeLessThanOrEqual(10);
      // ~1,000 draws picked the prize: all 10 units went.
      expect(won).toBe(10);
      expect(prize.remaining).toBeGreaterThanOrEqual(0);
      expect(prize.remaining + won).toBe(prize.stock);
      expect(charged).toBe(2000 * cost);
      const [{ ledger }] = await t.db.query(
        "SELECT COALESCE(-SUM(delta), 0)::int AS ledger FROM points_entry WHERE kind = 'lottery' AND member_id = ANY($1::uuid[])",
        [members.map((m) => m.id)],
      );
      expect(ledger).toBe(2000 * cost);
      const [{ prizes }] = await t.db.query(
        "SELECT COALESCE(SUM(delta), 0)::int AS prizes FROM points_entry WHERE kind = 'lottery_prize' AND member_id = ANY($1::uuid[])",
        [members.map((m) => m.id)],
      );
      expect(prizes).toBe(88 * won);
      const [{ total }] = await t.db.query('SELECT SUM(points)::int AS total FROM member WHERE id = ANY($1::uuid[])', [
        members.map((m) => m.id),
      ]);
      expect(total).toBe(500 * 100 - 2000 * cost + 88 * won);
      const report = await t.http.get(`/api/v1/admin/lotteries/${lotteryId}/report`).set(admin.auth).expect(200);
      expect(report.body).toMatchObject({ draws: 2000, members: 500, pointsSpent: 2000 * cost, pointsGranted: 88 * won });
      await expectLedgerConsistent(t);
    },
  );
});
