// birthday_month { months }: the member's birthday falls in one of these months (1–12).
import { isCount } from '../args.js';
import { listArg } from './checks.js';
import type { ArgsCheck, SegmentConditionSpec } from './types.js';

const isMonth = (v: unknown): v is number => isCount(v, 1, 12);

export const birthdayMonth: SegmentConditionSpec<{ months: number[] }> = {
  code: 'birthday_month',
  describe: 'birthday month is one of months (1–12); members without a birthday never match',
  sources: ['member.birthday'],
  validateArgs: (args) => listArg(args, 'months', isMonth, 'a month from 1 to 12') as ArgsCheck<{ months: number[] }>,
  toSql: (a, p) => `EXTRACT(MONTH FROM m.birthday)::int = ANY(${p(a.months, 'int[]')})`,
};
