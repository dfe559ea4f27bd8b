// Argument checks shared by the segment conditions: each returns problems as `<field>: <reason>`.
import { isLocalDate } from '../../time.js';
import { isArgsObject, isCount, unknownArgKeys, type Args } from '../args.js';
import type { ArgsCheck } from './types.js';

export const MAX_LIST = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The args object with only `allowed` keys, or the problems. */
export function argsObject(
  args: unknown,
  allowed: readonly string[],
): { ok: true; args: Args } | { ok: false; problems: string[] } {
  if (!isArgsObject(args)) return { ok: false, problems: ['args: must be an object'] };
  const unknown = unknownArgKeys(args, allowed);
  return unknown.length ? { ok: false, problems: unknown } : { ok: true, args };
}

/** A non-empty list (≤ MAX_LIST, duplicates dropped) whose every element passes `each`. */
export function listArg<T>(
  args: unknown,
  field: string,
  each: (v: unknown) => v is T,
  what: string,
): ArgsCheck<Record<string, T[]>> {
  const o = argsObject(args, [field]);
  if (!o.ok) return o;
  const v = o.args[field];
  if (!Array.isArray(v) || v.length === 0) return { ok: false, problems: [`${field}: must be a non-empty array`] };
  if (v.length > MAX_LIST) return { ok: false, problems: [`${field}: at most ${MAX_LIST} values`] };
  const bad = v.findIndex((x) => !each(x));
  if (bad >= 0) return { ok: false, problems: [`${field}[${bad}]: must be ${what}`] };
  return { ok: true, args: { [field]: [...new Set(v as T[])] } };
}

export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);
export const isCode = (v: unknown): v is string => typeof v === 'string' && /^[a-z0-9_]{1,40}$/.test(v);
export const isShortText = (v: unknown): v is string => typeof v === 'string' && v.length >= 1 && v.length <= 64;

export interface Range {
  min: number;
  max: number | null;
}

/** `{ min?, max? }` integers within [0, limit], at least one given, min ≤ max; min defaults to 0, max to none. */
export function rangeArg(args: unknown, limit: number): ArgsCheck<Range> {
  const o = argsObject(args, ['min', 'max']);
  if (!o.ok) return o;
  const { min } = o.args;
  // null is "no upper bound", as the normalised args below say it: a stored segment's conditions
  // must validate again to themselves (its member list and every member 360 re-check them).
  const max = o.args.max === null ? undefined : o.args.max;
  const problems: string[] = [];
  if (min === undefined && max === undefined) problems.push('min: give min, max or both');
  if (min !== undefined && !isCount(min, 0, limit)) problems.push(`min: must be an integer from 0 to ${limit}`);
  if (max !== undefined && !isCount(max, 0, limit)) problems.push(`max: must be an integer from 0 to ${limit}`);
  if (problems.length === 0 && typeof min === 'number' && typeof max === 'number' && min > max)
    problems.push('max: must not be below min');
  if (problems.length) return { ok: false, problems };
  return { ok: true, args: { min: (min as number | undefined) ?? 0, max: (max as number | undefined) ?? null } };
}

/** `{ days }`, a whole number of days from 1 to 3650. */
export function daysArg(args: unknown): ArgsCheck<{ days: number }> {
  const o = argsObject(args, ['days']);
  if (!o.ok) return o;
  if (!isCount(o.args.days, 1, 3650)) return { ok: false, problems: ['days: must be an integer from 1 to 3650'] };
  return { ok: true, args: { days: o.args.days } };
}

/** `{ from, to }` local dates, from ≤ to. */
export function dateRangeArg(args: unknown): ArgsCheck<{ from: string; to: string }> {
  const o = argsObject(args, ['from', 'to']);
  if (!o.ok) return o;
  const { from, to } = o.args;
  const problems: string[] = [];
  if (typeof from !== 'string' || !isLocalDate(from)) problems.push('from: must be a date YYYY-MM-DD');
  if (typeof to !== 'string' || !isLocalDate(to)) problems.push('to: must be a date YYYY-MM-DD');
  if (problems.length === 0 && (from as string) > (to as string)) problems.push('to: must not be before from');
  if (problems.length) return { ok: false, problems };
  return { ok: true, args: { from: from as string, to: to as string } };
}

/** `BETWEEN`-style SQL for a Range over `expr`. */
export function rangeSql(expr: string, r: Range, p: (v: unknown, cast?: string) => string): string {
  return r.max === null ? `${expr} >= ${p(r.min, 'bigint')}` : `${expr} BETWEEN ${p(r.min, 'bigint')} AND ${p(r.max, 'bigint')}`;
}

/**
 * A range over one of the member's totals on their `analytics_member` row (alias `ma`, LEFT JOINed:
 * null for a member without one, who has 0). Without 0 in the range the expression stays bare, so
 * the planner uses its statistics (`ma.spend - ma.refunded` has its own) and makes the join an
 * inner one; with 0 in it, the missing row counts as 0.
 */
export function memberTotalRangeSql(total: string, r: Range, p: (v: unknown, cast?: string) => string): string {
  return rangeSql(r.min > 0 ? total : `COALESCE(${total}, 0)`, r, p);
}
