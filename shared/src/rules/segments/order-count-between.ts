// order_count_between { min?, max? }: orders placed at all stores together (refunds do not
// uncount an order), bounds inclusive; a member who never ordered has 0.
import { rangeArg, rangeSql, type Range } from './checks.js';
import type { SegmentConditionSpec } from './types.js';

export const orderCountBetween: SegmentConditionSpec<Range> = {
  code: 'order_count_between',
  describe: 'number of orders (all stores) is within [min, max]',
  sources: ['analytics_member_store.orders'],
  validateArgs: (args) => rangeArg(args, 1_000_000),
  toSql: (a, p) => rangeSql('(SELECT COALESCE(SUM(s.orders), 0) FROM analytics_member_store s WHERE s.member_id = m.id)', a, p),
};
