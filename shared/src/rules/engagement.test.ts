import { DEFAULT_CHECKIN_CONFIG } from './checkin.js';
import type { CheckInConfig, CheckInRecord } from './checkin.js';
import {
  checkInReminderDue,
  checkInSettingsProblems,
  DEFAULT_CHECKIN_SETTINGS,
  DEFAULT_REFERRAL_SETTINGS,
  invitedFriendStatus,
  inviteScene,
  inviteSharePath,
  nextCheckInMilestone,
  referralSettingsProblems,
} from './engagement.js';
import { addDays } from '../time.js';

const run = (from: string, n: number): CheckInRecord[] =>
  Array.from({ length: n }, (_, i) => ({ date: addDays(from, i), madeUp: false }));

describe('check-in settings validation', () => {
  it('the defaults are valid', () => {
    expect(checkInSettingsProblems(DEFAULT_CHECKIN_SETTINGS)).toEqual([]);
  });

  it('a weekly milestone beyond 7 days is refused', () => {
    const s = {
      ...DEFAULT_CHECKIN_SETTINGS,
      cycle: 'week',
      rewards: [{ code: 'cumulative_milestone', args: { days: 10, points: 5 } }],
    };
    expect(checkInSettingsProblems(s)).toEqual(["rewards[0].args.days: must be an integer 1-7 (the cycle's length)"]);
  });

  it('unknown rule codes, unknown fields and negative costs are refused', () => {
    const s = {
      ...DEFAULT_CHECKIN_SETTINGS,
      extra: 1,
      rewards: [{ code: 'lottery', args: {} }],
      makeUp: { perCycle: 1, costPoints: -5 },
    };
    expect(checkInSettingsProblems(s)).toEqual([
      'extra: unknown field',
      'rewards[0].code: must be base_points, streak_bonus or cumulative_milestone',
      'makeUp.costPoints: must be an integer 0-100000',
    ]);
  });

  it('a milestone needs points or a coupon, and a coupon template is a uuid', () => {
    const s = {
      ...DEFAULT_CHECKIN_SETTINGS,
      rewards: [
        { code: 'cumulative_milestone', args: { days: 3 } },
        { code: 'cumulative_milestone', args: { days: 3, couponTemplateId: 'x' } },
      ],
    };
    expect(checkInSettingsProblems(s)).toEqual([
      'rewards[0].args: a milestone needs points, a couponTemplateId or lottery entries',
      'rewards[1].args.couponTemplateId: must be a coupon template id (uuid)',
    ]);
  });
});

describe('next check-in milestone', () => {
  it('after two days in a row the day-3 streak bonus is one check-in away', () => {
    expect(nextCheckInMilestone(run('2025-06-08', 2), '2025-06-10', DEFAULT_CHECKIN_CONFIG)).toEqual({
      kind: 'streak',
      days: 3,
      remaining: 1,
      points: 10,
      couponTemplateId: null,
    });
  });

  it('a cumulative milestone that can no longer be reached this cycle is not offered', () => {
    const cfg: CheckInConfig = {
      ...DEFAULT_CHECKIN_CONFIG,
      rewards: [{ code: 'cumulative_milestone', args: { days: 10, points: 20 } }],
    };
    // 2025-06-25: 6 days left in June, nothing checked → 10 cannot be reached.
    expect(nextCheckInMilestone([], '2025-06-25', cfg)).toBeNull();
    expect(nextCheckInMilestone(run('2025-06-20', 5), '2025-06-25', cfg)).toMatchObject({
      kind: 'cumulative',
      days: 10,
      remaining: 5,
    });
  });

  it('a repeating streak bonus points at the next multiple', () => {
    const cfg: CheckInConfig = {
      ...DEFAULT_CHECKIN_CONFIG,
      rewards: [{ code: 'streak_bonus', args: { day: 7, points: 30, repeat: true } }],
    };
    expect(nextCheckInMilestone(run('2025-06-01', 7), '2025-06-07', cfg)).toMatchObject({ days: 14, remaining: 7 });
  });
});

describe('check-in reminder', () => {
  const base = { remaining: 1, checkedInToday: false, lastSentOn: null, today: '2025-06-10' };
  it('is due with a subscription left, not checked in, not yet reminded today', () => {
    expect(checkInReminderDue(base)).toBe(true);
  });
  it('is not due without a subscription, after checking in, or twice a day', () => {
    expect(checkInReminderDue({ ...base, remaining: 0 })).toBe(false);
    expect(checkInReminderDue({ ...base, checkedInToday: true })).toBe(false);
    expect(checkInReminderDue({ ...base, lastSentOn: '2025-06-10' })).toBe(false);
    expect(checkInReminderDue({ ...base, lastSentOn: '2025-06-09' })).toBe(true);
  });
});

describe('referral settings and sharing', () => {
  it('the defaults are valid', () => {
    expect(referralSettingsProblems(DEFAULT_REFERRAL_SETTINGS)).toEqual([]);
  });

  it('bad windows, missing caps and bad reward specs are refused', () => {
    const s = {
      ...DEFAULT_REFERRAL_SETTINGS,
      refundWindowDays: -1,
      caps: undefined,
      rewards: { inviter: { points: 1.5, couponTemplateId: null }, invitee: { points: 0, couponTemplateId: 'no' } },
    };
    expect(referralSettingsProblems(s)).toEqual([
      'refundWindowDays: must be an integer 0-90',
      'caps: must be an object',
      'rewards.inviter.points: must be an integer 0-100000',
      'rewards.invitee.couponTemplateId: must be null or a coupon template id (uuid)',
    ]);
  });

  it('the share path opens the login page with the invite code; the QR scene fits 32 characters', () => {
    expect(inviteSharePath('AB12CD34')).toBe('/pages/login/index?inviteCode=AB12CD34');
    expect(inviteScene('AB12CD34')).toBe('i=AB12CD34');
    expect(inviteScene('ABCDEFGHIJKLMNOP').length).toBeLessThanOrEqual(32);
  });

  it('a friend without a reward record yet is registered', () => {
    expect(invitedFriendStatus(null)).toBe('registered');
    expect(invitedFriendStatus('on_hold')).toBe('on_hold');
  });
});
