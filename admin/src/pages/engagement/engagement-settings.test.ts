import {
  DEFAULT_CHECKIN_SETTINGS,
  DEFAULT_REFERRAL_SETTINGS,
  checkInSettingsProblems,
  referralSettingsProblems,
} from '@huiyuan/shared';
import { describe, expect, it } from 'vitest';
import {
  checkInFormProblems,
  fromReferralSettings,
  referralFormProblems,
  toCheckInSettings,
  toReferralSettings,
  type CheckInValues,
} from './engagement-settings';

describe('check-in settings form', () => {
  it('round-trips the defaults unchanged and valid', () => {
    const doc = toCheckInSettings(DEFAULT_CHECKIN_SETTINGS as CheckInValues);
    expect(doc).toEqual(DEFAULT_CHECKIN_SETTINGS);
    expect(checkInSettingsProblems(doc)).toEqual([]);
  });

  it('drops blank optional args, other codes’ leftovers and a blank template id', () => {
    const doc = toCheckInSettings({
      ...(DEFAULT_CHECKIN_SETTINGS as CheckInValues),
      rewards: [
        { code: 'cumulative_milestone', args: { days: 10, points: null, couponTemplateId: '', lotteryId: undefined } },
        { code: 'base_points', args: { points: 5, day: 3 } },
        { code: 'streak_bonus', args: { day: 3, points: 10, repeat: false } },
      ],
      reminderTemplateId: '  ',
    });
    expect(doc.rewards).toEqual([
      { code: 'cumulative_milestone', args: { days: 10 } },
      { code: 'base_points', args: { points: 5 } },
      { code: 'streak_bonus', args: { day: 3, points: 10 } },
    ]);
    expect(doc.reminderTemplateId).toBeNull();
  });

  it('puts the shared rule’s problems on the reward args they name', () => {
    const { fields } = checkInFormProblems({
      ...(DEFAULT_CHECKIN_SETTINGS as CheckInValues),
      cycle: 'week',
      rewards: [{ code: 'cumulative_milestone', args: { days: 10 } }],
    });
    const names = fields.map((f) => f.name);
    expect(names).toContainEqual(['rewards', 0, 'args', 'days']); // a week has 7 days
    expect(names).toContainEqual(['rewards', 0, 'code']); // needs points, a coupon or entries
  });
});

describe('referral settings form', () => {
  it('types the minimum order in yuan and sends fen', () => {
    const v = fromReferralSettings({ ...DEFAULT_REFERRAL_SETTINGS, minOrderFen: 3850 });
    expect(v.minOrderYuan).toBe(38.5);
    const doc = toReferralSettings({
      ...v,
      rewards: { inviter: { points: 100, couponTemplateId: '' as unknown as null }, invitee: v.rewards.invitee },
    });
    expect(doc.minOrderFen).toBe(3850);
    expect(doc.rewards.inviter.couponTemplateId).toBeNull();
    expect(doc).not.toHaveProperty('minOrderYuan');
    expect(referralSettingsProblems(doc)).toEqual([]);
  });

  it('maps minOrderFen problems onto the yuan field', () => {
    const v = { ...fromReferralSettings(DEFAULT_REFERRAL_SETTINGS), minOrderYuan: 0, refundWindowDays: 100 };
    const names = referralFormProblems(v).fields.map((f) => f.name);
    expect(names).toContainEqual(['minOrderYuan']);
    expect(names).toContainEqual(['refundWindowDays']);
  });
});
