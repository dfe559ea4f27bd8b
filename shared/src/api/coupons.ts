import type { TierCode } from './common.js';

export type CouponKind = 'cash' | 'percent' | 'gift';
export type CouponStatus = 'available' | 'used' | 'expired';
/** How a coupon reaches a member (API.md): claim centre, points mall, automations, admin grant. */
export type CouponChannel =
  | 'center'
  | 'points'
  | 'welcome'
  | 'birthday'
  | 'referral'
  | 'reactivation'
  | 'grant'
  /** Lottery prizes (抽奖): coupon prizes and the gift coupons behind physical prizes; never in the claim centre. */
  | 'lottery'
  /** Campaigns (营销活动) and automations (自动化), docs/campaigns.md. */
  | 'campaign'
  | 'automation'
  /** Paid membership's monthly coupon pack (付费会员), docs/stored-value.md. */
  | 'membership';
export const COUPON_CHANNELS: readonly CouponChannel[] = [
  'center',
  'points',
  'welcome',
  'birthday',
  'referral',
  'reactivation',
  'grant',
  'lottery',
  'campaign',
  'automation',
  'membership',
];
export type CouponTemplateStatus = 'active' | 'paused';

/** A coupon in a member's wallet (API.md). */
export interface Coupon {
  id: string;
  /** 15 characters of the coupon alphabet (show it as `XXXXX-XXXXX-XXXXX`). */
  code: string;
  templateId: string;
  title: string;
  kind: CouponKind;
  /** `expired` as soon as the validity has passed, even before the expiry job has run. */
  status: CouponStatus;
  /** First local date (programme timezone) the coupon can be used, `YYYY-MM-DD`. */
  validFrom: string;
  /** Last local date it can be used, inclusive, `YYYY-MM-DD`. */
  validTo: string;
  threshold?: number;
  amountOff?: number;
  percentOff?: number;
  // ── beyond API.md (additive) ──
  /** percent: the largest discount in fen. */
  maxOff?: number;
  description?: string | null;
  stackable?: boolean;
  /** Stores where it can be used; absent = every store. */
  storeIds?: string[];
  minTier?: TierCode;
  channel?: CouponChannel;
  /** Usable only on these ISO weekdays (1 = Monday … 7 = Sunday, programme timezone); absent = every day. */
  validWeekdays?: number[];
  /** Usable only from this local time (HH:MM, inclusive) … */
  validTimeFrom?: string;
  /** … until this one (HH:MM, exclusive; 24:00 = midnight); absent = all day. */
  validTimeTo?: string;
  /** When it is usable, in words (仅每周三 10:00–14:00可用); absent when usable at any time of its validity. */
  usableTimes?: string;
  /** The instant it stops being usable (exclusive), ISO-8601. */
  expiresAt?: string;
  claimedAt?: string;
  usedAt?: string | null;
}

/** The terms shared by create requests and template views. */
export interface CouponTemplateTerms {
  title: string;
  description?: string | null;
  kind: CouponKind;
  threshold?: number;
  amountOff?: number;
  percentOff?: number;
  maxOff?: number;
  totalStock: number;
  perMemberLimit: number;
  /** N days after claim (N = 7 → usable through the 7th local day counting the claim day). */
  validDays?: number;
  /** Or a fixed window of local dates, inclusive. */
  validFrom?: string;
  validTo?: string;
  /** Points charged per coupon in the points mall (channel `points`). */
  pointsCost?: number;
  channels: CouponChannel[];
  /** Stores where coupons of this template can be used; absent or empty = all. */
  stores?: string[];
  /** Lowest tier that may claim and use it. */
  minTier?: TierCode;
  /** May share an order with other stackable coupons (default false). */
  stackable?: boolean;
  /** Coupons usable only on these ISO weekdays (1 = Monday … 7 = Sunday, programme timezone); absent = every day. */
  validWeekdays?: number[];
  /** Usable only from this local time each day (HH:MM, inclusive); with validTimeTo. */
  validTimeFrom?: string;
  /** Until this local time (HH:MM, exclusive; 24:00 = midnight); with validTimeFrom. */
  validTimeTo?: string;
  /**
   * Rows the stock is split over (1…64, default 1; fixed once created): a hot flash-sale offer's
   * claims then lock different rows. Totals and `remaining` are the same either way.
   */
  stockShards?: number;
}

export type CreateCouponTemplateRequest = CouponTemplateTerms;

/**
 * What may change after coupons were issued: wording, more stock, a higher per-member limit, a
 * later end of the window. Anything that changes what an issued coupon is worth may not.
 */
export interface UpdateCouponTemplateRequest {
  title?: string;
  description?: string | null;
  /** Up, or down to what is already issued (a sharded stock is re-spread over its shards). */
  totalStock?: number;
  perMemberLimit?: number;
  validTo?: string;
}

export interface CouponTemplateView extends CouponTemplateTerms {
  id: string;
  stockShards: number;
  status: CouponTemplateStatus;
  issued: number;
  remaining: number;
  stackable: boolean;
  createdAt: string;
  updatedAt: string;
}

/** One offer in the claim centre / points mall. */
export interface CouponCenterItem {
  templateId: string;
  title: string;
  description: string | null;
  kind: CouponKind;
  remaining: number;
  perMemberLimit: number;
  /** How many the caller has claimed from the centre/mall so far. */
  claimedByMe: number;
  /** Present when claiming costs points (a points-mall offer). */
  pointsCost?: number;
  threshold?: number;
  amountOff?: number;
  percentOff?: number;
  maxOff?: number;
  validDays?: number;
  validFrom?: string;
  validTo?: string;
  stackable: boolean;
  minTier?: TierCode;
  storeIds?: string[];
  validWeekdays?: number[];
  validTimeFrom?: string;
  validTimeTo?: string;
  /** 仅每周三可用; absent when usable at any time of its validity. */
  usableTimes?: string;
}

export interface CouponCenterResponse {
  items: CouponCenterItem[];
}

export interface ClaimCouponRequest {
  /** Optional client retry key: the same key returns the coupon it claimed first, charging nothing twice. */
  requestId?: string;
}

export interface GrantCouponsRequest {
  memberIds: string[];
  idempotencyKey: string;
}

export interface GrantCouponsResponse {
  templateId: string;
  idempotencyKey: string;
  /** One coupon per listed member, including those granted by an earlier call with this key. */
  coupons: { memberId: string; couponId: string; code: string }[];
  /** How many were issued by this call (0 on a replay). */
  issued: number;
}

export interface RedeemCouponRequest {
  couponCode: string;
  /** The identified member, when the cashier has one: the coupon must be theirs. */
  memberId?: string;
}

export interface RedeemCouponResponse {
  coupon: Coupon;
}

/** `GET /me/coupons?status=`. */
export interface MyCouponsResponse {
  items: Coupon[];
}

/** `GET /admin/coupon-templates` (a manager: those usable in their store). */
export interface CouponTemplateListResponse {
  items: CouponTemplateView[];
}
