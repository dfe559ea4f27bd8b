// Recommendations (issue 12 item 4; docs/recommendations.md): a planted co-purchase is
// recommended with the reason naming the bought item; a newcomer gets the popular items of their
// registration store; refunded orders and erased members count nowhere; the stored scores are the
// shared rule's formulas; the recompute is safe to re-run and to run twice at once.
import {
  RECOMMENDATION_PARAMS,
  RECOMMENDATION_REASONS,
  categoryRepeatRate,
  itemRepeatRate,
  pairScore,
  type RecommendationsResponse,
} from '@huiyuan/shared';
import { RecommendationRepository } from '../src/recommendations/recommendation.repository.js';
import { RecommendationsService } from '../src/recommendations/recommendations.service.js';
import { createStore, loginMember, loginStaff, type LoggedInMember, type LoggedInStaff } from './helpers/factories.js';
import { nextOrderNo, placeOrder } from './helpers/loyalty.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

interface Item {
  sku: string;
  name: string;
  category: string;
  unitPrice: number;
}

const item = (sku: string, name: string, category: string, unitPrice = 1000): Item => ({ sku, name, category, unitPrice });
const LATTE = item('LATTE', '拿铁', '咖啡', 3000);
const CROISSANT = item('CROISSANT', '可颂', '烘焙', 1800);
const WATER = item('WATER', '矿泉水', '饮用水', 300);
const CAKE = item('CAKE', '招牌蛋糕', '烘焙', 4800);
const MUG = item('MUG', '马克杯', '周边', 6800);
const TEA = item('TEA', '红茶', '茶饮', 1500);
const SCONE = item('SCONE', '司康', '烘焙', 1600);
const GIN = item('GIN', '金酒', '酒水', 9800);
const TONIC = item('TONIC', '汤力水', '酒水', 800);

describe('recommendations', () => {
  let t: TestApp;
  let admin: LoggedInStaff;
  let cashierA: LoggedInStaff;
  let cashierB: LoggedInStaff;
  let storeB: string;
  let service: RecommendationsService;
  let repo: RecommendationRepository;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginStaff(t, 'admin');
    cashierA = await loginStaff(t, 'cashier', await createStore(t, 'A'));
    storeB = await createStore(t, 'B');
    cashierB = await loginStaff(t, 'cashier', storeB);
    service = t.app.get(RecommendationsService);
    repo = t.app.get(RecommendationRepository);
  });
  afterAll(() => t.close());

  async function buy(cashier: LoggedInStaff, member: LoggedInMember, items: Item[], orderNo = nextOrderNo()): Promise<string> {
    const lines = items.map((i) => ({ ...i, quantity: 1 }));
    const res = await placeOrder(t, cashier, {
      memberId: member.id,
      orderNo,
      amount: lines.reduce((s, l) => s + l.unitPrice, 0),
      items: lines,
    });
    if (res.status !== 201) throw new Error(`order failed: ${res.status} ${JSON.stringify(res.body)}`);
    return orderNo;
  }

  const members = (n: number) => Promise.all(Array.from({ length: n }, () => loginMember(t)));
  const recommendationsOf = async (m: LoggedInMember, query = '') =>
    (await t.http.get(`/api/v1/me/recommendations${query}`).set(m.auth).expect(200)).body as RecommendationsResponse;

  it('recommends the planted partner with the reason naming the bought item; never what was just bought', async () => {
    // Planted: 4 members buy LATTE and CROISSANT (in separate orders: co-purchase is per member).
    for (const m of await members(4)) {
      await buy(cashierA, m, [LATTE]);
      await buy(cashierA, m, [CROISSANT, WATER]);
    }
    // Noise: WATER is everyone's item, CAKE popular at store A.
    for (const m of await members(6)) await buy(cashierA, m, [WATER, CAKE]);
    const me = await loginMember(t);
    await buy(cashierA, me, [LATTE]);

    const run = await service.recompute();
    expect(run).toMatchObject({ items: 4, members: 11 });

    const { items } = await recommendationsOf(me);
    expect(items[0]).toEqual({
      sku: 'CROISSANT',
      name: '可颂',
      category: '烘焙',
      reason: '买过「拿铁」的会员也买了',
      basis: 'co_purchase',
      because: 'LATTE',
      score: expect.any(Number),
    });
    expect(items.map((i) => i.sku)).not.toContain('LATTE');
    // After the personal items, store A's popular ones (the member shops there; no registration store).
    expect(items.find((i) => i.basis === 'store_popular')?.reason).toBe(RECOMMENDATION_REASONS.frequentStore);
    expect((await recommendationsOf(me, '?limit=1')).items).toHaveLength(1);
    await t.http.get('/api/v1/me/recommendations?limit=21').set(me.auth).expect(400);
    await t.http.get('/api/v1/me/recommendations?limit=abc').set(me.auth).expect(400);
  });

  it('stores the shared rule’s scores: cosine with shrinkage per pair, counts of members', async () => {
    const catalog = new Map((await repo.catalog(t.db)).map((c) => [c.sku, c]));
    const pairs = await repo.pairs(t.db);
    expect(pairs.length).toBeGreaterThan(0);
    for (const p of pairs) {
      expect(p.co_buyers).toBeGreaterThanOrEqual(RECOMMENDATION_PARAMS.minCoBuyers);
      expect(p.score).toBeCloseTo(pairScore(p.co_buyers, catalog.get(p.sku)!.buyers, catalog.get(p.other_sku)!.buyers), 9);
    }
    // Repeat rates: each item's own, shrunk toward its category's (the overall rate below the support).
    const rows = [...catalog.values()];
    const sum = (xs: typeof rows, k: 'buyers' | 'repeat_buyers') => xs.reduce((s, r) => s + r[k], 0);
    const overall = sum(rows, 'repeat_buyers') / sum(rows, 'buyers');
    for (const r of rows) {
      const same = rows.filter((x) => x.category === r.category);
      const cat = categoryRepeatRate(sum(same, 'buyers'), sum(same, 'repeat_buyers'), overall);
      expect(r.repeat_rate).toBeCloseTo(itemRepeatRate(r.buyers, r.repeat_buyers, cat), 9);
    }
    expect(catalog.get('WATER')).toMatchObject({ buyers: 10, repeat_buyers: 0 });
    const latte = pairs.find((p) => p.sku === 'LATTE' && p.other_sku === 'CROISSANT');
    expect(latte?.co_buyers).toBe(4);
    expect(catalog.get('LATTE')?.buyers).toBe(5);
  });

  it('gives a newcomer the popular items of the store they registered at, then all stores', async () => {
    for (const m of await members(3)) await buy(cashierB, m, [MUG]);
    for (const m of await members(2)) await buy(cashierB, m, [TEA]);
    await service.recompute();
    const newcomer = await loginMember(t);
    await t.db.query('UPDATE member SET registration_store_id = $1 WHERE id = $2', [storeB, newcomer.id]);

    const { items } = await recommendationsOf(newcomer);
    expect(items.slice(0, 2).map((i) => [i.sku, i.basis, i.reason])).toEqual([
      ['MUG', 'store_popular', '您开卡门店的热销商品'],
      ['TEA', 'store_popular', '您开卡门店的热销商品'],
    ]);
    expect(items.slice(2).every((i) => i.basis === 'global_popular' && i.reason === RECOMMENDATION_REASONS.global)).toBe(true);
    expect(items[2]?.sku).toBe('WATER');

    // Without a registration store and without orders: all stores' popularity.
    const stranger = await loginMember(t);
    expect((await recommendationsOf(stranger)).items.map((i) => i.sku)).toEqual(
      (await repo.catalog(t.db))
        .sort((a, b) => b.popularity - a.popularity || (a.sku < b.sku ? -1 : 1))
        .map((c) => c.sku)
        .slice(0, RECOMMENDATION_PARAMS.limit),
    );
  });

  it('counts no refunded order: neither in the statistics nor as the member’s own purchase', async () => {
    for (const m of await members(3)) {
      const orderNo = await buy(cashierA, m, [TEA, SCONE]);
      await t.http
        .post(`/api/v1/cashier/orders/${orderNo}/refunds`)
        .set(cashierA.auth)
        .send({ refundNo: 'R1', amount: 500 })
        .expect(201);
    }
    const me = await loginMember(t);
    const mine = await buy(cashierA, me, [LATTE]);
    await t.http
      .post(`/api/v1/cashier/orders/${mine}/refunds`)
      .set(cashierA.auth)
      .send({ refundNo: 'R1', amount: 3000 })
      .expect(201);
    await service.recompute();

    expect((await repo.catalog(t.db)).map((c) => c.sku)).not.toContain('SCONE');
    expect((await repo.pairs(t.db)).some((p) => p.sku === 'TEA' && p.other_sku === 'SCONE')).toBe(false);
    const { items } = await recommendationsOf(me);
    expect(items.some((i) => i.basis === 'co_purchase')).toBe(false); // the refunded LATTE is no seed
  });

  it('an erased member’s purchases leave the statistics at the next recompute', async () => {
    const buyers = await members(3);
    for (const m of buyers) await buy(cashierA, m, [GIN, TONIC]);
    await service.recompute();
    expect((await repo.pairs(t.db)).find((p) => p.sku === 'GIN' && p.other_sku === 'TONIC')?.co_buyers).toBe(3);

    await t.http.delete('/api/v1/me').set(buyers[0]!.auth).send({ confirm: '注销' }).expect(202);
    await service.recompute();
    // Two members left: below minCoBuyers, the pair is gone; the catalogue counts two buyers.
    expect((await repo.pairs(t.db)).some((p) => p.sku === 'GIN' || p.other_sku === 'GIN')).toBe(false);
    expect((await repo.catalog(t.db)).find((c) => c.sku === 'GIN')?.buyers).toBe(2);
  });

  it('one member never sees another’s history', async () => {
    // `me` bought LATTE (the first test); a member who bought nothing gets no co-purchase reason.
    const other = await loginMember(t);
    const { items } = await recommendationsOf(other);
    expect(items.every((i) => i.basis === 'global_popular')).toBe(true);
    await t.http.get('/api/v1/me/recommendations').expect(401);
    await t.http.get('/api/v1/me/recommendations').set(cashierA.auth).expect(403);
  });

  it('is safe to re-run and to run twice at once (one run holds the lock, the tables stay whole)', async () => {
    const before = { pairs: await repo.pairs(t.db), catalog: await repo.catalog(t.db) };
    const runs = await Promise.all([service.recompute(), service.recompute()]);
    expect(runs.some((r) => r !== null)).toBe(true);
    expect(await repo.pairs(t.db)).toEqual(before.pairs);
    expect((await repo.catalog(t.db)).map((c) => [c.sku, c.buyers])).toEqual(before.catalog.map((c) => [c.sku, c.buyers]));

    const res = await t.http.post('/api/v1/admin/jobs/recommendations/run').set(admin.auth).expect(200);
    expect(res.body.result).toMatchObject({ pairs: before.pairs.length, items: before.catalog.length });
  });
});

describe('demo recommendations', () => {
  it('the demo seed gives demo-shopper-7 (who bought a 拿铁) the 可颂 others bought with it, and a newcomer the popular items', async () => {
    const t = await createTestApp({ env: { HUIYUAN_DEMO: '1' } });
    try {
      const shopper = await loginMember(t, { openid: 'demo-shopper-7' });
      const mine = (await t.http.get('/api/v1/me/recommendations').set(shopper.auth).expect(200)).body as RecommendationsResponse;
      expect(mine.items[0]).toMatchObject({ sku: 'DEMO-CROISSANT', name: '黄油可颂', reason: '买过「拿铁」的会员也买了' });
      const newcomer = await loginMember(t);
      const theirs = (await t.http.get('/api/v1/me/recommendations').set(newcomer.auth).expect(200))
        .body as RecommendationsResponse;
      expect(theirs.items.map((i) => i.sku)).toEqual(
        expect.arrayContaining(['DEMO-LATTE', 'DEMO-AMERICANO', 'DEMO-CROISSANT', 'DEMO-MUFFIN']),
      );
      expect(theirs.items.every((i) => i.basis === 'global_popular')).toBe(true);
    } finally {
      await t.close();
    }
  });
});
