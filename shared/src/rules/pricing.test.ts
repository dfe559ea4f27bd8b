import fc from 'fast-check';
import type { CouponForOrder } from './coupons.js';
import { DEFAULT_EARNING, DEFAULT_REDEMPTION, earningForOrder, pointsForPaid } from './points.js';
import type { EarningConfig } from './points.js';
import { allocateFen, earningLines, fenOff, itemsTotal, memberRateBp, priceOrder } from './pricing.js';
import type { PricingInput, PricingProgramme } from './pricing.js';
import { DEFAULT_TIERS } from './tiers.js';

const programme: PricingProgramme = { earning: DEFAULT_EARNING, redemption: DEFAULT_REDEMPTION };
const silver = DEFAULT_TIERS.find((t) => t.code === 'silver')!;
const normal = DEFAULT_TIERS[0]!;
const now = new Date('2026-06-01T04:00:00Z');
const ctx = { now, storeId: 'store-1', tierCode: 'silver' as const, tiers: DEFAULT_TIERS };

const coupon = (id: string, terms: CouponForOrder['terms']): CouponForOrder => ({
  id,
  terms,
  validFrom: new Date('2026-01-01T00:00:00Z'),
  expiresAt: new Date('2027-01-01T00:00:00Z'),
  status: 'available',
});

const base = (over: Partial<PricingInput> = {}): PricingInput => ({
  amountFen: 10000,
  tier: silver,
  couponContext: ctx,
  pointsBalance: 0,
  storedBalance: 0,
  ...over,
});

// Arbitrary orders: amount, tier rate and multiplier, optional paid-membership rate, at most one
// stackable cash and one stackable percent coupon, points in units of 100, some stored value.
const arbInput = fc
  .record({
    amountFen: fc.integer({ min: 1, max: 5_000_000 }),
    discountRateBp: fc.integer({ min: 5000, max: 10000 }),
    pointsMultiplierBp: fc.integer({ min: 10000, max: 20000 }),
    paid: fc.option(fc.integer({ min: 5000, max: 10000 }), { nil: undefined }),
    cashOff: fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: undefined }),
    percentOff: fc.option(fc.integer({ min: 1, max: 99 }), { nil: undefined }),
    pointsUnits: fc.integer({ min: 0, max: 500 }),
    pointsBalance: fc.integer({ min: 0, max: 100_000 }),
    storedBalance: fc.integer({ min: 0, max: 5_000_000 }),
    balanceShare: fc.integer({ min: 0, max: 100 }),
  })
  .map((r): PricingInput => ({
    amountFen: r.amountFen,
    tier: { discountRateBp: r.discountRateBp, pointsMultiplierBp: r.pointsMultiplierBp },
    paidMembershipRateBp: r.paid,
    coupons: [
      ...(r.cashOff ? [coupon('a', { kind: 'cash', amountOff: r.cashOff, stackable: true })] : []),
      ...(r.percentOff ? [coupon('b', { kind: 'percent', percentOff: r.percentOff, stackable: true })] : []),
    ],
    couponContext: ctx,
    pointsToRedeem: r.pointsUnits * 100,
    pointsBalance: r.pointsBalance,
    storedBalance: r.storedBalance,
    payWithBalance: Math.floor((r.storedBalance * r.balanceShare) / 100),
  }));

/** Prices the order; on a refusal retries without points and balance, so most runs check an ok result. */
function priced(input: PricingInput) {
  const r = priceOrder(input, programme);
  if (r.ok) return r;
  const again = priceOrder({ ...input, pointsToRedeem: 0, payWithBalance: 0 }, programme);
  if (!again.ok) throw new Error(`refused without spending: ${again.code}`);
  return again;
}

describe('priceOrder properties', () => {
  it('never a negative payable', () => {
    fc.assert(fc.property(arbInput, (input) => priced(input).payable >= 0));
  });

  it('the discounts sum to discount', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const r = priced(input);
        return r.discounts.memberPrice + r.discounts.coupons + r.discounts.points === r.discount;
      }),
    );
  });

  it('payable is amount − discount', () => {
    fc.assert(fc.property(arbInput, (input) => priced(input).payable === input.amountFen - priced(input).discount));
  });

  it('the tenders sum to payable', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const r = priced(input);
        return r.tenders.balance + r.tenders.external === r.payable && r.tenders.balance >= 0 && r.tenders.external >= 0;
      }),
    );
  });

  it('earns only on what was paid (balance + external)', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const r = priced(input);
        const expected = earningForOrder(r.tenders.balance + r.tenders.external, programme.earning, input.tier);
        return r.earned.points === expected.points && r.earned.growth === expected.growth;
      }),
    );
  });

  it('member price never increases the price, and never more than the better rate takes off', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const r = priceOrder({ ...input, coupons: [], pointsToRedeem: 0, payWithBalance: 0 }, programme);
        if (!r.ok) return false;
        const rate = memberRateBp(input.tier, input.paidMembershipRateBp);
        return (
          r.discounts.memberPrice >= 0 &&
          r.payable <= input.amountFen &&
          r.payable >= Math.floor((input.amountFen * rate) / 10000) &&
          r.discounts.memberPrice === fenOff(input.amountFen, 10000 - rate)
        );
      }),
    );
  });

  it('refusals of coupons and points carry the API codes', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const r = priceOrder(input, programme);
        if (r.ok) return true;
        return [
          'COUPON_NOT_APPLICABLE',
          'COUPON_EXPIRED',
          'COUPON_ALREADY_USED',
          'INSUFFICIENT_POINTS',
          'POINTS_REDEEM_NOT_ALLOWED',
          'INSUFFICIENT_BALANCE',
          'VALIDATION_FAILED',
        ].includes(r.code);
      }),
    );
  });
});

// The same orders with items of two categories (the amount is their total) under a programme with
// a category bonus on coffee beside the per-yuan rule.
const bonusEarning: EarningConfig = {
  ...DEFAULT_EARNING,
  rules: [
    { code: 'per_yuan_paid', args: {} },
    { code: 'category_bonus', args: { category: 'coffee', multiplierBp: 20000 } },
  ],
};
const bonusProgramme: PricingProgramme = { earning: bonusEarning, redemption: DEFAULT_REDEMPTION };
const arbItems = fc.array(
  fc.record({
    category: fc.constantFrom('coffee', 'food', null),
    quantity: fc.integer({ min: 1, max: 3 }),
    unitPrice: fc.integer({ min: 1, max: 200_000 }),
  }),
  { minLength: 1, maxLength: 5 },
);
const arbItemsInput = fc.tuple(arbInput, arbItems).map(([input, items]): PricingInput => {
  const lines = items.map((i, k) => ({ sku: `sku-${k}`, name: `item ${k}`, ...i }));
  return { ...input, items: lines, amountFen: itemsTotal(lines) };
});

describe('earning rules in priceOrder (category_bonus)', () => {
  it('allocateFen splits exactly: Σ shares = total, each within one fen of its exact share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 8 }),
        (total, weights) => {
          const shares = allocateFen(total, weights);
          const sum = weights.reduce((a, b) => a + b, 0);
          if (sum === 0) return shares.every((x) => x === 0);
          return (
            shares.reduce((a, b) => a + b, 0) === total && shares.every((x, i) => Math.abs(x - (total * weights[i]!) / sum) < 1)
          );
        },
      ),
    );
  });

  it('the bonus is earned only on what was paid for the category, never on a discount', () => {
    fc.assert(
      fc.property(arbItemsInput, (input) => {
        const r = priceOrder(input, bonusProgramme);
        if (!r.ok) return true;
        const paid = r.tenders.balance + r.tenders.external;
        const base = pointsForPaid(paid, bonusEarning, input.tier.pointsMultiplierBp);
        const coffeePaid = earningLines(input.items, paid)
          .filter((l) => l.category === 'coffee')
          .reduce((a, l) => a + l.paidFen, 0);
        const bonus = r.earned.points - base;
        return (
          coffeePaid <= paid &&
          bonus === pointsForPaid(coffeePaid, bonusEarning, 20000) &&
          bonus <= pointsForPaid(paid, bonusEarning, 20000) &&
          (paid > 0 || r.earned.points === 0)
        );
      }),
    );
  });

  it('¥100 with ¥60 of coffee, ¥20 coupon → coffee carries ¥48 of ¥80 paid → 80 + 96 points', () => {
    const items = [
      { sku: 'latte', name: '拿铁', category: 'coffee', quantity: 2, unitPrice: 3000 },
      { sku: 'bagel', name: '贝果', category: 'food', quantity: 1, unitPrice: 4000 },
    ];
    const r = priceOrder(
      base({
        items,
        tier: normal,
        coupons: [coupon('c', { kind: 'cash', amountOff: 2000 })],
      }),
      bonusProgramme,
    );
    expect(r).toMatchObject({ ok: true, payable: 8000, earned: { points: 80 + 96, growth: 80 } });
  });

  it('an order without items earns no bonus', () => {
    const r = priceOrder(base({ tier: normal }), bonusProgramme);
    expect(r).toMatchObject({ ok: true, earned: { points: 100 } });
  });
});

describe('priceOrder examples', () => {
  it('charges the silver member ¥98 for a ¥100 order and earns 1.2× on ¥98', () => {
    const r = priceOrder(base(), programme);
    expect(r).toMatchObject({
      ok: true,
      discounts: { memberPrice: 200, coupons: 0, points: 0 },
      discount: 200,
      payable: 9800,
      tenders: { balance: 0, external: 9800 },
      earned: { points: 117, growth: 98 },
    });
  });

  it('charges a normal member full price', () => {
    expect(priceOrder(base({ tier: normal }), programme)).toMatchObject({ payable: 10000, discounts: { memberPrice: 0 } });
  });

  it('takes the better of the tier and paid-membership rates', () => {
    expect(priceOrder(base({ paidMembershipRateBp: 9000 }), programme)).toMatchObject({ payable: 9000, memberRateBp: 9000 });
    expect(priceOrder(base({ paidMembershipRateBp: 9900 }), programme)).toMatchObject({ payable: 9800, memberRateBp: 9800 });
  });

  it('caps points at maxShareBp of what is left after member price', () => {
    // ¥98 after member price; 50% → ¥49 → at most 4900 points; 5000 points (¥50) is refused.
    expect(priceOrder(base({ pointsToRedeem: 4900, pointsBalance: 10000 }), programme)).toMatchObject({
      payable: 4900,
      discounts: { memberPrice: 200, coupons: 0, points: 4900 },
      pointsRedeemed: 4900,
    });
    expect(priceOrder(base({ pointsToRedeem: 5000, pointsBalance: 10000 }), programme)).toEqual({
      ok: false,
      code: 'POINTS_REDEEM_NOT_ALLOWED',
      reason: 'exceeds_order_share',
    });
  });

  it('checks coupon thresholds against the member price', () => {
    const c = coupon('c', { kind: 'cash', threshold: 10000, amountOff: 1000 });
    expect(priceOrder(base({ coupons: [c] }), programme)).toMatchObject({ ok: false, reason: 'below_threshold' });
    expect(priceOrder(base({ tier: normal, coupons: [c] }), programme)).toMatchObject({ payable: 9000 });
  });

  it('applies member price, then coupons, then points', () => {
    const c = coupon('c', { kind: 'percent', percentOff: 10 });
    // 10000 → 9800 → 10% off 9800 = 980 → 8820 → 100 points = ¥1 → 8720.
    expect(priceOrder(base({ coupons: [c], pointsToRedeem: 100, pointsBalance: 100 }), programme)).toMatchObject({
      discounts: { memberPrice: 200, coupons: 980, points: 100 },
      payable: 8720,
    });
  });

  it('refuses stored value the member does not have with INSUFFICIENT_BALANCE', () => {
    expect(priceOrder(base({ payWithBalance: 1 }), programme)).toEqual({ ok: false, code: 'INSUFFICIENT_BALANCE' });
  });

  it('pays with the balance, then externally, and earns on both', () => {
    expect(priceOrder(base({ payWithBalance: 5000, storedBalance: 6000 }), programme)).toMatchObject({
      tenders: { balance: 5000, external: 4800 },
      earned: { points: 117, growth: 98 },
    });
    expect(priceOrder(base({ payWithBalance: 9801, storedBalance: 20000 }), programme)).toMatchObject({
      ok: false,
      code: 'VALIDATION_FAILED',
    });
  });

  it('refuses items that do not add up to the amount', () => {
    const items = [
      { sku: 'A1', name: '拿铁', category: 'coffee', quantity: 2, unitPrice: 3000 },
      { sku: 'B2', name: '司康', quantity: 1, unitPrice: 4000 },
    ];
    expect(itemsTotal(items)).toBe(10000);
    expect(priceOrder(base({ items }), programme)).toMatchObject({ ok: true, payable: 9800 });
    expect(priceOrder(base({ items, amountFen: 9999 }), programme)).toEqual({ ok: false, code: 'ITEMS_TOTAL_MISMATCH' });
  });

  it('rounds the member-price discount down to the fen', () => {
    // 9800 of 1 fen → nothing off; of 99 fen: 1.98 fen off → 1.
    expect(priceOrder(base({ amountFen: 1 }), programme)).toMatchObject({ payable: 1 });
    expect(priceOrder(base({ amountFen: 99 }), programme)).toMatchObject({ payable: 98, discounts: { memberPrice: 1 } });
  });
});

describe('priceOrder with a paid membership', () => {
  const programme = { earning: { pointsPerYuan: 1, growthPerYuan: 1 }, redemption: DEFAULT_REDEMPTION } as PricingProgramme;
  const input = {
    amountFen: 10000,
    tier: { discountRateBp: 9800, pointsMultiplierBp: 12000 },
    couponContext: ctx,
    pointsBalance: 0,
    storedBalance: 0,
  };

  it('applies the better price rate and stacks the points multiplier', () => {
    const r = priceOrder({ ...input, paidMembershipRateBp: 9500, paidMembershipPointsMultiplierBp: 15000 }, programme);
    // ¥95 paid: 95 points × 1.2 × 1.5 = 171
    expect(r).toMatchObject({ ok: true, memberRateBp: 9500, payable: 9500, earned: { points: 171, growth: 95 } });
  });

  it('keeps the tier rate when it is better', () => {
    expect(priceOrder({ ...input, paidMembershipRateBp: 9900 }, programme)).toMatchObject({ memberRateBp: 9800, payable: 9800 });
  });
});
