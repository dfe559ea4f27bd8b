import type { CreateLotteryRequest } from '../api/lottery.js';
import {
  awardedPrize,
  checkDrawLimits,
  checkLotteryOpen,
  drawPrize,
  fitsBudget,
  lotteryEditProblems,
  lotteryProblems,
  oddsBasisPoints,
  remainingDraws,
  totalWeight,
} from './lottery.js';

const TEMPLATE = '3f2b8c4e-1d2a-4b5c-8d9e-0a1b2c3d4e5f';

const LOTTERY: CreateLotteryRequest = {
  title: '周年庆抽奖',
  startsAt: '2026-12-01T00:00:00Z',
  endsAt: '2026-12-31T00:00:00Z',
  costPoints: 10,
  perMemberDaily: 3,
  perMemberTotal: 20,
  prizes: [
    { title: '100 积分', kind: 'points', points: 100, stock: 50, weight: 10 },
    { title: '满100减20', kind: 'coupon', templateId: TEMPLATE, stock: 20, weight: 5 },
    { title: '保温杯', kind: 'physical', stock: 2, weight: 1 },
    { title: '谢谢参与', kind: 'none', stock: 0, weight: 84 },
  ],
};

/** mulberry32: a small seeded 32-bit generator (deterministic). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('lottery definition', () => {
  it('accepts a well-formed lottery', () => {
    expect(lotteryProblems(LOTTERY)).toEqual([]);
  });

  it('reports every problem at once, not only the first', () => {
    const problems = lotteryProblems({
      ...LOTTERY,
      title: ' ',
      endsAt: '2026-11-01T00:00:00Z',
      costPoints: -1,
      perMemberDaily: 0,
      prizes: [
        { title: '', kind: 'points', stock: -1, weight: 0 },
        { title: 'x', kind: 'coupon', templateId: 'nope', stock: 1.5, weight: 1.5 },
        { title: 'y', kind: 'physical', stock: 0, weight: 1 },
        { title: 'z', kind: 'jackpot' as never, stock: 1, weight: 1 },
      ],
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'title must not be empty',
        'endsAt must be after startsAt',
        expect.stringMatching(/^costPoints/),
        expect.stringMatching(/^perMemberDaily/),
        'prizes[0].title must not be empty',
        expect.stringMatching(/^prizes\[0\]\.stock/),
        expect.stringMatching(/^prizes\[0\]\.weight/),
        expect.stringMatching(/^prizes\[0\]\.points/),
        expect.stringMatching(/^prizes\[1\]\.stock/),
        expect.stringMatching(/^prizes\[1\]\.weight/),
        expect.stringMatching(/^prizes\[1\]\.templateId/),
        'prizes[2].a physical prize needs stock ≥ 1',
        expect.stringMatching(/^prizes\[3\]\.kind/),
      ]),
    );
  });

  it('needs at least one prize and at most eight', () => {
    expect(lotteryProblems({ ...LOTTERY, prizes: [] })).toEqual(['prizes: at least one prize']);
    const nine = Array.from({ length: 9 }, () => ({ title: 'x', kind: 'none' as const, stock: 0, weight: 1 }));
    expect(lotteryProblems({ ...LOTTERY, prizes: nine })).toEqual([expect.stringMatching(/at most 8/)]);
  });

  it('accepts a free lottery (cost 0) and refuses a total limit below the daily one', () => {
    expect(lotteryProblems({ ...LOTTERY, costPoints: 0 })).toEqual([]);
    expect(lotteryProblems({ ...LOTTERY, perMemberTotal: 2 })).toEqual(['perMemberTotal must be ≥ perMemberDaily']);
  });

  it('refuses a zero or fractional budget', () => {
    expect(lotteryProblems({ ...LOTTERY, budgetPoints: 0 })).toHaveLength(1);
    expect(lotteryProblems({ ...LOTTERY, budgetPoints: null })).toEqual([]);
  });
});

describe('editing a lottery', () => {
  it('before the start, anything valid may change, prizes included', () => {
    const r = lotteryEditProblems(LOTTERY, { prizes: [{ title: '谢谢', kind: 'none', stock: 0, weight: 1 }] }, false);
    expect(r).toEqual({ problems: [], startedConflict: false });
  });

  it('once started, prizes, odds, cost and the start are frozen', () => {
    expect(lotteryEditProblems(LOTTERY, { prizes: LOTTERY.prizes }, true).startedConflict).toBe(true);
    expect(lotteryEditProblems(LOTTERY, { costPoints: 5 }, true).startedConflict).toBe(true);
    expect(lotteryEditProblems(LOTTERY, { startsAt: '2026-12-02T00:00:00Z' }, true).startedConflict).toBe(true);
  });

  it('once started, wording, a later end and higher limits may change; lower ones may not', () => {
    expect(lotteryEditProblems(LOTTERY, { title: '新名字', endsAt: '2027-01-05T00:00:00Z', perMemberDaily: 5 }, true)).toEqual({
      problems: [],
      startedConflict: false,
    });
    expect(lotteryEditProblems(LOTTERY, { perMemberDaily: 2 }, true).problems).toEqual([
      expect.stringMatching(/perMemberDaily can only go up/),
    ]);
    expect(lotteryEditProblems(LOTTERY, { endsAt: '2026-12-20T00:00:00Z' }, true).problems).toEqual([
      'endsAt can only move later once started',
    ]);
  });
});

describe('published odds (largest remainder)', () => {
  it('always sum to exactly 10000 basis points', () => {
    const rand = mulberry32(7);
    for (let n = 0; n < 2000; n++) {
      const k = 1 + Math.floor(rand() * 8);
      const weights = Array.from({ length: k }, () => 1 + Math.floor(rand() * 1000));
      const odds = oddsBasisPoints(weights);
      expect(odds.reduce((s, o) => s + o, 0)).toBe(10_000);
      const total = totalWeight(weights.map((weight) => ({ weight })));
      // Each is within 1 bp of the exact share.
      odds.forEach((o, i) => expect(Math.abs(o - (weights[i]! * 10_000) / total)).toBeLessThan(1));
    }
  });

  it('gives the missing points to the largest remainders, ties to the earlier prize', () => {
    expect(oddsBasisPoints([1, 1, 1])).toEqual([3334, 3333, 3333]);
    expect(oddsBasisPoints([1, 2])).toEqual([3333, 6667]);
    expect(oddsBasisPoints([10, 5, 1, 84])).toEqual([1000, 500, 100, 8400]);
    expect(oddsBasisPoints([7])).toEqual([10_000]);
  });

  it('refuses weights that are not positive integers', () => {
    expect(() => oddsBasisPoints([1, 0])).toThrow(RangeError);
    expect(() => oddsBasisPoints([1.5])).toThrow(RangeError);
  });
});

describe('the weighted draw', () => {
  const prizes = [{ weight: 3 }, { weight: 1 }, { weight: 6 }];

  it('gives each prize exactly its weight of random values (boundaries: C(i-1) … C(i)-1)', () => {
    expect([0, 1, 2].map((r) => drawPrize(prizes, r))).toEqual([0, 0, 0]);
    expect(drawPrize(prizes, 3)).toBe(1);
    expect([4, 5, 6, 7, 8, 9].map((r) => drawPrize(prizes, r))).toEqual([2, 2, 2, 2, 2, 2]);
  });

  it('refuses a random value outside [0, Σ weights) — no off-by-one draw', () => {
    expect(() => drawPrize(prizes, 10)).toThrow(RangeError);
    expect(() => drawPrize(prizes, -1)).toThrow(RangeError);
    expect(() => drawPrize(prizes, 2.5)).toThrow(RangeError);
  });

  it('100,000 seeded draws match the published odds within 1 %', () => {
    const weights = LOTTERY.prizes.map((p) => ({ weight: p.weight }));
    const total = totalWeight(weights);
    const odds = oddsBasisPoints(weights.map((w) => w.weight));
    const rand = mulberry32(20261201);
    const counts = weights.map(() => 0);
    const n = 100_000;
    for (let i = 0; i < n; i++) counts[drawPrize(weights, Math.floor(rand() * total))]! += 1;
    counts.forEach((c, i) => expect(Math.abs(c / n - odds[i]! / 10_000)).toBeLessThan(0.01));
  });

  it('falls back to the first "none" prize (or nothing) when the picked prize is refused', () => {
    const list = LOTTERY.prizes;
    expect(awardedPrize(list, 0, null)).toEqual({ prize: list[0], fallback: null });
    expect(awardedPrize(list, 2, 'out_of_stock')).toEqual({ prize: list[3], fallback: 'out_of_stock' });
    expect(awardedPrize(list.slice(0, 3), 2, 'out_of_stock')).toEqual({ prize: null, fallback: 'out_of_stock' });
  });

  it('keeps points prizes within the budget', () => {
    expect(fitsBudget(null, 1_000_000, 100)).toBe(true);
    expect(fitsBudget(500, 400, 100)).toBe(true);
    expect(fitsBudget(500, 401, 100)).toBe(false);
  });
});

describe('window and limits', () => {
  const window = {
    status: 'active' as const,
    startsAt: new Date('2026-12-01T00:00:00Z'),
    endsAt: new Date('2026-12-02T00:00:00Z'),
  };

  it('is open from startsAt (inclusive) to endsAt (exclusive), and only when active', () => {
    expect(checkLotteryOpen(window, new Date('2026-12-01T00:00:00Z'))).toEqual({ ok: true });
    expect(checkLotteryOpen(window, new Date('2026-11-30T23:59:59Z'))).toMatchObject({ reason: 'not_started' });
    expect(checkLotteryOpen(window, new Date('2026-12-02T00:00:00Z'))).toMatchObject({ reason: 'ended' });
    expect(checkLotteryOpen({ ...window, status: 'paused' }, new Date('2026-12-01T12:00:00Z'))).toMatchObject({
      code: 'LOTTERY_NOT_ACTIVE',
    });
  });

  it('counts the daily and the total limit; the lower one wins', () => {
    const limits = { perMemberDaily: 3, perMemberTotal: 5 };
    expect(checkDrawLimits(limits, 2, 2)).toEqual({ ok: true });
    expect(checkDrawLimits(limits, 3, 3)).toMatchObject({ code: 'LOTTERY_LIMIT_REACHED', reason: 'daily' });
    expect(checkDrawLimits(limits, 0, 5)).toMatchObject({ code: 'LOTTERY_LIMIT_REACHED', reason: 'total' });
    expect(remainingDraws(limits, 1, 1)).toBe(2);
    expect(remainingDraws(limits, 0, 4)).toBe(1);
    expect(remainingDraws(limits, 3, 9)).toBe(0);
  });
});
