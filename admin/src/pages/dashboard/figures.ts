// The dashboard's figures: the five KPIs first, then the counts behind them, each with its short
// definition from docs/metrics.md (metrics-v1; the churn window is the lifecycle setting in force)
// and, when a rate is null, why (its denominator is empty).
import type { KpiResponse, LifecycleStage } from '@huiyuan/shared';
import { LIFECYCLE_STAGES } from '@huiyuan/shared';
import { formatCount, formatFen, formatRate } from '../../lib/format';
import { LIFECYCLE_LABELS } from '../../lib/labels';

export type FigureKey =
  | 'growthRate'
  | 'repurchaseRate'
  | 'averageOrderValue'
  | 'churnRate'
  | 'activityRate'
  | 'totalMembers'
  | 'newMembers'
  | 'orders'
  | 'buyers'
  | 'gmv'
  | 'netGmv'
  | 'spendPerBuyer'
  | 'activeMembers';

export interface Figure {
  key: FigureKey;
  label: string;
  value: string;
  /** Why the figure is "—", else null. */
  hint: string | null;
  definition: string;
  primary: boolean;
}

export interface Windows {
  newDays: number;
  silentAfterDays: number;
  churnedAfterDays: number;
}

export function definitions(w: Windows): Record<FigureKey, string> {
  return {
    growthRate: '会员增长率 = 本期新增会员 ÷ 期初会员数（期初 = 开始日前一天结束时）；期初没有会员时不计算。会员按注册门店归属。',
    repurchaseRate:
      '复购率 = 本期消费 ≥ 2 笔的会员 ÷ 本期消费会员。单店视图两笔都须在该店；全部门店视图在任意门店均算。退款不减少订单。',
    averageOrderValue: '客单价 = 本期 GMV ÷ 订单数（按单计，不是按人），四舍五入到分。',
    churnRate: `流失率 = 开始日前 ${w.churnedAfterDays} 天内有消费、本期无消费且期末距最后一笔消费 ≥ ${w.churnedAfterDays} 天的会员 ÷ 开始日前 ${w.churnedAfterDays} 天内有消费的会员。`,
    activityRate: '会员活跃度 = 本期有消费（任一门店）或签到的会员 ÷ 期末会员总数。',
    totalMembers: '会员总数 = 截至结束日注册的会员（按注册门店归属；已注销的会员保留）。',
    newMembers: '新增会员 = 本期注册的会员（按注册门店归属，程序时区的自然日）。',
    orders: '订单数 = 本期支付的订单（按下单门店）；退款不删除订单，退款另计。',
    buyers: '消费会员 = 本期至少有一笔订单的会员（按下单门店，同一会员只计一次）。',
    gmv: 'GMV = 本期订单实付金额合计（会员价、券、积分抵扣之后），未减退款。',
    netGmv: '净 GMV = GMV − 本期退款金额（退款按退款日期计入）。',
    spendPerBuyer: '人均消费 = 本期 GMV ÷ 消费会员数。',
    activeMembers: '活跃会员 = 本期有消费（任一门店）或签到的会员。',
  };
}

const NULL_HINTS: Partial<Record<FigureKey, string>> = {
  growthRate: '期初无会员',
  repurchaseRate: '本期无消费会员',
  averageOrderValue: '本期无订单',
  churnRate: '此前无消费会员',
  activityRate: '暂无会员',
  spendPerBuyer: '本期无消费会员',
};

export function kpiFigures(k: KpiResponse, w: Windows): Figure[] {
  const defs = definitions(w);
  const f = (key: FigureKey, label: string, raw: number | null, value: string, primary: boolean): Figure => ({
    key,
    label,
    value,
    hint: raw === null ? (NULL_HINTS[key] ?? null) : null,
    definition: defs[key],
    primary,
  });
  return [
    f('growthRate', '会员增长率', k.members.growthRate, formatRate(k.members.growthRate), true),
    f('repurchaseRate', '复购率', k.repurchaseRate, formatRate(k.repurchaseRate), true),
    f('averageOrderValue', '客单价', k.averageOrderValue, formatFen(k.averageOrderValue), true),
    f('churnRate', '流失率', k.churnRate, formatRate(k.churnRate), true),
    f('activityRate', '会员活跃度', k.activityRate, formatRate(k.activityRate), true),
    f('totalMembers', '会员总数', k.members.total, formatCount(k.members.total), false),
    f('newMembers', '新增会员', k.members.new, formatCount(k.members.new), false),
    f('orders', '订单数', k.orders, formatCount(k.orders), false),
    f('buyers', '消费会员', k.buyers, formatCount(k.buyers), false),
    f('gmv', 'GMV', k.gmv, formatFen(k.gmv), false),
    f('netGmv', '净 GMV', k.netGmv, formatFen(k.netGmv), false),
    f('spendPerBuyer', '人均消费', k.spendPerBuyer, formatFen(k.spendPerBuyer), false),
    f('activeMembers', '活跃会员', k.activeMembers, formatCount(k.activeMembers), false),
  ];
}

export interface FunnelStage {
  stage: LifecycleStage;
  label: string;
  count: number;
  share: number | null;
}

/** The lifecycle stages of the members at the end of the period; they partition members.total. */
export function lifecycleStages(k: KpiResponse): FunnelStage[] {
  const total = LIFECYCLE_STAGES.reduce((n, s) => n + (k.lifecycle[s] ?? 0), 0);
  return LIFECYCLE_STAGES.map((stage) => ({
    stage,
    label: LIFECYCLE_LABELS[stage],
    count: k.lifecycle[stage] ?? 0,
    share: total === 0 ? null : (k.lifecycle[stage] ?? 0) / total,
  }));
}

export function lifecycleDefinition(w: Windows): string {
  return (
    `新会员：首单（或未消费时注册）不足 ${w.newDays} 天；活跃：最后一笔消费不足 ${w.silentAfterDays} 天；` +
    `沉默：不足 ${w.churnedAfterDays} 天；流失：${w.churnedAfterDays} 天及以上。四类合计为期末会员总数。`
  );
}
