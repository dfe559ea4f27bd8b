// store_any { storeIds }: a member of one of these stores — registered there (home store) or
// ordered there; the same definition as a manager's store scope.
import { isUuid, listArg } from './checks.js';
import type { ArgsCheck, SegmentConditionSpec } from './types.js';

/** Members of the stores `$ids` binds (uuid[]): index scans on both rollups, one semi-join. */
export const storeMembersSql = (ids: string) =>
  `m.id IN (SELECT s.member_id FROM analytics_member_store s WHERE s.store_id = ANY(${ids})` +
  ` UNION ALL SELECT am.member_id FROM analytics_member am WHERE am.home_store_id = ANY(${ids}))`;

export const storeAny: SegmentConditionSpec<{ storeIds: string[] }> = {
  code: 'store_any',
  describe: 'registered at or ordered at one of storeIds',
  sources: ['analytics_member.home_store_id', 'analytics_member_store.store_id'],
  validateArgs: (args) => listArg(args, 'storeIds', isUuid, 'a store id (uuid)') as ArgsCheck<{ storeIds: string[] }>,
  toSql: (a, p) => storeMembersSql(p(a.storeIds, 'uuid[]')),
};
