// Daily check-in (签到): rewards for a check-in, streaks, cumulative milestones per cycle, make-ups (补签), calendar.
//
// All dates are local `YYYY-MM-DD` in the programme timezone; the service turns `now` into `today`
// with toLocalDate once and stores one check-in per (member, date) under a unique key.
//
// • Cycle: a week (Monday–Sunday) or a calendar month. Cumulative counts (累计签到) and make-up limits
//   are per cycle; they start again at each cycle.
// • Streak (连续签到): consecutive local dates ending on the day in question. A missed day resets it.
//   With `streakScope: 'cycle'` (CRMEB style) it also restarts at the start of each cycle.
// • Rewards are small rule objects by code (CHECKIN_REWARD_RULES):
//     base_points           points for every check-in;
//     streak_bonus          extra points on the day the streak reaches `day` (with `repeat`, every
//                           multiple of `day`);
//     cumulative_milestone  points and/or a coupon the day the cycle's count reaches `days` — once per cycle.
//   A make-up check-in earns the base points and any cumulative milestone it completes, but never a
//   streak bonus (`appliesToMakeUp`), so buying back a day cannot buy the streak prizes.
// • Make-up (补签): only for a missed day of the CURRENT cycle, after registration, before today —
//   never today (check in normally) or a future day; at most `makeUp.perCycle` per cycle; each costs
//   `makeUp.costPoints` points, which the service spends through the ledger in the same transaction.
import type { LocalDate } from '../time.js';
import { addDays, endOfMonth, isLocalDate, isoWeekday, startOfMonth } from '../time.js';
import { isCount, unknownArgKeys, type Args } from './args.js';
import { refuse } from './result.js';
import type { Refusal } from './result.js';

export type CheckInCycle = 'week' | 'month';

export interface CheckInRecord {
  date: LocalDate;
  madeUp: boolean;
}

/** A check-in reward as settings store it: a rule code of CHECKIN_REWARD_RULES plus that rule's args. */
export type CheckInRewardRuleConfig = {
  [C in CheckInRewardCode]: { code: C; args: CheckInRewardArgs<C> };
}[CheckInRewardCode];

export interface CheckInConfig {
  cycle: CheckInCycle;
  streakScope: 'cycle' | 'continuous';
  rewards: CheckInRewardRuleConfig[];
  makeUp: { perCycle: number; costPoints: number };
}

export const DEFAULT_CHECKIN_CONFIG: CheckInConfig = {
  cycle: 'month',
  streakScope: 'continuous',
  rewards: [
    { code: 'base_points', args: { points: 5 } },
    { code: 'streak_bonus', args: { day: 3, points: 10 } },
    { code: 'streak_bonus', args: { day: 7, points: 30 } },
    { code: 'cumulative_milestone', args: { days: 10, points: 20 } },
    { code: 'cumulative_milestone', args: { days: 20, points: 50 } },
  ],
  makeUp: { perCycle: 2, costPoints: 20 },
};

export type CheckInReward =
  | { type: 'points'; rule: CheckInRewardCode; points: number }
  | { type: 'coupon'; rule: CheckInRewardCode; couponTemplateId: string }
  /** Free draws of a lottery (抽奖机会), credited through the rewards pipeline like a coupon. */
  | { type: 'lottery_entry'; rule: CheckInRewardCode; lotteryId: string; entries: number };

/** What a reward rule sees about one check-in. */
export interface CheckInEvent {
  date: LocalDate;
  madeUp: boolean;
  /** The streak ending on `date` (for a make-up: through the made-up day). */
  streak: number;
  /** Check-ins in the cycle including this one. */
  cumulativeInCycle: number;
}

export interface CheckInMilestone {
  /** cumulative: the cycle's count reaching `days`; streak: the streak reaching `days`. */
  kind: 'cumulative' | 'streak';
  days: number;
  /** Check-ins still needed (today's included when not yet checked in). */
  remaining: number;
  points: number;
  couponTemplateId: string | null;
}

/** Where the member stands today, for the milestone a rule has ahead (nextCheckInMilestone). */
export interface CheckInProgress {
  /** Check-ins so far in the current cycle. */
  inCycle: number;
  /** Days left in the cycle on which the member can still check in (today's included if not yet done). */
  daysLeft: number;
  /** The current streak. */
  streak: number;
  streakScope: CheckInConfig['streakScope'];
}

/** What validating a rule's args needs to know about the settings around it. */
export interface CheckInRewardContext {
  /** Days in the settings' cycle: 7 for a week, 31 for a month. */
  cycleDays: number;
}

/**
 * One check-in reward rule. A new reward is one more object in CHECKIN_REWARD_RULES (plus its
 * test): settings validation, evaluation, the DTO's code list and the labels all go through it.
 */
export interface CheckInRewardRule<A> {
  code: string;
  /** The member-facing name of what the rule gave (签到奖励 …), shown beside each reward. */
  title: string;
  /** False: a make-up check-in (补签) never earns it. */
  appliesToMakeUp: boolean;
  /** Everything wrong with `args` (`field: reason`, relative to args; empty when valid). */
  validateArgs(args: Args, ctx: CheckInRewardContext): string[];
  evaluate(event: CheckInEvent, args: A): CheckInReward[];
  /** The rule as a member reads it: 每次签到 +5 积分. */
  describe(args: A, ctx: { cycle: CheckInCycle }): string;
  /** The next reward of this rule the member can still reach from `progress`, or null (none ahead). */
  ahead(args: A, progress: CheckInProgress): CheckInMilestone | null;
  /** Coupon templates the rule hands out (the settings must offer them on the check-in channel). */
  couponTemplateIds(args: A): string[];
}

const MAX_CHECKIN_POINTS = 100_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const pointsProblem = (v: unknown, min: number): string[] =>
  isCount(v, min, MAX_CHECKIN_POINTS) ? [] : [`points: must be an integer ${min}-${MAX_CHECKIN_POINTS}`];
const prizeText = (points: number | undefined, coupon: string | undefined, lotteryEntries?: number): string =>
  [points ? `+${points} 积分` : '', coupon ? '送优惠券' : '', lotteryEntries ? `送 ${lotteryEntries} 次抽奖机会` : '']
    .filter(Boolean)
    .join(' ');

export const basePointsReward: CheckInRewardRule<{ points: number }> = {
  code: 'base_points',
  title: '签到奖励',
  appliesToMakeUp: true,
  validateArgs: (a) => [...unknownArgKeys(a, ['points']), ...pointsProblem(a.points, 0)],
  evaluate: (_e, { points }) => (points > 0 ? [{ type: 'points', rule: 'base_points', points }] : []),
  describe: ({ points }) => `每次签到 +${points} 积分`,
  ahead: () => null,
  couponTemplateIds: () => [],
};

export const streakBonusReward: CheckInRewardRule<{ day: number; points: number; repeat?: boolean }> = {
  code: 'streak_bonus',
  title: '连续签到奖励',
  appliesToMakeUp: false,
  validateArgs: (a) => [
    ...unknownArgKeys(a, ['day', 'points', 'repeat']),
    ...(isCount(a.day, 1, 366) ? [] : ['day: must be an integer 1-366']),
    ...pointsProblem(a.points, 1),
    ...(a.repeat !== undefined && typeof a.repeat !== 'boolean' ? ['repeat: must be a boolean'] : []),
  ],
  evaluate: (e, { day, points, repeat }) => {
    const hit = repeat ? e.streak > 0 && e.streak % day === 0 : e.streak === day;
    return hit && points > 0 ? [{ type: 'points', rule: 'streak_bonus', points }] : [];
  },
  describe: ({ day, points, repeat }) => `${repeat ? '每' : ''}连续签到 ${day} 天 +${points} 积分`,
  ahead: ({ day, points, repeat }, { streak, daysLeft, streakScope }) => {
    let target = day;
    if (repeat) while (target <= streak) target += day;
    if (target <= streak) return null;
    const remaining = target - streak;
    // A cycle-scoped streak restarts with the next cycle: only bonuses inside this one count.
    if (streakScope === 'cycle' && remaining > daysLeft) return null;
    return { kind: 'streak', days: target, remaining, points, couponTemplateId: null };
  },
  couponTemplateIds: () => [],
};

type MilestoneArgs = { days: number; points?: number; couponTemplateId?: string; lotteryId?: string; lotteryEntries?: number };

export const cumulativeMilestoneReward: CheckInRewardRule<MilestoneArgs> = {
  code: 'cumulative_milestone',
  title: '累计签到奖励',
  appliesToMakeUp: true,
  validateArgs: (a, { cycleDays }) => [
    ...unknownArgKeys(a, ['days', 'points', 'couponTemplateId', 'lotteryId', 'lotteryEntries']),
    ...(isCount(a.days, 1, cycleDays) ? [] : [`days: must be an integer 1-${cycleDays} (the cycle's length)`]),
    ...(a.points !== undefined ? pointsProblem(a.points, 1) : []),
    ...(a.couponTemplateId !== undefined && (typeof a.couponTemplateId !== 'string' || !UUID.test(a.couponTemplateId))
      ? ['couponTemplateId: must be a coupon template id (uuid)']
      : []),
    ...(a.lotteryId !== undefined && (typeof a.lotteryId !== 'string' || !UUID.test(a.lotteryId))
      ? ['lotteryId: must be a lottery id (uuid)']
      : []),
    ...(a.lotteryEntries !== undefined && !isCount(a.lotteryEntries, 1, 100) ? ['lotteryEntries: must be an integer 1-100'] : []),
    ...((a.lotteryId === undefined) !== (a.lotteryEntries === undefined)
      ? ['lotteryId and lotteryEntries go together (which lottery, how many free draws)']
      : []),
    ...(a.points === undefined && a.couponTemplateId === undefined && a.lotteryId === undefined
      ? ['a milestone needs points, a couponTemplateId or lottery entries']
      : []),
  ],
  evaluate: (e, { days, points, couponTemplateId, lotteryId, lotteryEntries }) => {
    if (e.cumulativeInCycle !== days) return [];
    const out: CheckInReward[] = [];
    if (points && points > 0) out.push({ type: 'points', rule: 'cumulative_milestone', points });
    if (couponTemplateId) out.push({ type: 'coupon', rule: 'cumulative_milestone', couponTemplateId });
    if (lotteryId && lotteryEntries)
      out.push({ type: 'lottery_entry', rule: 'cumulative_milestone', lotteryId, entries: lotteryEntries });
    return out;
  },
  describe: ({ days, points, couponTemplateId, lotteryEntries }, { cycle }) =>
    `${cycle === 'week' ? '本周' : '本月'}累计签到 ${days} 天 ${prizeText(points, couponTemplateId, lotteryEntries)}`,
  ahead: ({ days, points, couponTemplateId }, { inCycle, daysLeft }) =>
    days > inCycle && days - inCycle <= daysLeft
      ? { kind: 'cumulative', days, remaining: days - inCycle, points: points ?? 0, couponTemplateId: couponTemplateId ?? null }
      : null,
  couponTemplateIds: ({ couponTemplateId }) => (couponTemplateId ? [couponTemplateId] : []),
};

/** The check-in reward rules by code: the one place a reward kind is added. */
export const CHECKIN_REWARD_RULES = {
  base_points: basePointsReward,
  streak_bonus: streakBonusReward,
  cumulative_milestone: cumulativeMilestoneReward,
} as const;

export type CheckInRewardCode = keyof typeof CHECKIN_REWARD_RULES;
export type CheckInRewardArgs<C extends CheckInRewardCode> =
  (typeof CHECKIN_REWARD_RULES)[C] extends CheckInRewardRule<infer A> ? A : never;

/** For DTOs and admin forms: every check-in reward code. */
export const CHECKIN_REWARD_CODES = Object.keys(CHECKIN_REWARD_RULES) as CheckInRewardCode[];

export function isCheckInRewardCode(code: unknown): code is CheckInRewardCode {
  return typeof code === 'string' && Object.hasOwn(CHECKIN_REWARD_RULES, code);
}

/** The rule of a stored reward config, typed to take that config's args (the one cast of the registry). */
function ruleOf(config: CheckInRewardRuleConfig): CheckInRewardRule<CheckInRewardRuleConfig['args']> {
  return CHECKIN_REWARD_RULES[config.code] as CheckInRewardRule<CheckInRewardRuleConfig['args']>;
}

function evaluateRule(config: CheckInRewardRuleConfig, event: CheckInEvent): CheckInReward[] {
  const rule = ruleOf(config);
  return event.madeUp && !rule.appliesToMakeUp ? [] : rule.evaluate(event, config.args);
}

/** The next reward `config` has ahead of the member (nextCheckInMilestone compares them). */
export function milestoneAhead(config: CheckInRewardRuleConfig, progress: CheckInProgress): CheckInMilestone | null {
  return ruleOf(config).ahead(config.args, progress);
}

/** Every coupon template the reward rules hand out. */
export function checkInRewardCouponTemplates(rewards: readonly CheckInRewardRuleConfig[]): string[] {
  return rewards.flatMap((r) => ruleOf(r).couponTemplateIds(r.args));
}

/** A reward rule as a member reads it (每次签到 +5 积分 / 连续签到 7 天 +30 积分 / 本月累计签到 10 天 +20 积分). */
export function describeCheckInReward(config: CheckInRewardRuleConfig, cycle: CheckInCycle = 'month'): string {
  return ruleOf(config).describe(config.args, { cycle });
}

/** The rewards one check-in earns under `config`. */
export function checkInRewards(event: CheckInEvent, config: CheckInConfig): CheckInReward[] {
  return config.rewards.flatMap((r) => evaluateRule(r, event));
}

function sumPoints(rewards: readonly CheckInReward[]): number {
  return rewards.reduce((s, r) => s + (r.type === 'points' ? r.points : 0), 0);
}

// ───────────────────────────── cycles and streaks ─────────────────────────────

/** The cycle `date` belongs to: Monday–Sunday, or the calendar month. */
export function checkInCycleOf(date: LocalDate, cycle: CheckInCycle): { start: LocalDate; end: LocalDate } {
  if (cycle === 'month') return { start: startOfMonth(date), end: endOfMonth(date) };
  const start = addDays(date, 1 - isoWeekday(date));
  return { start, end: addDays(start, 6) };
}

function dateSet(history: readonly CheckInRecord[]): Set<LocalDate> {
  return new Set(history.map((h) => h.date));
}

/** Consecutive checked-in days ending on `date` (0 when `date` itself is not checked in). */
export function streakEndingOn(
  checked: ReadonlySet<LocalDate>,
  date: LocalDate,
  config: Pick<CheckInConfig, 'cycle' | 'streakScope'>,
): number {
  const floor = config.streakScope === 'cycle' ? checkInCycleOf(date, config.cycle).start : null;
  let n = 0;
  let d = date;
  while (checked.has(d) && (floor === null || d >= floor)) {
    n++;
    d = addDays(d, -1);
  }
  return n;
}

/** The streak shown today: through today if checked in, else through yesterday (still alive), else 0. */
export function currentStreak(
  history: readonly CheckInRecord[],
  today: LocalDate,
  config: Pick<CheckInConfig, 'cycle' | 'streakScope'>,
): number {
  const checked = dateSet(history);
  if (checked.has(today)) return streakEndingOn(checked, today, config);
  const yesterday = addDays(today, -1);
  if (config.streakScope === 'cycle' && yesterday < checkInCycleOf(today, config.cycle).start) return 0;
  return streakEndingOn(checked, yesterday, config);
}

function countInCycle(history: readonly CheckInRecord[], date: LocalDate, cycle: CheckInCycle): number {
  const { start, end } = checkInCycleOf(date, cycle);
  return new Set(history.filter((h) => h.date >= start && h.date <= end).map((h) => h.date)).size;
}

// ───────────────────────────── check-in ─────────────────────────────

export interface CheckInResult {
  ok: true;
  date: LocalDate;
  streak: number;
  cumulativeInCycle: number;
  pointsAwarded: number;
  rewards: CheckInReward[];
}

/** Checking in on `today`: the streak, the cycle count and the rewards; ALREADY_CHECKED_IN on a second try. */
export function checkIn(
  history: readonly CheckInRecord[],
  today: LocalDate,
  config: CheckInConfig = DEFAULT_CHECKIN_CONFIG,
): CheckInResult | Refusal<'ALREADY_CHECKED_IN'> {
  const checked = dateSet(history);
  if (checked.has(today)) return refuse('ALREADY_CHECKED_IN');
  checked.add(today);
  const event: CheckInEvent = {
    date: today,
    madeUp: false,
    streak: streakEndingOn(checked, today, config),
    cumulativeInCycle: countInCycle(history, today, config.cycle) + 1,
  };
  const rewards = checkInRewards(event, config);
  return {
    ok: true,
    date: today,
    streak: event.streak,
    cumulativeInCycle: event.cumulativeInCycle,
    pointsAwarded: sumPoints(rewards),
    rewards,
  };
}

// ───────────────────────────── make-up (补签) ─────────────────────────────

export type MakeUpRefusalReason =
  'invalid_date' | 'today' | 'future_date' | 'before_registration' | 'outside_cycle' | 'make_up_limit';

/** Refusals carry the API's codes: a date that is no date is a bad request, the others are business "no"s. */
export type MakeUpRefusal =
  | Refusal<'VALIDATION_FAILED', 'invalid_date'>
  | Refusal<'MAKE_UP_NOT_ALLOWED', Exclude<MakeUpRefusalReason, 'invalid_date' | 'make_up_limit'>>
  | Refusal<'MAKE_UP_LIMIT_REACHED', 'make_up_limit'>
  | Refusal<'ALREADY_CHECKED_IN'>
  | Refusal<'INSUFFICIENT_POINTS'>;

export interface MakeUpResult extends CheckInResult {
  costPoints: number;
  /** The streak shown today after the make-up (currentStreak). */
  streakNow: number;
  makeUpsLeft: number;
}

export interface MakeUpInput {
  history: readonly CheckInRecord[];
  target: LocalDate;
  today: LocalDate;
  registeredOn: LocalDate;
  /** The member's spendable points; omit to skip the cost check (calendar preview). */
  balance?: number;
}

/** Make-ups still allowed in the cycle of `today`. */
export function makeUpsLeft(
  history: readonly CheckInRecord[],
  today: LocalDate,
  config: CheckInConfig = DEFAULT_CHECKIN_CONFIG,
): number {
  const { start, end } = checkInCycleOf(today, config.cycle);
  const used = history.filter((h) => h.madeUp && h.date >= start && h.date <= end).length;
  return Math.max(0, config.makeUp.perCycle - used);
}

/** Whether `target` may be made up today, its cost, and what it earns. */
export function planMakeUp(input: MakeUpInput, config: CheckInConfig = DEFAULT_CHECKIN_CONFIG): MakeUpResult | MakeUpRefusal {
  const { history, target, today, registeredOn } = input;
  if (!isLocalDate(target)) return refuse('VALIDATION_FAILED', 'invalid_date');
  if (target === today) return refuse('MAKE_UP_NOT_ALLOWED', 'today');
  if (target > today) return refuse('MAKE_UP_NOT_ALLOWED', 'future_date');
  if (target < registeredOn) return refuse('MAKE_UP_NOT_ALLOWED', 'before_registration');
  if (target < checkInCycleOf(today, config.cycle).start) return refuse('MAKE_UP_NOT_ALLOWED', 'outside_cycle');
  const checked = dateSet(history);
  if (checked.has(target)) return refuse('ALREADY_CHECKED_IN');
  const left = makeUpsLeft(history, today, config);
  if (left === 0) return refuse('MAKE_UP_LIMIT_REACHED', 'make_up_limit');
  const cost = config.makeUp.costPoints;
  if (input.balance !== undefined && input.balance < cost) return refuse('INSUFFICIENT_POINTS');
  const after = [...history, { date: target, madeUp: true }];
  checked.add(target);
  const event: CheckInEvent = {
    date: target,
    madeUp: true,
    streak: streakEndingOn(checked, target, config),
    cumulativeInCycle: countInCycle(history, target, config.cycle) + 1,
  };
  const rewards = checkInRewards(event, config);
  return {
    ok: true,
    date: target,
    streak: event.streak,
    cumulativeInCycle: event.cumulativeInCycle,
    pointsAwarded: sumPoints(rewards),
    rewards,
    costPoints: cost,
    streakNow: currentStreak(after, today, config),
    makeUpsLeft: left - 1,
  };
}

/** The streak shown today if `target` were made up (no checks; see planMakeUp for the rules). */
export function streakAfterMakeUp(
  history: readonly CheckInRecord[],
  target: LocalDate,
  today: LocalDate,
  config: Pick<CheckInConfig, 'cycle' | 'streakScope'> = DEFAULT_CHECKIN_CONFIG,
): number {
  return currentStreak([...history, { date: target, madeUp: true }], today, config);
}

// ───────────────────────────── calendar ─────────────────────────────

export type CalendarDayStatus = 'checked' | 'made_up' | 'missed' | 'today' | 'future' | 'before_registration';

export interface CalendarDay {
  date: LocalDate;
  status: CalendarDayStatus;
  /** A make-up is allowed for this day today (ignoring the points balance). */
  canMakeUp: boolean;
}

export interface CheckInCalendar {
  month: string;
  days: CalendarDay[];
  checkedInMonth: number;
  streak: number;
  checkedInToday: boolean;
  makeUpsLeft: number;
  makeUpCost: number;
}

/** The check-in calendar of `month` (YYYY-MM) as seen on `today`. */
export function checkInCalendar(
  input: { history: readonly CheckInRecord[]; month: string; today: LocalDate; registeredOn: LocalDate },
  config: CheckInConfig = DEFAULT_CHECKIN_CONFIG,
): CheckInCalendar {
  const first = `${input.month}-01`;
  if (!isLocalDate(first)) throw new RangeError('month must be YYYY-MM');
  const byDate = new Map(input.history.map((h) => [h.date, h]));
  const days: CalendarDay[] = [];
  for (let d = first; d <= endOfMonth(first); d = addDays(d, 1)) {
    const rec = byDate.get(d);
    const status: CalendarDayStatus = rec
      ? rec.madeUp
        ? 'made_up'
        : 'checked'
      : d === input.today
        ? 'today'
        : d > input.today
          ? 'future'
          : d < input.registeredOn
            ? 'before_registration'
            : 'missed';
    const canMakeUp = status === 'missed' && planMakeUp({ ...input, target: d }, config).ok;
    days.push({ date: d, status, canMakeUp });
  }
  return {
    month: input.month,
    days,
    checkedInMonth: days.filter((d) => d.status === 'checked' || d.status === 'made_up').length,
    streak: currentStreak(input.history, input.today, config),
    checkedInToday: byDate.has(input.today),
    makeUpsLeft: makeUpsLeft(input.history, input.today, config),
    makeUpCost: config.makeUp.costPoints,
  };
}
