// Engagement settings and small rules around check-in and referral that the pure cores
// (checkin.ts, referral.ts) leave to the caller: what an admin may configure (validated here,
// once, for the server and any console), the next milestone a member is heading for, whether a
// reminder may be sent, the share path and QR scene of an invite code, and what an inviter sees.
import type { LocalDate } from '../time.js';
import { addDays } from '../time.js';
import { splitProblem } from './args.js';
import {
  CHECKIN_REWARD_CODES,
  CHECKIN_REWARD_RULES,
  checkInCycleOf,
  currentStreak,
  DEFAULT_CHECKIN_CONFIG,
  isCheckInRewardCode,
  milestoneAhead,
} from './checkin.js';
import type { CheckInConfig, CheckInMilestone, CheckInRecord } from './checkin.js';
import { DEFAULT_REFERRAL_POLICY } from './referral.js';
import type { ReferralPolicy, ReferralRewardStatus } from './referral.js';

// ───────────────────────────── check-in settings ─────────────────────────────

/** The check-in rules plus the WeChat subscribe-message template of the daily reminder. */
export interface CheckInSettings extends CheckInConfig {
  /** null: no reminders are sent. */
  reminderTemplateId: string | null;
}

export const DEFAULT_CHECKIN_SETTINGS: CheckInSettings = { ...DEFAULT_CHECKIN_CONFIG, reminderTemplateId: null };

const MAX_POINTS = 100_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TEMPLATE_ID = /^[A-Za-z0-9_-]{1,128}$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown, min: number, max: number): v is number =>
  Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max;

/** `a, b or c`. */
const orList = (codes: readonly string[]): string =>
  codes.length < 2 ? codes.join('') : `${codes.slice(0, -1).join(', ')} or ${codes[codes.length - 1]}`;

function unknownKeys(obj: Record<string, unknown>, allowed: readonly string[], at: string): string[] {
  return Object.keys(obj)
    .filter((k) => !allowed.includes(k))
    .map((k) => `${at}${k}: unknown field`);
}

/** Everything wrong with a check-in settings document (empty when it is valid). */
export function checkInSettingsProblems(input: unknown): string[] {
  if (!isObject(input)) return ['settings must be an object'];
  const p = unknownKeys(input, ['cycle', 'streakScope', 'rewards', 'makeUp', 'reminderTemplateId'], '');
  const cycle = input.cycle;
  if (cycle !== 'week' && cycle !== 'month') p.push('cycle: must be week or month');
  if (input.streakScope !== 'cycle' && input.streakScope !== 'continuous') p.push('streakScope: must be cycle or continuous');
  const cycleDays = cycle === 'week' ? 7 : 31;
  if (!Array.isArray(input.rewards)) p.push('rewards: must be an array');
  else {
    if (input.rewards.length > 20) p.push('rewards: at most 20 rules');
    input.rewards.forEach((r: unknown, i) => {
      const at = `rewards[${i}].`;
      if (!isObject(r)) return void p.push(`${at.slice(0, -1)}: must be an object`);
      p.push(...unknownKeys(r, ['code', 'args'], at));
      const a = r.args;
      if (!isObject(a)) return void p.push(`${at}args: must be an object`);
      if (!isCheckInRewardCode(r.code)) return void p.push(`${at}code: must be ${orList(CHECKIN_REWARD_CODES)}`);
      for (const problem of CHECKIN_REWARD_RULES[r.code].validateArgs(a, { cycleDays })) {
        const { field, reason } = splitProblem(problem, `${at}args.`);
        p.push(`${field}: ${reason}`);
      }
    });
  }
  const m = input.makeUp;
  if (!isObject(m)) p.push('makeUp: must be an object');
  else {
    p.push(...unknownKeys(m, ['perCycle', 'costPoints'], 'makeUp.'));
    if (!isCount(m.perCycle, 0, 31)) p.push('makeUp.perCycle: must be an integer 0-31');
    if (!isCount(m.costPoints, 0, MAX_POINTS)) p.push(`makeUp.costPoints: must be an integer 0-${MAX_POINTS}`);
  }
  const tpl = input.reminderTemplateId;
  if (tpl !== null && (typeof tpl !== 'string' || !TEMPLATE_ID.test(tpl))) {
    p.push('reminderTemplateId: must be null or a WeChat template id (1-128 of A-Z a-z 0-9 _ -)');
  }
  return p;
}

// ───────────────────────────── next milestone ─────────────────────────────

/**
 * The nearest reward a member is heading for, seen on `today`: the next cumulative milestone
 * of the current cycle that can still be reached before the cycle ends, or the next streak
 * bonus (if checking in every day from now). Null when nothing is ahead.
 */
export function nextCheckInMilestone(
  history: readonly CheckInRecord[],
  today: LocalDate,
  config: CheckInConfig,
): CheckInMilestone | null {
  const { start, end } = checkInCycleOf(today, config.cycle);
  const inCycle = new Set(history.filter((h) => h.date >= start && h.date <= end).map((h) => h.date));
  const checkedToday = inCycle.has(today);
  // Days left in the cycle on which the member can still check in (today only if not yet done).
  let daysLeft = 0;
  for (let d = checkedToday ? addDays(today, 1) : today; d <= end; d = addDays(d, 1)) daysLeft++;
  const streak = currentStreak(history, today, config);
  const state = { inCycle: inCycle.size, daysLeft, streak, streakScope: config.streakScope };
  const candidates = config.rewards.flatMap((r) => milestoneAhead(r, state) ?? []);
  candidates.sort((a, b) => a.remaining - b.remaining || (a.kind === b.kind ? 0 : a.kind === 'cumulative' ? -1 : 1));
  return candidates[0] ?? null;
}

// ───────────────────────────── reminders ─────────────────────────────

/**
 * Whether today's check-in reminder may go to a member: only with a one-time subscription left
 * (each grant allows one send), not checked in today, and not already reminded today.
 */
export function checkInReminderDue(input: {
  remaining: number;
  checkedInToday: boolean;
  lastSentOn: LocalDate | null;
  today: LocalDate;
}): boolean {
  return input.remaining > 0 && !input.checkedInToday && (input.lastSentOn === null || input.lastSentOn < input.today);
}

// ───────────────────────────── referral settings ─────────────────────────────

export interface ReferralRewardSpec {
  points: number;
  /** A coupon template offered on the `referral` channel, or null. */
  couponTemplateId: string | null;
}

/** The referral policy plus what each side earns when a friend's first order clears the window. */
export interface ReferralSettings extends ReferralPolicy {
  rewards: { inviter: ReferralRewardSpec; invitee: ReferralRewardSpec };
}

export const DEFAULT_REFERRAL_SETTINGS: ReferralSettings = {
  ...DEFAULT_REFERRAL_POLICY,
  rewards: { inviter: { points: 100, couponTemplateId: null }, invitee: { points: 50, couponTemplateId: null } },
};

function rewardSpecProblems(v: unknown, at: string): string[] {
  if (!isObject(v)) return [`${at}: must be an object`];
  const p = unknownKeys(v, ['points', 'couponTemplateId'], `${at}.`);
  if (!isCount(v.points, 0, MAX_POINTS)) p.push(`${at}.points: must be an integer 0-${MAX_POINTS}`);
  if (v.couponTemplateId !== null && (typeof v.couponTemplateId !== 'string' || !UUID.test(v.couponTemplateId))) {
    p.push(`${at}.couponTemplateId: must be null or a coupon template id (uuid)`);
  }
  return p;
}

/** Everything wrong with a referral settings document (empty when it is valid). */
export function referralSettingsProblems(input: unknown): string[] {
  if (!isObject(input)) return ['settings must be an object'];
  const p = unknownKeys(input, ['binding', 'refundWindowDays', 'minOrderFen', 'abuse', 'caps', 'rewards'], '');
  if (input.binding !== 'new_members_only' && input.binding !== 'all_members')
    p.push('binding: must be new_members_only or all_members');
  if (!isCount(input.refundWindowDays, 0, 90)) p.push('refundWindowDays: must be an integer 0-90');
  if (!isCount(input.minOrderFen, 1, 100_000_000)) p.push('minOrderFen: must be an integer 1-100000000');
  const a = input.abuse;
  if (!isObject(a)) p.push('abuse: must be an object');
  else {
    p.push(...unknownKeys(a, ['holdOnInviterDevice', 'maxSameDevice', 'maxSameIp'], 'abuse.'));
    if (typeof a.holdOnInviterDevice !== 'boolean') p.push('abuse.holdOnInviterDevice: must be a boolean');
    if (!isCount(a.maxSameDevice, 0, 10_000)) p.push('abuse.maxSameDevice: must be an integer 0-10000');
    if (!isCount(a.maxSameIp, 0, 10_000)) p.push('abuse.maxSameIp: must be an integer 0-10000');
  }
  const c = input.caps;
  if (!isObject(c)) p.push('caps: must be an object');
  else {
    p.push(...unknownKeys(c, ['perInviterPerDay', 'perInviterPerMonth'], 'caps.'));
    if (!isCount(c.perInviterPerDay, 0, 10_000)) p.push('caps.perInviterPerDay: must be an integer 0-10000');
    if (!isCount(c.perInviterPerMonth, 0, 100_000)) p.push('caps.perInviterPerMonth: must be an integer 0-100000');
  }
  const r = input.rewards;
  if (!isObject(r)) p.push('rewards: must be an object');
  else {
    p.push(...unknownKeys(r, ['inviter', 'invitee'], 'rewards.'));
    p.push(...rewardSpecProblems(r.inviter, 'rewards.inviter'), ...rewardSpecProblems(r.invitee, 'rewards.invitee'));
  }
  return p;
}

// ───────────────────────────── sharing and what the inviter sees ─────────────────────────────

export const INVITE_LOGIN_PAGE = 'pages/login/index';

/** The mini-program path a member shares (onShareAppMessage); the login page reads `inviteCode`. */
export function inviteSharePath(inviteCode: string): string {
  return `/${INVITE_LOGIN_PAGE}?inviteCode=${encodeURIComponent(inviteCode)}`;
}

/** The `scene` of the invite QR code (≤ 32 characters; identity reads `i=<code>`). */
export function inviteScene(inviteCode: string): string {
  return `i=${inviteCode}`;
}

/** An invited friend's status for the inviter: registered until a first order, then the inviter's reward state. */
export type InvitedFriendStatus = 'registered' | ReferralRewardStatus;

export function invitedFriendStatus(inviterReward: ReferralRewardStatus | null): InvitedFriendStatus {
  return inviterReward ?? 'registered';
}
