// 跨店结算: the period as the API takes it ([from, to) instants: local dates of the programme
// timezone, both ends inclusive on the screen), its presets, and the totals row.
import {
  addDays,
  addMonths,
  startOfLocalDate,
  startOfMonth,
  type LocalDate,
  type StoredValueSettlementRow,
} from '@huiyuan/shared';

export type SettlementPreset = 'this_month' | 'last_month' | '30d' | 'custom';

export const SETTLEMENT_PRESETS: readonly { key: SettlementPreset; label: string }[] = [
  { key: 'this_month', label: '本月' },
  { key: 'last_month', label: '上月' },
  { key: '30d', label: '近30天' },
  { key: 'custom', label: '自定义' },
];

export interface DatePeriod {
  from: LocalDate;
  /** Inclusive. */
  to: LocalDate;
}

/** The preset's local dates (custom falls back to this month). */
export function settlementPeriod(preset: SettlementPreset, today: LocalDate): DatePeriod {
  if (preset === 'last_month') {
    const first = addMonths(startOfMonth(today), -1);
    return { from: first, to: addDays(startOfMonth(today), -1) };
  }
  if (preset === '30d') return { from: addDays(today, -29), to: today };
  return { from: startOfMonth(today), to: today };
}

/** The API's query: from the first day's 00:00 to the 00:00 after the last day, in `timeZone`. */
export function settlementRange(period: DatePeriod, timeZone: string): { from: string; to: string } {
  return {
    from: startOfLocalDate(period.from, timeZone).toISOString(),
    to: startOfLocalDate(addDays(period.to, 1), timeZone).toISOString(),
  };
}

export const SETTLEMENT_FIGURES = [
  'toppedUp',
  'bonusGranted',
  'principalSpent',
  'bonusSpent',
  'owedByOthers',
  'owedToOthers',
  'net',
  'principalRefunded',
] as const satisfies readonly (keyof StoredValueSettlementRow)[];

export type SettlementFigure = (typeof SETTLEMENT_FIGURES)[number];

/** Σ of every figure over the rows (the net sums to 0 over all stores: each cross-store yuan is owed once). */
export function settlementTotals(rows: readonly StoredValueSettlementRow[]): Record<SettlementFigure, number> {
  const totals = Object.fromEntries(SETTLEMENT_FIGURES.map((f) => [f, 0])) as Record<SettlementFigure, number>;
  for (const row of rows) for (const f of SETTLEMENT_FIGURES) totals[f] += row[f];
  return totals;
}
