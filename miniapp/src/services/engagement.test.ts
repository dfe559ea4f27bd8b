import type { CheckInCalendarDayView } from '@huiyuan/shared';
import { ApiError } from './http';
import {
  calendarWeeks,
  FRIEND_STATUS_LABEL,
  inviteLink,
  makeUpErrorMessage,
  milestonePercent,
  milestoneText,
  monthTitle,
  rewardText,
  shiftMonth,
} from './engagement';

const day = (date: string): CheckInCalendarDayView => ({ date, status: 'future', canMakeUp: false });
const march = Array.from({ length: 31 }, (_, i) => day(`2026-03-${String(i + 1).padStart(2, '0')}`));

describe('check-in wording', () => {
  it('lays a month out Monday first: 2026-03-01 is a Sunday → six blanks before it', () => {
    const weeks = calendarWeeks(march);
    expect(weeks).toHaveLength(6);
    expect(weeks[0]!.slice(0, 6)).toEqual([null, null, null, null, null, null]);
    expect(weeks[0]![6]!.date).toBe('2026-03-01');
    expect(weeks[5]![1]!.date).toBe('2026-03-31');
    expect(weeks.every((w) => w.length === 7)).toBe(true);
  });

  it('moves months across a year', () => {
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
    expect(monthTitle('2026-03')).toBe('2026年3月');
  });

  it('says the next milestone and how many days are left', () => {
    const m = { kind: 'cumulative' as const, days: 7, remaining: 3, points: 50, couponTemplateId: 't1' };
    expect(milestoneText(m)).toBe('再签到 3 天：本周期累计签到 7 天，可得 50 积分 + 优惠券');
    expect(milestonePercent(m)).toBe(57);
    expect(milestoneText({ ...m, kind: 'streak', couponTemplateId: null })).toBe('再签到 3 天：连续签到 7 天，可得 50 积分');
    expect(milestoneText(null)).toBe('本周期的签到奖励已全部达成');
  });

  it('names each reward', () => {
    expect(rewardText({ type: 'points', rule: 'base_points', points: 5 })).toBe('签到奖励 +5 积分');
    expect(rewardText({ type: 'points', rule: 'streak_bonus', points: 10 })).toBe('连续签到奖励 +10 积分');
    expect(rewardText({ type: 'coupon', rule: 'cumulative_milestone', couponTemplateId: 't', couponId: null })).toBe(
      '累计签到奖励 优惠券 1 张（暂未发放）',
    );
  });

  it('words each make-up refusal in Chinese', () => {
    const notAllowed = (reason: string) => new ApiError(422, 'MAKE_UP_NOT_ALLOWED', 'x', [{ reason }]);
    expect(makeUpErrorMessage(notAllowed('outside_cycle'), 20)).toBe('只能补签本周期内漏签的日期');
    expect(makeUpErrorMessage(notAllowed('future_date'), 20)).toBe('不能为未来的日期补签');
    expect(makeUpErrorMessage(new ApiError(422, 'MAKE_UP_NOT_ALLOWED', 'x'), 20)).toBe('该日期不能补签');
    expect(makeUpErrorMessage(new ApiError(422, 'MAKE_UP_LIMIT_REACHED', 'x'), 20)).toBe('本周期补签次数已用完');
    expect(makeUpErrorMessage(new ApiError(422, 'INSUFFICIENT_POINTS', 'x'), 20)).toBe('积分不足，补签一次需要 20 积分');
    expect(makeUpErrorMessage(new ApiError(409, 'ALREADY_CHECKED_IN', 'x'), 20)).toBe('这一天已经签到过了');
  });
});

describe('referral wording', () => {
  it('labels every friend status', () => {
    expect(FRIEND_STATUS_LABEL).toEqual({
      registered: '已注册，待首单',
      pending: '奖励待发放',
      on_hold: '奖励审核中',
      released: '奖励已发放',
      cancelled: '奖励已取消',
    });
  });

  it('builds the H5 invite link from the share path', () => {
    expect(inviteLink('http://127.0.0.1:3000/', '/pages/login/index?inviteCode=AB12')).toBe(
      'http://127.0.0.1:3000/#/pages/login/index?inviteCode=AB12',
    );
  });
});
