// Tags, segments and the member 360 (issue 11 items 4–5): every condition's SQL run against a
// small known world, checking exactly which members match; composition, counts, paging, CSV,
// "which segments and why", manager scope, export and erasure of tags.
import { addDays, toLocalDate } from '@huiyuan/shared';
import { createStore, loginMember, loginStaff, type LoggedInMember, type LoggedInStaff } from './helpers/factories.js';
import { placeOrder } from './helpers/loyalty.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

describe('tags, segments and the member 360', () => {
  let t: TestApp;
  let admin: LoggedInStaff;
  let managerB: LoggedInStaff;
  let storeA: string;
  let storeB: string;
  let m1: LoggedInMember;
  let m2: LoggedInMember;
  let m3: LoggedInMember;
  let m4: LoggedInMember;
  let tag1: string;
  let tag2: string;
  const name = new Map<string, string>();

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginStaff(t, 'admin');
    storeA = await createStore(t, 'A');
    storeB = await createStore(t, 'B');
    const cashierA = await loginStaff(t, 'cashier', storeA);
    const cashierB = await loginStaff(t, 'cashier', storeB);
    managerB = await loginStaff(t, 'manager', storeB);
    [m1, m2, m3, m4] = [await loginMember(t), await loginMember(t), await loginMember(t), await loginMember(t)];
    for (const [k, v] of Object.entries({ m1, m2, m3, m4 })) name.set(v.id, k);
    const coffee = [{ sku: 'C1', name: '拿铁', category: '咖啡', quantity: 1, unitPrice: 10000 }];
    for (let i = 0; i < 2; i++) await placeOrder(t, cashierA, { memberId: m1.id, amount: 10000, items: coffee }).expect(201);
    const tea = [{ sku: 'T1', name: '红茶', category: '茶', quantity: 1, unitPrice: 3000 }];
    await placeOrder(t, cashierB, { memberId: m2.id, amount: 3000, items: tea }).expect(201);
    const q = (sql: string, params: unknown[]) => t.db.query(sql, params);
    // The known world (docs/segments.md): tiers, points, birthdays, registration days and stores.
    await q(`UPDATE member SET tier_code = 'gold', points = 500, birthday = '1990-03-15' WHERE id = $1`, [m1.id]);
    await q(`UPDATE member SET points = 50, birthday = '1991-07-01', created_at = '2025-05-31T23:59:00+08:00' WHERE id = $1`, [
      m2.id,
    ]);
    await q(`UPDATE member SET points = 0, created_at = '2025-06-01T00:30:00+08:00', registration_store_id = $2 WHERE id = $1`, [
      m3.id,
      storeB,
    ]);
    await q(`UPDATE analytics_member SET home_store_id = $2 WHERE member_id = $1`, [m3.id, storeB]);
    await q(`UPDATE member SET tier_code = 'gold', points = 900, status = 'frozen' WHERE id = $1`, [m4.id]);
    // m2's only order was 90 days ago.
    const daysAgo90 = addDays(toLocalDate(new Date(), 'Asia/Shanghai'), -90);
    await q(`UPDATE analytics_member_store SET last_order_on = $2, first_order_on = $2 WHERE member_id = $1`, [m2.id, daysAgo90]);
    await q(`UPDATE analytics_member SET last_order_on = $2, first_order_on = $2 WHERE member_id = $1`, [m2.id, daysAgo90]);
    // The nightly job's output (another module's job): written directly.
    await q(
      `INSERT INTO member_score (member_id, stage, stage_since, recency_score, frequency_score, monetary_score, rfm_group, computed_at)
       VALUES ($1, 'active', current_date, 5, 4, 5, 'champions', now()), ($2, 'silent', current_date, 2, 1, 2, 'at_risk', now())`,
      [m1.id, m2.id],
    );
    tag1 = (await t.http.post('/api/v1/admin/tags').set(admin.auth).send({ name: '咖啡控' }).expect(201)).body.id;
    tag2 = (await t.http.post('/api/v1/admin/tags').set(admin.auth).send({ name: '新客' }).expect(201)).body.id;
    await t.http
      .post(`/api/v1/admin/members/${m1.id}/tags`)
      .set(admin.auth)
      .send({ tagIds: [tag1] })
      .expect(200);
    await t.http
      .post(`/api/v1/admin/members/${m3.id}/tags`)
      .set(admin.auth)
      .send({ tagIds: [tag2] })
      .expect(200);
  });
  afterAll(() => t.close());

  const preview = (conditions: unknown, who: LoggedInStaff = admin) =>
    t.http.post('/api/v1/admin/segments/preview').set(who.auth).send({ conditions });
  async function matching(conditions: unknown, who: LoggedInStaff = admin): Promise<string[]> {
    const res = await preview(conditions, who).expect(200);
    const names = (res.body.sample as { id: string }[]).map((s) => name.get(s.id) ?? s.id).sort();
    expect(res.body.count).toBe(names.length);
    return names;
  }
  const one = (code: string, args: unknown) => matching({ all: [{ code, args }] });

  it.each<[string, unknown, string[]]>([
    ['tier_in', { tiers: ['gold'] }, ['m1']],
    ['tier_in', { tiers: ['normal'] }, ['m2', 'm3']],
    ['lifecycle_in', { stages: ['silent'] }, ['m2']],
    ['lifecycle_in', { stages: ['new', 'churned'] }, []],
    ['rfm_group_in', { groups: ['champions', 'at_risk'] }, ['m1', 'm2']],
    ['last_order_within_days', { days: 30 }, ['m1']],
    ['last_order_within_days', { days: 91 }, ['m1', 'm2']],
    ['last_order_within_days', { days: 90 }, ['m1']],
    ['no_order_within_days', { days: 30 }, ['m2', 'm3']],
    ['order_count_between', { min: 1, max: 1 }, ['m2']],
    ['order_count_between', { max: 0 }, ['m3']],
    ['order_count_between', { min: 2 }, ['m1']],
    ['spend_between', { min: 3000, max: 3000 }, ['m2']],
    ['spend_between', { min: 20000 }, ['m1']],
    // Ranges that hold 0 include the never-ordered (an anti-join on the member's totals).
    ['spend_between', { max: 3000 }, ['m2', 'm3']],
    ['order_count_between', { min: 0, max: 1 }, ['m2', 'm3']],
    ['birthday_month', { months: [3] }, ['m1']],
    ['birthday_month', { months: [3, 7] }, ['m1', 'm2']],
    ['registered_between', { from: '2025-06-01', to: '2025-06-01' }, ['m3']],
    ['registered_between', { from: '2025-05-31', to: '2025-05-31' }, ['m2']],
    ['points_between', { min: 100 }, ['m1']],
    ['points_between', { min: 0, max: 50 }, ['m2', 'm3']],
    ['bought_category_any', { categories: ['茶'] }, ['m2']],
    ['bought_category_any', { categories: ['咖啡', '茶'] }, ['m1', 'm2']],
  ])('%s %j → exactly %j (active members only)', async (code, args, expected) => {
    expect(await one(code, args)).toEqual(expected);
  });

  it('store_any matches members registered at or ordering at one of the stores', async () => {
    expect(await one('store_any', { storeIds: [storeA] })).toEqual(['m1']);
    expect(await one('store_any', { storeIds: [storeB] })).toEqual(['m2', 'm3']);
    expect(await one('store_any', { storeIds: [storeA, storeB] })).toEqual(['m1', 'm2', 'm3']);
  });

  it('tag_any matches the members carrying one of the tags', async () => {
    expect(await one('tag_any', { tagIds: [tag1] })).toEqual(['m1']);
    expect(await one('tag_any', { tagIds: [tag1, tag2] })).toEqual(['m1', 'm3']);
  });

  it('composes: every `all`, and at least one `any`', async () => {
    expect(
      await matching({
        all: [{ code: 'points_between', args: { max: 500 } }],
        any: [
          { code: 'tier_in', args: { tiers: ['gold'] } },
          { code: 'store_any', args: { storeIds: [storeB] } },
        ],
      }),
    ).toEqual(['m1', 'm2', 'm3']);
    expect(
      await matching({
        all: [
          { code: 'no_order_within_days', args: { days: 30 } },
          { code: 'order_count_between', args: { min: 1 } },
        ],
      }),
    ).toEqual(['m2']);
  });

  it('an unknown code or bad args → 400 INVALID_CONDITION naming the condition', async () => {
    const res = await preview({
      all: [
        { code: 'tier_in', args: { tiers: ['gold'] } },
        { code: 'nope', args: {} },
      ],
    }).expect(400);
    expect(res.body.code).toBe('INVALID_CONDITION');
    expect(res.body.details).toEqual([expect.objectContaining({ condition: 'all[1]', field: 'all[1].code' })]);
    const bad = await t.http
      .post('/api/v1/admin/segments')
      .set(admin.auth)
      .send({ name: 'x', conditions: { any: [{ code: 'spend_between', args: { min: -5 } }] } })
      .expect(400);
    expect(bad.body.details[0]).toMatchObject({ condition: 'any[0]', code: 'spend_between', field: 'any[0].args.min' });
    for (const conditions of [null, 'x', [], { all: 'x' }]) {
      expect([400]).toContain((await preview(conditions)).status);
    }
  });

  it('a saved segment: count stored, listed, paged by keyset, exported as CSV, edited and deleted', async () => {
    const created = await t.http
      .post('/api/v1/admin/segments')
      .set(admin.auth)
      .send({ name: '低积分', conditions: { all: [{ code: 'points_between', args: { max: 500 } }] } })
      .expect(201);
    expect(created.body).toMatchObject({ name: '低积分', memberCount: 3 });
    const id = created.body.id as string;
    const list = await t.http.get('/api/v1/admin/segments').set(admin.auth).expect(200);
    expect(list.body.items).toEqual([expect.objectContaining({ id, memberCount: 3, countedAt: expect.any(String) })]);

    // A count older than 10 minutes is recounted when the list is read.
    await t.db.query(`UPDATE segment SET member_count = 999, counted_at = now() - interval '11 minutes' WHERE id = $1`, [id]);
    const recounted = await t.http.get('/api/v1/admin/segments').set(admin.auth).expect(200);
    expect(recounted.body.items).toEqual([expect.objectContaining({ id, memberCount: 3 })]);
    expect((await t.db.query('SELECT member_count FROM segment WHERE id = $1', [id]))[0].member_count).toBe(3);
    // A fresh one is served as stored.
    await t.db.query(`UPDATE segment SET member_count = 999, counted_at = now() - interval '1 minute' WHERE id = $1`, [id]);
    expect((await t.http.get('/api/v1/admin/segments').set(admin.auth).expect(200)).body.items[0].memberCount).toBe(999);
    await t.db.query(`UPDATE segment SET member_count = 3 WHERE id = $1`, [id]);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await t.http
        .get(`/api/v1/admin/segments/${id}/members`)
        .query({ limit: 2, ...(cursor ? { cursor } : {}) })
        .set(admin.auth)
        .expect(200);
      seen.push(...page.body.items.map((i: { id: string }) => i.id));
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.map((s) => name.get(s)).sort()).toEqual(['m1', 'm2', 'm3']);
    expect(seen).toEqual([...seen].sort());

    const csv = await t.http.get(`/api/v1/admin/segments/${id}/members.csv`).set(admin.auth).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe('id,memberNo,nickname,tier,points,phoneMasked,registeredAt');
    expect(lines).toHaveLength(4);
    expect(csv.text).not.toContain(m1.openid);

    const patched = await t.http
      .patch(`/api/v1/admin/segments/${id}`)
      .set(admin.auth)
      .send({ conditions: { all: [{ code: 'tier_in', args: { tiers: ['gold'] } }] } });
    expect(patched.status).toBe(200);
    expect(patched.body.memberCount).toBe(1);
    await t.http.get(`/api/v1/admin/segments/${id}`).set(admin.auth).expect(200);
    await t.http.delete(`/api/v1/admin/segments/${id}`).set(admin.auth).expect(204);
    await t.http.get(`/api/v1/admin/segments/${id}`).set(admin.auth).expect(404);
    await t.http.delete(`/api/v1/admin/segments/${id}`).set(admin.auth).expect(404);
  });

  it('a range with only a minimum is stored normalised (max: null) and read back: members, CSV, the member 360', async () => {
    const created = await t.http
      .post('/api/v1/admin/segments')
      .set(admin.auth)
      .send({ name: '有积分', conditions: { all: [{ code: 'points_between', args: { min: 1 } }] } })
      .expect(201);
    const id = created.body.id as string;
    try {
      expect(created.body.conditions.all[0].args).toEqual({ min: 1, max: null });
      await t.http.get(`/api/v1/admin/segments/${id}/members`).set(admin.auth).expect(200);
      await t.http.get(`/api/v1/admin/segments/${id}/members.csv`).set(admin.auth).expect(200);
      await t.http
        .patch(`/api/v1/admin/segments/${id}`)
        .set(admin.auth)
        .send({ conditions: created.body.conditions })
        .expect(200);
      await t.http.get(`/api/v1/admin/members/${m1.id}`).set(admin.auth).expect(200);
      await t.http.get(`/api/v1/admin/members/${m1.id}/segments`).set(admin.auth).expect(200);
    } finally {
      await t.http.delete(`/api/v1/admin/segments/${id}`).set(admin.auth).expect(204);
    }
  });

  it('which segments and why: each condition’s result for one member', async () => {
    const s = await t.http
      .post('/api/v1/admin/segments')
      .set(admin.auth)
      .send({
        name: '金卡咖啡',
        conditions: {
          all: [
            { code: 'tier_in', args: { tiers: ['gold'] } },
            { code: 'bought_category_any', args: { categories: ['咖啡'] } },
          ],
        },
      })
      .expect(201);
    const why = async (m: LoggedInMember) =>
      (await t.http.get(`/api/v1/admin/members/${m.id}/segments`).set(admin.auth).expect(200)).body.items.find(
        (i: { id: string }) => i.id === s.body.id,
      );
    expect(await why(m1)).toMatchObject({
      matched: true,
      conditions: [
        { condition: 'all[0]', code: 'tier_in', matched: true },
        { condition: 'all[1]', code: 'bought_category_any', matched: true },
      ],
    });
    expect(await why(m2)).toMatchObject({ matched: false, conditions: [{ matched: false }, { matched: false }] });
    // m4 is gold but frozen: segments hold active members only.
    expect((await why(m4)).matched).toBe(false);

    const card = await t.http.get(`/api/v1/admin/members/${m1.id}`).set(admin.auth).expect(200);
    expect(card.body).toMatchObject({
      card: { id: m1.id, tier: 'gold', points: 500 },
      lifecycle: 'active',
      rfm: { r: 5, f: 4, m: 5, group: 'champions' },
      tags: [{ id: tag1, name: '咖啡控' }],
      stats: { orders: 2, spend: 20000 },
      segments: [{ id: s.body.id, name: '金卡咖啡' }],
    });
    expect(card.body.recentOrders).toHaveLength(2);
    const fresh = await t.http.get(`/api/v1/admin/members/${m3.id}`).set(admin.auth).expect(200);
    expect(fresh.body).toMatchObject({
      lifecycle: null,
      rfm: null,
      stats: { orders: 0, spend: 0, firstOrderAt: null },
      card: { homeStore: { id: storeB, name: 'B' } },
    });
    await t.http.delete(`/api/v1/admin/segments/${s.body.id}`).set(admin.auth).expect(204);
  });

  it('managers read only the members of their store; writes are for admins', async () => {
    expect(await matching({}, managerB)).toEqual(['m2', 'm3']);
    await t.http.get(`/api/v1/admin/members/${m2.id}`).set(managerB.auth).expect(200);
    await t.http.get(`/api/v1/admin/members/${m1.id}`).set(managerB.auth).expect(404);
    await t.http.get(`/api/v1/admin/members/${m1.id}/segments`).set(managerB.auth).expect(404);
    const tags = await t.http.get('/api/v1/admin/tags').set(managerB.auth).expect(200);
    expect(tags.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: tag1, memberCount: 0 }),
        expect.objectContaining({ id: tag2, memberCount: 1 }),
      ]),
    );
    const all = await t.http.get('/api/v1/admin/tags').set(admin.auth).expect(200);
    expect(all.body.items.find((x: { id: string }) => x.id === tag1).memberCount).toBe(1);
    await t.http.post('/api/v1/admin/segments').set(managerB.auth).send({ name: 'x', conditions: {} }).expect(403);
    await t.http
      .post(`/api/v1/admin/members/${m2.id}/tags`)
      .set(managerB.auth)
      .send({ tagIds: [tag1] })
      .expect(403);
  });

  it('tags: unique names (409), idempotent assignment and removal, audited', async () => {
    const dup = await t.http.post('/api/v1/admin/tags').set(admin.auth).send({ name: '咖啡控' }).expect(409);
    expect(dup.body.code).toBe('TAG_NAME_TAKEN');
    const again = await t.http
      .post(`/api/v1/admin/members/${m1.id}/tags`)
      .set(admin.auth)
      .send({ tagIds: [tag1, tag1] })
      .expect(200);
    expect(again.body.tags).toEqual([expect.objectContaining({ id: tag1 })]);
    await t.http
      .post(`/api/v1/admin/members/${m1.id}/tags`)
      .set(admin.auth)
      .send({ tagIds: ['6f1c2a34-0000-4000-8000-000000000000'] })
      .expect(404);
    await t.http.delete(`/api/v1/admin/members/${m2.id}/tags/${tag1}`).set(admin.auth).expect(204);
    const audits = await t.db.query(`SELECT action FROM audit_log WHERE target_id = $1 AND action LIKE 'member.tags.%'`, [m1.id]);
    expect(audits).toEqual([{ action: 'member.tags.add' }]);
  });

  it('20 concurrent creations of one tag name: one 201, the rest 409; 20 concurrent assignments: one row, one audit', async () => {
    const creates = await Promise.all(
      Array.from({ length: 20 }, () => t.http.post('/api/v1/admin/tags').set(admin.auth).send({ name: '并发' })),
    );
    expect(creates.map((r) => r.status).sort()).toEqual([201, ...Array.from({ length: 19 }, () => 409)]);
    const tagId = creates.find((r) => r.status === 201)!.body.id as string;
    const assigns = await Promise.all(
      Array.from({ length: 20 }, () =>
        t.http
          .post(`/api/v1/admin/members/${m2.id}/tags`)
          .set(admin.auth)
          .send({ tagIds: [tagId, tag2] }),
      ),
    );
    expect(assigns.map((r) => r.status)).toEqual(Array.from({ length: 20 }, () => 200));
    expect(await t.db.query('SELECT tag_id FROM member_tag WHERE member_id = $1 ORDER BY tag_id', [m2.id])).toEqual(
      [tagId, tag2].sort().map((tag_id) => ({ tag_id })),
    );
    const audits = await t.db.query(`SELECT details FROM audit_log WHERE target_id = $1 AND action = 'member.tags.add'`, [m2.id]);
    expect(audits).toHaveLength(1);
    expect(audits[0].details.tagIds.sort()).toEqual([tagId, tag2].sort());
    await t.http.delete(`/api/v1/admin/members/${m2.id}/tags/${tagId}`).set(admin.auth).expect(204);
    await t.http.delete(`/api/v1/admin/members/${m2.id}/tags/${tag2}`).set(admin.auth).expect(204);
  });

  it('tags are in the member’s export and dropped when they erase their account', async () => {
    const exported = await t.http.get('/api/v1/me/export').set(m3.auth).expect(200);
    expect(exported.body.tags).toEqual([expect.objectContaining({ tag: '新客' })]);
    await t.http.delete('/api/v1/me').set(m3.auth).send({ confirm: '注销' }).expect(202);
    expect(await t.db.query('SELECT 1 FROM member_tag WHERE member_id = $1', [m3.id])).toEqual([]);
    await t.http
      .post(`/api/v1/admin/members/${m3.id}/tags`)
      .set(admin.auth)
      .send({ tagIds: [tag2] })
      .expect(404);
  });
});
