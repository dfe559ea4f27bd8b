// Referral (邀请有礼): who may be bound to whom, and when a referral reward is paid, held or cancelled.
//
// Binding (decideReferralBinding), checked in this order:
//   self_referral     a member cannot invite themself;
//   already_bound     first inviter wins — a bound member is never re-bound;
//   not_new_member    with `binding: 'new_members_only'` only a member registering now can be bound;
//   inviter_inactive  a frozen or deleted inviter binds nobody;
//   cycle             the invitee may not be an ancestor of the inviter (A→B→A), judged from the
//                     inviter's ancestor chain that the service loads (nearest first).
//
// Reward (one state per beneficiary — the inviter's reward and the friend's are separate records):
//
//     pending ──order_paid──▶ pending (qualifying order set, releaseAt = paidAt + refund window)
//     pending ──order_refunded before releaseAt, net paid < minOrderFen──▶ cancelled
//     pending ──release_due at/after releaseAt──▶ on_hold   (abuse signals over the thresholds)
//                                             └─▶ cancelled (inviter's daily/monthly cap reached)
//                                             └─▶ released
//     on_hold ──hold_approved──▶ released (or cancelled by the caps) · hold_rejected ──▶ cancelled
//     on_hold ──order_refunded before releaseAt──▶ cancelled
//     released, cancelled: final; later events change nothing (a refund after the window keeps the reward).
//
// The qualifying order is the friend's first paid order of at least `minOrderFen`. Caps count the
// inviter's rewards already released in the local day / month of the release (the service counts
// them); they apply to the inviter's side only, and a capped reward is cancelled, not postponed.
import type { Fen } from '../money.js';
import { refuse } from './result.js';
import type { Refusal } from './result.js';

export interface ReferralPolicy {
  binding: 'new_members_only' | 'all_members';
  /** Days after payment during which a refund cancels the reward. */
  refundWindowDays: number;
  /** The smallest net paid amount that qualifies the friend's order. */
  minOrderFen: Fen;
  abuse: {
    /** Hold when the friend used the inviter's own device. */
    holdOnInviterDevice: boolean;
    /** Hold when more than this many of the inviter's friends share the friend's device. */
    maxSameDevice: number;
    /** Hold when more than this many of the inviter's friends share the friend's IP address. */
    maxSameIp: number;
  };
  caps: { perInviterPerDay: number; perInviterPerMonth: number };
}

export const DEFAULT_REFERRAL_POLICY: ReferralPolicy = {
  binding: 'new_members_only',
  refundWindowDays: 7,
  minOrderFen: 1,
  abuse: { holdOnInviterDevice: true, maxSameDevice: 1, maxSameIp: 3 },
  caps: { perInviterPerDay: 10, perInviterPerMonth: 50 },
};

// ───────────────────────────── binding ─────────────────────────────

export interface ReferralBindingInput {
  inviteeId: string;
  /** True when the invitee is registering in this request. */
  inviteeIsNew: boolean;
  inviteeInviterId: string | null;
  inviterId: string;
  inviterActive: boolean;
  /** The inviter's inviter, then that member's inviter, … nearest first. */
  inviterAncestors: readonly string[];
}

export type ReferralBindingRefusalReason = 'self_referral' | 'already_bound' | 'not_new_member' | 'inviter_inactive' | 'cycle';

export function decideReferralBinding(
  input: ReferralBindingInput,
  policy: Pick<ReferralPolicy, 'binding'> = DEFAULT_REFERRAL_POLICY,
): { ok: true } | Refusal<'CONFLICT', ReferralBindingRefusalReason> {
  if (input.inviteeId === input.inviterId) return refuse('CONFLICT', 'self_referral');
  if (input.inviteeInviterId !== null) return refuse('CONFLICT', 'already_bound');
  if (policy.binding === 'new_members_only' && !input.inviteeIsNew) return refuse('CONFLICT', 'not_new_member');
  if (!input.inviterActive) return refuse('CONFLICT', 'inviter_inactive');
  if (input.inviterAncestors.includes(input.inviteeId)) return refuse('CONFLICT', 'cycle');
  return { ok: true };
}

// ───────────────────────────── caps and signals ─────────────────────────────

export interface InviterReleasedCounts {
  today: number;
  thisMonth: number;
}

export function checkInviterCaps(
  counts: InviterReleasedCounts,
  policy: Pick<ReferralPolicy, 'caps'> = DEFAULT_REFERRAL_POLICY,
): { ok: true } | Refusal<'RATE_LIMITED', 'daily_cap' | 'monthly_cap'> {
  if (counts.today >= policy.caps.perInviterPerDay) return refuse('RATE_LIMITED', 'daily_cap');
  if (counts.thisMonth >= policy.caps.perInviterPerMonth) return refuse('RATE_LIMITED', 'monthly_cap');
  return { ok: true };
}

export interface AbuseSignals {
  sameDeviceAsInviter: boolean;
  /** Other friends of this inviter seen on the friend's device. */
  sameDeviceCount: number;
  /** Other friends of this inviter seen on the friend's IP address. */
  sameIpCount: number;
  /**
   * WeChat's getuserriskrank for the friend's sign-up (0–4, higher is riskier); null or absent
   * when WeChat was not asked or did not answer, which holds nothing by itself.
   */
  riskRank?: number | null;
}

/** WeChat's risk ranks from this one up hold a referral reward for review. */
export const HOLD_AT_RISK_RANK = 3;

export type AbuseReason = 'inviter_device' | 'wechat_risk' | 'same_device' | 'same_ip';

/** The first abuse signal over its threshold, or null when the referral looks clean. */
export function abuseReason(
  signals: AbuseSignals,
  policy: Pick<ReferralPolicy, 'abuse'> = DEFAULT_REFERRAL_POLICY,
): AbuseReason | null {
  if (policy.abuse.holdOnInviterDevice && signals.sameDeviceAsInviter) return 'inviter_device';
  if (typeof signals.riskRank === 'number' && signals.riskRank >= HOLD_AT_RISK_RANK) return 'wechat_risk';
  if (signals.sameDeviceCount > policy.abuse.maxSameDevice) return 'same_device';
  if (signals.sameIpCount > policy.abuse.maxSameIp) return 'same_ip';
  return null;
}

// ───────────────────────────── reward state machine ─────────────────────────────

export type ReferralRewardStatus = 'pending' | 'on_hold' | 'released' | 'cancelled';

export type ReferralRewardReason =
  | AbuseReason
  | 'refunded_in_window'
  | 'daily_cap'
  | 'monthly_cap'
  | 'rejected_on_review'
  // The beneficiary deleted their account before the reward was released (docs/privacy.md).
  | 'member_erased';

export interface ReferralRewardState {
  beneficiary: 'inviter' | 'invitee';
  status: ReferralRewardStatus;
  qualifyingOrder: { orderId: string; paidAt: Date; paidFen: Fen; refundedFen: Fen } | null;
  /** When the refund window of the qualifying order closes. */
  releaseAt: Date | null;
  reason: ReferralRewardReason | null;
}

export type ReferralEvent =
  | { type: 'order_paid'; orderId: string; paidAt: Date; paidFen: Fen }
  | { type: 'order_refunded'; orderId: string; at: Date; refundedTotalFen: Fen }
  | { type: 'release_due'; now: Date; signals: AbuseSignals; inviterReleased: InviterReleasedCounts }
  | { type: 'hold_approved'; inviterReleased: InviterReleasedCounts }
  | { type: 'hold_rejected' };

export function newReferralReward(beneficiary: 'inviter' | 'invitee'): ReferralRewardState {
  return { beneficiary, status: 'pending', qualifyingOrder: null, releaseAt: null, reason: null };
}

const DAY_MS = 86_400_000;

function releaseOrCap(state: ReferralRewardState, counts: InviterReleasedCounts, policy: ReferralPolicy): ReferralRewardState {
  if (state.beneficiary === 'inviter') {
    const cap = checkInviterCaps(counts, policy);
    if (!cap.ok) return { ...state, status: 'cancelled', reason: cap.reason ?? 'daily_cap' };
  }
  return { ...state, status: 'released', reason: null };
}

/** The reward's next state after `event`; returns the same object when the event changes nothing. */
export function referralRewardTransition(
  state: ReferralRewardState,
  event: ReferralEvent,
  policy: ReferralPolicy = DEFAULT_REFERRAL_POLICY,
): ReferralRewardState {
  if (state.status === 'released' || state.status === 'cancelled') return state;
  const order = state.qualifyingOrder;
  switch (event.type) {
    case 'order_paid': {
      if (state.status !== 'pending' || order !== null || event.paidFen < policy.minOrderFen) return state;
      return {
        ...state,
        qualifyingOrder: { orderId: event.orderId, paidAt: event.paidAt, paidFen: event.paidFen, refundedFen: 0 },
        releaseAt: new Date(event.paidAt.getTime() + policy.refundWindowDays * DAY_MS),
      };
    }
    case 'order_refunded': {
      if (order === null || order.orderId !== event.orderId || state.releaseAt === null) return state;
      if (event.at.getTime() >= state.releaseAt.getTime()) return state;
      const updated = { ...state, qualifyingOrder: { ...order, refundedFen: event.refundedTotalFen } };
      if (order.paidFen - event.refundedTotalFen < policy.minOrderFen) {
        return { ...updated, status: 'cancelled', reason: 'refunded_in_window' };
      }
      return updated;
    }
    case 'release_due': {
      if (state.status !== 'pending' || state.releaseAt === null) return state;
      if (event.now.getTime() < state.releaseAt.getTime()) return state;
      const abuse = abuseReason(event.signals, policy);
      if (abuse !== null) return { ...state, status: 'on_hold', reason: abuse };
      return releaseOrCap(state, event.inviterReleased, policy);
    }
    case 'hold_approved':
      return state.status === 'on_hold' ? releaseOrCap(state, event.inviterReleased, policy) : state;
    case 'hold_rejected':
      return state.status === 'on_hold' ? { ...state, status: 'cancelled', reason: 'rejected_on_review' } : state;
  }
}
