import fc from 'fast-check';
import {
  DEFAULT_TIERS,
  isTierReviewDue,
  nextTierProgress,
  nextTierReviewDate,
  reviewTier,
  tierAfterGrowth,
  tierForGrowth,
} from './tiers.js';
import type { TierCode } from '../api/common.js';

const codes: TierCode[] = ['normal', 'silver', 'gold', 'platinum'];
const rank = (c: TierCode) => codes.indexOf(c);

describe('tiers by growth', () => {
  it('499 growth is 普通, 500 is 银卡', () => {
    expect([tierForGrowth(DEFAULT_TIERS, 499).code, tierForGrowth(DEFAULT_TIERS, 500).code]).toEqual(['normal', 'silver']);
  });

  it('upgrades at once when growth crosses a threshold', () => {
    expect(tierAfterGrowth(DEFAULT_TIERS, 'silver', 2000).code).toBe('gold');
  });

  it('never downgrades on a growth change (only at the review)', () => {
    expect(tierAfterGrowth(DEFAULT_TIERS, 'gold', 10).code).toBe('gold');
  });

  it('shows progress to the next tier: silver with 1962 growth needs 38 more for gold', () => {
    expect(nextTierProgress(DEFAULT_TIERS, 'silver', 1962)).toEqual({
      code: 'gold',
      name: '金卡会员',
      threshold: 2000,
      growthNeeded: 38,
    });
  });

  it('has no next tier at the top', () => {
    expect(nextTierProgress(DEFAULT_TIERS, 'platinum', 9000)).toBeNull();
  });
});

describe('yearly tier review (保级)', () => {
  it('keeps the tier when the period growth reaches keepGrowth', () => {
    expect(reviewTier(DEFAULT_TIERS, 'gold', 1200, 4000)).toMatchObject({ change: 'kept', growthAfter: 4000 });
  });

  it('one_down: a 白金 member with no growth in the period drops to 金卡 only', () => {
    expect(reviewTier(DEFAULT_TIERS, 'platinum', 0, 5200)).toMatchObject({ tier: { code: 'gold' }, change: 'downgraded' });
  });

  it('to_earned: the same member drops straight to the tier the period growth keeps (普通)', () => {
    expect(reviewTier(DEFAULT_TIERS, 'platinum', 0, 5200, 'to_earned').tier.code).toBe('normal');
  });

  it('to_earned: 1500 period growth keeps 金卡 level when 白金 lapses', () => {
    expect(reviewTier(DEFAULT_TIERS, 'platinum', 1500, 8000, 'to_earned').tier.code).toBe('gold');
  });

  it('caps total growth at the new tier threshold so the next purchase does not re-promote', () => {
    const r = reviewTier(DEFAULT_TIERS, 'platinum', 0, 5200);
    expect(r.growthAfter).toBe(2000);
    expect(tierAfterGrowth(DEFAULT_TIERS, r.tier.code, r.growthAfter + 10).code).toBe('gold');
  });

  it('applies a missed upgrade instead of reviewing down', () => {
    expect(reviewTier(DEFAULT_TIERS, 'silver', 0, 2500)).toMatchObject({ tier: { code: 'gold' }, change: 'upgraded' });
  });

  const tierArb = fc.constantFrom<TierCode>(...codes);
  const policyArb = fc.constantFrom('one_down' as const, 'to_earned' as const);

  it('never drops more than one level per review with one_down', () => {
    fc.assert(
      fc.property(tierArb, fc.nat({ max: 10_000 }), fc.nat({ max: 10_000 }), (code, period, total) => {
        expect(rank(reviewTier(DEFAULT_TIERS, code, period, total).tier.code)).toBeGreaterThanOrEqual(rank(code) - 1);
      }),
    );
  });

  it('a downgrade never goes below the highest tier the period growth keeps', () => {
    fc.assert(
      fc.property(tierArb, fc.nat({ max: 10_000 }), fc.nat({ max: 10_000 }), policyArb, (code, period, total, policy) => {
        const r = reviewTier(DEFAULT_TIERS, code, period, total, policy);
        const kept = DEFAULT_TIERS.filter((t) => rank(t.code) <= rank(code) && period >= t.keepGrowth).map((t) => rank(t.code));
        expect(rank(r.tier.code)).toBeGreaterThanOrEqual(Math.max(...kept));
      }),
    );
  });

  it('never raises total growth', () => {
    fc.assert(
      fc.property(tierArb, fc.nat({ max: 10_000 }), fc.nat({ max: 10_000 }), policyArb, (code, period, total, policy) => {
        expect(reviewTier(DEFAULT_TIERS, code, period, total, policy).growthAfter).toBeLessThanOrEqual(total);
      }),
    );
  });

  it('the review falls 12 months after reaching the tier (month end clamped)', () => {
    expect(nextTierReviewDate('2024-02-29', null)).toBe('2025-02-28');
  });

  it('counts from the last review when that is later', () => {
    expect(nextTierReviewDate('2023-05-01', '2024-05-01')).toBe('2025-05-01');
  });

  it('is due on the review date, not the day before', () => {
    expect([isTierReviewDue('2024-05-01', null, '2025-04-30'), isTierReviewDue('2024-05-01', null, '2025-05-01')]).toEqual([
      false,
      true,
    ]);
  });
});
