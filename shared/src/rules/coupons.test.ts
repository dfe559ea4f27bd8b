import fc from 'fast-check';
import {
  bestSingleCoupon,
  checkCouponApplicable,
  checkCouponRedeemable,
  COUPON_KIND_CODES,
  COUPON_KINDS,
  couponFaceOf,
  couponValidity,
  describeCouponTerms,
  isCouponRefusal,
  orderDiscount,
} from './coupons.js';
import type { CouponContext, CouponForOrder, CouponTerms } from './coupons.js';

const now = new Date('2025-06-10T04:00:00Z'); // 12:00 in Shanghai
const coupon = (id: string, terms: CouponTerms, over: Partial<CouponForOrder> = {}): CouponForOrder => ({
  id,
  terms,
  validFrom: new Date('2025-06-01T00:00:00Z'),
  expiresAt: new Date('2025-07-01T00:00:00Z'),
  ...over,
});
const ctx = (amountFen: number, over: Partial<CouponContext> = {}): CouponContext => ({
  now,
  amountFen,
  storeId: 's1',
  tierCode: 'normal',
  ...over,
});
const cash = (amountOff: number, threshold = 0, stackable = false): CouponTerms => ({
  kind: 'cash',
  amountOff,
  threshold,
  stackable,
});
const percent = (percentOff: number, maxOff: number | null = null, stackable = false): CouponTerms => ({
  kind: 'percent',
  percentOff,
  maxOff,
  stackable,
});

describe('coupon kinds', () => {
  it('满100减20 on ¥120 takes ¥20 off', () => {
    expect(orderDiscount([coupon('c', cash(2000, 10000))], ctx(12000))).toMatchObject({
      ok: true,
      discountFen: 2000,
      payableFen: 10000,
    });
  });

  it('满100减20 on ¥99.99 does not apply (below threshold)', () => {
    expect(orderDiscount([coupon('c', cash(2000, 10000))], ctx(9999))).toMatchObject({
      ok: false,
      code: 'COUPON_NOT_APPLICABLE',
      reason: 'below_threshold',
      couponId: 'c',
    });
  });

  it('a no-threshold ¥50 coupon on a ¥30 order takes only ¥30 off', () => {
    expect(orderDiscount([coupon('c', cash(5000))], ctx(3000))).toMatchObject({ discountFen: 3000, payableFen: 0 });
  });

  it('20% off ¥88.88 takes ¥17.77 off (rounded down to the fen)', () => {
    expect(orderDiscount([coupon('p', percent(20))], ctx(8888))).toMatchObject({ discountFen: 1777 });
  });

  it('20% off capped at ¥30 takes ¥30 off a ¥500 order', () => {
    expect(orderDiscount([coupon('p', percent(20, 3000))], ctx(50000))).toMatchObject({ discountFen: 3000 });
  });

  it('a gift coupon takes nothing off an order and is refused there', () => {
    expect(checkCouponApplicable(coupon('g', { kind: 'gift' }), ctx(10000))).toEqual({
      ok: false,
      code: 'COUPON_NOT_APPLICABLE',
      reason: 'gift_coupon',
    });
  });

  it('a gift coupon can be redeemed on its own at the till', () => {
    expect(checkCouponRedeemable(coupon('g', { kind: 'gift' }), ctx(0))).toEqual({ ok: true });
  });

  it('validates template terms per kind', () => {
    expect([
      COUPON_KINDS.cash.validateTerms({ kind: 'cash', amountOff: 0 }).length > 0,
      COUPON_KINDS.percent.validateTerms({ kind: 'percent', percentOff: 100 }).length > 0,
      COUPON_KINDS.percent.validateTerms({ kind: 'percent', percentOff: 15, maxOff: 2000 }).length,
    ]).toEqual([true, true, 0]);
  });
});

describe('applicability', () => {
  it('an expired coupon → COUPON_EXPIRED', () => {
    expect(checkCouponApplicable(coupon('c', cash(100), { expiresAt: now }), ctx(1000))).toEqual({
      ok: false,
      code: 'COUPON_EXPIRED',
    });
  });

  it('a coupon before its window → not_yet_valid', () => {
    expect(checkCouponApplicable(coupon('c', cash(100), { validFrom: new Date(now.getTime() + 1) }), ctx(1000))).toMatchObject({
      reason: 'not_yet_valid',
    });
  });

  it('a used coupon → COUPON_ALREADY_USED', () => {
    expect(checkCouponApplicable(coupon('c', cash(100), { status: 'used' }), ctx(1000))).toEqual({
      ok: false,
      code: 'COUPON_ALREADY_USED',
    });
  });

  it('a coupon for other stores → store_not_eligible', () => {
    expect(checkCouponApplicable(coupon('c', { ...cash(100), storeIds: ['s2'] }), ctx(1000))).toMatchObject({
      reason: 'store_not_eligible',
    });
  });

  it('an empty store list means every store', () => {
    expect(checkCouponApplicable(coupon('c', { ...cash(100), storeIds: [] }), ctx(1000))).toEqual({ ok: true });
  });

  it('a 金卡-only coupon refuses a 银卡 member and accepts a 白金 one', () => {
    const c = coupon('c', { ...cash(100), minTier: 'gold' });
    expect([
      checkCouponApplicable(c, ctx(1000, { tierCode: 'silver' })).ok,
      checkCouponApplicable(c, ctx(1000, { tierCode: 'platinum' })).ok,
    ]).toEqual([false, true]);
  });
});

describe('stacking', () => {
  it('refuses two non-stackable coupons on one order', () => {
    expect(orderDiscount([coupon('a', cash(100)), coupon('b', percent(10))], ctx(10000))).toMatchObject({
      ok: false,
      reason: 'not_stackable',
    });
  });

  it('refuses a stackable coupon together with a non-stackable one', () => {
    expect(orderDiscount([coupon('a', cash(100, 0, true)), coupon('b', cash(200))], ctx(10000))).toMatchObject({
      ok: false,
      reason: 'not_stackable',
      couponId: 'b',
    });
  });

  it('applies cash before percent: ¥100 − ¥20, then 10% of ¥80 → ¥28 off', () => {
    const r = orderDiscount([coupon('p', percent(10, null, true)), coupon('c', cash(2000, 10000, true))], ctx(10000));
    expect(r).toEqual({
      ok: true,
      discountFen: 2800,
      payableFen: 7200,
      lines: [
        { couponId: 'c', kind: 'cash', discountFen: 2000 },
        { couponId: 'p', kind: 'percent', discountFen: 800 },
      ],
    });
  });

  it('checks every threshold against the amount before coupons', () => {
    const r = orderDiscount([coupon('a', cash(2000, 10000, true)), coupon('b', cash(1000, 10000, true))], ctx(10000));
    expect(r).toMatchObject({ ok: true, discountFen: 3000 });
  });

  it('refuses the same coupon twice', () => {
    expect(orderDiscount([coupon('a', cash(100, 0, true)), coupon('a', cash(100, 0, true))], ctx(10000))).toMatchObject({
      reason: 'duplicate',
    });
  });

  it('no coupons → no discount', () => {
    expect(orderDiscount([], ctx(5000))).toEqual({ ok: true, discountFen: 0, payableFen: 5000, lines: [] });
  });

  it('bestSingleCoupon picks the biggest discount', () => {
    const r = bestSingleCoupon(
      [coupon('a', cash(1000, 5000)), coupon('b', percent(20)), coupon('g', { kind: 'gift' })],
      ctx(10000),
    );
    expect(r).toEqual({ couponId: 'b', discountFen: 2000 });
  });

  const termsArb: fc.Arbitrary<CouponTerms> = fc.oneof(
    fc.record({
      kind: fc.constant('cash' as const),
      amountOff: fc.integer({ min: 1, max: 50_000 }),
      threshold: fc.nat({ max: 50_000 }),
      stackable: fc.boolean(),
    }),
    fc.record({
      kind: fc.constant('percent' as const),
      percentOff: fc.integer({ min: 1, max: 99 }),
      maxOff: fc.option(fc.integer({ min: 1, max: 50_000 }), { nil: null }),
      threshold: fc.nat({ max: 50_000 }),
      stackable: fc.boolean(),
    }),
  );
  const couponsArb = fc
    .uniqueArray(fc.record({ id: fc.string({ minLength: 1, maxLength: 3 }), terms: termsArb }), {
      selector: (c) => c.id,
      maxLength: 5,
    })
    .map((cs) => cs.map((c) => coupon(c.id, c.terms)));

  it('the discount never exceeds the amount and payable is never negative', () => {
    fc.assert(
      fc.property(couponsArb, fc.nat({ max: 100_000 }), (cs, amount) => {
        const r = orderDiscount(cs, ctx(amount));
        if (!r.ok) return;
        expect(r.discountFen).toBeLessThanOrEqual(amount);
        expect(r.payableFen).toBeGreaterThanOrEqual(0);
        expect(r.lines.reduce((s, l) => s + l.discountFen, 0)).toBe(r.discountFen);
      }),
    );
  });

  it('an accepted set with more than one coupon holds no non-stackable coupon', () => {
    fc.assert(
      fc.property(couponsArb, fc.nat({ max: 100_000 }), (cs, amount) => {
        const r = orderDiscount(cs, ctx(amount));
        if (r.ok && cs.length > 1) expect(cs.every((c) => c.terms.stackable)).toBe(true);
      }),
    );
  });

  it('the result does not depend on the order the coupons were scanned in', () => {
    fc.assert(
      fc.property(couponsArb, fc.nat({ max: 100_000 }), (cs, amount) => {
        expect(orderDiscount([...cs].reverse(), ctx(amount))).toEqual(orderDiscount(cs, ctx(amount)));
      }),
    );
  });
});

describe('validity', () => {
  it('7 days after a claim on Monday 2025-06-09 → usable through Sunday, expires 2025-06-16 00:00 Shanghai', () => {
    const claimedAt = new Date('2025-06-09T15:00:00+08:00');
    expect(couponValidity({ type: 'days_after_claim', days: 7 }, claimedAt)).toEqual({
      validFrom: claimedAt,
      expiresAt: new Date('2025-06-15T16:00:00Z'),
    });
  });

  it('a fixed window covers whole local days', () => {
    expect(couponValidity({ type: 'window', validFrom: '2025-06-01', validTo: '2025-06-30' }, now)).toEqual({
      validFrom: new Date('2025-05-31T16:00:00Z'),
      expiresAt: new Date('2025-06-30T16:00:00Z'),
    });
  });

  it('a claim late at night counts the claim day in the programme timezone', () => {
    const claimedAt = new Date('2025-06-09T23:30:00+08:00'); // still 9 June in Shanghai, 15:30 UTC
    expect(couponValidity({ type: 'days_after_claim', days: 1 }, claimedAt).expiresAt).toEqual(new Date('2025-06-09T16:00:00Z'));
  });
});

describe('the coupon kind registry (COUPON_KINDS)', () => {
  it('lists every kind for DTOs, each filed under its own code', () => {
    expect(COUPON_KIND_CODES).toEqual(['cash', 'percent', 'gift']);
    for (const k of COUPON_KIND_CODES) expect(COUPON_KINDS[k].code).toBe(k);
  });

  it('each kind words its terms', () => {
    expect(describeCouponTerms({ kind: 'cash', threshold: 10000, amountOff: 2000 })).toBe('满100减20');
    expect(describeCouponTerms({ kind: 'cash', amountOff: 500 })).toBe('无门槛减5');
    expect(describeCouponTerms({ kind: 'percent', threshold: 20000, percentOff: 20, maxOff: 5000 })).toBe('满200享8折 最高减50');
    expect(describeCouponTerms({ kind: 'gift' })).toBe('兑换礼品');
  });

  it('each kind gives its face value', () => {
    expect(couponFaceOf({ kind: 'cash', threshold: 10000, amountOff: 2000 })).toEqual({
      value: '20',
      unit: '元',
      note: '满100可用',
    });
    expect(couponFaceOf({ kind: 'percent', percentOff: 15, maxOff: 3000 })).toEqual({
      value: '8.5',
      unit: '折',
      note: '最高减30',
    });
    expect(couponFaceOf({ kind: 'gift' })).toEqual({ value: '礼品', unit: '', note: '到店兑换' });
  });

  it('tells a coupon refusal from any other', () => {
    expect(isCouponRefusal({ ok: false, code: 'COUPON_EXPIRED' })).toBe(true);
    expect(isCouponRefusal({ ok: false, code: 'INSUFFICIENT_POINTS' })).toBe(false);
  });
});
