// 签到与邀请: the settings forms' values ↔ the documents the API takes, checked with the shared
// engagement rules the server applies (checkInSettingsProblems, referralSettingsProblems).
import {
  checkInSettingsProblems,
  referralSettingsProblems,
  type CheckInRewardRuleConfig,
  type CheckInSettings,
  type ReferralSettings,
} from '@huiyuan/shared';
import { fenToYuan, yuanToFen } from '../../lib/format';
import { problemFields, type FormProblems } from '../../lib/problems';

type Arg = number | string | boolean | null | undefined;

export interface CheckInRewardValues {
  code?: CheckInRewardRuleConfig['code'];
  args?: Record<string, Arg>;
}

export interface CheckInValues {
  cycle?: CheckInSettings['cycle'];
  streakScope?: CheckInSettings['streakScope'];
  rewards?: CheckInRewardValues[];
  makeUp?: { perCycle?: number | null; costPoints?: number | null };
  reminderTemplateId?: string | null;
}

/** Which args each reward code takes (the form shows only these). */
export const CHECKIN_REWARD_ARGS: Record<CheckInRewardRuleConfig['code'], string[]> = {
  base_points: ['points'],
  streak_bonus: ['day', 'points', 'repeat'],
  cumulative_milestone: ['days', 'points', 'couponTemplateId', 'lotteryId', 'lotteryEntries'],
};

/** Args without the blanks (an empty optional field is absent, not null) and without other codes' leftovers. */
function cleanArgs(
  code: CheckInRewardRuleConfig['code'] | undefined,
  args: Record<string, Arg> | undefined,
): Record<string, Arg> {
  const allowed = code ? CHECKIN_REWARD_ARGS[code] : Object.keys(args ?? {});
  const out: Record<string, Arg> = {};
  for (const [k, v] of Object.entries(args ?? {})) {
    if (!allowed.includes(k) || v === null || v === undefined || v === '') continue;
    if (k === 'repeat' && v === false) continue;
    out[k] = v;
  }
  return out;
}

export function toCheckInSettings(v: CheckInValues): CheckInSettings {
  const tpl = v.reminderTemplateId?.trim();
  return {
    cycle: v.cycle ?? 'month',
    streakScope: v.streakScope ?? 'continuous',
    rewards: (v.rewards ?? []).map((r) => ({ code: r.code, args: cleanArgs(r.code, r.args) }) as CheckInRewardRuleConfig),
    makeUp: { perCycle: v.makeUp?.perCycle ?? 0, costPoints: v.makeUp?.costPoints ?? 0 },
    reminderTemplateId: tpl ? tpl : null,
  };
}

/** A problem of a reward's args as a whole (`a milestone needs points, …`) shows on its 奖励类型. */
const renameCheckIn = (p: (string | number)[]) =>
  p[0] === 'rewards' && typeof p[1] === 'number' && (p.length === 2 || (p.length === 3 && p[2] === 'args'))
    ? ['rewards', p[1], 'code']
    : p;

export function checkInFormProblems(v: CheckInValues): FormProblems {
  return checkInProblemFields(checkInSettingsProblems(toCheckInSettings(v)));
}

export function checkInProblemFields(lines: readonly string[]): FormProblems {
  return problemFields(lines, renameCheckIn);
}

export interface ReferralValues extends Omit<ReferralSettings, 'minOrderFen'> {
  /** The qualifying order's smallest net amount, typed in yuan. */
  minOrderYuan?: number | null;
}

export function fromReferralSettings(s: ReferralSettings): ReferralValues {
  const { minOrderFen, ...rest } = s;
  return { ...rest, minOrderYuan: fenToYuan(minOrderFen) ?? null };
}

export function toReferralSettings(v: ReferralValues): ReferralSettings {
  const { minOrderYuan, ...rest } = v;
  const side = (s: ReferralSettings['rewards']['inviter'] | undefined) => ({
    points: s?.points ?? 0,
    couponTemplateId: s?.couponTemplateId ? s.couponTemplateId : null,
  });
  return {
    ...rest,
    minOrderFen: yuanToFen(minOrderYuan ?? null) ?? 0,
    rewards: { inviter: side(v.rewards?.inviter), invitee: side(v.rewards?.invitee) },
  };
}

const renameReferral = (p: (string | number)[]) => (p[0] === 'minOrderFen' ? ['minOrderYuan'] : p);

export function referralFormProblems(v: ReferralValues): FormProblems {
  return problemFields(referralSettingsProblems(toReferralSettings(v)), renameReferral);
}

export function referralServerProblems(lines: string[]): FormProblems {
  return problemFields(lines, renameReferral);
}
