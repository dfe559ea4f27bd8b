import fc from 'fast-check';
import { DEFAULT_TIERS } from './tiers.js';
import { memberPriceZhe, pointsMultiplierTitle, tierBenefits } from './tier-benefits.js';

describe('tierBenefits', () => {
  it('reads the default tiers exactly as the seeded benefit titles do', () => {
    for (const tier of DEFAULT_TIERS) expect(tierBenefits(tier)).toEqual(tier.benefits);
  });

  it('follows the numbers, not stale stored titles: 97 折 after an operator changes 98 折', () => {
    const silver = DEFAULT_TIERS.find((t) => t.code === 'silver')!;
    const changed = { ...silver, discountRateBp: 9700, pointsMultiplierBp: 13000 };
    expect(tierBenefits(changed)).toEqual([
      { code: 'points', title: '1.3 倍积分' },
      { code: 'discount', title: '97 折会员价' },
      { code: 'birthday_gift', title: '生日礼券' },
    ]);
  });

  it('adds the derived lines when the stored benefits lack them, and drops the member price at full price', () => {
    expect(
      tierBenefits({ discountRateBp: 8850, pointsMultiplierBp: 10000, benefits: [{ code: 'wifi', title: '免费 Wi-Fi' }] }),
    ).toEqual([
      { code: 'points', title: '消费积分' },
      { code: 'discount', title: '88.5 折会员价' },
      { code: 'wifi', title: '免费 Wi-Fi' },
    ]);
    expect(
      tierBenefits({ discountRateBp: 10000, pointsMultiplierBp: 10000, benefits: [{ code: 'discount', title: '9 折会员价' }] }),
    ).toEqual([{ code: 'points', title: '消费积分' }]);
  });

  it('never repeats a code, and always lists the operator benefits in their order', () => {
    const benefit = fc.record({ code: fc.constantFrom('discount', 'points', 'gift', 'parking', 'priority'), title: fc.string() });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10000 }),
        fc.integer({ min: 10000, max: 50000 }),
        fc.uniqueArray(benefit, { selector: (b) => b.code }),
        (d, m, benefits) => {
          const out = tierBenefits({ discountRateBp: d, pointsMultiplierBp: m, benefits });
          expect(new Set(out.map((b) => b.code)).size).toBe(out.length);
          const others = benefits.filter((b) => b.code !== 'discount' && b.code !== 'points');
          expect(out.slice(out.length - others.length)).toEqual(others);
        },
      ),
    );
  });
});

describe('labels', () => {
  it.each([
    [9800, '98 折'],
    [9000, '9 折'],
    [8850, '88.5 折'],
    [10000, null],
  ])('member price %i → %s', (bp, text) => expect(memberPriceZhe(bp)).toBe(text));
  it('multiplier', () => expect(pointsMultiplierTitle(15000)).toBe('1.5 倍积分'));
});
