// spend_between { min?, max? }: net spend in fen at all stores (Σ payable − Σ refunded), bounds
// inclusive; a member who never ordered has spent 0.
import { memberTotalRangeSql, rangeArg, type Range } from './checks.js';
import type { SegmentConditionSpec } from './types.js';

export const spendBetween: SegmentConditionSpec<Range> = {
  code: 'spend_between',
  describe: 'net spend in fen (paid − refunded, all stores) is within [min, max]',
  sources: ['analytics_member.spend', 'analytics_member.refunded'],
  validateArgs: (args) => rangeArg(args, 1_000_000_000_000),
  toSql: (a, p) => memberTotalRangeSql('(ma.spend - ma.refunded)', a, p),
};
