// The ECharts option of one trend: a line over the days, money in yuan, rates in percent. Pure,
// so the component tests check it without a canvas.
import type { TrendSeries } from '../compass/figures';

export const BRAND_BLUE = '#2f6bff';

export interface TrendOption {
  animation: boolean;
  color: string[];
  grid: { left: number; right: number; top: number; bottom: number; containLabel: boolean };
  tooltip: { trigger: 'axis'; valueFormatter: (value: unknown) => string };
  xAxis: { type: 'category'; data: string[]; boundaryGap: boolean; axisLabel: { fontSize: number } };
  yAxis: { type: 'value'; minInterval?: number; axisLabel: { fontSize: number; formatter: string } };
  series: {
    name: string;
    type: 'line';
    data: (number | null)[];
    smooth: boolean;
    connectNulls: boolean;
    showSymbol: boolean;
    symbolSize: number;
    areaStyle: { opacity: number };
  }[];
}

export function formatTrendValue(series: Pick<TrendSeries, 'unit'>, value: unknown): string {
  if (typeof value !== 'number') return '—';
  if (series.unit === 'yuan') return `¥${value.toFixed(2)}`;
  if (series.unit === 'percent') return `${value.toFixed(1)}%`;
  return String(value);
}

export function trendOption(series: TrendSeries): TrendOption {
  return {
    // No animation: the figures are read, not watched; it also spares a phone's CPU.
    animation: false,
    color: [BRAND_BLUE],
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', valueFormatter: (value) => formatTrendValue(series, value) },
    xAxis: { type: 'category', data: series.labels, boundaryGap: false, axisLabel: { fontSize: 10 } },
    yAxis: {
      type: 'value',
      ...(series.unit === 'count' ? { minInterval: 1 } : {}),
      axisLabel: { fontSize: 10, formatter: series.unit === 'percent' ? '{value}%' : '{value}' },
    },
    series: [
      {
        name: series.label,
        type: 'line',
        data: series.values,
        smooth: false,
        connectNulls: false,
        showSymbol: series.values.length <= 10,
        symbolSize: 5,
        areaStyle: { opacity: 0.12 },
      },
    ],
  };
}
