// The trend and lifecycle chart options (ECharts), from the series and KPI responses.
import type { KpiSeriesItem } from '@huiyuan/shared';
import type { ChartOption } from '../../components/chart';
import type { FunnelStage } from './figures';

const yuan = (fen: number | null) => (fen === null ? null : Math.round(fen) / 100);
const percent = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);

export function membersOrdersOption(items: KpiSeriesItem[]): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: ['新增会员', '订单数', '消费会员'] },
    grid: { left: 48, right: 24, top: 40, bottom: 32 },
    xAxis: { type: 'category', data: items.map((i) => i.period) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: '新增会员', type: 'bar', data: items.map((i) => i.newMembers) },
      { name: '订单数', type: 'line', smooth: true, data: items.map((i) => i.orders) },
      { name: '消费会员', type: 'line', smooth: true, data: items.map((i) => i.buyers) },
    ],
  } as ChartOption;
}

export function salesOption(items: KpiSeriesItem[]): ChartOption {
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `¥${v.toFixed(2)}` : '—') },
    legend: { top: 0, data: ['GMV', '退款', '客单价'] },
    grid: { left: 64, right: 64, top: 40, bottom: 32 },
    xAxis: { type: 'category', data: items.map((i) => i.period) },
    yAxis: [
      { type: 'value', name: '金额（元）' },
      { type: 'value', name: '客单价（元）' },
    ],
    series: [
      { name: 'GMV', type: 'bar', data: items.map((i) => yuan(i.gmv)) },
      { name: '退款', type: 'bar', data: items.map((i) => yuan(i.refunds)) },
      {
        name: '客单价',
        type: 'line',
        yAxisIndex: 1,
        smooth: true,
        connectNulls: false,
        data: items.map((i) => yuan(i.averageOrderValue)),
      },
    ],
  } as ChartOption;
}

export function ratesOption(items: KpiSeriesItem[]): ChartOption {
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v.toFixed(1)}%` : '—') },
    legend: { top: 0, data: ['复购率', '会员活跃度'] },
    grid: { left: 48, right: 24, top: 40, bottom: 32 },
    xAxis: { type: 'category', data: items.map((i) => i.period) },
    yAxis: { type: 'value', axisLabel: { formatter: '{value}%' }, min: 0 },
    series: [
      { name: '复购率', type: 'line', smooth: true, data: items.map((i) => percent(i.repurchaseRate)) },
      { name: '会员活跃度', type: 'line', smooth: true, data: items.map((i) => percent(i.activityRate)) },
    ],
  } as ChartOption;
}

export function lifecycleOption(stages: FunnelStage[]): ChartOption {
  return {
    tooltip: { trigger: 'item', formatter: '{b}：{c} 人' },
    series: [
      {
        name: '会员生命周期',
        type: 'funnel',
        sort: 'none',
        left: '10%',
        width: '80%',
        minSize: '20%',
        label: { show: true, position: 'inside', formatter: '{b} {c}' },
        data: stages.map((s) => ({ name: s.label, value: s.count })),
      },
    ],
  } as ChartOption;
}
