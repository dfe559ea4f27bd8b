import { DEFAULT_LIFECYCLE } from '@huiyuan/shared';
import { describe, expect, it } from 'vitest';
import { lifecycleFormProblems, lifecycleStageRules, toThresholds } from './lifecycle-settings';

describe('lifecycle thresholds form', () => {
  it('the defaults are valid and read as the documented table', () => {
    expect(lifecycleFormProblems(DEFAULT_LIFECYCLE)).toEqual({ fields: [], general: [] });
    const rules = lifecycleStageRules(DEFAULT_LIFECYCLE);
    expect(rules.map((r) => r.buyer)).toEqual([
      '首单在 30 天内',
      '否则最近消费在 60 天内',
      '否则最近消费在 180 天内',
      '最近消费已满 180 天',
    ]);
    expect(rules[2]!.never).toBe('注册 30–179 天');
  });

  it('puts the ordering and range problems on their fields', () => {
    expect(lifecycleFormProblems({ newDays: 60, silentAfterDays: 60, churnedAfterDays: 50 }).fields).toEqual([
      { name: ['silentAfterDays'], errors: ['must be greater than newDays'] },
      { name: ['churnedAfterDays'], errors: ['must be greater than silentAfterDays'] },
    ]);
    const blank = lifecycleFormProblems({ newDays: null });
    expect(blank.fields.map((f) => f.name)).toEqual([['newDays'], ['silentAfterDays'], ['churnedAfterDays']]);
    expect(toThresholds({})).toEqual({ newDays: 0, silentAfterDays: 0, churnedAfterDays: 0 });
  });
});
