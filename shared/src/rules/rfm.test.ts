import fc from 'fast-check';
import {
  FREQUENCY_BANDS,
  RFM_GROUPS,
  RFM_GROUP_CODES,
  RFM_MIN_BUYERS_FOR_QUINTILES,
  frequencyScore,
  isRfmGroupCode,
  monetaryBandScore,
  quintileScores,
  recencyBandScore,
  rfmGroup,
  rfmGroupName,
  scoreBuyers,
  type RfmScore,
} from './rfm.js';
import { lifecycleThresholdsProblems } from './lifecycle-settings.js';

const scores: RfmScore[] = [1, 2, 3, 4, 5];

describe('frequencyScore: fixed bands 1, 2, 3–4, 5–9, 10+', () => {
  it.each([
    [1, 1],
    [2, 2],
    [3, 3],
    [4, 3],
    [5, 4],
    [9, 4],
    [10, 5],
    [250, 5],
  ])('%i orders → F %i', (orders, f) => expect(frequencyScore(orders)).toBe(f));
  it('is monotone and within 1–5', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 0, max: 100 }), (a, d) => {
        const fa = frequencyScore(a);
        expect(fa).toBeGreaterThanOrEqual(1);
        expect(fa).toBeLessThanOrEqual(5);
        expect(frequencyScore(a + d)).toBeGreaterThanOrEqual(fa);
      }),
    );
    expect(FREQUENCY_BANDS).toEqual([1, 2, 3, 5, 10]);
  });
});

describe('fixed bands for small populations', () => {
  it('recency: < 30 days 5, < 60 4, < 120 3, < 180 2, else 1', () => {
    expect([0, 29, 30, 59, 60, 119, 120, 179, 180, 900].map(recencyBandScore)).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
  });
  it('monetary: < ¥100 1, < ¥300 2, < ¥1,000 3, < ¥3,000 4, else 5', () => {
    expect([0, 9_999, 10_000, 29_999, 30_000, 99_999, 100_000, 299_999, 300_000].map(monetaryBandScore)).toEqual([
      1, 1, 2, 2, 3, 3, 4, 4, 5,
    ]);
  });
});

describe('quintileScores', () => {
  it('distinct values: each score holds a fifth (10 values → two each)', () => {
    expect(quintileScores([10, 9, 8, 7, 6, 5, 4, 3, 2, 1])).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
  });
  it('ties get the score of their lowest position; all equal → all 1', () => {
    expect(quintileScores([1, 1, 1, 1, 2])).toEqual([1, 1, 1, 1, 5]);
    expect(quintileScores([7, 7, 7])).toEqual([1, 1, 1]);
  });
  it('properties: 1–5, monotone, ties equal, independent of order, balanced when distinct', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 300 }), (values) => {
        const s = quintileScores(values);
        expect(s.every((x) => x >= 1 && x <= 5)).toBe(true);
        // In value order, scores never fall, and rise only between different values.
        const order = values.map((v, i) => [v, s[i]!] as const).sort((a, b) => a[0] - b[0]);
        for (let i = 1; i < order.length; i++) {
          const [pv, ps] = order[i - 1]!;
          const [v, sc] = order[i]!;
          expect(sc).toBeGreaterThanOrEqual(ps);
          if (v === pv) expect(sc).toBe(ps);
        }
        const reversed = quintileScores([...values].reverse());
        expect(reversed).toEqual([...s].reverse());
      }),
    );
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer(), { minLength: 5, maxLength: 500 }), (values) => {
        const s = quintileScores(values);
        const n = values.length;
        for (const k of scores) {
          const count = s.filter((x) => x === k).length;
          expect(Math.abs(count - n / 5)).toBeLessThanOrEqual(1);
        }
      }),
    );
  });
});

describe('RFM groups', () => {
  it('eight groups, one per (R, F, M) high/low, with stable codes and Chinese names', () => {
    expect(RFM_GROUP_CODES).toHaveLength(8);
    const keys = new Set(RFM_GROUPS.map((g) => `${g.r}${g.f}${g.m}`));
    expect(keys.size).toBe(8);
    expect(rfmGroupName('champion')).toBe('重要价值客户');
    expect(rfmGroupName('lost')).toBe('一般挽留客户');
    expect(isRfmGroupCode('big_lapsed')).toBe(true);
    expect(isRfmGroupCode('Champions')).toBe(false);
  });
  it('high = R ≥ 3, F ≥ 2 (a repeat buyer), M ≥ 3', () => {
    expect(rfmGroup(5, 5, 5)).toBe('champion');
    expect(rfmGroup(3, 2, 3)).toBe('champion');
    expect(rfmGroup(3, 1, 3)).toBe('big_potential');
    expect(rfmGroup(2, 2, 3)).toBe('loyal_at_risk');
    expect(rfmGroup(2, 1, 5)).toBe('big_lapsed');
    expect(rfmGroup(4, 3, 2)).toBe('loyal');
    expect(rfmGroup(5, 1, 1)).toBe('promising');
    expect(rfmGroup(1, 4, 2)).toBe('fading');
    expect(rfmGroup(1, 1, 1)).toBe('lost');
  });
  it('every score triple has exactly one group, and improving a score never lowers its level', () => {
    for (const r of scores)
      for (const f of scores)
        for (const m of scores) {
          const g = RFM_GROUPS.find((x) => x.code === rfmGroup(r, f, m))!;
          if (r < 5) {
            const up = RFM_GROUPS.find((x) => x.code === rfmGroup((r + 1) as RfmScore, f, m))!;
            expect(g.r === 'high' ? up.r : 'high').toBe('high');
          }
        }
  });
});

describe('scoreBuyers', () => {
  const buyer = fc.record({
    daysSinceLastOrder: fc.integer({ min: 0, max: 800 }),
    orders: fc.integer({ min: 1, max: 30 }),
    netSpend: fc.integer({ min: 0, max: 500_000 }),
  });
  it(`below ${RFM_MIN_BUYERS_FOR_QUINTILES} buyers: fixed bands; from there: quintiles`, () => {
    fc.assert(
      fc.property(fc.array(buyer, { minLength: 1, maxLength: RFM_MIN_BUYERS_FOR_QUINTILES - 1 }), (buyers) => {
        scoreBuyers(buyers).forEach((s, i) => {
          expect(s.r).toBe(recencyBandScore(buyers[i]!.daysSinceLastOrder));
          expect(s.m).toBe(monetaryBandScore(buyers[i]!.netSpend));
          expect(s.f).toBe(frequencyScore(buyers[i]!.orders));
          expect(s.group).toBe(rfmGroup(s.r, s.f, s.m));
        });
      }),
      { numRuns: 50 },
    );
    fc.assert(
      fc.property(fc.array(buyer, { minLength: RFM_MIN_BUYERS_FOR_QUINTILES, maxLength: 200 }), (buyers) => {
        const s = scoreBuyers(buyers);
        const r = quintileScores(buyers.map((b) => -b.daysSinceLastOrder));
        const m = quintileScores(buyers.map((b) => b.netSpend));
        s.forEach((x, i) => {
          expect(x.r).toBe(r[i]);
          expect(x.m).toBe(m[i]);
          // more recent → R at least as high
          const lessRecent = s.filter((_, j) => buyers[j]!.daysSinceLastOrder > buyers[i]!.daysSinceLastOrder);
          expect(Math.max(0, ...lessRecent.map((o) => o.r))).toBeLessThanOrEqual(x.r);
        });
      }),
      { numRuns: 30 },
    );
  });
});

describe('lifecycleThresholdsProblems', () => {
  it('accepts the defaults and any whole days new < silent < churned', () => {
    expect(lifecycleThresholdsProblems({ newDays: 30, silentAfterDays: 60, churnedAfterDays: 180 })).toEqual([]);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 3660 }), { minLength: 3, maxLength: 3 }), (xs) => {
        const [newDays, silentAfterDays, churnedAfterDays] = [...xs].sort((a, b) => a - b);
        expect(lifecycleThresholdsProblems({ newDays, silentAfterDays, churnedAfterDays })).toEqual([]);
        expect(
          lifecycleThresholdsProblems({ newDays: churnedAfterDays, silentAfterDays, churnedAfterDays: newDays }),
        ).not.toEqual([]);
      }),
    );
  });
  it('names the field and the reason', () => {
    expect(lifecycleThresholdsProblems(null)).toEqual(['thresholds must be an object']);
    expect(lifecycleThresholdsProblems({ newDays: 0, silentAfterDays: 1.5, churnedAfterDays: '180', extra: 1 })).toEqual([
      'extra: unknown field',
      'newDays: must be a whole number of days 1-3660',
      'silentAfterDays: must be a whole number of days 1-3660',
      'churnedAfterDays: must be a whole number of days 1-3660',
    ]);
    expect(lifecycleThresholdsProblems({ newDays: 60, silentAfterDays: 60, churnedAfterDays: 50 })).toEqual([
      'silentAfterDays: must be greater than newDays',
      'churnedAfterDays: must be greater than silentAfterDays',
    ]);
    expect(lifecycleThresholdsProblems({ newDays: 30, silentAfterDays: 60, churnedAfterDays: 3661 })).toHaveLength(1);
  });
});
