// Points expiry: when a credited lot stops being spendable, by named policy, in the programme timezone.
//
// Convention: a lot is valid through its *last valid local date* and expires at the START of the
// next local day (`startOfLocalDate(lastValid + 1)`), an instant. A lot is expired at `now` when
// `now >= expiresAt`; `expiresAt === null` means it never expires.
import { addDays, addMonths, DEFAULT_TIMEZONE, endOfMonth, parseLocalDate, startOfLocalDate, toLocalDate } from '../time.js';
import type { LocalDate } from '../time.js';
import { isCount, type Args } from './args.js';

/** The longest `days` policy an operator may set (ten years). */
export const MAX_EXPIRY_DAYS = 3650;

/**
 * One expiry policy. A new policy is one more object in EXPIRY_POLICIES (plus its test):
 * programme validation, the lot's expiry, the API view and the member-facing text go through it.
 */
export interface ExpiryPolicy<A extends Args> {
  code: string;
  defaultArgs: A;
  /** The args the API document carries beside `policy` (ExpiryPolicyView: `days` for days). */
  viewFields: readonly (keyof A & string)[];
  /** Everything wrong with the view's args (`field: reason`; empty when valid). */
  validateArgs(args: Args): string[];
  /** The last local date on which points earned on `earnedOn` may be spent; null = never expire. */
  lastValidDate(earnedOn: LocalDate, args: A): LocalDate | null;
  /** The policy as a member reads it: 次年年底过期. */
  describe(args: A): string;
}

type NoArgs = Record<string, never>;

/** Default: points earned any day of year Y are spendable until 31 December of Y + 1. */
export const endOfNextYearExpiry: ExpiryPolicy<NoArgs> = {
  code: 'end_of_next_year',
  defaultArgs: {},
  viewFields: [],
  validateArgs: () => [],
  lastValidDate(earnedOn) {
    return `${String(parseLocalDate(earnedOn).year + 1).padStart(4, '0')}-12-31`;
  },
  describe: () => '次年年底过期',
};

/** `days: N`: spendable on the earning day and the N local days after it (earned 1 Jan, N = 30 → through 31 Jan). */
export const daysExpiry: ExpiryPolicy<{ days: number }> = {
  code: 'days',
  defaultArgs: { days: 365 },
  viewFields: ['days'],
  validateArgs: (a) =>
    isCount(a.days, 1, MAX_EXPIRY_DAYS) ? [] : [`days: must be an integer 1-${MAX_EXPIRY_DAYS} with policy days`],
  lastValidDate(earnedOn, { days }) {
    if (!Number.isSafeInteger(days) || days < 0) throw new RangeError('days must be a non-negative integer');
    return addDays(earnedOn, days);
  },
  describe: ({ days }) => `获得后 ${days} 天过期`,
};

/** `monthsAfter: M`: spendable until the last day of the month M months after the earning month (M = 0: that same month). */
export const endOfMonthExpiry: ExpiryPolicy<{ monthsAfter: number }> = {
  code: 'end_of_month',
  defaultArgs: { monthsAfter: 0 },
  // The API document has no monthsAfter yet: programmes set through it expire in the earning month.
  viewFields: [],
  validateArgs: () => [],
  lastValidDate(earnedOn, { monthsAfter }) {
    if (!Number.isSafeInteger(monthsAfter) || monthsAfter < 0) throw new RangeError('monthsAfter must be a non-negative integer');
    return endOfMonth(addMonths(`${earnedOn.slice(0, 8)}01`, monthsAfter));
  },
  describe: ({ monthsAfter }) => (monthsAfter > 0 ? `获得后第 ${monthsAfter} 个月月底过期` : '当月月底过期'),
};

export const neverExpiry: ExpiryPolicy<NoArgs> = {
  code: 'never',
  defaultArgs: {},
  viewFields: [],
  validateArgs: () => [],
  lastValidDate() {
    return null;
  },
  describe: () => '永不过期',
};

/** The expiry policies by code: the one place a policy is added. */
export const EXPIRY_POLICIES = {
  end_of_next_year: endOfNextYearExpiry,
  days: daysExpiry,
  end_of_month: endOfMonthExpiry,
  never: neverExpiry,
} as const;

export type ExpiryPolicyCode = keyof typeof EXPIRY_POLICIES;
type ExpiryArgs<C extends ExpiryPolicyCode> = (typeof EXPIRY_POLICIES)[C] extends ExpiryPolicy<infer A> ? A : never;

/** For DTOs and admin forms: every expiry policy code. */
export const EXPIRY_POLICY_CODES = Object.keys(EXPIRY_POLICIES) as ExpiryPolicyCode[];

export function isExpiryPolicyCode(code: unknown): code is ExpiryPolicyCode {
  return typeof code === 'string' && Object.hasOwn(EXPIRY_POLICIES, code);
}

/** What a programme stores: a policy code plus its arguments (absent: the policy's defaultArgs). */
export type ExpiryPolicyConfig = { [C in ExpiryPolicyCode]: { code: C; args?: ExpiryArgs<C> } }[ExpiryPolicyCode];

export const DEFAULT_EXPIRY_POLICY: ExpiryPolicyConfig = { code: 'end_of_next_year' };

/** The policy of a stored config, typed to take any args (the one cast of the registry). */
export function expiryPolicyOf(code: ExpiryPolicyCode): ExpiryPolicy<Args> {
  return EXPIRY_POLICIES[code] as unknown as ExpiryPolicy<Args>;
}

function argsOf(config: ExpiryPolicyConfig): Args {
  return config.args ?? EXPIRY_POLICIES[config.code].defaultArgs;
}

/** The last local date a lot earned at `earnedAt` is spendable, or null when it never expires. */
export function lastValidLocalDate(
  config: ExpiryPolicyConfig,
  earnedAt: Date,
  timeZone: string = DEFAULT_TIMEZONE,
): LocalDate | null {
  return expiryPolicyOf(config.code).lastValidDate(toLocalDate(earnedAt, timeZone), argsOf(config));
}

/** The policy as a member reads it (次年年底过期 / 获得后 365 天过期 / 当月月底过期 / 永不过期). */
export function describeExpiry(config: ExpiryPolicyConfig): string {
  return expiryPolicyOf(config.code).describe(argsOf(config));
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
