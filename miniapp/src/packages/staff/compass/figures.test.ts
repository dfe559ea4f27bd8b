import type { KpiResponse, KpiSeriesItem } from '@huiyuan/shared';
import { trendOption, formatTrendValue } from '../components/chart-option';
import {
  chartRange,
  formatCount,
  formatFen,
  formatRate,
  kpiFigures,
  lifecycleFunnel,
  periodRange,
  topSegments,
  trendSeries,
} from './figures';

const kpis = (over: Partial<KpiResponse> = {}): KpiResponse => ({
  definitionVersion: 'metrics-v1',
  from: '2026-03-01',
  to: '2026-03-07',
  storeId: 'store-1',
  timezone: 'Asia/Shanghai',
  members: { total: 40, new: 8, growthRate: 0.25 },
  orders: 12,
  buyers: 9,
  gmv: 1234567,
  refunds: 0,
  netGmv: 1234567,
  repurchaseRate: 3 / 9,
  averageOrderValue: 102881,
  spendPerBuyer: 137174,
  churnRate: 0,
  activityRate: 0.225,
  activeMembers: 9,
  checkIns: 0,
  lifecycle: { new: 10, active: 20, silent: 6, churned: 4 },
  ...over,
});

const day = (period: string, over: Partial<KpiSeriesItem> = {}): KpiSeriesItem => ({
  period,
  newMembers: 0,
  orders: 0,
  buyers: 0,
  gmv: 0,
  refunds: 0,
  averageOrderValue: null,
  repurchaseRate: null,
  activityRate: null,
  ...over,
});

describe('formatting', () => {
  it('money: fen → ¥ with thousands and two decimals, no float drift', () => {
    expect(formatFen(1234567)).toBe('¥12,345.67');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(0)).toBe('¥0.00');
    expect(formatFen(100000000)).toBe('¥1,000,000.00');
    expect(formatFen(-2050)).toBe('-¥20.50');
    expect(formatFen(null)).toBe('—');
  });

  it('rates: one decimal percent; null is "—"', () => {
    expect(formatRate(0.25)).toBe('25.0%');
    expect(formatRate(1 / 3)).toBe('33.3%');
    expect(formatRate(0.0005)).toBe('0.1%');
    expect(formatRate(0)).toBe('0.0%');
    expect(formatRate(1)).toBe('100.0%');
    expect(formatRate(null)).toBe('—');
  });

  it('counts group thousands', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(1234567)).toBe('1,234,567');
  });
});

describe('periods (local dates, both ends inclusive)', () => {
  it('今日 / 近7天 / 近30天 end today', () => {
    expect(periodRange('2026-03-07', 'today')).toEqual({ from: '2026-03-07', to: '2026-03-07' });
    expect(periodRange('2026-03-07', '7d')).toEqual({ from: '2026-03-01', to: '2026-03-07' });
    expect(periodRange('2026-03-07', '30d')).toEqual({ from: '2026-02-06', to: '2026-03-07' });
  });

  it('the charts show at least 7 days', () => {
    expect(chartRange('2026-03-07', 'today')).toEqual({ from: '2026-03-01', to: '2026-03-07' });
    expect(chartRange('2026-03-07', '30d')).toEqual(periodRange('2026-03-07', '30d'));
  });
});

describe('kpiFigures', () => {
  it('the five KPIs first, then new members, orders and GMV, formatted', () => {
    const f = kpiFigures(kpis());
    expect(f.map((x) => [x.key, x.label, x.value, x.primary])).toEqual([
      ['growthRate', '会员增长率', '25.0%', true],
      ['repurchaseRate', '复购率', '33.3%', true],
      ['averageOrderValue', '客单价', '¥1,028.81', true],
      ['churnRate', '流失率', '0.0%', true],
      ['activityRate', '会员活跃度', '22.5%', true],
      ['newMembers', '新增会员', '8', false],
      ['orders', '订单数', '12', false],
      ['gmv', 'GMV', '¥12,345.67', false],
    ]);
    expect(f.every((x) => x.hint === null)).toBe(true);
    expect(f.every((x) => x.definition.length > 10)).toBe(true);
  });

  it('a null figure is "—" with the reason its denominator is empty', () => {
    const f = kpiFigures(
      kpis({
        members: { total: 0, new: 0, growthRate: null },
        orders: 0,
        gmv: 0,
        repurchaseRate: null,
        averageOrderValue: null,
        churnRate: null,
        activityRate: null,
      }),
    );
    const byKey = Object.fromEntries(f.map((x) => [x.key, x]));
    expect(byKey.growthRate).toMatchObject({ value: '—', hint: '上期无会员' });
    expect(byKey.repurchaseRate).toMatchObject({ value: '—', hint: '本期无消费会员' });
    expect(byKey.averageOrderValue).toMatchObject({ value: '—', hint: '本期无订单' });
    expect(byKey.churnRate).toMatchObject({ value: '—', hint: '此前 180 天无消费会员' });
    expect(byKey.activityRate).toMatchObject({ value: '—', hint: '暂无会员' });
    // Zero counts are figures, not gaps.
    expect(byKey.orders).toMatchObject({ value: '0', hint: null });
    expect(byKey.gmv).toMatchObject({ value: '¥0.00', hint: null });
  });

  it('definitions follow docs/metrics.md (order-based AOV, home-store growth, 180-day churn)', () => {
    const byKey = Object.fromEntries(kpiFigures(kpis()).map((x) => [x.key, x.definition]));
    expect(byKey.averageOrderValue).toContain('÷ 订单数');
    expect(byKey.growthRate).toContain('期初');
    expect(byKey.churnRate).toContain('180');
    expect(byKey.gmv).toContain('未减退款');
  });
});

describe('lifecycleFunnel', () => {
  it('four stages in order with their share of all members and bars relative to the largest', () => {
    expect(lifecycleFunnel({ new: 10, active: 20, silent: 6, churned: 4 })).toEqual([
      { stage: 'new', label: '新会员', count: 10, share: '25.0%', width: 50 },
      { stage: 'active', label: '活跃', count: 20, share: '50.0%', width: 100 },
      { stage: 'silent', label: '沉默', count: 6, share: '15.0%', width: 30 },
      { stage: 'churned', label: '流失', count: 4, share: '10.0%', width: 20 },
    ]);
  });

  it('no members: zero bars and "—" shares', () => {
    const rows = lifecycleFunnel({ new: 0, active: 0, silent: 0, churned: 0 });
    expect(rows.map((r) => [r.count, r.share, r.width])).toEqual([
      [0, '—', 0],
      [0, '—', 0],
      [0, '—', 0],
      [0, '—', 0],
    ]);
  });
});

describe('trends', () => {
  const items = [
    day('2026-03-01', { gmv: 12345, orders: 2, repurchaseRate: 0.5 }),
    day('2026-03-02'),
    day('2026-03-03', { gmv: 100, orders: 1, repurchaseRate: 0 }),
  ];

  it('money in yuan, rates in percent, null rates stay gaps; labels MM-DD', () => {
    expect(trendSeries(items, 'gmv')).toMatchObject({
      labels: ['03-01', '03-02', '03-03'],
      values: [123.45, 0, 1],
      unit: 'yuan',
    });
    expect(trendSeries(items, 'orders').values).toEqual([2, 0, 1]);
    expect(trendSeries(items, 'repurchaseRate').values).toEqual([50, null, 0]);
  });

  it('the ECharts option: one line, no animation, tooltip in the figure’s unit', () => {
    const series = trendSeries(items, 'gmv');
    const option = trendOption(series);
    expect(option.animation).toBe(false);
    expect(option.xAxis.data).toEqual(['03-01', '03-02', '03-03']);
    expect(option.series).toHaveLength(1);
    expect(option.series[0]).toMatchObject({ type: 'line', data: [123.45, 0, 1], name: 'GMV' });
    expect(option.tooltip.valueFormatter(123.45)).toBe('¥123.45');
    expect(formatTrendValue({ unit: 'percent' }, 50)).toBe('50.0%');
    expect(formatTrendValue({ unit: 'count' }, null)).toBe('—');
    expect(trendOption(trendSeries(items, 'orders')).yAxis.minInterval).toBe(1);
  });
});

describe('topSegments', () => {
  it('largest first, at most five', () => {
    const items = Array.from({ length: 7 }, (_, i) => ({ id: `s${i}`, name: `人群${i}`, memberCount: i * 10 }));
    expect(topSegments(items).map((s) => s.id)).toEqual(['s6', 's5', 's4', 's3', 's2']);
  });
});
