// How the member 360's 签到 and 邀请 tabs read one row: a check-in's rewards (签到奖励 +5 积分 …,
// the rule's member-facing title from the shared CHECKIN_REWARD_RULES) and one side of a
// referral's reward (100 积分 · 等待退款期 …).
import { CHECKIN_REWARD_RULES, type CheckInRewardCode } from '@huiyuan/shared';
import type { CheckInRewardView } from '@huiyuan/shared';
import type { ReferralMemberRef, ReferralSideReward } from '../../api/types';
import { formatCount, formatDateTime } from '../../lib/format';
import { REFERRAL_REWARD_REASON_LABELS, REFERRAL_REWARD_STATUS_LABELS } from '../../lib/labels';

function ruleTitle(code: string): string {
  return code in CHECKIN_REWARD_RULES ? CHECKIN_REWARD_RULES[code as CheckInRewardCode].title : code;
}

/** One reward of a check-in: 签到奖励 +5 积分 / 累计签到奖励 优惠券（未发出：缺货）/ 连续签到奖励 2 次抽奖机会. */
export function checkInRewardText(r: CheckInRewardView): string {
  const what =
    r.type === 'points'
      ? `+${formatCount(r.points)} 积分`
      : r.type === 'coupon'
        ? r.couponId === null
          ? '优惠券（未发出：缺货）'
          : '优惠券'
        : `${formatCount(r.entries)} 次抽奖机会${r.granted === false ? '（未发放：抽奖未开放）' : ''}`;
  return `${ruleTitle(r.rule)} ${what}`;
}

/** All of a check-in's rewards, or "—" when it earned none. */
export function checkInRewardsText(rewards: readonly CheckInRewardView[]): string {
  return rewards.length ? rewards.map(checkInRewardText).join('；') : '—';
}

/** A friend: 张**（会员号 123456789012）; a member with no nickname by the number alone. */
export function memberRefText(m: ReferralMemberRef): string {
  return m.nicknameMasked ? `${m.nicknameMasked}（${m.memberNo}）` : m.memberNo;
}

/** What a side's reward is: 100 积分 + 优惠券, or "无奖励" when the settings gave that side nothing. */
export function referralRewardWhat(r: ReferralSideReward): string {
  const parts = [r.points ? `${formatCount(r.points)} 积分` : '', r.couponTemplateId ? '优惠券' : ''].filter(Boolean);
  return parts.length ? parts.join(' + ') : '无奖励';
}

/** The reward's state in words, with its reason and the date that matters for it. */
export function referralRewardState(r: ReferralSideReward): string {
  const status = REFERRAL_REWARD_STATUS_LABELS[r.status];
  const reason = r.reason ? `：${REFERRAL_REWARD_REASON_LABELS[r.reason] ?? r.reason}` : '';
  if (r.status === 'released') return `${status}（${formatDateTime(r.releasedAt)}）`;
  if (r.status === 'pending' && r.releaseAt) return `${status}（${formatDateTime(r.releaseAt)} 后发放）`;
  return `${status}${reason}`;
}
