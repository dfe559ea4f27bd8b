// Business dates are local `YYYY-MM-DD` strings in the programme timezone, made only here.
export type LocalDate = string;

export const DEFAULT_TIMEZONE = 'Asia/Shanghai';

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

type ZonedParts = { year: number; month: number; day: number; hour: number; minute: number; second: number };

function formattedParts(instant: Date, timeZone: string): ZonedParts {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(instant)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return parts as ZonedParts;
}

// formatToParts is slow (it was ~2 % of the server's CPU per till order), and an instant's UTC
// offset only changes at a transition. Since 1980 every zone's offset is a whole number of quarter
// hours and its transitions fall on quarter hours of UTC, so one offset per timezone and UTC
// quarter hour is exact; older instants (local mean time and the like) are formatted each time.
// A few quarters are kept: a coupon claim asks for now and for its expiry a week later, and one
// slot per zone missed on every such call.
const QUARTER_HOUR_MS = 900_000;
const CACHE_FROM_MS = Date.UTC(1980, 0, 1);
const OFFSETS_KEPT = 64;
const offsets = new Map<string, number>();

function zonedParts(instant: Date, timeZone: string): ZonedParts {
  const t = instant.getTime();
  if (!(t >= CACHE_FROM_MS)) return formattedParts(instant, timeZone);
  const quarter = Math.floor(t / QUARTER_HOUR_MS);
  const key = `${quarter}|${timeZone}`;
  let offsetMs = offsets.get(key);
  if (offsetMs === undefined) {
    const start = new Date(quarter * QUARTER_HOUR_MS);
    const p = formattedParts(start, timeZone);
    offsetMs = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - start.getTime();
    // Oldest out first (a Map iterates in insertion order).
    if (offsets.size >= OFFSETS_KEPT) offsets.delete(offsets.keys().next().value!);
    offsets.set(key, offsetMs);
  }
  const local = new Date(t + offsetMs);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
  };
}

/** The local wall-clock fields of `instant` in `timeZone`, formatted each time (the reference the cache is tested against). */
export function zonedPartsUncached(instant: Date, timeZone: string): ZonedParts {
  return formattedParts(instant, timeZone);
}

/** The local wall-clock fields of `instant` in `timeZone` (cached offset; see above). */
export function zonedPartsOf(instant: Date, timeZone: string): ZonedParts {
  return zonedParts(instant, timeZone);
}

/** The local calendar date of `instant` in `timeZone`. */
export function toLocalDate(instant: Date, timeZone: string): LocalDate {
  const { year, month, day } = zonedParts(instant, timeZone);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** True for a real calendar date written as YYYY-MM-DD (rejects 2025-02-30). */
export function isLocalDate(value: string): value is LocalDate {
  const m = LOCAL_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

export function parseLocalDate(value: LocalDate): { year: number; month: number; day: number } {
  const m = LOCAL_DATE.exec(value);
  if (!m || !isLocalDate(value)) throw new RangeError(`not a local date: ${value}`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

/** Calendar arithmetic on local dates (no timezone involved). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const { year, month, day } = parseLocalDate(date);
  const dt = new Date(Date.UTC(year, month - 1, day + days));
  return dt.toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (b − a). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  const pa = parseLocalDate(a);
  const pb = parseLocalDate(b);
  return Math.round((Date.UTC(pb.year, pb.month - 1, pb.day) - Date.UTC(pa.year, pa.month - 1, pa.day)) / 86_400_000);
}

/** The instant at which local date `date` begins (00:00) in `timeZone`. */
export function startOfLocalDate(date: LocalDate, timeZone: string): Date {
  const { year, month, day } = parseLocalDate(date);
  // Guess UTC midnight, then correct by the zone's offset at that moment (twice, for DST edges).
  let guess = Date.UTC(year, month - 1, day);
  for (let i = 0; i < 2; i++) {
    const p = zonedParts(new Date(guess), timeZone);
    const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    guess -= asUtc - Date.UTC(year, month - 1, day);
  }
  return new Date(guess);
}

/** Calendar months added to a local date, clamped to the month's end (2025-01-31 + 1 → 2025-02-28). */
export function addMonths(date: LocalDate, months: number): LocalDate {
  if (!Number.isInteger(months)) throw new RangeError('months must be an integer');
  const { year, month, day } = parseLocalDate(date);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  const last = daysInMonth(y, m);
  return formatLocalDate(y, m, Math.min(day, last));
}

/** The last local date of the month `date` falls in. */
export function endOfMonth(date: LocalDate): LocalDate {
  const { year, month } = parseLocalDate(date);
  return formatLocalDate(year, month, daysInMonth(year, month));
}

/** The first local date of the month `date` falls in. */
export function startOfMonth(date: LocalDate): LocalDate {
  return `${date.slice(0, 8)}01`;
}

/** ISO weekday of a local date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  const { year, month, day } = parseLocalDate(date);
  const d = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return d === 0 ? 7 : d;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function formatLocalDate(year: number, month: number, day: number): LocalDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Where `instant` falls on the local clock of `timeZone`: date, ISO weekday (1 = Monday), day of month, minute of day. */
export function localMomentOf(
  instant: Date,
  timeZone: string,
): { date: LocalDate; weekday: number; day: number; minute: number } {
  const p = zonedParts(instant, timeZone);
  const date = formatLocalDate(p.year, p.month, p.day);
  return { date, weekday: isoWeekday(date), day: p.day, minute: p.hour * 60 + p.minute };
}
