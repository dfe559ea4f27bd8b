// When, for whom and where a conditional rule applies: the member-day earning rule (points.ts,
// `member_day`) and coupons valid only on some weekdays or hours (coupons.ts) share these checks.
//
// Every condition is optional and all the given ones must hold (AND). Times are the programme
// timezone's local clock: the order's instant becomes a local weekday, day of month and minute of
// day (`localMomentOf` in time.ts), so "every Wednesday" means the Wednesday of the programme's
// calendar, whatever the UTC date. A time window `[timeFrom, timeTo)` is on one local day,
// `HH:MM` with `timeFrom < timeTo` (`24:00` closes at midnight); overnight windows are two rules.
import type { TierCode } from '../api/common.js';
import { localMomentOf } from '../time.js';
import { isCount, type Args } from './args.js';
import { DEFAULT_TIERS } from './tiers.js';

/** The local clock of an order: ISO weekday (1 = Monday … 7 = Sunday), day of month, minute of day. */
export interface LocalMoment {
  weekday: number;
  day: number;
  minute: number;
}

export function localMoment(now: Date, timeZone: string): LocalMoment {
  const { weekday, day, minute } = localMomentOf(now, timeZone);
  return { weekday, day, minute };
}

/** What a conditional rule may look at (absent: a condition on it does not hold). */
export interface RuleContext {
  local?: LocalMoment;
  tierCode?: TierCode;
  storeId?: string;
}

export interface RuleConditions {
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  weekdays?: readonly number[];
  /** Days of the month, 1–31 (a 31 skips shorter months). */
  monthDays?: readonly number[];
  /** Local `HH:MM`, inclusive; with timeTo. */
  timeFrom?: string;
  /** Local `HH:MM`, exclusive (`24:00` = end of day); with timeFrom. */
  timeTo?: string;
  tiers?: readonly TierCode[];
  storeIds?: readonly string[];
}

export const CONDITION_KEYS = ['weekdays', 'monthDays', 'timeFrom', 'timeTo', 'tiers', 'storeIds'] as const;
export const MAX_CONDITION_STORES = 50;
const TIER_CODES: readonly TierCode[] = ['normal', 'silver', 'gold', 'platinum'];
const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `HH:MM` → minute of day (`24:00` → 1440); null when not a clock time. */
export function clockMinute(v: unknown): number | null {
  if (typeof v !== 'string' || !CLOCK.test(v)) return null;
  return Number(v.slice(0, 2)) * 60 + Number(v.slice(3, 5));
}

/** Whether the local day (weekday, day of month) matches; the time window is not looked at. */
export function dayMatches(c: RuleConditions, local: LocalMoment | undefined): boolean {
  const needsDay = (c.weekdays?.length ?? 0) > 0 || (c.monthDays?.length ?? 0) > 0;
  if (!needsDay) return true;
  if (!local) return false;
  if (c.weekdays && c.weekdays.length > 0 && !c.weekdays.includes(local.weekday)) return false;
  if (c.monthDays && c.monthDays.length > 0 && !c.monthDays.includes(local.day)) return false;
  return true;
}

/** Whether the local minute is inside `[timeFrom, timeTo)` (true without a window). */
export function timeMatches(c: Pick<RuleConditions, 'timeFrom' | 'timeTo'>, local: LocalMoment | undefined): boolean {
  if (c.timeFrom === undefined && c.timeTo === undefined) return true;
  const from = clockMinute(c.timeFrom);
  const to = clockMinute(c.timeTo);
  if (!local || from === null || to === null) return false;
  return local.minute >= from && local.minute < to;
}

/** Every given condition holds for this context. */
export function conditionsHold(c: RuleConditions, ctx: RuleContext): boolean {
  if (!dayMatches(c, ctx.local) || !timeMatches(c, ctx.local)) return false;
  if (c.tiers && c.tiers.length > 0 && (!ctx.tierCode || !c.tiers.includes(ctx.tierCode))) return false;
  if (c.storeIds && c.storeIds.length > 0 && (!ctx.storeId || !c.storeIds.includes(ctx.storeId))) return false;
  return true;
}

const uniqueCounts = (v: unknown, min: number, max: number): boolean =>
  Array.isArray(v) && v.length > 0 && v.every((x) => isCount(x, min, max)) && new Set(v).size === v.length;

/** Problems (`field: reason`) of the time fields only: weekdays, monthDays, timeFrom/timeTo. */
export function timeConditionProblems(a: Args): string[] {
  const p: string[] = [];
  if (a.weekdays !== undefined && !uniqueCounts(a.weekdays, 1, 7))
    p.push('weekdays: must be a non-empty list of distinct weekdays 1-7 (1 = Monday)');
  if (a.monthDays !== undefined && !uniqueCounts(a.monthDays, 1, 31))
    p.push('monthDays: must be a non-empty list of distinct days 1-31');
  if ((a.timeFrom === undefined) !== (a.timeTo === undefined)) {
    p.push(`${a.timeFrom === undefined ? 'timeFrom' : 'timeTo'}: timeFrom and timeTo go together`);
  } else if (a.timeFrom !== undefined) {
    const from = clockMinute(a.timeFrom);
    const to = clockMinute(a.timeTo);
    if (from === null || from === 1440) p.push('timeFrom: must be a local time HH:MM (00:00-23:59)');
    if (to === null || to === 0) p.push('timeTo: must be a local time HH:MM (00:01-24:00)');
    if (from !== null && to !== null && from < 1440 && to > 0 && from >= to)
      p.push('timeTo: must be after timeFrom (a window within one day)');
  }
  return p;
}

/** Problems (`field: reason`) of every condition field. */
export function conditionProblems(a: Args): string[] {
  const p = timeConditionProblems(a);
  if (
    a.tiers !== undefined &&
    !(
      Array.isArray(a.tiers) &&
      a.tiers.length > 0 &&
      a.tiers.every((t) => TIER_CODES.includes(t as TierCode)) &&
      new Set(a.tiers).size === a.tiers.length
    )
  )
    p.push(`tiers: must be a non-empty list of distinct tier codes (${TIER_CODES.join(', ')})`);
  if (
    a.storeIds !== undefined &&
    !(
      Array.isArray(a.storeIds) &&
      a.storeIds.length > 0 &&
      a.storeIds.length <= MAX_CONDITION_STORES &&
      a.storeIds.every((s) => typeof s === 'string' && UUID.test(s)) &&
      new Set(a.storeIds).size === a.storeIds.length
    )
  )
    p.push(`storeIds: must be a non-empty list of at most ${MAX_CONDITION_STORES} distinct store ids`);
  return p;
}

const WEEKDAY_NAMES = ['', '一', '二', '三', '四', '五', '六', '日'];

/** 每周三 / 每周一、五 / 每月 8、18 日 / 每天, then the window: 每周三 10:00–14:00. */
export function whenText(c: RuleConditions): string {
  const parts: string[] = [];
  if (c.weekdays && c.weekdays.length > 0)
    parts.push(
      `每周${[...c.weekdays]
        .sort((x, y) => x - y)
        .map((d) => WEEKDAY_NAMES[d])
        .join('、')}`,
    );
  if (c.monthDays && c.monthDays.length > 0) parts.push(`每月 ${[...c.monthDays].sort((x, y) => x - y).join('、')} 日`);
  const day = parts.length > 0 ? parts.join('且') : '每天';
  return c.timeFrom !== undefined && c.timeTo !== undefined ? `${day} ${c.timeFrom}–${c.timeTo}` : day;
}

/** （限金卡、白金卡会员，限指定门店）or '' — tier names as the default programme names them. */
export function whoText(c: RuleConditions): string {
  const parts: string[] = [];
  if (c.tiers && c.tiers.length > 0) {
    const names = c.tiers.map((t) => DEFAULT_TIERS.find((d) => d.code === t)?.name ?? t).join('、');
    parts.push(`限${names}${names.endsWith('会员') ? '' : '会员'}`);
  }
  if (c.storeIds && c.storeIds.length > 0) parts.push('限指定门店');
  return parts.length > 0 ? `（${parts.join('，')}）` : '';
}
