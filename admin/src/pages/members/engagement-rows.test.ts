import { describe, expect, it } from 'vitest';
import type { ReferralSideReward } from '../../api/types';
import { checkInRewardsText, memberRefText, referralRewardState, referralRewardWhat } from './engagement-rows';

const reward = (over: Partial<ReferralSideReward>): ReferralSideReward => ({
  id: 'r1',
  status: 'pending',
  reason: null,
  points: 100,
  couponTemplateId: null,
  couponId: null,
  releaseAt: '2026-12-09T02:00:00.000Z',
  releasedAt: null,
  createdAt: '2026-12-02T02:00:00.000Z',
  ...over,
});

describe('the member 360’s check-in and referral rows', () => {
  it('reads a check-in’s rewards by their rule’s title, and says when a coupon or draw did not go out', () => {
    expect(
      checkInRewardsText([
        { type: 'points', rule: 'base_points', points: 5 },
        { type: 'coupon', rule: 'cumulative_milestone', couponTemplateId: 't1', couponId: null },
        { type: 'lottery_entry', rule: 'streak_bonus', lotteryId: 'l1', entries: 2 },
      ]),
    ).toBe('签到奖励 +5 积分；累计签到奖励 优惠券（未发出：缺货）；连续签到奖励 2 次抽奖机会');
    expect(checkInRewardsText([])).toBe('—');
  });

  it('names a friend by the masked nickname and member number', () => {
    expect(memberRefText({ id: 'm', memberNo: '100000000018', nicknameMasked: '张**' })).toBe('张**（100000000018）');
    expect(memberRefText({ id: 'm', memberNo: '100000000018', nicknameMasked: null })).toBe('100000000018');
  });

  it('reads a side’s reward and its state: held until a date, on hold with the reason, released when', () => {
    expect(referralRewardWhat(reward({}))).toBe('100 积分');
    expect(referralRewardWhat(reward({ points: 0, couponTemplateId: 't' }))).toBe('优惠券');
    expect(referralRewardWhat(reward({ points: 0 }))).toBe('无奖励');
    expect(referralRewardState(reward({}))).toBe('等待退款期（2026-12-09 10:00 后发放）');
    expect(referralRewardState(reward({ status: 'on_hold', reason: 'inviter_device' }))).toBe('待审核：好友使用了邀请人的设备');
    expect(referralRewardState(reward({ status: 'released', releasedAt: '2026-12-09T03:00:00.000Z' }))).toBe(
      '已发放（2026-12-09 11:00）',
    );
    expect(referralRewardState(reward({ status: 'cancelled', reason: 'refunded_in_window' }))).toBe('已取消：退款期内退款');
  });
});
