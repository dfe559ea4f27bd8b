// 会员日 in the programme form: the `member_day` earning rules as form rows (weekdays, how many
// times the points, optional window / tiers / stores / category) and back. The other earning
// rules are kept as they were. A programme without rules earns by per_yuan_paid alone; a list
// replaces that default, so adding the first member day also lists per_yuan_paid before it.
import type { EarningRuleConfig, MemberDayArgs, TierCode } from '@huiyuan/shared';

export interface MemberDayRow {
  weekdays?: number[];
  monthDays?: number[];
  /** 积分 N 倍 in total (2 = double). */
  times: number;
  timeFrom?: string;
  timeTo?: string;
  tiers?: TierCode[];
  storeIds?: string[];
  category?: string;
}

export const WEEKDAY_OPTIONS = [
  { value: 1, label: '周一' },
  { value: 2, label: '周二' },
  { value: 3, label: '周三' },
  { value: 4, label: '周四' },
  { value: 5, label: '周五' },
  { value: 6, label: '周六' },
  { value: 7, label: '周日' },
];

const filled = <T>(v: readonly T[] | undefined): v is T[] => Array.isArray(v) && v.length > 0;
const text = (v: string | undefined): string | undefined => (v && v.trim().length > 0 ? v.trim() : undefined);

/** The programme's member-day rules as form rows. */
export function memberDayRows(rules: readonly EarningRuleConfig[] | undefined): MemberDayRow[] {
  return (rules ?? []).flatMap((r) =>
    r.code === 'member_day'
      ? [
          {
            times: r.args.multiplierBp / 10_000,
            ...(r.args.weekdays ? { weekdays: [...r.args.weekdays] } : {}),
            ...(r.args.monthDays ? { monthDays: [...r.args.monthDays] } : {}),
            ...(r.args.timeFrom !== undefined ? { timeFrom: r.args.timeFrom, timeTo: r.args.timeTo } : {}),
            ...(r.args.tiers ? { tiers: [...r.args.tiers] } : {}),
            ...(r.args.storeIds ? { storeIds: [...r.args.storeIds] } : {}),
            ...(r.args.category !== undefined ? { category: r.args.category } : {}),
          },
        ]
      : [],
  );
}

/** A form row as the rule's args: only the conditions given; `times` → multiplierBp (2 → 20000). */
export function memberDayArgs(row: MemberDayRow): MemberDayArgs {
  const from = text(row.timeFrom);
  const to = text(row.timeTo);
  const category = text(row.category);
  return {
    multiplierBp: Math.round(Number(row.times) * 10_000),
    ...(filled(row.weekdays) ? { weekdays: [...row.weekdays].sort((a, b) => a - b) } : {}),
    ...(filled(row.monthDays) ? { monthDays: [...row.monthDays].sort((a, b) => a - b) } : {}),
    ...(from !== undefined || to !== undefined ? { timeFrom: from, timeTo: to } : {}),
    ...(filled(row.tiers) ? { tiers: [...row.tiers] } : {}),
    ...(filled(row.storeIds) ? { storeIds: [...row.storeIds] } : {}),
    ...(category !== undefined ? { category } : {}),
  } as MemberDayArgs;
}

/**
 * The earning rules to save: the loaded rules other than member days, in their order, then one
 * member_day per row. Absent (the default) when nothing was listed and no member day is added.
 */
export function rulesWithMemberDays(
  loaded: readonly EarningRuleConfig[] | undefined,
  rows: readonly MemberDayRow[] | undefined,
): EarningRuleConfig[] | undefined {
  const others = (loaded ?? []).filter((r) => r.code !== 'member_day');
  const days: EarningRuleConfig[] = (rows ?? []).map((row) => ({ code: 'member_day', args: memberDayArgs(row) }));
  if (loaded === undefined && days.length === 0) return undefined;
  const base: EarningRuleConfig[] = loaded === undefined ? [{ code: 'per_yuan_paid', args: {} }] : others;
  return [...base, ...days];
}
