// The metric dictionary's pure half (docs/metrics.md, definition `metrics-v1`): periods in the
// programme timezone, rates with null for an empty denominator, and the lifecycle stage of one
// member on a date. The server's SQL computes the same figures over the rollups; its tests check
// both against each other on a known world.
import { addDays, daysBetween, isLocalDate, isoWeekday, startOfMonth, addMonths, type LocalDate } from '../time.js';

/** Returned with every figure; bumped whenever a definition in docs/metrics.md changes. */
export const METRICS_DEFINITION_VERSION = 'metrics-v1';

/** The longest period a KPI request may span, in days (inclusive of both ends). */
export const MAX_PERIOD_DAYS = 366;

export type Granularity = 'day' | 'week' | 'month';
export const GRANULARITIES: readonly Granularity[] = ['day', 'week', 'month'];

export type LifecycleStage = 'new' | 'active' | 'silent' | 'churned';
export const LIFECYCLE_STAGES: readonly LifecycleStage[] = ['new', 'active', 'silent', 'churned'];

/**
 * Lifecycle windows in days (metrics-v1 defaults; issue 11 item 3 makes them editable):
 * new = first order (or, never ordered, registration) fewer than `newDays` days ago;
 * active = last order fewer than `silentAfterDays` days ago; silent = fewer than
 * `churnedAfterDays`; churned = the rest.
 */
export interface LifecycleThresholds {
  newDays: number;
  silentAfterDays: number;
  churnedAfterDays: number;
}
export const DEFAULT_LIFECYCLE: LifecycleThresholds = { newDays: 30, silentAfterDays: 60, churnedAfterDays: 180 };

/** numerator ÷ denominator, or null when the denominator is 0 (never "500 %"). */
export function ratio(numerator: number, denominator: number): number | null {
  if (denominator === 0) return null;
  return numerator / denominator;
}

/** New members of the period ÷ members at its start; null when there were none at the start. */
export function growthRate(newMembers: number, membersAtStart: number): number | null {
  return ratio(newMembers, membersAtStart);
}

export interface MemberDates {
  registeredOn: LocalDate;
  /** The first and last local order dates on or before the as-of date; null if none. */
  firstOrderOn: LocalDate | null;
  lastOrderOn: LocalDate | null;
}

/** The member's stage at the end of local date `asOf`. */
export function lifecycleStage(m: MemberDates, asOf: LocalDate, t: LifecycleThresholds = DEFAULT_LIFECYCLE): LifecycleStage {
  if (m.firstOrderOn === null || m.lastOrderOn === null) {
    const age = daysBetween(m.registeredOn, asOf);
    if (age < t.newDays) return 'new';
    return age < t.churnedAfterDays ? 'silent' : 'churned';
  }
  if (daysBetween(m.firstOrderOn, asOf) < t.newDays) return 'new';
  const since = daysBetween(m.lastOrderOn, asOf);
  if (since < t.silentAfterDays) return 'active';
  return since < t.churnedAfterDays ? 'silent' : 'churned';
}

export type PeriodCheck =
  | { ok: true; from: LocalDate; to: LocalDate; days: number }
  | { ok: false; code: 'INVALID_PERIOD' | 'PERIOD_TOO_LONG'; message: string };

/** `from`/`to` as sent: both real YYYY-MM-DD dates, from ≤ to, at most MAX_PERIOD_DAYS days. */
export function checkPeriod(from: unknown, to: unknown): PeriodCheck {
  if (typeof from !== 'string' || !isLocalDate(from))
    return { ok: false, code: 'INVALID_PERIOD', message: 'from: a date YYYY-MM-DD' };
  if (typeof to !== 'string' || !isLocalDate(to)) return { ok: false, code: 'INVALID_PERIOD', message: 'to: a date YYYY-MM-DD' };
  if (from > to) return { ok: false, code: 'INVALID_PERIOD', message: 'from must not be after to' };
  const days = daysBetween(from, to) + 1;
  if (days > MAX_PERIOD_DAYS) {
    return { ok: false, code: 'PERIOD_TOO_LONG', message: `a period spans at most ${MAX_PERIOD_DAYS} days (this one ${days})` };
  }
  return { ok: true, from, to, days };
}

/** The bucket a local date falls in: itself, its ISO week's Monday, or its month's 1st. */
export function periodStart(day: LocalDate, granularity: Granularity): LocalDate {
  if (granularity === 'day') return day;
  if (granularity === 'week') return addDays(day, 1 - isoWeekday(day));
  return startOfMonth(day);
}

/** Every bucket start from the one holding `from` to the one holding `to`, in order. */
export function periodsBetween(from: LocalDate, to: LocalDate, granularity: Granularity): LocalDate[] {
  const out: LocalDate[] = [];
  const last = periodStart(to, granularity);
  for (let p = periodStart(from, granularity); p <= last;) {
    out.push(p);
    p = granularity === 'day' ? addDays(p, 1) : granularity === 'week' ? addDays(p, 7) : addMonths(p, 1);
  }
  return out;
}

/** The day before the period: "at its start" figures are taken at the end of this day. */
export function dayBefore(day: LocalDate): LocalDate {
  return addDays(day, -1);
}
