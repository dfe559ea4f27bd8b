// registered_between { from, to }: registered on a local day from `from` to `to` inclusive, in
// the programme timezone (compared as instants so member.created_at's index applies).
import { addDays, startOfLocalDate } from '../../time.js';
import { dateRangeArg } from './checks.js';
import type { SegmentConditionSpec } from './types.js';

export const registeredBetween: SegmentConditionSpec<{ from: string; to: string }> = {
  code: 'registered_between',
  describe: 'registered on a local day within [from, to]',
  sources: ['member.created_at'],
  validateArgs: dateRangeArg,
  toSql: (a, p, ctx) =>
    `(m.created_at >= ${p(startOfLocalDate(a.from, ctx.timeZone).toISOString(), 'timestamptz')}` +
    ` AND m.created_at < ${p(startOfLocalDate(addDays(a.to, 1), ctx.timeZone).toISOString(), 'timestamptz')})`,
};
