import {
  describeEarningRules,
  DEFAULT_PROGRAMME,
  toProgrammeView,
  validateProgramme,
  type EarningRuleConfig,
} from '@huiyuan/shared';
import { describe, expect, it } from 'vitest';
import { memberDayArgs, memberDayRows, rulesWithMemberDays } from './member-days';

describe('member days in the programme form', () => {
  it('adding the first member day lists per_yuan_paid before it (a list replaces the default)', () => {
    const rules = rulesWithMemberDays(undefined, [{ weekdays: [3], times: 2 }]);
    expect(rules).toEqual([
      { code: 'per_yuan_paid', args: {} },
      { code: 'member_day', args: { multiplierBp: 20_000, weekdays: [3] } },
    ]);
    expect(describeEarningRules({ pointsPerYuan: 1, growthPerYuan: 1, rules })).toContain('会员日 每周三：积分 2 倍');
  });

  it('keeps the other rules, replaces the member days, and removes them all', () => {
    const loaded: EarningRuleConfig[] = [
      { code: 'per_yuan_paid', args: {} },
      { code: 'category_bonus', args: { category: 'coffee', multiplierBp: 10_000 } },
      { code: 'member_day', args: { multiplierBp: 30_000, weekdays: [5] } },
    ];
    expect(rulesWithMemberDays(loaded, [])).toEqual(loaded.slice(0, 2));
    expect(rulesWithMemberDays(loaded, memberDayRows(loaded))).toEqual(loaded);
    expect(rulesWithMemberDays(undefined, [])).toBeUndefined();
  });

  it('sends only the conditions given, trimmed and sorted; 1.5 倍 → 15000', () => {
    expect(
      memberDayArgs({
        weekdays: [5, 1],
        times: 1.5,
        timeFrom: ' 10:00 ',
        timeTo: '14:00',
        tiers: [],
        storeIds: undefined,
        category: '  ',
      }),
    ).toEqual({ multiplierBp: 15_000, weekdays: [1, 5], timeFrom: '10:00', timeTo: '14:00' });
    const row = { monthDays: [18, 8], times: 3, tiers: ['gold' as const], category: 'coffee' };
    expect(memberDayRows([{ code: 'member_day', args: memberDayArgs(row) }])).toEqual([
      { monthDays: [8, 18], times: 3, tiers: ['gold'], category: 'coffee' },
    ]);
  });

  it('what it builds passes the shared validator; a half window is caught there', () => {
    const view = toProgrammeView(DEFAULT_PROGRAMME);
    const { version: _v, ...doc } = view;
    const ok = validateProgramme({
      ...doc,
      earning: { ...doc.earning, rules: rulesWithMemberDays(undefined, [{ weekdays: [3], times: 2 }]) },
    });
    expect(ok.ok).toBe(true);
    const bad = validateProgramme({
      ...doc,
      earning: { ...doc.earning, rules: rulesWithMemberDays(undefined, [{ weekdays: [3], times: 2, timeFrom: '10:00' }]) },
    });
    expect(bad.ok ? [] : bad.details.map((d) => d.field)).toEqual(['earning.rules[1].args.timeTo']);
  });
});
