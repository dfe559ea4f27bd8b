// The segment builder's model: one row per condition, its code chosen from the shared registry
// (SEGMENT_CONDITIONS) and its args as the form holds them — the same as the API's except money
// in yuan (spend_between) and a date range picker (registered_between) — converted both ways.
import {
  SEGMENT_CONDITION_CODES,
  validateSegmentConditions,
  type ConditionProblem,
  type SegmentCondition,
  type SegmentConditions,
} from '@huiyuan/shared';
import dayjs, { type Dayjs } from 'dayjs';
import { fenToYuan, yuanToFen } from '../../lib/format';

export const CONDITION_LABELS: Record<string, string> = {
  tier_in: '会员等级为',
  lifecycle_in: '生命周期为',
  rfm_group_in: 'RFM 分组为',
  last_order_within_days: '最近 N 天内有消费',
  no_order_within_days: '最近 N 天内无消费',
  order_count_between: '累计订单数',
  spend_between: '累计净消费（元）',
  birthday_month: '生日月份为',
  tag_any: '带有任一标签',
  store_any: '在任一门店注册或消费',
  registered_between: '注册日期',
  points_between: '当前积分',
  bought_category_any: '买过任一品类',
};

export const CONDITION_OPTIONS = SEGMENT_CONDITION_CODES.map((code) => ({ value: code, label: CONDITION_LABELS[code] ?? code }));

export interface ConditionRow {
  code?: string;
  args?: Record<string, unknown> & { range?: [Dayjs, Dayjs] };
}

export interface BuilderValues {
  name?: string;
  all?: ConditionRow[];
  any?: ConditionRow[];
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function rangeArgs(a: Record<string, unknown>, toApi: (v: number) => number | null = (v) => v) {
  const out: Record<string, number> = {};
  const min = num(a.min);
  const max = num(a.max);
  if (min !== undefined) out.min = toApi(min) ?? min;
  if (max !== undefined) out.max = toApi(max) ?? max;
  return out;
}

/** A form row as the API condition (incomplete rows still convert; the validator names what is missing). */
export function rowToCondition(row: ConditionRow): SegmentCondition {
  const code = row.code ?? '';
  const a = row.args ?? {};
  switch (code) {
    case 'spend_between':
      return { code, args: rangeArgs(a, (y) => yuanToFen(y)) };
    case 'order_count_between':
    case 'points_between':
      return { code, args: rangeArgs(a) };
    case 'registered_between': {
      const r = a.range;
      return { code, args: r ? { from: r[0].format('YYYY-MM-DD'), to: r[1].format('YYYY-MM-DD') } : {} };
    }
    case 'last_order_within_days':
    case 'no_order_within_days':
      return { code, args: num(a.days) === undefined ? {} : { days: a.days } };
    default: {
      // The list conditions: one array argument under its own name.
      const entries = Object.entries(a).filter(([, v]) => Array.isArray(v) && v.length > 0);
      return { code, args: Object.fromEntries(entries) };
    }
  }
}

export function conditionToRow(c: SegmentCondition): ConditionRow {
  const a = c.args ?? {};
  switch (c.code) {
    case 'spend_between':
      return {
        code: c.code,
        args: {
          ...(num(a.min) !== undefined ? { min: fenToYuan(a.min as number) } : {}),
          ...(num(a.max) !== undefined ? { max: fenToYuan(a.max as number) } : {}),
        },
      };
    case 'registered_between':
      return {
        code: c.code,
        args: typeof a.from === 'string' && typeof a.to === 'string' ? { range: [dayjs(a.from), dayjs(a.to)] } : {},
      };
    default:
      return { code: c.code, args: { ...a } };
  }
}

/** The API document from the builder (a list left empty is left out). */
export function toConditions(v: BuilderValues): SegmentConditions {
  const all = (v.all ?? []).filter((r) => r?.code).map(rowToCondition);
  const any = (v.any ?? []).filter((r) => r?.code).map(rowToCondition);
  return { ...(all.length ? { all } : {}), ...(any.length ? { any } : {}) };
}

export function fromConditions(c: SegmentConditions): Pick<BuilderValues, 'all' | 'any'> {
  return { all: (c.all ?? []).map(conditionToRow), any: (c.any ?? []).map(conditionToRow) };
}

export type Checked = { ok: true; conditions: SegmentConditions } | { ok: false; problems: ConditionProblem[] };

/**
 * The shared validator the server applies, before any request. The document sent is the one
 * checked, not the validator's normalised copy (that one fills defaults such as `max: null`,
 * which the server's own check of what it receives refuses).
 */
export function checkConditions(v: BuilderValues): Checked {
  const conditions = toConditions(v);
  const result = validateSegmentConditions(conditions);
  return result.ok ? { ok: true, conditions } : { ok: false, problems: result.details };
}

/** A problem in words: `全部条件第 1 条（会员等级为）：must be a non-empty array`. */
export function describeProblem(p: ConditionProblem): string {
  const m = /^(all|any)\[(\d+)\]$/.exec(p.condition);
  const where = m ? `${m[1] === 'all' ? '全部满足' : '任一满足'}第 ${Number(m[2]) + 1} 条` : '条件';
  const what = p.code ? `（${CONDITION_LABELS[p.code] ?? p.code}）` : '';
  const field = p.field.replace(/^(all|any)\[\d+\]\.?/, '');
  return `${where}${what}：${field ? `${field} ` : ''}${p.reason}`;
}
