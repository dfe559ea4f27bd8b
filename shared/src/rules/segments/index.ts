// Segment conditions (分群条件): the registry of rule objects, one file each, and their
// composition `{ all?: [...], any?: [...] }` — every `all` condition and, when `any` is given, at
// least one of `any`. Validation names the condition by its place (`all[2]`); the SQL is one
// boolean expression over `member m` with every value bound as a parameter. docs/segments.md.
import { isArgsObject } from '../args.js';
import type { Refusal } from '../result.js';
import { birthdayMonth } from './birthday-month.js';
import { boughtCategoryAny } from './bought-category-any.js';
import { lastOrderWithinDays } from './last-order-within-days.js';
import { lifecycleIn } from './lifecycle-in.js';
import { noOrderWithinDays } from './no-order-within-days.js';
import { orderCountBetween } from './order-count-between.js';
import { pointsBetween } from './points-between.js';
import { registeredBetween } from './registered-between.js';
import { rfmGroupIn } from './rfm-group-in.js';
import { spendBetween } from './spend-between.js';
import { storeAny } from './store-any.js';
import { tagAny } from './tag-any.js';
import { tierIn } from './tier-in.js';
import type { BindParam, SegmentCondition, SegmentConditions, SegmentConditionSpec, SegmentSqlContext } from './types.js';

export * from './types.js';
export { storeMembersSql } from './store-any.js';

export const SEGMENT_CONDITIONS: Readonly<Record<string, SegmentConditionSpec<never>>> = Object.fromEntries(
  [
    tierIn,
    lifecycleIn,
    rfmGroupIn,
    lastOrderWithinDays,
    noOrderWithinDays,
    orderCountBetween,
    spendBetween,
    birthdayMonth,
    tagAny,
    storeAny,
    registeredBetween,
    pointsBetween,
    boughtCategoryAny,
  ].map((spec) => [spec.code, spec as SegmentConditionSpec<never>]),
);

export const SEGMENT_CONDITION_CODES = Object.keys(SEGMENT_CONDITIONS);
/** Conditions per list (`all`, `any`): a segment is a handful of conditions, not a program. */
export const MAX_CONDITIONS = 20;

export interface ConditionProblem {
  /** Where the condition sits: `all[0]`, `any[3]` (or `conditions` for the document itself). */
  condition: string;
  code?: string;
  /** The offending field, e.g. `all[0].args.days`. */
  field: string;
  reason: string;
}

export type InvalidConditions = Refusal<'INVALID_CONDITION'> & { details: ConditionProblem[] };

/** A condition after validation: its place, code and checked (normalised) args. */
export interface CheckedCondition {
  at: string;
  code: string;
  args: unknown;
}

export interface CheckedConditions {
  ok: true;
  /** The normalised document to store. */
  conditions: SegmentConditions;
  all: CheckedCondition[];
  any: CheckedCondition[];
}

function problem(at: string, field: string, reason: string, code?: string): ConditionProblem {
  return code === undefined ? { condition: at, field, reason } : { condition: at, code, field, reason };
}

/** Checks a conditions document; every problem is reported, each naming its condition. */
export function validateSegmentConditions(input: unknown): CheckedConditions | InvalidConditions {
  const problems: ConditionProblem[] = [];
  const refuse = (): InvalidConditions => ({ ok: false, code: 'INVALID_CONDITION', details: problems });
  if (!isArgsObject(input)) {
    problems.push(problem('conditions', 'conditions', 'must be an object { all?: [...], any?: [...] }'));
    return refuse();
  }
  for (const key of Object.keys(input)) {
    if (key !== 'all' && key !== 'any') problems.push(problem('conditions', `conditions.${key}`, 'unknown field'));
  }
  const out: { all: CheckedCondition[]; any: CheckedCondition[] } = { all: [], any: [] };
  for (const list of ['all', 'any'] as const) {
    const items = input[list];
    if (items === undefined) continue;
    if (!Array.isArray(items)) {
      problems.push(problem('conditions', list, 'must be an array of conditions'));
      continue;
    }
    if (items.length > MAX_CONDITIONS) {
      problems.push(problem('conditions', list, `at most ${MAX_CONDITIONS} conditions`));
      continue;
    }
    items.forEach((item: unknown, i) => {
      const at = `${list}[${i}]`;
      if (!isArgsObject(item)) return problems.push(problem(at, at, 'must be an object { code, args }'));
      const extra = Object.keys(item).filter((k) => k !== 'code' && k !== 'args');
      if (extra.length) return problems.push(problem(at, `${at}.${extra[0]}`, 'unknown field'));
      const code = item.code;
      const spec = typeof code === 'string' && Object.hasOwn(SEGMENT_CONDITIONS, code) ? SEGMENT_CONDITIONS[code] : undefined;
      if (!spec)
        return problems.push(problem(at, `${at}.code`, `unknown condition code (known: ${SEGMENT_CONDITION_CODES.join(', ')})`));
      const checked = spec.validateArgs(item.args ?? {});
      if (!checked.ok) {
        for (const p of checked.problems) {
          const sep = p.indexOf(': ');
          const field = sep < 0 || p.startsWith('args: ') ? `${at}.args` : `${at}.args.${p.slice(0, sep)}`;
          problems.push(problem(at, field, sep < 0 ? p : p.slice(sep + 2), spec.code));
        }
        return;
      }
      out[list].push({ at, code: spec.code, args: checked.args });
    });
  }
  if (problems.length) return refuse();
  const conditions: SegmentConditions = {};
  if (input.all !== undefined) conditions.all = out.all.map((c) => ({ code: c.code, args: c.args as SegmentCondition['args'] }));
  if (input.any !== undefined) conditions.any = out.any.map((c) => ({ code: c.code, args: c.args as SegmentCondition['args'] }));
  return { ok: true, conditions, ...out };
}

/** One checked condition's SQL. */
export function conditionSql(c: CheckedCondition, p: BindParam, ctx: SegmentSqlContext): string {
  const spec = SEGMENT_CONDITIONS[c.code] as SegmentConditionSpec<unknown> | undefined;
  if (!spec) throw new RangeError(`unknown segment condition ${c.code}`);
  return spec.toSql(c.args, p, ctx);
}

/**
 * The whole document as one boolean SQL expression: `all` joined by AND (top-level, so EXISTS
 * become semi-joins), `any` as one OR group; TRUE when there are no conditions.
 */
export function segmentSql(checked: Pick<CheckedConditions, 'all' | 'any'>, p: BindParam, ctx: SegmentSqlContext): string {
  const parts = checked.all.map((c) => `(${conditionSql(c, p, ctx)})`);
  if (checked.any.length) parts.push(`(${checked.any.map((c) => `(${conditionSql(c, p, ctx)})`).join(' OR ')})`);
  return parts.length ? parts.join(' AND ') : 'TRUE';
}

/** Whether a member's per-condition results satisfy the composition (the 360's "why"). */
export function segmentMatches(all: readonly boolean[], any: readonly boolean[]): boolean {
  return all.every(Boolean) && (any.length === 0 || any.some(Boolean));
}

/**
 * The relation every condition is evaluated over: the member and their analytics row (one per
 * member; the planner drops the join when no condition reads `ma`).
 */
export const SEGMENT_MEMBERS_FROM = 'member m LEFT JOIN analytics_member ma ON ma.member_id = m.id';

/** A parameter list and its binder, for callers assembling one statement. */
export function sqlParams(first: unknown[] = []): { params: unknown[]; p: BindParam } {
  const params = [...first];
  return {
    params,
    p: (value, cast) => {
      params.push(value);
      return cast ? `$${params.length}::${cast}` : `$${params.length}`;
    },
  };
}
