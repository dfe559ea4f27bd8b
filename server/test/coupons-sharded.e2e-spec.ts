// Sharded coupon stock and the lean claim (issue 10): a flash sale on a template whose stock is
// split over shard rows sells exactly its stock — no unit oversold, none left unsold while claims
// are refused — with per-member limits, points-mall debits and the reconciliation all holding.
import { TokenService } from '../src/common/token.service.js';
import { CURRENT_PRIVACY_POLICY } from '../src/members/privacy-policy.js';
import { loginStaff, type LoggedInStaff } from './helpers/factories.js';
import { createTemplate } from './helpers/coupons.js';
import { shuffled, withSeed } from './helpers/seeded.js';
import { expectLedgerConsistent, grantPoints } from './helpers/loyalty.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

type Caller = { id: string; auth: { Authorization: string } };

/** `n` consenting members inserted directly (fast), each with a signed member token. */
async function bulkMembers(t: TestApp, n: number, tag: string): Promise<Caller[]> {
  const rows: { id: string }[] = await t.db.query(
    `INSERT INTO member (member_no, openid, invite_code, registration_channel, code_secret, consent_version, consent_at)
     SELECT $2 || lpad(g::text, 8, '0'), 'bulk-' || $2 || '-' || g, 'S' || $2 || g, 'wechat', '\\x00'::bytea, $3, now()
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

const outcomes = (results: { status: number; body: { code?: string } }[]) => {
  const by: Record<string, number> = {};
  for (const r of results) {
    const key = r.status === 201 ? '201' : `${r.status} ${String(r.body.code)}`;
    by[key] = (by[key] ?? 0) + 1;
  }
  return by;
};

describe('sharded coupon stock', () => {
  let t: TestApp;
  let admin: LoggedInStaff;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginStaff(t, 'admin');
  });
  afterAll(() => t.close());

  const shards = (templateId: string): Promise<{ shard: number; stock: number; issued: number }[]> =>
    t.db.query('SELECT shard, stock, issued FROM coupon_stock_shard WHERE template_id = $1 ORDER BY shard', [templateId]);
  const view = async (id: string) =>
    (await t.http.get(`/api/v1/admin/coupon-templates/${id}`).set(admin.auth).expect(200)).body as {
      totalStock: number;
      issued: number;
      remaining: number;
      stockShards: number;
    };
  const claimAll = (templateId: string, callers: Caller[], body: Record<string, unknown> = {}) =>
    Promise.all(callers.map((m) => t.http.post(`/api/v1/coupons/center/${templateId}/claim`).set(m.auth).send(body)));

  it('splits the stock over its shards at creation; the views show the same totals as an unsharded template', async () => {
    const tpl = await createTemplate(t, admin, { title: '分片券', totalStock: 10, stockShards: 4 });
    expect(tpl).toMatchObject({ totalStock: 10, issued: 0, remaining: 10, stockShards: 4 });
    expect(await shards(tpl.id)).toEqual([
      { shard: 0, stock: 3, issued: 0 },
      { shard: 1, stock: 3, issued: 0 },
      { shard: 2, stock: 2, issued: 0 },
      { shard: 3, stock: 2, issued: 0 },
    ]);
    const plain = await createTemplate(t, admin, { title: '普通券', totalStock: 10 });
    expect(plain.stockShards).toBe(1);
    expect(await shards(plain.id)).toEqual([]);
    for (const stockShards of [0, 65, 11])
      await t.http
        .post('/api/v1/admin/coupon-templates')
        .set(admin.auth)
        .send({
          title: 'x',
          kind: 'cash',
          threshold: 100,
          amountOff: 10,
          totalStock: 10,
          perMemberLimit: 1,
          validDays: 1,
          channels: ['center'],
          stockShards,
        })
        .expect(400);
  });

  it(
    withSeed('1,200 concurrent claims (200 repeats) on stock 300 in 16 shards, limit 1 → exactly 300, every shard sold out'),
    async () => {
      const members = await bulkMembers(t, 1000, 'h');
      const tpl = await createTemplate(t, admin, { title: '秒杀分片', totalStock: 300, perMemberLimit: 1, stockShards: 16 });
      const results = await claimAll(tpl.id, shuffled([...members, ...members.slice(0, 200)]));
      const by = outcomes(results);
      process.stdout.write(`sharded rush: ${JSON.stringify(by)}\n`);
      for (const key of Object.keys(by)) expect(['201', '422 COUPON_OUT_OF_STOCK', '422 COUPON_LIMIT_REACHED']).toContain(key);
      expect(by['201']).toBe(300);
      // No unit left behind while claims were refused, none oversold.
      const rows = await shards(tpl.id);
      expect(rows.every((s) => s.issued === s.stock)).toBe(true);
      expect(rows.reduce((s, x) => s + x.issued, 0)).toBe(300);
      const [{ coupons, holders, counted }] = await t.db.query(
        `SELECT (SELECT COUNT(*) FROM coupon WHERE template_id = $1)::int AS coupons,
                (SELECT COUNT(DISTINCT member_id) FROM coupon WHERE template_id = $1)::int AS holders,
                (SELECT COALESCE(SUM(claimed), 0) FROM coupon_claim WHERE template_id = $1)::int AS counted`,
        [tpl.id],
      );
      expect({ coupons, holders, counted }).toEqual({ coupons: 300, holders: 300, counted: 300 });
      expect(await view(tpl.id)).toMatchObject({ totalStock: 300, issued: 300, remaining: 0 });
      const centre = await t.http.get('/api/v1/coupons/center').set(members[0]!.auth).expect(200);
      expect(centre.body.items.find((i: { templateId: string }) => i.templateId === tpl.id).remaining).toBe(0);
      await expectLedgerConsistent(t);
    },
  );

  it('600 concurrent claims with limit 3 by 100 members (6 each) on stock 1,000 in 8 shards → everyone exactly 3', async () => {
    const members = await bulkMembers(t, 100, 'k');
    const tpl = await createTemplate(t, admin, { title: '限三分片', totalStock: 1000, perMemberLimit: 3, stockShards: 8 });
    const results = await claimAll(
      tpl.id,
      Array.from({ length: 600 }, (_, i) => members[i % 100]!),
    );
    expect(outcomes(results)).toEqual({ '201': 300, '422 COUPON_LIMIT_REACHED': 300 });
    const perMember: { n: number }[] = await t.db.query(
      'SELECT COUNT(*)::int AS n FROM coupon WHERE template_id = $1 GROUP BY member_id',
      [tpl.id],
    );
    expect(perMember).toHaveLength(100);
    expect(perMember.every((r) => r.n === 3)).toBe(true);
    expect(await view(tpl.id)).toMatchObject({ issued: 300, remaining: 700 });
    await expectLedgerConsistent(t);
  });

  it('400 concurrent points-mall claims on stock 60 in 4 shards → 60 coupons, each paid once, no balance below 0', async () => {
    const members = await bulkMembers(t, 200, 'm');
    // Half the members can pay for one coupon, the other half for two.
    for (const [i, m] of members.entries()) await grantPoints(t, admin, m.id, i % 2 === 0 ? 150 : 200);
    const tpl = await createTemplate(t, admin, {
      title: '积分分片',
      channels: ['points'],
      pointsCost: 100,
      totalStock: 60,
      perMemberLimit: 2,
      stockShards: 4,
    });
    const results = await claimAll(
      tpl.id,
      Array.from({ length: 400 }, (_, i) => members[i % 200]!),
    );
    const by = outcomes(results);
    process.stdout.write(`points-mall rush: ${JSON.stringify(by)}\n`);
    for (const key of Object.keys(by))
      expect(['201', '422 COUPON_OUT_OF_STOCK', '422 COUPON_LIMIT_REACHED', '422 INSUFFICIENT_POINTS']).toContain(key);
    expect(by['201']).toBe(60);
    const [{ spent, paid, negative }] = await t.db.query(
      `SELECT (SELECT COALESCE(SUM(-delta), 0) FROM points_entry WHERE kind = 'exchange' AND member_id = ANY($1::uuid[]))::int AS spent,
              (SELECT COALESCE(SUM(points_paid), 0) FROM coupon WHERE template_id = $2)::int AS paid,
              (SELECT COUNT(*) FROM member WHERE id = ANY($1::uuid[]) AND points < 0)::int AS negative`,
      [members.map((m) => m.id), tpl.id],
    );
    expect({ spent, paid, negative }).toEqual({ spent: 6000, paid: 6000, negative: 0 });
    expect((await shards(tpl.id)).every((s) => s.issued === s.stock)).toBe(true);
    await expectLedgerConsistent(t);
  });

  it('raising and lowering the stock re-spreads it over the shards: Σ stays the total, never below what is issued', async () => {
    const members = await bulkMembers(t, 40, 'r');
    const tpl = await createTemplate(t, admin, { title: '调库存', totalStock: 20, perMemberLimit: 1, stockShards: 4 });
    expect(outcomes(await claimAll(tpl.id, members.slice(0, 12)))).toEqual({ '201': 12 });
    const patch = (totalStock: number) =>
      t.http.patch(`/api/v1/admin/coupon-templates/${tpl.id}`).set(admin.auth).send({ totalStock });
    expect((await patch(11)).status).toBe(400); // below the 12 issued
    expect((await patch(12)).body).toMatchObject({ totalStock: 12, issued: 12, remaining: 0 });
    let rows = await shards(tpl.id);
    expect(rows.every((s) => s.stock === s.issued)).toBe(true);
    expect((await claimAll(tpl.id, members.slice(12, 13)))[0]!.body.code).toBe('COUPON_OUT_OF_STOCK');
    expect((await patch(30)).body).toMatchObject({ totalStock: 30, issued: 12, remaining: 18 });
    rows = await shards(tpl.id);
    expect(rows.reduce((s, x) => s + x.stock, 0)).toBe(30);
    // Lowered to 20 while 28 claims chase the 18 left: the cut succeeds if it comes before the
    // 9th of them (else 400: it would fall below what is issued); either way the stock sells out
    // exactly, and Σ shard stock = the total.
    const [claims, lowered] = await Promise.all([claimAll(tpl.id, members.slice(12, 40)), patch(20)]);
    expect([200, 400]).toContain(lowered.status);
    const total = lowered.status === 200 ? 20 : 30;
    expect(claims.filter((r) => r.status === 201).length).toBe(total - 12);
    expect(await view(tpl.id)).toMatchObject({ totalStock: total, issued: total, remaining: 0 });
    rows = await shards(tpl.id);
    expect(rows.reduce((s, x) => s + x.stock, 0)).toBe(total);
    expect(rows.every((s) => s.issued <= s.stock)).toBe(true);
    await expectLedgerConsistent(t);
  });

  it("an unsharded template's stock also goes down to what is issued, never below", async () => {
    const members = await bulkMembers(t, 3, 'u');
    const tpl = await createTemplate(t, admin, { title: '单行调库存', totalStock: 10 });
    expect(outcomes(await claimAll(tpl.id, members))).toEqual({ '201': 3 });
    const patch = (totalStock: number) =>
      t.http.patch(`/api/v1/admin/coupon-templates/${tpl.id}`).set(admin.auth).send({ totalStock });
    expect((await patch(2)).body.code).toBe('VALIDATION_FAILED');
    expect((await patch(3)).body).toMatchObject({ totalStock: 3, issued: 3, remaining: 0, stockShards: 1 });
    expect(await shards(tpl.id)).toEqual([]);
    await expectLedgerConsistent(t);
  });

  it('admin grants take several units across the shards, all or nothing; requestId replays answer the first coupon', async () => {
    const members = await bulkMembers(t, 12, 'g');
    const tpl = await createTemplate(t, admin, {
      title: '补偿分片',
      channels: ['grant', 'center'],
      totalStock: 10,
      stockShards: 3,
      perMemberLimit: 5,
    });
    const grant = (ids: string[], key: string) =>
      t.http
        .post(`/api/v1/admin/coupon-templates/${tpl.id}/grants`)
        .set(admin.auth)
        .send({ memberIds: ids, idempotencyKey: key });
    expect(
      (
        await grant(
          members.slice(0, 8).map((m) => m.id),
          'g1',
        )
      ).status,
    ).toBe(201);
    expect(
      (
        await grant(
          members.slice(8, 11).map((m) => m.id),
          'g2',
        )
      ).body.code,
    ).toBe('COUPON_OUT_OF_STOCK');
    expect(await view(tpl.id)).toMatchObject({ issued: 8, remaining: 2 });
    const first = await t.http
      .post(`/api/v1/coupons/center/${tpl.id}/claim`)
      .set(members[11]!.auth)
      .send({ requestId: 'once-1' });
    expect(first.status).toBe(201);
    const again = await Promise.all(
      Array.from({ length: 5 }, () =>
        t.http.post(`/api/v1/coupons/center/${tpl.id}/claim`).set(members[11]!.auth).send({ requestId: 'once-1' }),
      ),
    );
    expect(again.map((r) => [r.status, r.body.id])).toEqual(Array(5).fill([200, first.body.id]));
    expect(await view(tpl.id)).toMatchObject({ issued: 9, remaining: 1 });
    await expectLedgerConsistent(t);
  });
});
