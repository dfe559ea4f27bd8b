import fc from 'fast-check';
import {
  RECOMMENDATION_PARAMS,
  RECOMMENDATION_REASONS,
  categoryRepeatRate,
  isRepeatPurchase,
  itemRepeatRate,
  memberStore,
  pairScore,
  recencyWeight,
  recommend,
  type CatalogItem,
  type PairNeighbour,
  type PopularEntry,
  type PurchaseLine,
  type RecommendInput,
} from './recommendations.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 1, 4);
const SKUS = 'ABCDEFGHIJKLMNOP'.split('').map((c) => `SKU-${c}`);

const sku = fc.constantFrom(...SKUS);
const world = fc
  .record({
    repeat: fc.array(fc.boolean(), { minLength: SKUS.length, maxLength: SKUS.length }),
    history: fc.array(fc.record({ sku, ageDays: fc.integer({ min: 0, max: 364 }) }), { maxLength: 12 }),
    neighbours: fc.array(fc.record({ sku, other: sku, score: fc.double({ min: 0, max: 0.99, noNaN: true }) }), {
      maxLength: 40,
    }),
    storePopular: fc.array(fc.record({ sku, score: fc.double({ min: 0, max: 100, noNaN: true }) }), { maxLength: 12 }),
    globalPopular: fc.array(fc.record({ sku, score: fc.double({ min: 0, max: 100, noNaN: true }) }), { maxLength: 16 }),
    limit: fc.integer({ min: 0, max: 20 }),
    storeKind: fc.constantFrom('registration' as const, 'frequent' as const, null),
  })
  .map(({ repeat, history, neighbours, storePopular, globalPopular, limit, storeKind }): RecommendInput => {
    const catalog = new Map<string, CatalogItem>(
      SKUS.map((s, i) => [
        s,
        { sku: s, name: `商品${s.slice(-1)}`, category: i % 2 ? '饮品' : null, repeatRate: repeat[i] ? 0.5 : 0.1 },
      ]),
    );
    const dedupe = <T extends { sku: string }>(xs: T[], key: (x: T) => string = (x) => x.sku) => [
      ...new Map(xs.map((x) => [key(x), x])).values(),
    ];
    return {
      now: NOW,
      history: history.map((h) => ({ sku: h.sku, name: `商品${h.sku.slice(-1)}`, category: null, at: NOW - h.ageDays * DAY })),
      neighbours: dedupe(neighbours, (n) => `${n.sku}>${n.other}`),
      storePopular: dedupe(storePopular),
      globalPopular: dedupe(globalPopular),
      storeKind,
      catalog,
      limit,
    };
  });

const bought = (input: RecommendInput) => new Set(input.history.map((h) => h.sku));
const boughtRecently = (input: RecommendInput) =>
  new Set(input.history.filter((h) => h.at >= input.now - RECOMMENDATION_PARAMS.excludeDays * DAY).map((h) => h.sku));
const excluded = (input: RecommendInput, s: string) =>
  boughtRecently(input).has(s) && !isRepeatPurchase(input.catalog.get(s)!.repeatRate);

describe('recencyWeight: exponential half-life', () => {
  it('is 1 now, ½ after one half-life, ¼ after two, 1 for future instants', () => {
    expect(recencyWeight(0, 30)).toBe(1);
    expect(recencyWeight(30 * DAY, 30)).toBeCloseTo(0.5, 12);
    expect(recencyWeight(60 * DAY, 30)).toBeCloseTo(0.25, 12);
    expect(recencyWeight(-DAY, 30)).toBe(1);
  });

  it('decreases with age', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: 10_000 }), (a, d) => {
        expect(recencyWeight((a + d) * 3_600_000, 30)).toBeLessThan(recencyWeight(a * 3_600_000, 30));
      }),
    );
  });
});

describe('pairScore: cosine with shrinkage', () => {
  const counts = fc
    .tuple(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 5000 }))
    .map(([co, a, b]) => ({ co, a: co + a, b: co + b }));

  it('is symmetric and in (0, 1)', () => {
    fc.assert(
      fc.property(counts, ({ co, a, b }) => {
        const s = pairScore(co, a, b);
        expect(s).toBe(pairScore(co, b, a));
        expect(s).toBeGreaterThan(0);
        expect(s).toBeLessThan(1);
      }),
    );
  });

  it('grows with the members who bought both, shrinks as the partner gets more popular', () => {
    fc.assert(
      fc.property(counts, fc.integer({ min: 1, max: 1000 }), ({ co, a, b }, d) => {
        expect(pairScore(co + d, a + d, b + d)).toBeGreaterThan(pairScore(co, a + d, b + d));
        expect(pairScore(co, a, b + d)).toBeLessThan(pairScore(co, a, b));
      }),
    );
  });

  it('a popular item bought by everyone does not outrank a specific partner', () => {
    // X: 100 buyers. Y (everyone's item, 10,000 buyers) co-bought by 60; Z (niche, 80 buyers) by 40.
    expect(pairScore(40, 100, 80)).toBeGreaterThan(pairScore(60, 100, 10_000));
  });

  it('shrinkage: the same cosine seen among more members scores higher', () => {
    expect(pairScore(30, 100, 100)).toBeGreaterThan(pairScore(3, 10, 10));
    expect(pairScore(0, 10, 10)).toBe(0);
  });
});

describe('repeat rates', () => {
  it('a category: the share at enough support, else the overall rate', () => {
    const min = RECOMMENDATION_PARAMS.repeatMinSupport;
    expect(categoryRepeatRate(min, 10, 0.05)).toBeCloseTo(10 / min);
    expect(categoryRepeatRate(min - 1, min - 1, 0.05)).toBe(0.05);
    expect(isRepeatPurchase(RECOMMENDATION_PARAMS.repeatRateMin)).toBe(true);
    expect(isRepeatPurchase(RECOMMENDATION_PARAMS.repeatRateMin - 0.01)).toBe(false);
  });

  it('an item: between its own rate and its category’s, nearer its own the more buyers it has', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (buyers, own, category) => {
          const repeatBuyers = Math.round(own * buyers);
          const ownRate = repeatBuyers / buyers;
          const r = itemRepeatRate(buyers, repeatBuyers, category);
          expect(r).toBeGreaterThanOrEqual(Math.min(ownRate, category) - 1e-12);
          expect(r).toBeLessThanOrEqual(Math.max(ownRate, category) + 1e-12);
          expect(Math.abs(itemRepeatRate(buyers * 10, repeatBuyers * 10, category) - ownRate)).toBeLessThanOrEqual(
            Math.abs(r - ownRate) + 1e-12,
          );
        },
      ),
    );
    // A tail item with 2 buyers who both re-bought it, in a category nobody re-buys: not repeat-purchase.
    expect(isRepeatPurchase(itemRepeatRate(2, 2, 0.02))).toBe(false);
    // Bought again by half of its 400 buyers: repeat-purchase whatever its category.
    expect(isRepeatPurchase(itemRepeatRate(400, 200, 0.02))).toBe(true);
  });
});

describe('recommend: properties', () => {
  it('returns at most `limit` distinct catalogue items, never an excluded one', () => {
    fc.assert(
      fc.property(world, (input) => {
        const out = recommend(input);
        expect(out.length).toBeLessThanOrEqual(input.limit!);
        expect(new Set(out.map((r) => r.sku)).size).toBe(out.length);
        for (const r of out) {
          expect(input.catalog.has(r.sku)).toBe(true);
          expect(excluded(input, r.sku)).toBe(false);
          expect(r.reason.length).toBeGreaterThan(0);
          expect(r.name).toBe(input.catalog.get(r.sku)!.name);
        }
      }),
    );
  });

  it('a co-purchase names an item the member bought, whose stored pair leads to the recommendation', () => {
    fc.assert(
      fc.property(world, (input) => {
        for (const r of recommend(input).filter((x) => x.basis === 'co_purchase')) {
          expect(bought(input).has(r.because!)).toBe(true);
          expect(input.neighbours.some((n) => n.sku === r.because && n.other === r.sku)).toBe(true);
          const name = input.history.find((h) => h.sku === r.because)!.name;
          expect(r.reason).toBe(RECOMMENDATION_REASONS.coPurchase(name));
        }
      }),
    );
  });

  it('ranks personal and store candidates together by score, then fills with all stores; fills up when it can', () => {
    fc.assert(
      fc.property(world, (input) => {
        const out = recommend(input);
        const fill = (r: { basis: string }) => (input.storePopular.length > 0 && r.basis === 'global_popular' ? 1 : 0);
        for (let i = 1; i < out.length; i++) {
          const [a, b] = [out[i - 1]!, out[i]!];
          expect(fill(a)).toBeLessThanOrEqual(fill(b));
          if (fill(a) === fill(b)) expect(a.score).toBeGreaterThanOrEqual(b.score);
        }
        const eligible = new Set(
          [...input.storePopular, ...input.globalPopular].map((p) => p.sku).filter((s) => !excluded(input, s)),
        );
        expect(out.length).toBeGreaterThanOrEqual(Math.min(input.limit!, eligible.size));
      }),
    );
  });

  it('a newcomer gets the store list in order, then all stores', () => {
    fc.assert(
      fc.property(world, (w) => {
        const input = { ...w, history: [], limit: 20 };
        const out = recommend(input);
        const store = [...input.storePopular].sort((a, b) => b.score - a.score || (a.sku < b.sku ? -1 : 1)).map((p) => p.sku);
        expect(out.slice(0, store.length).map((r) => r.sku)).toEqual(store.slice(0, 20));
        expect(out.every((r) => r.basis === 'store_popular' || r.basis === 'global_popular')).toBe(true);
      }),
    );
  });

  it('does not depend on the order of its inputs', () => {
    fc.assert(
      fc.property(world, fc.integer(), (input, seed) => {
        const shuffle = <T>(xs: readonly T[]) => {
          const a = [...xs];
          let s = seed >>> 0;
          for (let i = a.length - 1; i > 0; i--) {
            s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
            const j = s % (i + 1);
            [a[i], a[j]] = [a[j]!, a[i]!];
          }
          return a;
        };
        const shuffled = {
          ...input,
          history: shuffle(input.history),
          neighbours: shuffle(input.neighbours),
          storePopular: shuffle(input.storePopular),
          globalPopular: shuffle(input.globalPopular),
        };
        expect(recommend(shuffled)).toEqual(recommend(input));
      }),
    );
  });

  it('personal: false (the baseline) is popularity only, with the same exclusions', () => {
    fc.assert(
      fc.property(world, (input) => {
        const out = recommend({ ...input, personal: false });
        expect(out.every((r) => r.basis === 'store_popular' || r.basis === 'global_popular')).toBe(true);
        expect(out.every((r) => !excluded(input, r.sku))).toBe(true);
      }),
    );
  });
});

describe('recommend: examples', () => {
  const item = (s: string, name: string, category: string | null, repeatRate = 0): CatalogItem => ({
    sku: s,
    name,
    category,
    repeatRate,
  });
  const catalog = new Map(
    [
      item('LATTE', '拿铁', '咖啡'),
      item('CROISSANT', '可颂', '烘焙'),
      item('MUG', '马克杯', '周边'),
      item('WATER', '矿泉水', '饮用水', 0.6),
      item('BESTSELLER', '招牌蛋糕', '烘焙'),
    ].map((c) => [c.sku, c]),
  );
  const line = (s: string, ageDays: number): PurchaseLine => ({
    sku: s,
    name: catalog.get(s)!.name,
    category: null,
    at: NOW - ageDays * DAY,
  });
  const base = (history: PurchaseLine[], neighbours: PairNeighbour[], storePopular: PopularEntry[] = []): RecommendInput => ({
    now: NOW,
    history,
    neighbours,
    storePopular,
    storeKind: 'registration',
    globalPopular: [{ sku: 'BESTSELLER', score: 9 }],
    catalog,
  });

  it('recommends the partner of what was bought, naming it; not the bought item itself', () => {
    const out = recommend(
      base(
        [line('LATTE', 3)],
        [
          { sku: 'LATTE', other: 'CROISSANT', score: 0.4 },
          { sku: 'LATTE', other: 'MUG', score: 0.1 },
        ],
      ),
    );
    expect(out.map((r) => [r.sku, r.basis, r.reason])).toEqual([
      ['CROISSANT', 'co_purchase', '买过「拿铁」的会员也买了'],
      ['MUG', 'co_purchase', '买过「拿铁」的会员也买了'],
      ['BESTSELLER', 'global_popular', '会员热购商品'],
    ]);
  });

  it('a recent purchase outweighs an old one as a seed', () => {
    const out = recommend(
      base(
        [line('LATTE', 200), line('WATER', 1)],
        [
          { sku: 'LATTE', other: 'CROISSANT', score: 0.5 },
          { sku: 'WATER', other: 'MUG', score: 0.3 },
        ],
      ),
    );
    expect(out[0]!.sku).toBe('WATER'); // repeat category: 1-day-old weight × 0.6
    expect(out.map((r) => r.sku).indexOf('MUG')).toBeLessThan(out.map((r) => r.sku).indexOf('CROISSANT'));
  });

  it('a repeat-purchase category comes back ("您常买的商品" after two purchases); others do not', () => {
    const out = recommend(base([line('WATER', 2), line('WATER', 9), line('LATTE', 1)], [], [{ sku: 'LATTE', score: 5 }]));
    expect(out.map((r) => [r.sku, r.reason])).toEqual([
      ['WATER', '您常买的商品'],
      ['BESTSELLER', '会员热购商品'],
    ]);
  });

  it('what was bought in the last excludeDays stays out; an older purchase may come back through a pair', () => {
    const days = RECOMMENDATION_PARAMS.excludeDays;
    const pairs = [
      { sku: 'CROISSANT', other: 'LATTE', score: 0.4 },
      { sku: 'CROISSANT', other: 'MUG', score: 0.3 },
    ];
    const recent = recommend(base([line('CROISSANT', 1), line('LATTE', days - 1)], pairs)).map((r) => r.sku);
    expect(recent).toEqual(['MUG', 'BESTSELLER']);
    const older = recommend(base([line('CROISSANT', 1), line('LATTE', days + 1)], pairs)).map((r) => r.sku);
    expect(older).toEqual(['LATTE', 'MUG', 'BESTSELLER']);
  });

  it('a newcomer gets the registration store’s list, then all stores', () => {
    const out = recommend(
      base(
        [],
        [],
        [
          { sku: 'MUG', score: 3 },
          { sku: 'LATTE', score: 4 },
        ],
      ),
    );
    expect(out.map((r) => [r.sku, r.reason])).toEqual([
      ['LATTE', '您开卡门店的热销商品'],
      ['MUG', '您开卡门店的热销商品'],
      ['BESTSELLER', '会员热购商品'],
    ]);
  });

  it('shortens a long name in the reason', () => {
    expect(RECOMMENDATION_REASONS.coPurchase('一二三四五六七八九十一二三四五六七八')).toBe(
      '买过「一二三四五六七八九十一二三四五…」的会员也买了',
    );
  });
});

describe('memberStore', () => {
  it('prefers the registration store, else the most frequent (then most recent) store of the lines', () => {
    expect(memberStore('S1', [{ storeId: 'S2', at: 1 }])).toEqual({ storeId: 'S1', kind: 'registration' });
    expect(
      memberStore(null, [
        { storeId: 'S2', at: 1 },
        { storeId: 'S3', at: 5 },
        { storeId: 'S2', at: 2 },
      ]),
    ).toEqual({ storeId: 'S2', kind: 'frequent' });
    expect(
      memberStore(null, [
        { storeId: 'S2', at: 1 },
        { storeId: 'S3', at: 5 },
      ]),
    ).toEqual({ storeId: 'S3', kind: 'frequent' });
    expect(memberStore(null, [])).toBeNull();
  });
});
