// rfm_group_in { groups }: the RFM group the nightly job last computed (member_score) is one of these.
import { isCode, listArg } from './checks.js';
import type { ArgsCheck, SegmentConditionSpec } from './types.js';

export const rfmGroupIn: SegmentConditionSpec<{ groups: string[] }> = {
  code: 'rfm_group_in',
  describe: 'RFM group is one of groups (members who never ordered have none)',
  sources: ['member_score.rfm_group'],
  validateArgs: (args) => listArg(args, 'groups', isCode, 'an RFM group code') as ArgsCheck<{ groups: string[] }>,
  toSql: (a, p) =>
    `EXISTS (SELECT 1 FROM member_score ms WHERE ms.member_id = m.id AND ms.rfm_group = ANY(${p(a.groups, 'text[]')}))`,
};
