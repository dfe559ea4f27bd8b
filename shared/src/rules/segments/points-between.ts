// points_between { min?, max? }: the spendable points balance, bounds inclusive.
import { rangeArg, rangeSql, type Range } from './checks.js';
import type { SegmentConditionSpec } from './types.js';

export const pointsBetween: SegmentConditionSpec<Range> = {
  code: 'points_between',
  describe: 'points balance is within [min, max]',
  sources: ['member.points'],
  validateArgs: (args) => rangeArg(args, 1_000_000_000),
  toSql: (a, p) => rangeSql('m.points', a, p),
};
