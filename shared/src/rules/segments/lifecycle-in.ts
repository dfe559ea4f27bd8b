// lifecycle_in { stages }: the stage the nightly job last computed (member_score) is one of these.
import { LIFECYCLE_STAGES, type LifecycleStage } from '../metrics.js';
import { listArg } from './checks.js';
import type { ArgsCheck, SegmentConditionSpec } from './types.js';

const isStage = (v: unknown): v is LifecycleStage => LIFECYCLE_STAGES.includes(v as LifecycleStage);

export const lifecycleIn: SegmentConditionSpec<{ stages: LifecycleStage[] }> = {
  code: 'lifecycle_in',
  describe: 'lifecycle stage (new, active, silent, churned) is one of stages',
  sources: ['member_score.stage'],
  validateArgs: (args) =>
    listArg(args, 'stages', isStage, `one of ${LIFECYCLE_STAGES.join(', ')}`) as ArgsCheck<{ stages: LifecycleStage[] }>,
  toSql: (a, p) =>
    `EXISTS (SELECT 1 FROM member_score ms WHERE ms.member_id = m.id AND ms.stage = ANY(${p(a.stages, 'text[]')}))`,
};
