// The dashboard's periods: local dates of the programme timezone, both ends inclusive (docs/metrics.md).
import { addDays, daysBetween, toLocalDate, type Granularity, type LocalDate } from '@huiyuan/shared';

export type PeriodPreset = 'today' | '7d' | '30d' | 'custom';

export const PERIOD_PRESETS: readonly { key: PeriodPreset; label: string }[] = [
  { key: 'today', label: '今天' },
  { key: '7d', label: '近7天' },
  { key: '30d', label: '近30天' },
  { key: 'custom', label: '自定义' },
];

export interface Period {
  from: LocalDate;
  to: LocalDate;
}

export function todayIn(timeZone: string, now: Date = new Date()): LocalDate {
  return toLocalDate(now, timeZone);
}

/** The preset period ending today (custom falls back to the last 7 days). */
export function presetPeriod(preset: PeriodPreset, today: LocalDate): Period {
  const days = preset === 'today' ? 1 : preset === '30d' ? 30 : 7;
  return { from: addDays(today, 1 - days), to: today };
}

/** Trend charts span at least 7 days: a chart of one day is a dot. */
export function chartPeriod(period: Period): Period {
  return daysBetween(period.from, period.to) + 1 >= 7 ? period : { from: addDays(period.to, -6), to: period.to };
}

/** The default bucket for a period's length: days up to two months, then weeks, then months. */
export function defaultGranularity(period: Period): Granularity {
  const days = daysBetween(period.from, period.to) + 1;
  if (days <= 62) return 'day';
  if (days <= 180) return 'week';
  return 'month';
}
