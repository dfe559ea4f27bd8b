// Request and response types of check-in (签到) and referral (邀请有礼). API.md fixes
// `POST /me/checkins` and `GET /me/referral`; the rest is documented in docs/engagement.md.
import type { CalendarDayStatus, CheckInMilestone, CheckInReward } from '../rules/checkin.js';
import type { CheckInSettings, InvitedFriendStatus, ReferralSettings } from '../rules/engagement.js';
import type { ReferralRewardReason, ReferralRewardStatus } from '../rules/referral.js';

/** A reward as the member sees it; a coupon reward carries the issued coupon's id once issued. */
/**
 * A reward as the check-in response reports it: `couponId` null = the coupon could not be issued
 * (out of stock); `granted` false = the lottery's entries were not credited (lottery not open).
 */
export type CheckInRewardView = CheckInReward & { couponId?: string | null; granted?: boolean };

/** `POST /me/checkins` → 201. */
export interface CheckInResponse {
  date: string;
  streak: number;
  pointsAwarded: number;
  rewards: CheckInRewardView[];
  // ── beyond API.md (additive) ──
  cumulativeInCycle: number;
}

/** `POST /me/checkins/make-up` */
export interface MakeUpCheckInRequest {
  /** A missed local date of the current cycle, YYYY-MM-DD. */
  date: string;
}

/** `POST /me/checkins/make-up` → 201. `streak` is the streak shown today after the make-up. */
export interface MakeUpCheckInResponse extends CheckInResponse {
  costPoints: number;
  makeUpsLeft: number;
}

export interface CheckInCalendarDayView {
  date: string;
  status: CalendarDayStatus;
  canMakeUp: boolean;
}

/** `GET /me/checkins?month=YYYY-MM` */
export interface CheckInCalendarResponse {
  month: string;
  today: string;
  days: CheckInCalendarDayView[];
  checkedInMonth: number;
  streak: number;
  checkedInToday: boolean;
  makeUpsLeft: number;
  makeUpCost: number;
  nextMilestone: CheckInMilestone | null;
  /** What checking in today would earn in points (0 when already checked in). */
  todayPoints: number;
}

/** `POST /me/subscriptions`: the member accepted (or refused) one one-time subscription on a tap. */
export interface SubscribeRequest {
  templateId: string;
  accepted: boolean;
}

export interface SubscriptionQuotaView {
  templateId: string;
  /** Sends still allowed (one per accepted prompt, minus those sent). */
  remaining: number;
}

/** `GET/PUT /admin/checkin-config` */
export type CheckInSettingsView = CheckInSettings;
/** `GET/PUT /admin/referral-config` */
export type ReferralSettingsView = ReferralSettings;

export interface InvitedFriend {
  nickname: string | null;
  joinedAt: string;
  status: InvitedFriendStatus;
}

/** `GET /me/referral` */
export interface ReferralSummary {
  inviteCode: string;
  sharePath: string;
  invited: InvitedFriend[];
  /** Released rewards of the inviter's side: points credited and coupons issued. */
  rewardsEarned: { points: number; coupons: number };
  // ── beyond API.md (additive) ──
  /** `scene` of the QR code (`GET /me/referral/qrcode`). */
  scene: string;
  /** Inviter-side rewards still waiting for a friend's refund window (or review). */
  rewardsPending: { points: number; coupons: number };
}

/** One side's reward of one referral (admin view). */
export interface ReferralRewardView {
  id: string;
  beneficiary: 'inviter' | 'invitee';
  memberId: string;
  inviterId: string;
  inviteeId: string;
  status: ReferralRewardStatus;
  reason: ReferralRewardReason | null;
  points: number;
  couponTemplateId: string | null;
  couponId: string | null;
  orderId: string | null;
  paidFen: number | null;
  refundedFen: number;
  releaseAt: string | null;
  releasedAt: string | null;
  createdAt: string;
}

export interface ReferralRewardsQuery {
  status?: ReferralRewardStatus;
}

/** `GET /me/subscriptions`: the member's one-time subscription quotas. */
export interface SubscriptionQuotasResponse {
  items: SubscriptionQuotaView[];
}

/** `GET /admin/referral-rewards?status=`. */
export interface ReferralRewardListResponse {
  items: ReferralRewardView[];
}

/** `PUT /admin/checkin-config` `makeUp`: make-ups (补签) per cycle and their cost in points. */
export type CheckInMakeUpSettings = CheckInSettings['makeUp'];
/** `PUT /admin/referral-config` `abuse`: the anti-fraud holds. */
export type ReferralAbuseSettings = ReferralSettings['abuse'];
/** `PUT /admin/referral-config` `caps`: rewards per inviter per day and month. */
export type ReferralCapsSettings = ReferralSettings['caps'];
/** `PUT /admin/referral-config` `rewards`: what each side of a referral gets. */
export type ReferralRewardsSettings = ReferralSettings['rewards'];

/** One check-in of a member, as the member 360 shows it (admin view). */
export interface AdminCheckInItem {
  id: string;
  /** Local date (YYYY-MM-DD, programme timezone) checked in for. */
  date: string;
  /** The streak ending on `date` when it was recorded. */
  streak: number;
  /** A make-up (补签) of a missed date, recorded later. */
  madeUp: boolean;
  /** Points credited by the check-in's rewards. */
  pointsAwarded: number;
  /** Points paid for a make-up (0 otherwise). */
  costPoints: number;
  /** The rewards as the rule decided them (coupons with the issued coupon's id). */
  rewards: CheckInRewardView[];
  /** When it was recorded. */
  createdAt: string;
}

/** `GET /admin/members/:id/checkins?cursor=&limit=`: newest date first (keyset on date, id). */
export interface AdminCheckInPage {
  items: AdminCheckInItem[];
  nextCursor: string | null;
}

/** Another member as a referral shows them: masked nickname, member number. */
export interface ReferralMemberRef {
  id: string;
  memberNo: string;
  /** First character and stars (张**); null when the member set none. */
  nicknameMasked: string | null;
}

/** One side's reward of one referral, as the member 360 shows it. */
export interface ReferralSideReward {
  id: string;
  /** pending = held for the refund window; on_hold = waiting for review; released; cancelled. */
  status: ReferralRewardStatus;
  reason: ReferralRewardReason | null;
  points: number;
  couponTemplateId: string | null;
  couponId: string | null;
  releaseAt: string | null;
  releasedAt: string | null;
  createdAt: string;
}

/** A friend the member invited, with both sides' rewards (null until the friend's first qualifying order). */
export interface AdminReferralItem {
  invitee: ReferralMemberRef;
  /** When the friend registered (bound to the member). */
  joinedAt: string;
  /** The member's own reward for this friend. */
  inviterReward: ReferralSideReward | null;
  /** The friend's reward. */
  inviteeReward: ReferralSideReward | null;
}

/** `GET /admin/members/:id/referrals?cursor=&limit=`: the friends the member invited, newest first. */
export interface AdminReferralPage {
  /** Who invited this member, if anyone. */
  invitedBy: ReferralMemberRef | null;
  items: AdminReferralItem[];
  nextCursor: string | null;
}
