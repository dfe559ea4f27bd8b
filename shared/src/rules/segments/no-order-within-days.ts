// no_order_within_days { days }: the complement of last_order_within_days — no order at any store
// on the last `days` local days, members who never ordered included.
import { addDays } from '../../time.js';
import { daysArg } from './checks.js';
import type { SegmentConditionSpec } from './types.js';

export const noOrderWithinDays: SegmentConditionSpec<{ days: number }> = {
  code: 'no_order_within_days',
  describe: 'no order within the last days local days (never ordered included)',
  sources: ['analytics_member.last_order_on'],
  validateArgs: daysArg,
  toSql: (a, p, ctx) => `(ma.last_order_on IS NULL OR ma.last_order_on < ${p(addDays(ctx.today, 1 - a.days), 'date')})`,
};
