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

/**
 * An admin's points adjustment (人工调整): a signed delta (credit > 0, debit < 0; a debit never
 * takes the balance below zero — the ledger refuses with INSUFFICIENT_POINTS), who made it and why.
 */
export interface PointsAdjustmentReward {
  kind: 'points_adjustment';
  /** Whole points, not 0, at most 1,000,000 either way (the API's bound). */
  delta: number;
  staffId: string;
  /** The reason the member sees (1-100 characters). */
  note: string;
}

/** Free draws (免费抽奖次数) of one lottery, used before its points cost is charged. */
export interface LotteryEntryReward {
  kind: 'lottery_entry';
  lotteryId: string;
  /** Entries credited (1…100). */
  entries: number;
}

export type Reward = PointsReward | CouponReward | PointsAdjustmentReward | LotteryEntryReward;
export type RewardKind = Reward['kind'];

/** What a grant did: granted (with what), or skipped with a recorded reason (never an exception). */
export type RewardSkipReason = 'out_of_stock' | 'template_unavailable' | 'member_not_active' | 'lottery_unavailable';
export type GrantOutcome =
  | { status: 'granted'; kind: 'points'; points: number }
  | { status: 'granted'; kind: 'coupon'; couponId: string }
  /** `delta` as recorded: a credit that paid points debt records less than was asked. */
  | { status: 'granted'; kind: 'points_adjustment'; entryId: string; delta: number; balanceAfter: number }
  | { status: 'granted'; kind: 'lottery_entry'; lotteryId: string; entries: number }
  | { status: 'skipped'; kind: RewardKind; reason: RewardSkipReason };

export interface RewardKindSpec<R extends Reward> {
  code: R['kind'];
  validate(reward: R): { ok: true } | Refusal<'VALIDATION_FAILED'>;
  describe(reward: R): string;
  /** Replays of a key must ask for the same (see isSameRewardRequest). */
  sameRequest?(asked: R, stored: R): boolean;
}

const MAX_ADJUSTMENT = 1_000_000;
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
  points_adjustment: {
    code: 'points_adjustment',
    validate: (r) => {
      if (!Number.isSafeInteger(r.delta) || r.delta === 0 || Math.abs(r.delta) > MAX_ADJUSTMENT)
        return refuse('VALIDATION_FAILED', 'delta_invalid');
      if (!UUID.test(r.staffId)) return refuse('VALIDATION_FAILED', 'staff_id_invalid');
      if (typeof r.note !== 'string' || r.note.length < 1 || r.note.length > 100)
        return refuse('VALIDATION_FAILED', 'note_invalid');
      return { ok: true };
    },
    describe: (r) => (r.delta > 0 ? `调整 +${r.delta} 积分` : `调整 ${r.delta} 积分`),
    sameRequest: (a, b) => a.delta === b.delta && a.note === b.note,
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

/**
 * Whether a replay of a business key asks for the same thing as its first grant. Only kinds with a
 * `sameRequest` rule check (an admin adjustment: same delta and note, whoever sends it); for the
 * others a replay is a replay whatever it asks (a check-in reward changed by settings since).
 */
export function isSameRewardRequest(asked: Reward, stored: Reward): boolean {
  if (asked.kind !== stored.kind) return false;
  const spec = REWARD_KINDS[asked.kind] as RewardKindSpec<Reward>;
  return spec.sameRequest ? spec.sameRequest(asked, stored) : true;
}

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
