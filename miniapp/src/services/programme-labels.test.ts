import { earningLabels, expiryLabel, percentLabel, redemptionLabels, thresholdLabel } from './programme-labels';

describe('programme labels', () => {
  it('reads basis points as a percentage', () => {
    expect(percentLabel(5000)).toBe('50%');
    expect(percentLabel(3350)).toBe('33.5%');
    expect(percentLabel(10000)).toBe('100%');
  });

  it('says each expiry policy in words', () => {
    expect(expiryLabel({ policy: 'end_of_next_year' })).toBe('次年年底过期');
    expect(expiryLabel({ policy: 'days', days: 365 })).toBe('获得后 365 天过期');
    expect(expiryLabel({ policy: 'end_of_month' })).toBe('当月月底过期');
    expect(expiryLabel({ policy: 'never' })).toBe('永不过期');
  });

  it('says each earning rule the programme lists, a category bonus included', () => {
    expect(
      earningLabels({
        pointsPerYuan: 1,
        growthPerYuan: 1,
        rules: [
          { code: 'per_yuan_paid', args: {} },
          { code: 'category_bonus', args: { category: '咖啡', multiplierBp: 10000 } },
        ],
      }),
    ).toEqual(['实付每 ¥1 得 1 积分（再乘等级积分倍数）', '「咖啡」类商品实付每 ¥1 额外得 1 积分', '实付每 ¥1 得 1 成长值']);
  });

  it('says the member days (会员日) the programme lists', () => {
    expect(
      earningLabels({
        pointsPerYuan: 1,
        growthPerYuan: 1,
        rules: [
          { code: 'per_yuan_paid', args: {} },
          { code: 'member_day', args: { multiplierBp: 20000, weekdays: [3] } },
        ],
      }),
    ).toEqual(['实付每 ¥1 得 1 积分（再乘等级积分倍数）', '会员日 每周三：积分 2 倍', '实付每 ¥1 得 1 成长值']);
  });

  it('reads the growth threshold, 0 as open to everyone', () => {
    expect(thresholdLabel(0)).toBe('注册即享');
    expect(thresholdLabel(2000)).toBe('成长值满 2000');
  });

  it('says the earning and redemption rules', () => {
    expect(earningLabels({ pointsPerYuan: 1, growthPerYuan: 2 })).toEqual([
      '实付每 ¥1 得 1 积分（再乘等级积分倍数）',
      '实付每 ¥1 得 2 成长值',
    ]);
    expect(redemptionLabels({ pointsPerYuan: 100, unit: 100, minPoints: 0, maxShareBp: 5000 })).toEqual([
      '100 积分抵 ¥1',
      '按 100 积分的整数倍使用',
      '最多抵用券后应付金额的 50%',
    ]);
    expect(redemptionLabels({ pointsPerYuan: 100, unit: 100, minPoints: 500, maxShareBp: 5000 })[1]).toBe('满 500 积分可用');
  });
});
