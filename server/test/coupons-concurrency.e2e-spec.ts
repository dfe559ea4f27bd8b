// The claim centre under a rush: stock never oversold, per-member limits never exceeded.
import { TokenService } from '../src/common/token.service.js';
import { CURRENT_PRIVACY_POLICY } from '../src/members/privacy-policy.js';
import { loginStaff, type LoggedInStaff } from './helpers/factories.js';
import { createTemplate } from './helpers/coupons.js';
import { shuffled, withSeed } from './helpers/seeded.js';
import { expectLedgerConsistent, grantPoints } from './helpers/loyalty.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/** `n` consenting members inserted directly (fast), each with a signed member token. */
async function bulkMembers(t: TestApp, n: number, tag: string): Promise<{ id: string; auth: { Authorization: string } }[]> {
  const rows: { id: string }[] = await t.db.query(
    `INSERT INTO member (member_no, openid, invite_code, registration_channel, code_secret, consent_version, consent_at)
     SELECT $2 || lpad(g::text, 8, '0'), 'bulk-' || $2 || '-' || g, 'B' || $2 || g, 'wechat', '\\x00'::bytea, $3, now()
       FROM generate_series(1, $1::int) AS g
     RETURNING id`,
    [n, tag, CURRENT_PRIVACY_POLICY.version],
  );
  const tokens = t.app.get(TokenService);
  return Promise.all(
    rows.map(async (r) => ({
      id: r.id,
      auth: { Authorization: `Bearer ${(await tokens.sign({ kind: 'member', id: r.id, role: 'member' })).token}` },
    })),
  );
}

describe('claim rush', () => {
  let t: TestApp;
  let admin: LoggedInStaff;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginStaff(t, 'admin');
  });
  afterAll(() => t.close());

  it(
    withSeed(
      '2,000 concurrent claims (a fifth of them repeats by the same members) on stock 300, limit 1 → exactly 300 issued, none twice to a member',
    ),
    async () => {
      const members = await bulkMembers(t, 1600, 'r');
      const tpl = await createTemplate(t, admin, { title: '秒杀券', totalStock: 300, perMemberLimit: 1 });
      // 1,600 members claim once; 400 of them claim a second time, interleaved.
      const callers = shuffled([...members, ...members.slice(0, 400)]);
      const started = Date.now();
      const results = await Promise.all(
        callers.map((m) => t.http.post(`/api/v1/coupons/center/${tpl.id}/claim`).set(m.auth).send({})),
      );
      const ms = Date.now() - started;
      process.stdout.write(`2,000 concurrent claims: ${ms} ms\n`);

      const outcome = (r: (typeof results)[number]) => (r.status === 201 ? '201' : `${r.status} ${String(r.body.code)}`);
      const byOutcome = new Map<string, number>();
      for (const r of results) byOutcome.set(outcome(r), (byOutcome.get(outcome(r)) ?? 0) + 1);
      process.stdout.write(`outcomes: ${JSON.stringify(Object.fromEntries(byOutcome))}\n`);
      for (const key of byOutcome.keys()) expect(['201', '422 COUPON_OUT_OF_STOCK', '422 COUPON_LIMIT_REACHED']).toContain(key);
      expect(byOutcome.get('201')).toBe(300);

      const [tplRow] = await t.db.query('SELECT issued, total_stock FROM coupon_template WHERE id = $1', [tpl.id]);
      const [{ coupons, holders }] = await t.db.query(
        'SELECT COUNT(*)::int AS coupons, COUNT(DISTINCT member_id)::int AS holders FROM coupon WHERE template_id = $1',
        [tpl.id],
      );
      expect(coupons).toBe(300);
      expect(holders).toBe(300);
      expect(tplRow.issued).toBe(300);
      // issued + remaining = initial stock, as the centre shows it.
      const centre = await t.http.get('/api/v1/coupons/center').set(members[0]!.auth).expect(200);
      const item = centre.body.items.find((i: { templateId: string }) => i.templateId === tpl.id);
      expect(tplRow.issued + item.remaining).toBe(300);
      const [{ counted }] = await t.db.query(
        'SELECT COALESCE(SUM(claimed), 0)::int AS counted FROM coupon_claim WHERE template_id = $1',
        [tpl.id],
      );
      expect(counted).toBe(300);
      const codes = await t.db.query('SELECT COUNT(DISTINCT code)::int AS n FROM coupon WHERE template_id = $1', [tpl.id]);
      expect(codes[0].n).toBe(300);
    },
  );

  it(
    withSeed('2,000 concurrent claims with stock to spare (400 repeats) → 1,600 issued, every repeat 422 COUPON_LIMIT_REACHED'),
    async () => {
      const members = await bulkMembers(t, 1600, 'q');
      const tpl = await createTemplate(t, admin, { title: '人人有份', totalStock: 5000, perMemberLimit: 1 });
      const callers = shuffled([...members, ...members.slice(0, 400)]);
      const started = Date.now();
      const results = await Promise.all(
        callers.map((m) => t.http.post(`/api/v1/coupons/center/${tpl.id}/claim`).set(m.auth).send({})),
      );
      process.stdout.write(`2,000 concurrent claims, ample stock: ${Date.now() - started} ms\n`);
      expect(results.filter((r) => r.status === 201)).toHaveLength(1600);
      const refused = results.filter((r) => r.status !== 201);
      expect(refused).toHaveLength(400);
      expect(refused.every((r) => r.status === 422 && r.body.code === 'COUPON_LIMIT_REACHED')).toBe(true);
      const [{ coupons, holders }] = await t.db.query(
        'SELECT COUNT(*)::int AS coupons, COUNT(DISTINCT member_id)::int AS holders FROM coupon WHERE template_id = $1',
        [tpl.id],
      );
      expect({ coupons, holders }).toEqual({ coupons: 1600, holders: 1600 });
      const [row] = await t.db.query('SELECT issued FROM coupon_template WHERE id = $1', [tpl.id]);
      expect(row.issued).toBe(1600);
    },
  );

  it('500 concurrent claims with limit 3 by 100 members (5 each) on stock 250 → 250 issued, nobody above 3', async () => {
    const members = await bulkMembers(t, 100, 'l');
    const tpl = await createTemplate(t, admin, { title: '限三张', totalStock: 250, perMemberLimit: 3 });
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        t.http
          .post(`/api/v1/coupons/center/${tpl.id}/claim`)
          .set(members[i % 100]!.auth)
          .send({}),
      ),
    );
    process.stdout.write(`500 concurrent claims, limit 3: ${Date.now() - started} ms\n`);
    expect(results.filter((r) => r.status === 201)).toHaveLength(250);
    const [{ over }] = await t.db.query(
      'SELECT COUNT(*)::int AS over FROM (SELECT member_id FROM coupon WHERE template_id = $1 GROUP BY member_id HAVING COUNT(*) > 3) x',
      [tpl.id],
    );
    expect(over).toBe(0);
    const [tplRow] = await t.db.query('SELECT issued FROM coupon_template WHERE id = $1', [tpl.id]);
    expect(tplRow.issued).toBe(250);
  });

  it('300 concurrent points-mall exchanges on stock 50 → 50 coupons, each paid once, ledger consistent', async () => {
    const members = await bulkMembers(t, 150, 'p');
    for (const m of members) await grantPoints(t, admin, m.id, 300);
    const tpl = await createTemplate(t, admin, {
      title: '积分换券',
      channels: ['points'],
      pointsCost: 100,
      totalStock: 50,
      perMemberLimit: 2,
    });
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        t.http
          .post(`/api/v1/coupons/center/${tpl.id}/claim`)
          .set(members[i % 150]!.auth)
          .send({}),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(50);
    const [{ spent }] = await t.db.query(
      "SELECT COALESCE(SUM(-delta), 0)::int AS spent FROM points_entry WHERE kind = 'exchange' AND member_id = ANY($1::uuid[])",
      [members.map((m) => m.id)],
    );
    expect(spent).toBe(50 * 100);
    await expectLedgerConsistent(t);
  });
});
