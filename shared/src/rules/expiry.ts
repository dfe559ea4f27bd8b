// Points expiry: when a credited lot stops being spendable, by named policy, in the programme timezone.
//
// Convention: a lot is valid through its *last valid local date* and expires at the START of the
// next local day (`startOfLocalDate(lastValid + 1)`), an instant. A lot is expired at `now` when
// `now >= expiresAt`; `expiresAt === null` means it never expires.
import { addDays, addMonths, DEFAULT_TIMEZONE, endOfMonth, parseLocalDate, startOfLocalDate, toLocalDate } from '../time.js';
import type { LocalDate } from '../time.js';

export type ExpiryPolicyCode = 'end_of_next_year' | 'days' | 'end_of_month' | 'never';

export interface ExpiryPolicy<C extends ExpiryPolicyCode, A> {
  code: C;
  description: string;
  defaultArgs: A;
  /** The last local date on which points earned on `earnedOn` may be spent; null = never expire. */
  lastValidDate(earnedOn: LocalDate, args: A): LocalDate | null;
}

/** Default: points earned any day of year Y are spendable until 31 December of Y + 1. */
export const endOfNextYearExpiry: ExpiryPolicy<'end_of_next_year', Record<string, never>> = {
  code: 'end_of_next_year',
  description: '积分有效期至获得次年的 12 月 31 日',
  defaultArgs: {},
  lastValidDate(earnedOn) {
    return `${String(parseLocalDate(earnedOn).year + 1).padStart(4, '0')}-12-31`;
  },
};

/** `days: N`: spendable on the earning day and the N local days after it (earned 1 Jan, N = 30 → through 31 Jan). */
export const daysExpiry: ExpiryPolicy<'days', { days: number }> = {
  code: 'days',
  description: '积分获得后 N 天内有效',
  defaultArgs: { days: 365 },
  lastValidDate(earnedOn, { days }) {
    if (!Number.isSafeInteger(days) || days < 0) throw new RangeError('days must be a non-negative integer');
    return addDays(earnedOn, days);
  },
};

/** `monthsAfter: M`: spendable until the last day of the month M months after the earning month (M = 0: that same month). */
export const endOfMonthExpiry: ExpiryPolicy<'end_of_month', { monthsAfter: number }> = {
  code: 'end_of_month',
  description: '积分有效期至获得当月（或之后第 M 个月）月底',
  defaultArgs: { monthsAfter: 0 },
  lastValidDate(earnedOn, { monthsAfter }) {
    if (!Number.isSafeInteger(monthsAfter) || monthsAfter < 0) throw new RangeError('monthsAfter must be a non-negative integer');
    return endOfMonth(addMonths(`${earnedOn.slice(0, 8)}01`, monthsAfter));
  },
};

export const neverExpiry: ExpiryPolicy<'never', Record<string, never>> = {
  code: 'never',
  description: '积分永久有效',
  defaultArgs: {},
  lastValidDate() {
    return null;
  },
};

export const EXPIRY_POLICIES = {
  end_of_next_year: endOfNextYearExpiry,
  days: daysExpiry,
  end_of_month: endOfMonthExpiry,
  never: neverExpiry,
} as const;

/** What a programme stores: a policy code plus its arguments. */
export type ExpiryPolicyConfig =
  | { code: 'end_of_next_year' }
  | { code: 'days'; args: { days: number } }
  | { code: 'end_of_month'; args?: { monthsAfter: number } }
  | { code: 'never' };

export const DEFAULT_EXPIRY_POLICY: ExpiryPolicyConfig = { code: 'end_of_next_year' };

/** The last local date a lot earned at `earnedAt` is spendable, or null when it never expires. */
export function lastValidLocalDate(
  config: ExpiryPolicyConfig,
  earnedAt: Date,
  timeZone: string = DEFAULT_TIMEZONE,
): LocalDate | null {
  const earnedOn = toLocalDate(earnedAt, timeZone);
  switch (config.code) {
    case 'end_of_next_year':
      return endOfNextYearExpiry.lastValidDate(earnedOn, {});
    case 'days':
      return daysExpiry.lastValidDate(earnedOn, config.args);
    case 'end_of_month':
      return endOfMonthExpiry.lastValidDate(earnedOn, config.args ?? endOfMonthExpiry.defaultArgs);
    case 'never':
      return neverExpiry.lastValidDate(earnedOn, {});
  }
}

/** The instant a lot earned at `earnedAt` expires: the start of the local day after its last valid date. */
export function lotExpiresAt(config: ExpiryPolicyConfig, earnedAt: Date, timeZone: string = DEFAULT_TIMEZONE): Date | null {
  const last = lastValidLocalDate(config, earnedAt, timeZone);
  return last === null ? null : startOfLocalDate(addDays(last, 1), timeZone);
}

export interface ExpiringLot {
  id: string;
  remaining: number;
  expiresAt: Date | null;
}

export function isExpiredAt(lot: Pick<ExpiringLot, 'expiresAt'>, now: Date): boolean {
  return lot.expiresAt !== null && now.getTime() >= lot.expiresAt.getTime();
}

/**
 * What the expiry job writes off at `now`: every expired lot that still has points. Re-running it
 * after the write-off (remaining set to 0) finds nothing, so the job is safe to repeat.
 */
export function expiredLotsAt(lots: readonly ExpiringLot[], now: Date): { lotId: string; points: number }[] {
  return lots.filter((l) => l.remaining > 0 && isExpiredAt(l, now)).map((l) => ({ lotId: l.id, points: l.remaining }));
}

/** Points still spendable at `from` that expire before `until` — what an expiry reminder announces. */
export function pointsExpiringBetween(lots: readonly ExpiringLot[], from: Date, until: Date): number {
  let sum = 0;
  for (const l of lots) {
    if (l.remaining <= 0 || l.expiresAt === null) continue;
    const t = l.expiresAt.getTime();
    if (t > from.getTime() && t <= until.getTime()) sum += l.remaining;
  }
  return sum;
}
