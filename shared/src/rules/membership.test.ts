import fc from 'fast-check';
import {
  combinedMultiplierBp,
  membershipBenefitLines,
  membershipPlanProblems,
  planPurchase,
  proRataRefund,
  termEndFromPurchases,
  type MembershipBenefits,
} from './membership.js';

const NOW = new Date('2026-12-02T08:00:00Z');
const DAY = 86_400_000;
const at = (days: number) => new Date(NOW.getTime() + days * DAY);
const plus: MembershipBenefits = { discountRateBp: 9500, pointsMultiplierBp: 15000, monthlyCouponTemplateId: null };

describe('planPurchase', () => {
  it('a first purchase starts now', () => {
    expect(planPurchase(null, { termDays: 30, trial: false, benefits: plus }, false, NOW)).toEqual({
      ok: true,
      startsAt: NOW,
      endsAt: at(30),
    });
  });

  it('a renewal during a term stacks on its end', () => {
    expect(
      planPurchase({ expiresAt: at(10), benefits: plus }, { termDays: 90, trial: false, benefits: plus }, false, NOW),
    ).toEqual({
      ok: true,
      startsAt: at(10),
      endsAt: at(100),
    });
  });

  it('after the term ended it starts now again', () => {
    expect(
      planPurchase({ expiresAt: at(-1), benefits: plus }, { termDays: 30, trial: false, benefits: plus }, false, NOW),
    ).toMatchObject({
      startsAt: NOW,
    });
  });

  it('the free trial is once per member', () => {
    expect(planPurchase(null, { termDays: 7, trial: true, benefits: plus }, true, NOW)).toEqual({
      ok: false,
      code: 'TRIAL_ALREADY_USED',
    });
  });

  it('other benefits cannot stack on a running term', () => {
    const other = { ...plus, discountRateBp: 9000 };
    expect(
      planPurchase({ expiresAt: at(5), benefits: plus }, { termDays: 30, trial: false, benefits: other }, false, NOW),
    ).toMatchObject({
      code: 'MEMBERSHIP_PLAN_CONFLICT',
    });
  });
});

describe('proRataRefund', () => {
  it('returns the unused share of each term, a future term whole', () => {
    const purchases = [
      { id: 'a', price: 3000, startsAt: at(-10), endsAt: at(20), refunded: 0 },
      { id: 'b', price: 3000, startsAt: at(20), endsAt: at(50), refunded: 0 },
      { id: 'c', price: 3000, startsAt: at(-60), endsAt: at(-30), refunded: 0 },
    ];
    expect(proRataRefund(purchases, NOW)).toEqual([
      { id: 'a', amount: 2000 },
      { id: 'b', amount: 3000 },
    ]);
  });

  it('never returns more than the price, minus what was refunded', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: -400, max: 400 }),
        fc.integer({ min: 1, max: 366 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (price, startDay, term, refunded) => {
          const r = proRataRefund(
            [{ id: 'x', price, startsAt: at(startDay), endsAt: at(startDay + term), refunded: Math.min(refunded, price) }],
            NOW,
          );
          return r.every((x) => x.amount > 0 && x.amount + Math.min(refunded, price) <= price);
        },
      ),
    );
  });
});

describe('benefits', () => {
  it('stacks the multipliers', () => {
    expect(combinedMultiplierBp(12000, 15000)).toBe(18000);
    expect(combinedMultiplierBp(12000, null)).toBe(12000);
  });

  it('words them', () => {
    expect(membershipBenefitLines({ ...plus, monthlyCouponTemplateId: 't' })).toEqual([
      '会员价 95 折（与等级折扣取更优）',
      '消费享 1.5 倍积分（叠加等级倍数）',
      '每月领取一次优惠券礼包',
    ]);
  });

  it('validates plans', () => {
    expect(membershipPlanProblems({ title: 'PLUS 月卡', price: 1500, termDays: 30, discountRateBp: 9500 })).toEqual({});
    expect(
      Object.keys(membershipPlanProblems({ title: '试用', price: 100, termDays: 7, trial: true, discountRateBp: 9500 })),
    ).toEqual(['price']);
    expect(Object.keys(membershipPlanProblems({ title: 'x', price: 100, termDays: 30 }))).toEqual(['benefits']);
  });
});

describe('termEndFromPurchases', () => {
  const day = DAY;
  const now = NOW;

  it('lays what is left of each term end to end from now', () => {
    // A running term with 10 days left and a stacked one of 30 → 40 days from now.
    expect(
      termEndFromPurchases(
        [
          { startsAt: at(-20), endsAt: at(10) },
          { startsAt: at(10), endsAt: at(40) },
        ],
        now,
      ),
    ).toEqual(at(40));
    // The running one refunded (not passed in): the stacked one's 30 days start now, not on its old date.
    expect(termEndFromPurchases([{ startsAt: at(10), endsAt: at(40) }], now)).toEqual(at(30));
  });

  it('is null when nothing is left, and ignores used-up or empty terms', () => {
    expect(termEndFromPurchases([], now)).toBeNull();
    expect(termEndFromPurchases([{ startsAt: at(-40), endsAt: at(-10) }], now)).toBeNull();
    expect(termEndFromPurchases([{ startsAt: at(5), endsAt: at(5) }], now)).toBeNull();
  });

  it('never gives more time than the terms passed in hold', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -400, max: 400 }), fc.integer({ min: 0, max: 400 })), { maxLength: 6 }),
        (spans) => {
          const terms = spans.map(([start, length]) => ({ startsAt: at(start), endsAt: at(start + length) }));
          const end = termEndFromPurchases(terms, now);
          const total = spans.reduce((s, [, length]) => s + length * day, 0);
          if (end === null) return;
          expect(end.getTime()).toBeGreaterThan(now.getTime());
          expect(end.getTime() - now.getTime()).toBeLessThanOrEqual(total);
        },
      ),
    );
  });
});
