// tier_in { tiers }: the member's current tier is one of these codes.
import { isCode, listArg } from './checks.js';
import type { ArgsCheck, SegmentConditionSpec } from './types.js';

export const tierIn: SegmentConditionSpec<{ tiers: string[] }> = {
  code: 'tier_in',
  describe: 'current tier is one of tiers',
  sources: ['member.tier_code'],
  validateArgs: (args) => listArg(args, 'tiers', isCode, 'a tier code') as ArgsCheck<{ tiers: string[] }>,
  toSql: (a, p) => `m.tier_code = ANY(${p(a.tiers, 'text[]')})`,
};
