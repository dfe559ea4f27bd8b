// tag_any { tagIds }: the member carries at least one of these tags.
import { isUuid, listArg } from './checks.js';
import type { ArgsCheck, SegmentConditionSpec } from './types.js';

export const tagAny: SegmentConditionSpec<{ tagIds: string[] }> = {
  code: 'tag_any',
  describe: 'has at least one of tagIds',
  sources: ['member_tag'],
  validateArgs: (args) => listArg(args, 'tagIds', isUuid, 'a tag id (uuid)') as ArgsCheck<{ tagIds: string[] }>,
  toSql: (a, p) => `EXISTS (SELECT 1 FROM member_tag mt WHERE mt.member_id = m.id AND mt.tag_id = ANY(${p(a.tagIds, 'uuid[]')}))`,
};
