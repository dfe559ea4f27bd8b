import type { TierCode } from './common.js';
import type { Coupon } from './coupons.js';
import type { TierRef } from './member.js';
import type { TierChangeView } from './points.js';
import type { EarningRuleConfig } from '../rules/points.js';

export interface IdentifyRequest {
  memberCode: string;
}

export interface IdentifiedMember {
  id: string;
  memberNo: string;
  nickname: string | null;
  tier: TierRef;
  /** Spendable now. */
  points: number;
  phoneMasked: string | null;
  /** The most points this member may use on an order, per ¥ of order (for the till's hint). */
  redemption: { pointsPerYuan: number; unit: number; maxShareBp: number; enabled?: boolean; minPoints?: number };
  /** What the till's preview needs to price an order with shared `priceOrder`. */
  pricing?: {
    /** The tier's price rate (10000 = full price) and points multiplier, in basis points. */
    discountRateBp: number;
    pointsMultiplierBp: number;
    /** `rules`: the programme's earning rules when it lists them (absent: per_yuan_paid alone). */
    earning: { pointsPerYuan: number; growthPerYuan: number; rules?: EarningRuleConfig[] };
    /** The programme timezone: member days and coupon hours are read on its clock. */
    timezone?: string;
    /** An active paid membership's rates (付费会员): the better price rate applies, the multipliers stack. */
    paidMembership?: { title: string; expiresAt: string; discountRateBp: number; pointsMultiplierBp: number } | null;
  };
  /** Stored value (储值) spendable now, fen: what `payWithBalance` may take. */
  storedBalance?: number;
}

/** Proof that the member was identified at this store: send its `id` with a spending order. */
export interface IdentificationView {
  id: string;
  /** ISO 8601; 10 minutes after identification. Reusable for several orders until then. */
  expiresAt: string;
}

export interface IdentifyResponse {
  member: IdentifiedMember;
  usableCoupons: Coupon[];
  identification: IdentificationView;
}

export interface IdentifyByMemberNoRequest {
  memberNo: string;
  /** The last four digits of the bound phone, as a second factor. */
  phoneLast4: string;
}

/** A line of an order: what was bought. The items must add up to the order amount. */
export interface OrderItem {
  sku: string;
  name: string;
  category?: string | null;
  quantity: number;
  /** Fen per unit. */
  unitPrice: number;
}

export interface CreateOrderRequest {
  memberId: string;
  orderNo: string;
  /** Order amount in fen, before coupons and points. */
  amount: number;
  couponCodes?: string[];
  pointsToRedeem?: number;
  /**
   * From `IdentifyResponse.identification`. Needed when the order spends anything of the
   * member's (points, coupons, balance), else 403 MEMBER_NOT_PRESENT. Not part of the
   * idempotency hash: a replay answers the same even after the identification expired.
   */
  identificationId?: string;
  /** Fen of stored value to pay with. Stored value does not exist yet: any amount > 0 → 422 INSUFFICIENT_BALANCE. */
  payWithBalance?: number;
  /** What was bought; Σ quantity × unitPrice must equal `amount`, else 400 ITEMS_TOTAL_MISMATCH. */
  items?: OrderItem[];
}

export interface OrderResponse {
  orderId: string;
  orderNo: string;
  amount: number;
  /** Member price plus coupons plus points used as payment: the sum of `discounts`. */
  discount: number;
  /** What the member paid: amount − discount = tenders.balance + tenders.external. */
  payable: number;
  /** Recorded by shared `priceOrder`; absent on orders recorded before it. */
  discounts?: { memberPrice: number; coupons: number; points: number };
  tenders?: { balance: number; external: number };
  pointsEarned: number;
  pointsRedeemed: number;
  couponsUsed: string[];
  member: { points: number; growth: number; tier: { code: TierCode; name: string } };
  tierChange: TierChangeView | null;
}

/** A line of GET /me/orders. */
export interface MyOrder {
  orderNo: string;
  storeName: string;
  amount: number;
  payable: number;
  pointsEarned: number;
  createdAt: string;
  /** Fen refunded so far (0 when none). */
  refunded: number;
  items: OrderItem[];
}

export interface MyOrdersResponse {
  items: MyOrder[];
  nextCursor: string | null;
}

export interface CreateRefundRequest {
  refundNo: string;
  amount: number;
}

export interface RefundResponse {
  refundNo: string;
  amount: number;
  pointsReversed: number;
  /** Points that could not be taken back because they were already spent (recorded as debt). */
  pointsShortfall: number;
  /** Points used as payment on the order, given back in proportion. */
  pointsReturned: number;
  growthReversed: number;
  couponsRestored: string[];
  /** Stored value given back (the balance share of the refund), fen. */
  balanceReturned?: number;
  /**
   * Bonus (赠送金) of that share not given back because it expired since the order, fen
   * (present with balanceReturned).
   */
  balanceForfeited?: number;
}
