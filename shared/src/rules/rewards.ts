// Rewards (奖励): what one `grant` hands a member — points, a coupon, and next a prize. Each kind
// is registered once here with its validation and its description; the server's RewardsService
// applies it inside the caller's transaction, idempotent on (member, business key). A new kind
// is one entry in REWARD_KINDS plus one branch in RewardsService.apply.
import type { CouponChannel } from '../api/coupons.js';
import type { PointsEntryKind } from '../api/points.js';
import { refuse, type Refusal } from './result.js';

export interface PointsReward {
  kind: 'points';
  /** Points credited (> 0). */
  points: number;
  /** The ledger entry kind the credit is recorded under (checkin, referral, adjust …). */
  reason: PointsEntryKind;
}

export interface CouponReward {
  kind: 'coupon';
  templateId: string;
  channel: CouponChannel;
  /** The member's tier must reach the template's minTier (tier-specific birthday gifts). */
  checkTier?: boolean;
}

/** Free draws (免费抽奖次数) of one lottery, used before its points cost is charged. */
export interface LotteryEntryReward {
  kind: 'lottery_entry';
  lotteryId: string;
  /** Entries credited (1…100). */
  entries: number;
}

export type Reward = PointsReward | CouponReward | LotteryEntryReward;
export type RewardKind = Reward['kind'];

/** What a grant did: granted (with what), or skipped with a recorded reason (never an exception). */
export type RewardSkipReason = 'out_of_stock' | 'template_unavailable' | 'member_not_active' | 'lottery_unavailable';
export type GrantOutcome =
  | { status: 'granted'; kind: 'points'; points: number }
  | { status: 'granted'; kind: 'coupon'; couponId: string }
  | { status: 'granted'; kind: 'lottery_entry'; lotteryId: string; entries: number }
  | { status: 'skipped'; kind: RewardKind; reason: RewardSkipReason };

export interface RewardKindSpec<R extends Reward> {
  code: R['kind'];
  validate(reward: R): { ok: true } | Refusal<'VALIDATION_FAILED'>;
  describe(reward: R): string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const REWARD_KINDS: { [K in RewardKind]: RewardKindSpec<Extract<Reward, { kind: K }>> } = {
  points: {
    code: 'points',
    validate: (r) =>
      Number.isSafeInteger(r.points) && r.points > 0 ? { ok: true } : refuse('VALIDATION_FAILED', 'points_not_positive'),
    describe: (r) => `${r.points} 积分`,
  },
  coupon: {
    code: 'coupon',
    validate: (r) => (UUID.test(r.templateId) ? { ok: true } : refuse('VALIDATION_FAILED', 'template_id_invalid')),
    describe: (r) => `优惠券 ${r.templateId}`,
  },
  lottery_entry: {
    code: 'lottery_entry',
    validate: (r) =>
      !UUID.test(r.lotteryId)
        ? refuse('VALIDATION_FAILED', 'lottery_id_invalid')
        : Number.isSafeInteger(r.entries) && r.entries >= 1 && r.entries <= 100
          ? { ok: true }
          : refuse('VALIDATION_FAILED', 'entries_out_of_range'),
    describe: (r) => `${r.entries} 次抽奖机会`,
  },
};

/** Validates a reward against its kind's rule. */
export function validateReward(reward: Reward): { ok: true } | Refusal<'VALIDATION_FAILED'> {
  const spec = REWARD_KINDS[reward.kind] as RewardKindSpec<Reward> | undefined;
  return spec ? spec.validate(reward) : refuse('VALIDATION_FAILED', 'unknown_reward_kind');
}

export function describeReward(reward: Reward): string {
  return (REWARD_KINDS[reward.kind] as RewardKindSpec<Reward>).describe(reward);
}

/** Business keys are per member, short and printable (they end up in ledger entries and coupon issue keys). */
export function isValidBusinessKey(key: string): boolean {
  return key.length > 0 && key.length <= 200 && /^[\x21-\x7e]+$/.test(key);
}
