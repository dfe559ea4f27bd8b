// last_order_within_days { days }: ordered (at any store) on one of the last `days` local days,
// today included — the same "within" as the lifecycle rule (daysBetween(lastOrderOn, today) < days).
import { addDays } from '../../time.js';
import { daysArg } from './checks.js';
import type { SegmentConditionSpec } from './types.js';

export const lastOrderWithinDays: SegmentConditionSpec<{ days: number }> = {
  code: 'last_order_within_days',
  describe: 'ordered within the last days local days (today counts as day 1)',
  sources: ['analytics_member.last_order_on'],
  validateArgs: daysArg,
  toSql: (a, p, ctx) => `ma.last_order_on >= ${p(addDays(ctx.today, 1 - a.days), 'date')}`,
};
