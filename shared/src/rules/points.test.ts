import fc from 'fast-check';
import {
  applyReversal,
  compareLotsForSpending,
  DEFAULT_EARNING,
  DEFAULT_REDEMPTION,
  describeEarningRules,
  EARNING_RULE_CODES,
  EARNING_RULES,
  earningForOrder,
  growthForPaid,
  isLotLive,
  maxRedeemablePoints,
  planPointsRedemption,
  planRedeemedReturn,
  planRefund,
  planReversal,
  planSpend,
  pointsForPaid,
  pointsValueFen,
  settleShortfall,
  spendableBalance,
} from './points.js';
import type {
  EarningRuleConfig,
  LotAllocation,
  OrderPointsState,
  PointsLot,
  RedeemedAllocation,
  RedemptionConfig,
} from './points.js';
import { expiredLotsAt, lotExpiresAt } from './expiry.js';
import type { ExpiryPolicyConfig } from './expiry.js';
import { DEFAULT_TIERS } from './tiers.js';

const DAY = 86_400_000;
const t0 = new Date('2025-03-01T02:00:00Z');
const lot = (id: string, remaining: number, expiresAt: string | null, earnedAt = '2025-01-01T00:00:00Z'): PointsLot => ({
  id,
  remaining,
  expiresAt: expiresAt === null ? null : new Date(expiresAt),
  earnedAt: new Date(earnedAt),
});

describe('earning', () => {
  it('¥38.50 at 1 point per yuan earns 38 points (rounds down)', () => {
    expect(pointsForPaid(3850, DEFAULT_EARNING)).toBe(38);
  });

  it('a gold member (×1.5) paying ¥99.99 earns floor(99.99 × 1.5) = 149', () => {
    expect(pointsForPaid(9999, DEFAULT_EARNING, 15000)).toBe(149);
  });

  it('a fractional rate: 0.1 point per yuan → ¥259 earns 25', () => {
    expect(pointsForPaid(25900, { pointsPerYuan: 0.1, growthPerYuan: 1 })).toBe(25);
  });

  it('growth ignores the tier multiplier and is kept apart from points', () => {
    const gold = DEFAULT_TIERS.find((t) => t.code === 'gold')!;
    expect(earningForOrder(10000, DEFAULT_EARNING, gold)).toEqual({ points: 150, growth: 100 });
  });

  it('growth counts whole yuan: ¥0.99 earns no growth', () => {
    expect(growthForPaid(99, DEFAULT_EARNING)).toBe(0);
  });

  it('is exact for amounts whose product exceeds 2^53', () => {
    expect(pointsForPaid(9_000_000_000_000, { pointsPerYuan: 3, growthPerYuan: 1 }, 20000)).toBe(540_000_000_000);
  });

  it('refuses a rate with more than 4 decimals', () => {
    expect(() => pointsForPaid(100, { pointsPerYuan: 0.00001, growthPerYuan: 1 })).toThrow(RangeError);
  });

  it('is monotonic in the amount paid', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 10_000_000 }),
        fc.nat({ max: 10_000_000 }),
        fc.integer({ min: 0, max: 100_000 }).map((r) => r / 10_000),
        fc.integer({ min: 0, max: 50_000 }),
        (a, b, rate, mult) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const config = { pointsPerYuan: rate, growthPerYuan: rate };
          expect(pointsForPaid(lo, config, mult)).toBeLessThanOrEqual(pointsForPaid(hi, config, mult));
          expect(growthForPaid(lo, config)).toBeLessThanOrEqual(growthForPaid(hi, config));
        },
      ),
    );
  });
});

describe('points as payment', () => {
  const input = (pointsToRedeem: number, balance = 10_000, amountFen = 10_000) => ({ pointsToRedeem, balance, amountFen });

  it('100 points take ¥1 off', () => {
    expect(planPointsRedemption(input(500))).toEqual({ ok: true, pointsUsed: 500, discountFen: 500 });
  });

  it('0 points is always allowed and takes nothing off', () => {
    expect(planPointsRedemption(input(0, 0, 0))).toEqual({ ok: true, pointsUsed: 0, discountFen: 0 });
  });

  it('refuses more points than the balance → INSUFFICIENT_POINTS', () => {
    expect(planPointsRedemption(input(600, 500))).toEqual({ ok: false, code: 'INSUFFICIENT_POINTS' });
  });

  it('refuses a count that is not a multiple of the unit', () => {
    expect(planPointsRedemption(input(150))).toEqual({
      ok: false,
      code: 'POINTS_REDEEM_NOT_ALLOWED',
      reason: 'not_a_multiple_of_unit',
    });
  });

  it('refuses paying more than 50% of the amount with points', () => {
    expect(planPointsRedemption(input(5100))).toEqual({
      ok: false,
      code: 'POINTS_REDEEM_NOT_ALLOWED',
      reason: 'exceeds_order_share',
    });
  });

  it('allows exactly 50% of the amount', () => {
    expect(planPointsRedemption(input(5000))).toEqual({ ok: true, pointsUsed: 5000, discountFen: 5000 });
  });

  it('refuses when the programme has points payment off', () => {
    expect(planPointsRedemption(input(100), { ...DEFAULT_REDEMPTION, enabled: false })).toMatchObject({ reason: 'disabled' });
  });

  it('refuses a negative or fractional count', () => {
    expect(planPointsRedemption(input(-100))).toMatchObject({ code: 'POINTS_REDEEM_NOT_ALLOWED', reason: 'not_whole_points' });
    expect(planPointsRedemption(input(100.5))).toMatchObject({ reason: 'not_whole_points' });
  });

  it('refuses less than the minimum', () => {
    expect(planPointsRedemption(input(100), { ...DEFAULT_REDEMPTION, minPoints: 1000 })).toMatchObject({
      reason: 'below_minimum',
    });
  });

  it('rounds the discount down when points do not divide a fen: 30 points per yuan, 100 points → 333 fen', () => {
    expect(pointsValueFen(100, { ...DEFAULT_REDEMPTION, pointsPerYuan: 30 })).toBe(333);
  });

  it('maxRedeemablePoints: ¥99.99 order, plenty of points → 4900 (50% cap, whole units)', () => {
    expect(maxRedeemablePoints(100_000, 9999)).toBe(4900);
  });

  it('maxRedeemablePoints: limited by the balance, rounded down to the unit', () => {
    expect(maxRedeemablePoints(1234, 100_000)).toBe(1200);
  });

  const configArb: fc.Arbitrary<RedemptionConfig> = fc.record({
    enabled: fc.constant(true),
    pointsPerYuan: fc.integer({ min: 1, max: 1000 }),
    maxShareBp: fc.integer({ min: 0, max: 10_000 }),
    unit: fc.integer({ min: 1, max: 500 }),
    minPoints: fc.nat({ max: 2000 }),
  });

  it('maxRedeemablePoints is itself always a valid redemption', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1_000_000 }), fc.nat({ max: 10_000_000 }), configArb, (balance, amountFen, config) => {
        const max = maxRedeemablePoints(balance, amountFen, config);
        expect(planPointsRedemption({ pointsToRedeem: max, balance, amountFen }, config).ok).toBe(true);
      }),
    );
  });

  it('one unit more than maxRedeemablePoints is refused', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1_000_000 }), fc.nat({ max: 10_000_000 }), configArb, (balance, amountFen, config) => {
        const max = maxRedeemablePoints(balance, amountFen, config);
        fc.pre(max > 0 || config.minPoints <= config.unit);
        expect(planPointsRedemption({ pointsToRedeem: max + config.unit, balance, amountFen }, config).ok).toBe(false);
      }),
    );
  });

  it('the discount never exceeds the allowed share of the amount', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 1_000_000 }),
        fc.nat({ max: 10_000_000 }),
        configArb,
        fc.nat({ max: 1_000_000 }),
        (balance, amountFen, config, p) => {
          const plan = planPointsRedemption({ pointsToRedeem: p, balance, amountFen }, config);
          if (plan.ok) expect(plan.discountFen * 10_000).toBeLessThanOrEqual(amountFen * config.maxShareBp);
        },
      ),
    );
  });
});

describe('spending plan', () => {
  const now = new Date('2025-06-01T00:00:00Z');

  it('takes the lot expiring first', () => {
    const lots = [lot('a', 100, '2026-01-01T00:00:00Z'), lot('b', 100, '2025-12-01T00:00:00Z')];
    expect(planSpend(lots, 150, now)).toEqual({
      ok: true,
      allocations: [
        { lotId: 'b', points: 100 },
        { lotId: 'a', points: 50 },
      ],
    });
  });

  it('takes never-expiring lots last', () => {
    const lots = [lot('never', 100, null), lot('soon', 100, '2030-01-01T00:00:00Z')];
    expect(planSpend(lots, 50, now)).toEqual({ ok: true, allocations: [{ lotId: 'soon', points: 50 }] });
  });

  it('breaks expiry ties by the earlier earning, then by id', () => {
    const lots = [
      lot('z', 10, '2026-01-01T00:00:00Z', '2025-02-01T00:00:00Z'),
      lot('y', 10, '2026-01-01T00:00:00Z', '2025-01-01T00:00:00Z'),
      lot('x', 10, '2026-01-01T00:00:00Z', '2025-02-01T00:00:00Z'),
    ];
    expect(planSpend(lots, 30, now)).toMatchObject({ allocations: [{ lotId: 'y' }, { lotId: 'x' }, { lotId: 'z' }] });
  });

  it('skips lots already expired at now', () => {
    const lots = [lot('old', 100, '2025-06-01T00:00:00Z'), lot('new', 100, '2026-01-01T00:00:00Z')];
    expect(planSpend(lots, 100, now)).toEqual({ ok: true, allocations: [{ lotId: 'new', points: 100 }] });
  });

  it('refuses more than the live lots hold → INSUFFICIENT_POINTS', () => {
    const lots = [lot('old', 100, '2025-05-01T00:00:00Z'), lot('new', 100, null)];
    expect(planSpend(lots, 101, now)).toEqual({ ok: false, code: 'INSUFFICIENT_POINTS' });
  });

  const lotsArb = fc.uniqueArray(
    fc.record({
      id: fc.string({ minLength: 1, maxLength: 4 }),
      remaining: fc.nat({ max: 500 }),
      expiresAt: fc.option(
        fc.integer({ min: -100, max: 400 }).map((d) => new Date(now.getTime() + d * DAY)),
        { nil: null },
      ),
      earnedAt: fc.integer({ min: -800, max: 0 }).map((d) => new Date(now.getTime() + d * DAY)),
    }),
    { selector: (l) => l.id, maxLength: 12 },
  );

  it('consumes earliest-expiring first: every live lot ordered before the last one used is emptied', () => {
    fc.assert(
      fc.property(lotsArb, fc.nat({ max: 3000 }), (lots, points) => {
        const plan = planSpend(lots, points, now);
        if (!plan.ok) return;
        const used = new Map(plan.allocations.map((a) => [a.lotId, a.points]));
        const live = lots.filter((l) => isLotLive(l, now)).sort(compareLotsForSpending);
        const lastUsedIdx = live.findLastIndex((l) => used.has(l.id));
        live.slice(0, Math.max(0, lastUsedIdx)).forEach((l) => expect(used.get(l.id)).toBe(l.remaining));
        live.slice(lastUsedIdx + 1).forEach((l) => expect(used.has(l.id)).toBe(false));
      }),
    );
  });

  it('allocates exactly the points asked for, or refuses exactly when the live balance is short', () => {
    fc.assert(
      fc.property(lotsArb, fc.nat({ max: 3000 }), (lots, points) => {
        const plan = planSpend(lots, points, now);
        expect(plan.ok).toBe(points <= spendableBalance(lots, now));
        if (plan.ok) expect(plan.allocations.reduce((s, a) => s + a.points, 0)).toBe(points);
      }),
    );
  });
});

describe('refund reversal', () => {
  const order = (over: Partial<OrderPointsState> = {}): OrderPointsState => ({
    paidFen: 10_000,
    earnedPoints: 70,
    earnedGrowth: 100,
    redeemedPoints: 0,
    refundedFen: 0,
    reversedPoints: 0,
    reversedGrowth: 0,
    returnedRedeemedPoints: 0,
    ...over,
  });

  it('refunding half the order → reverses half the points it earned (70 → 35)', () => {
    expect(planRefund(order(), 5000)).toMatchObject({ ok: true, pointsToReverse: 35, growthToReverse: 50 });
  });

  it('rounds partial reversals down: a third of 70 → 23', () => {
    expect(planRefund(order(), 3333)).toMatchObject({ pointsToReverse: 23 });
  });

  it('the refund that completes the paid amount reverses the rest exactly', () => {
    expect(planRefund(order({ refundedFen: 3333, reversedPoints: 23, reversedGrowth: 33 }), 6667)).toMatchObject({
      pointsToReverse: 47,
      growthToReverse: 67,
      fullyRefunded: true,
    });
  });

  it('returns redeemed points in proportion: half refunded → half of 2000 redeemed points back', () => {
    expect(planRefund(order({ redeemedPoints: 2000 }), 5000)).toMatchObject({ redeemedPointsToReturn: 1000 });
  });

  it('refuses refunds summing past the paid amount → REFUND_EXCEEDS_PAID', () => {
    expect(planRefund(order({ refundedFen: 9000 }), 1001)).toEqual({ ok: false, code: 'REFUND_EXCEEDS_PAID' });
  });

  it('a zero refund of an order paid entirely with points returns all redeemed points', () => {
    expect(planRefund(order({ paidFen: 0, earnedPoints: 0, earnedGrowth: 0, redeemedPoints: 500 }), 0)).toMatchObject({
      redeemedPointsToReturn: 500,
      fullyRefunded: true,
    });
  });

  const refundsArb = fc
    .record({
      paid: fc.integer({ min: 1, max: 1_000_000 }),
      cuts: fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 8 }),
    })
    .map(({ paid, cuts }) => {
      const total = cuts.reduce((s, c) => s + c, 0) || 1;
      let acc = 0;
      const refunds = cuts.map((c) => {
        const r = Math.floor((paid * c) / total);
        acc += r;
        return r;
      });
      refunds[refunds.length - 1]! += paid - acc;
      return { paid, refunds };
    });

  function runRefunds(paid: number, refunds: number[], earned: number) {
    let state = order({ paidFen: paid, earnedPoints: earned, earnedGrowth: earned, redeemedPoints: earned });
    const cumulative: number[] = [];
    for (const r of refunds) {
      const plan = planRefund(state, r);
      if (!plan.ok) throw new Error('unexpected refusal');
      state = {
        ...state,
        refundedFen: plan.refundedFenAfter,
        reversedPoints: state.reversedPoints + plan.pointsToReverse,
        reversedGrowth: state.reversedGrowth + plan.growthToReverse,
        returnedRedeemedPoints: state.returnedRedeemedPoints + plan.redeemedPointsToReturn,
      };
      cumulative.push(state.reversedPoints);
    }
    return { state, cumulative };
  }

  it('cumulative reversals never exceed what the order earned', () => {
    fc.assert(
      fc.property(refundsArb, fc.nat({ max: 100_000 }), ({ paid, refunds }, earned) => {
        const { cumulative } = runRefunds(paid, refunds, earned);
        cumulative.forEach((c) => expect(c).toBeLessThanOrEqual(earned));
      }),
    );
  });

  it('refunding the full paid amount in any steps reverses exactly what was earned, growth and redeemed alike', () => {
    fc.assert(
      fc.property(refundsArb, fc.nat({ max: 100_000 }), ({ paid, refunds }, earned) => {
        const { state } = runRefunds(paid, refunds, earned);
        expect([state.reversedPoints, state.reversedGrowth, state.returnedRedeemedPoints]).toEqual([earned, earned, earned]);
      }),
    );
  });

  it('a refund that would pass the paid amount is refused whatever came before', () => {
    fc.assert(
      fc.property(refundsArb, fc.integer({ min: 1, max: 1000 }), ({ paid, refunds }, extra) => {
        const { state } = runRefunds(paid, refunds, 10);
        expect(planRefund(state, extra)).toEqual({ ok: false, code: 'REFUND_EXCEEDS_PAID' });
      }),
    );
  });
});

describe('shortfall', () => {
  it('reverses what the member still has and records the rest', () => {
    expect(applyReversal(30, 100)).toEqual({ reversed: 30, shortfall: 70 });
  });

  it('reverses everything when the balance covers it', () => {
    expect(applyReversal(500, 100)).toEqual({ reversed: 100, shortfall: 0 });
  });

  it('never leaves a negative balance', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), (balance, toReverse) => {
        const { reversed, shortfall } = applyReversal(balance, toReverse);
        expect(balance - reversed).toBeGreaterThanOrEqual(0);
        expect(reversed + shortfall).toBe(toReverse);
      }),
    );
  });

  it('planReversal takes the order’s own lot first, then by spending order', () => {
    const lots = [lot('early', 50, '2025-12-01T00:00:00Z'), lot('order', 20, '2026-12-31T16:00:00Z')];
    expect(planReversal(lots, 40, t0, 'order')).toEqual({
      allocations: [
        { lotId: 'order', points: 20 },
        { lotId: 'early', points: 20 },
      ],
      reversed: 40,
      shortfall: 0,
    });
  });

  it('planReversal records as shortfall what live lots cannot cover', () => {
    const lots = [lot('order', 20, '2026-12-31T16:00:00Z'), lot('gone', 500, '2025-01-01T00:00:00Z')];
    expect(planReversal(lots, 70, t0, 'order')).toMatchObject({ reversed: 20, shortfall: 50 });
  });

  it('a later credit pays the points debt before becoming spendable', () => {
    expect(settleShortfall(50, 80)).toEqual({ debtPaid: 50, credited: 30, debtAfter: 0 });
  });
});

describe('returning redeemed points', () => {
  const spent: RedeemedAllocation[] = [
    { lotId: 'a', points: 300, expiresAt: new Date('2025-04-01T00:00:00Z') },
    { lotId: 'b', points: 200, expiresAt: new Date('2026-01-01T00:00:00Z') },
  ];

  it('returns the latest-expiring points first, with their original expiry', () => {
    expect(planRedeemedReturn(spent, 0, 250, t0)).toEqual({
      credits: [
        { sourceLotId: 'b', points: 200, expiresAt: spent[1]!.expiresAt },
        { sourceLotId: 'a', points: 50, expiresAt: spent[0]!.expiresAt },
      ],
      forfeited: 0,
    });
  });

  it('skips what earlier refunds returned', () => {
    expect(planRedeemedReturn(spent, 250, 250, t0).credits).toEqual([
      { sourceLotId: 'a', points: 250, expiresAt: spent[0]!.expiresAt },
    ]);
  });

  it('forfeits points whose original lot has expired by the refund', () => {
    expect(planRedeemedReturn(spent, 200, 300, new Date('2025-05-01T00:00:00Z'))).toEqual({ credits: [], forfeited: 300 });
  });
});

// ─────────── a small in-memory ledger driven only through the rules above ───────────

type Op =
  | { kind: 'earn'; amountFen: number; redeemShare: number } // redeemShare: % of the most points allowed
  | { kind: 'spend'; points: number }
  | { kind: 'refund'; order: number; share: number } // share: % of what is left to refund
  | { kind: 'advance'; hours: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('earn' as const),
      amountFen: fc.nat({ max: 200_000 }),
      redeemShare: fc.oneof(fc.constant(100), fc.integer({ min: 0, max: 100 })),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('spend' as const), points: fc.nat({ max: 1500 }) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('refund' as const),
      order: fc.nat({ max: 20 }),
      share: fc.oneof(fc.constant(100), fc.integer({ min: 1, max: 100 })),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('advance' as const), hours: fc.integer({ min: 1, max: 24 * 120 }) }) },
);
const policyArb: fc.Arbitrary<ExpiryPolicyConfig> = fc.constantFrom<ExpiryPolicyConfig>(
  { code: 'end_of_next_year' },
  { code: 'days', args: { days: 30 } },
  { code: 'end_of_month' },
  { code: 'never' },
);

interface ModelOrder {
  state: OrderPointsState;
  lotId: string | null;
  spent: RedeemedAllocation[];
}

function runModel(ops: Op[], policy: ExpiryPolicyConfig) {
  let now = new Date('2025-01-01T00:00:00Z');
  const lots: PointsLot[] = [];
  const orders: ModelOrder[] = [];
  let ledger = 0; // the balance as the sum of ledger entries
  let debt = 0;
  let nextId = 0;
  const checks: { ledger: number; lots: number; minRemaining: number; orders: OrderPointsState[] }[] = [];

  const take = (allocations: LotAllocation[]) => {
    for (const a of allocations) {
      const l = lots.find((x) => x.id === a.lotId)!;
      l.remaining -= a.points;
      ledger -= a.points;
    }
  };
  const credit = (points: number, expiresAt: Date | null): string | null => {
    const s = settleShortfall(debt, points);
    debt = s.debtAfter;
    if (s.credited === 0) return null;
    const id = `L${String(nextId++).padStart(4, '0')}`;
    lots.push({ id, remaining: s.credited, expiresAt, earnedAt: now });
    ledger += s.credited;
    return id;
  };

  for (const op of ops) {
    if (op.kind === 'earn') {
      const balance = spendableBalance(lots, now);
      const max = maxRedeemablePoints(balance, op.amountFen);
      const want = Math.floor((max * op.redeemShare) / 100 / 100) * 100; // a share (%) of the max, in whole units
      const r = planPointsRedemption({ pointsToRedeem: want, balance, amountFen: op.amountFen });
      if (!r.ok) throw new Error(`redemption refused: ${r.code}`);
      const spend = planSpend(lots, r.pointsUsed, now);
      if (!spend.ok) throw new Error('spend refused after redemption was allowed');
      const spent = spend.allocations.map((a) => ({ ...a, expiresAt: lots.find((l) => l.id === a.lotId)!.expiresAt }));
      take(spend.allocations);
      const paidFen = op.amountFen - r.discountFen;
      const { points, growth } = earningForOrder(paidFen, DEFAULT_EARNING);
      const lotId = points > 0 ? credit(points, lotExpiresAt(policy, now)) : null;
      orders.push({
        lotId,
        spent,
        state: {
          paidFen,
          earnedPoints: points,
          earnedGrowth: growth,
          redeemedPoints: r.pointsUsed,
          refundedFen: 0,
          reversedPoints: 0,
          reversedGrowth: 0,
          returnedRedeemedPoints: 0,
        },
      });
    } else if (op.kind === 'spend') {
      const plan = planSpend(lots, op.points, now);
      if (plan.ok) take(plan.allocations);
    } else if (op.kind === 'refund') {
      const o = orders[op.order % Math.max(1, orders.length)];
      if (!o) continue;
      const left = o.state.paidFen - o.state.refundedFen;
      const plan = planRefund(o.state, Math.ceil((left * op.share) / 100));
      if (!plan.ok) throw new Error('refund within paid was refused');
      const rev = planReversal(lots, plan.pointsToReverse, now, o.lotId ?? undefined);
      take(rev.allocations);
      debt += rev.shortfall;
      const back = planRedeemedReturn(o.spent, o.state.returnedRedeemedPoints, plan.redeemedPointsToReturn, now);
      for (const c of back.credits) credit(c.points, c.expiresAt);
      o.state = {
        ...o.state,
        refundedFen: plan.refundedFenAfter,
        reversedPoints: o.state.reversedPoints + plan.pointsToReverse,
        reversedGrowth: o.state.reversedGrowth + plan.growthToReverse,
        returnedRedeemedPoints: o.state.returnedRedeemedPoints + plan.redeemedPointsToReturn,
      };
    } else {
      now = new Date(now.getTime() + op.hours * 3_600_000);
      for (const e of expiredLotsAt(lots, now)) take([e]);
      expect(expiredLotsAt(lots, now)).toEqual([]); // re-running the expiry job finds nothing
    }
    checks.push({
      ledger,
      lots: spendableBalance(lots, now),
      minRemaining: Math.min(0, ...lots.map((l) => l.remaining)),
      orders: orders.map((o) => o.state),
    });
  }
  return checks;
}

describe('ledger model (earn / redeem / spend / refund / expire through the rules)', () => {
  const modelArb = fc.tuple(fc.array(opArb, { maxLength: 40 }), policyArb);

  it('the balance always equals the sum of unexpired lot remainders', () => {
    fc.assert(
      fc.property(modelArb, ([ops, policy]) => {
        runModel(ops, policy).forEach((c) => expect(c.ledger).toBe(c.lots));
      }),
    );
  });

  it('the balance never goes negative and no lot holds negative points', () => {
    fc.assert(
      fc.property(modelArb, ([ops, policy]) => {
        runModel(ops, policy).forEach((c) => {
          expect(c.ledger).toBeGreaterThanOrEqual(0);
          expect(c.minRemaining).toBe(0);
        });
      }),
    );
  });

  it('no order ever has more reversed than it earned, nor more returned than it redeemed', () => {
    fc.assert(
      fc.property(modelArb, ([ops, policy]) => {
        runModel(ops, policy).forEach((c) =>
          c.orders.forEach((o) => {
            expect(o.reversedPoints).toBeLessThanOrEqual(o.earnedPoints);
            expect(o.reversedGrowth).toBeLessThanOrEqual(o.earnedGrowth);
            expect(o.returnedRedeemedPoints).toBeLessThanOrEqual(o.redeemedPoints);
            expect(o.refundedFen).toBeLessThanOrEqual(o.paidFen);
          }),
        );
      }),
    );
  });
});

describe('the earning rule registry (EARNING_RULES)', () => {
  const cfg = { pointsPerYuan: 1.5, growthPerYuan: 1 };
  const lines = [
    { category: 'coffee', paidFen: 3333 },
    { category: 'food', paidFen: 6667 },
  ];

  it('lists every rule code for DTOs, each filed under its own code', () => {
    expect(EARNING_RULE_CODES).toEqual(['per_yuan_paid', 'category_bonus', 'member_day']);
    for (const c of EARNING_RULE_CODES) expect(EARNING_RULES[c].code).toBe(c);
  });

  it('no rules listed → per_yuan_paid alone, exactly as before (× tier multiplier)', () => {
    expect(earningForOrder(10000, cfg, { pointsMultiplierBp: 12000 }, lines)).toEqual({ points: 180, growth: 100 });
  });

  it('category_bonus adds floor(category paid × rate × multiplier), without the tier multiplier', () => {
    const rules: EarningRuleConfig[] = [
      { code: 'per_yuan_paid', args: {} },
      { code: 'category_bonus', args: { category: 'coffee', multiplierBp: 10000 } },
    ];
    // base floor(100 × 1.5 × 1.2) = 180; bonus floor(33.33 × 1.5) = 49.
    expect(earningForOrder(10000, { ...cfg, rules }, { pointsMultiplierBp: 12000 }, lines).points).toBe(180 + 49);
    expect(earningForOrder(10000, { ...cfg, rules }, { pointsMultiplierBp: 12000 }, []).points).toBe(180);
  });

  it('describes the rules as a member reads them', () => {
    expect(
      describeEarningRules({
        ...cfg,
        rules: [
          { code: 'per_yuan_paid', args: {} },
          { code: 'category_bonus', args: { category: '咖啡', multiplierBp: 5000 } },
        ],
      }),
    ).toEqual(['实付每 ¥1 得 1.5 积分（再乘等级积分倍数）', '「咖啡」类商品实付每 ¥1 额外得 0.75 积分']);
  });
});
