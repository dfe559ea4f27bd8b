import { describe, expect, it } from 'vitest';
import { benefitPreview, describeTerm, membershipPlanFormProblems, toMembershipPlanRequest } from './plan-request';

describe('付费会员方案 form', () => {
  it('price in fen, 会员价 % and 积分倍数 as basis points, blanks left out', () => {
    expect(
      toMembershipPlanRequest({ title: ' PLUS 月卡 ', priceYuan: 15, termDays: 30, discountPercent: 95, pointsMultiplier: 1.5 }),
    ).toEqual({ title: 'PLUS 月卡', price: 1500, termDays: 30, discountRateBp: 9500, pointsMultiplierBp: 15000 });
    expect(
      toMembershipPlanRequest({ title: 't', priceYuan: 15, termDays: 7, trial: true, monthlyCouponTemplateId: 'tpl' }),
    ).toEqual({
      title: 't',
      price: 0,
      termDays: 7,
      trial: true,
      monthlyCouponTemplateId: 'tpl',
    });
  });

  it('the shared rule’s problems go onto the fields; no benefit at all is a general problem', () => {
    expect(membershipPlanFormProblems({ title: 'PLUS', priceYuan: 15, termDays: 30, discountPercent: 95 })).toEqual({
      fields: [],
      general: [],
    });
    const p = membershipPlanFormProblems({ title: '', termDays: 0, discountPercent: 5, pointsMultiplier: 20 });
    expect(p.fields.map((f) => f.name[0]).sort()).toEqual([
      'discountPercent',
      'pointsMultiplier',
      'priceYuan',
      'termDays',
      'title',
    ]);
    const none = membershipPlanFormProblems({ title: 'PLUS', priceYuan: 15, termDays: 30 });
    expect(none.fields).toEqual([]);
    expect(none.general).toEqual(['至少提供一项权益：会员价、积分倍数或每月优惠券礼包']);
    // A trial is free whatever was typed in the (disabled) price.
    expect(
      membershipPlanFormProblems({ title: '试用', trial: true, priceYuan: 9, termDays: 7, pointsMultiplier: 2 }).fields,
    ).toEqual([]);
  });

  it('previews the benefit lines the member will read', () => {
    expect(benefitPreview({ title: 'x', discountPercent: 95, pointsMultiplier: 1.5, monthlyCouponTemplateId: 't' })).toEqual([
      '会员价 95 折（与等级折扣取更优）',
      '消费享 1.5 倍积分（叠加等级倍数）',
      '每月领取一次优惠券礼包',
    ]);
    expect(benefitPreview({ title: 'x', discountPercent: 5 })).toEqual([]);
  });

  it('reads terms in days, with months and a year', () => {
    expect(describeTerm(30)).toBe('30 天（1 个月）');
    expect(describeTerm(90)).toBe('90 天（3 个月）');
    expect(describeTerm(365)).toBe('365 天（1 年）');
    expect(describeTerm(45)).toBe('45 天');
  });
});
