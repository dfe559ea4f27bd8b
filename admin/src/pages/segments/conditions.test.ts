import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { checkConditions, conditionToRow, describeProblem, fromConditions, rowToCondition, toConditions } from './conditions';

describe('segment builder model', () => {
  it('sends spend in fen and registration dates as local dates', () => {
    expect(rowToCondition({ code: 'spend_between', args: { min: 100, max: 299.99 } })).toEqual({
      code: 'spend_between',
      args: { min: 10000, max: 29999 },
    });
    expect(rowToCondition({ code: 'registered_between', args: { range: [dayjs('2026-01-01'), dayjs('2026-03-31')] } })).toEqual({
      code: 'registered_between',
      args: { from: '2026-01-01', to: '2026-03-31' },
    });
  });

  it('reads a stored segment back into the form unchanged', () => {
    const stored = {
      all: [
        { code: 'tier_in', args: { tiers: ['gold'] } },
        { code: 'spend_between', args: { min: 10000 } },
      ],
    };
    const rows = fromConditions(stored);
    expect(rows.all?.[1]).toEqual(conditionToRow({ code: 'spend_between', args: { min: 10000 } }));
    expect(toConditions(rows)).toEqual(stored);
  });

  it('checks with the shared validator and names the row', () => {
    const bad = checkConditions({ all: [{ code: 'tier_in', args: {} }] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(describeProblem(bad.problems[0]!)).toMatch(/^全部满足第 1 条（会员等级为）/);
    const good = checkConditions({ all: [{ code: 'last_order_within_days', args: { days: 30 } }], any: [] });
    expect(good).toEqual({ ok: true, conditions: { all: [{ code: 'last_order_within_days', args: { days: 30 } }] } });
  });

  it('sends a half-open range as typed (no max: null the server would refuse)', () => {
    expect(checkConditions({ all: [{ code: 'order_count_between', args: { min: 2 } }] })).toEqual({
      ok: true,
      conditions: { all: [{ code: 'order_count_between', args: { min: 2 } }] },
    });
  });

  it('leaves out rows without a code', () => {
    expect(toConditions({ all: [{}], any: [] })).toEqual({});
  });
});
