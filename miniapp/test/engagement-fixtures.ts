// Check-in and referral responses for the page tests.
import type { CheckInCalendarDayView, CheckInCalendarResponse, ReferralSummary } from '@huiyuan/shared';

/** March 2026 seen on the 5th: 1 checked, 2 made up, 3 missed (can be made up), 4 checked, 5 today. */
export function calendar(overrides: Partial<CheckInCalendarResponse> = {}): CheckInCalendarResponse {
  const status = (d: number): CheckInCalendarDayView['status'] =>
    d === 1 || d === 4 ? 'checked' : d === 2 ? 'made_up' : d === 3 ? 'missed' : d === 5 ? 'today' : 'future';
  return {
    month: '2026-03',
    today: '2026-03-05',
    days: Array.from({ length: 31 }, (_, i) => ({
      date: `2026-03-${String(i + 1).padStart(2, '0')}`,
      status: status(i + 1),
      canMakeUp: i + 1 === 3,
    })),
    checkedInMonth: 3,
    streak: 1,
    checkedInToday: false,
    makeUpsLeft: 2,
    makeUpCost: 20,
    nextMilestone: { kind: 'cumulative', days: 7, remaining: 4, points: 50, couponTemplateId: null },
    todayPoints: 5,
    ...overrides,
  };
}

export function referralSummary(overrides: Partial<ReferralSummary> = {}): ReferralSummary {
  return {
    inviteCode: 'AB12CD',
    sharePath: '/pages/login/index?inviteCode=AB12CD',
    scene: 'i=AB12CD',
    invited: [
      { nickname: '小王', joinedAt: '2026-03-01T02:00:00.000Z', status: 'registered' },
      { nickname: null, joinedAt: '2026-03-02T02:00:00.000Z', status: 'pending' },
      { nickname: '小李', joinedAt: '2026-02-01T02:00:00.000Z', status: 'released' },
      { nickname: '小赵', joinedAt: '2026-02-03T02:00:00.000Z', status: 'on_hold' },
      { nickname: '小钱', joinedAt: '2026-02-04T02:00:00.000Z', status: 'cancelled' },
    ],
    rewardsEarned: { points: 100, coupons: 0 },
    rewardsPending: { points: 100, coupons: 0 },
    ...overrides,
  };
}
