// The store compass's wording: periods, figures formatted in Chinese (¥ from fen, percentages,
// "—" with the reason when a definition has no denominator), each figure's definition from
// docs/metrics.md (metrics-v1), the lifecycle funnel, the trend metrics and the top segments.
import type { KpiResponse, KpiSeriesItem, LifecycleStage, LocalDate } from '@huiyuan/shared';
import { addDays, LIFECYCLE_STAGES } from '@huiyuan/shared';

export type PeriodKey = 'today' | '7d' | '30d';

export const PERIODS: readonly { key: PeriodKey; label: string; days: number }[] = [
  { key: 'today', label: '今日', days: 1 },
  { key: '7d', label: '近7天', days: 7 },
  { key: '30d', label: '近30天', days: 30 },
];

/** The period ending today (inclusive, local dates of the programme timezone). */
export function periodRange(today: LocalDate, key: PeriodKey): { from: LocalDate; to: LocalDate } {
  const days = PERIODS.find((p) => p.key === key)?.days ?? 1;
  return { from: addDays(today, 1 - days), to: today };
}

/**
 * The trend charts' period: the selected one, but at least 7 days (a chart of one day is a dot).
 */
export function chartRange(today: LocalDate, key: PeriodKey): { from: LocalDate; to: LocalDate } {
  return periodRange(today, key === 'today' ? '7d' : key);
}

// Amounts, rates and counts read as in the console (shared money.ts).
import {
  NO_VALUE,
  formatCountDisplay as formatCount,
  formatFenDisplay as formatFen,
  formatRateDisplay as formatRate,
} from '@huiyuan/shared';
export { NO_VALUE, formatCount, formatFen, formatRate };

export type FigureKey =
  'growthRate' | 'repurchaseRate' | 'averageOrderValue' | 'churnRate' | 'activityRate' | 'newMembers' | 'orders' | 'gmv';

export interface Figure {
  key: FigureKey;
  label: string;
  /** Formatted for display ("—" when the figure is null). */
  value: string;
  /** Why the figure is "—" (its denominator is 0), else null. */
  hint: string | null;
  /** The definition, short, from docs/metrics.md. */
  definition: string;
  /** The five KPIs are headline figures; the counts below them are secondary. */
  primary: boolean;
}

export const DEFINITIONS: Record<FigureKey, string> = {
  growthRate: '会员增长率 = 本期新增会员 ÷ 期初会员数（期初为前一天结束时）；期初无会员时不计算。会员按注册门店归属。',
  repurchaseRate: '复购率 = 本期在本店消费 ≥ 2 笔的会员 ÷ 本期在本店消费的会员。退款不减少订单。',
  averageOrderValue: '客单价 = 本期 GMV ÷ 订单数（按单计，不是按人），四舍五入到分。',
  churnRate: '流失率 = 期初前 180 天内有消费、本期无消费且期末距最后一笔消费 ≥ 180 天的会员 ÷ 期初前 180 天内有消费的会员。',
  activityRate: '会员活跃度 = 本期有消费（任一门店）或签到的会员 ÷ 期末会员总数。',
  newMembers: '新增会员 = 本期注册、注册门店为本店的会员（按程序时区的自然日）。',
  orders: '订单数 = 本期在本店支付的订单；退款不删除订单，另计退款。',
  gmv: 'GMV = 本期订单实付金额合计（会员价、券、积分抵扣之后），未减退款；退款按退款日期另计。',
};

const NULL_HINTS: Partial<Record<FigureKey, string>> = {
  growthRate: '上期无会员',
  repurchaseRate: '本期无消费会员',
  averageOrderValue: '本期无订单',
  churnRate: '此前 180 天无消费会员',
  activityRate: '暂无会员',
};

function figure(key: FigureKey, label: string, raw: number | null, value: string, primary: boolean): Figure {
  return { key, label, value, hint: raw === null ? (NULL_HINTS[key] ?? null) : null, definition: DEFINITIONS[key], primary };
}

/** The five KPIs, then new members, orders and GMV, in the order the compass shows them. */
export function kpiFigures(k: KpiResponse): Figure[] {
  return [
    figure('growthRate', '会员增长率', k.members.growthRate, formatRate(k.members.growthRate), true),
    figure('repurchaseRate', '复购率', k.repurchaseRate, formatRate(k.repurchaseRate), true),
    figure('averageOrderValue', '客单价', k.averageOrderValue, formatFen(k.averageOrderValue), true),
    figure('churnRate', '流失率', k.churnRate, formatRate(k.churnRate), true),
    figure('activityRate', '会员活跃度', k.activityRate, formatRate(k.activityRate), true),
    figure('newMembers', '新增会员', k.members.new, formatCount(k.members.new), false),
    figure('orders', '订单数', k.orders, formatCount(k.orders), false),
    figure('gmv', 'GMV', k.gmv, formatFen(k.gmv), false),
  ];
}

export const LIFECYCLE_LABELS: Record<LifecycleStage, string> = {
  new: '新会员',
  active: '活跃',
  silent: '沉默',
  churned: '流失',
};

export interface FunnelRow {
  stage: LifecycleStage;
  label: string;
  count: number;
  /** Share of all members in scope ("—" when there are none). */
  share: string;
  /** Bar width 0–100 (relative to the largest stage, so the funnel stays readable). */
  width: number;
}

/** The four stages partition the members at the period's end (metrics-v1). */
export function lifecycleFunnel(lifecycle: Record<LifecycleStage, number>): FunnelRow[] {
  const total = LIFECYCLE_STAGES.reduce((sum, s) => sum + lifecycle[s], 0);
  const largest = Math.max(0, ...LIFECYCLE_STAGES.map((s) => lifecycle[s]));
  return LIFECYCLE_STAGES.map((stage) => ({
    stage,
    label: LIFECYCLE_LABELS[stage],
    count: lifecycle[stage],
    share: total === 0 ? NO_VALUE : formatRate(lifecycle[stage] / total),
    width: largest === 0 ? 0 : Math.round((lifecycle[stage] / largest) * 100),
  }));
}

export type TrendKey = 'gmv' | 'orders' | 'newMembers' | 'repurchaseRate' | 'activityRate';

export const TRENDS: readonly { key: TrendKey; label: string; unit: 'yuan' | 'count' | 'percent' }[] = [
  { key: 'gmv', label: 'GMV', unit: 'yuan' },
  { key: 'orders', label: '订单数', unit: 'count' },
  { key: 'newMembers', label: '新增会员', unit: 'count' },
  { key: 'repurchaseRate', label: '复购率', unit: 'percent' },
  { key: 'activityRate', label: '会员活跃度', unit: 'percent' },
];

export interface TrendSeries {
  key: TrendKey;
  label: string;
  unit: 'yuan' | 'count' | 'percent';
  /** "MM-DD" per day. */
  labels: string[];
  /** Chart values: yuan (2 decimals) for money, percent (1 decimal) for rates, null for no rate. */
  values: (number | null)[];
}

export function trendSeries(items: KpiSeriesItem[], key: TrendKey): TrendSeries {
  const trend = TRENDS.find((t) => t.key === key) ?? TRENDS[0]!;
  const values = items.map((item): number | null => {
    const raw = item[key];
    if (raw === null) return null;
    if (trend.unit === 'yuan') return raw / 100;
    if (trend.unit === 'percent') return Math.round(raw * 1000) / 10;
    return raw;
  });
  return { key: trend.key, label: trend.label, unit: trend.unit, labels: items.map((i) => i.period.slice(5)), values };
}

export interface SegmentSummary {
  id: string;
  name: string;
  memberCount: number;
}

/** The largest segments first, at most `limit`. */
export function topSegments(items: SegmentSummary[], limit = 5): SegmentSummary[] {
  return [...items].sort((a, b) => b.memberCount - a.memberCount || a.name.localeCompare(b.name)).slice(0, limit);
}
