// order_count_between { min?, max? }: orders placed at all stores together (refunds do not
// uncount an order), bounds inclusive; a member who never ordered has 0.
import { memberTotalRangeSql, rangeArg, type Range } from './checks.js';
import type { SegmentConditionSpec } from './types.js';

export const orderCountBetween: SegmentConditionSpec<Range> = {
  code: 'order_count_between',
  describe: 'number of orders (all stores) is within [min, max]',
  sources: ['analytics_member.orders'],
  validateArgs: (args) => rangeArg(args, 1_000_000),
  toSql: (a, p) => memberTotalRangeSql('ma.orders', a, p),
};
