// Stored value (储值) and paid membership (付费会员) types (API.md "Stored value and paid membership").
import type { SpendOrder } from '../rules/stored-value.js';

/** The arguments of `wx.requestPayment`, from a JSAPI prepay, plus our order number. */
export interface PaymentArguments {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  /** `prepay_id=…` */
  package: string;
  signType: 'RSA';
  paySign: string;
  outTradeNo: string;
}

export interface StoredValuePlan {
  id: string;
  title: string;
  /** Fen the member pays. */
  amount: number;
  /** Fen added on top. */
  bonus: number;
}

export interface StoredValuePlansResponse {
  items: StoredValuePlan[];
}

export interface CreateStoredValuePlanRequest {
  title: string;
  amount: number;
  bonus: number;
}

export interface AdminStoredValuePlan extends StoredValuePlan {
  active: boolean;
  createdAt: string;
}

export interface AdminStoredValuePlansResponse {
  items: AdminStoredValuePlan[];
}

export interface UpdateStoredValuePlanRequest {
  title?: string;
  active?: boolean;
}

export interface CreateTopUpRequest {
  planId: string;
  requestId: string;
  /** The store the member tops up for (a store's code, the store page); absent → their home store, else none. */
  storeId?: string;
}

export type TopUpStatus = 'pending' | 'paid' | 'closed' | 'refunded' | 'partially_refunded';

export interface CreateTopUpResponse {
  topUpId: string;
  status: 'pending';
  payment: PaymentArguments;
}

export interface TopUp {
  id: string;
  planId: string;
  title: string;
  amount: number;
  bonus: number;
  status: TopUpStatus;
  storeId: string | null;
  createdAt: string;
  paidAt: string | null;
  /** What is left of this top-up (after spends and refunds). */
  principalLeft: number;
  bonusLeft: number;
  bonusExpiresAt: string | null;
  principalRefunded: number;
}

export interface MyTopUpsResponse {
  items: TopUp[];
}

export type StoredValueEntryKind =
  'top_up' | 'spend' | 'order_refund' | 'top_up_refund' | 'top_up_refund_reverted' | 'bonus_expired';

export interface StoredValueEntry {
  id: string;
  /** principal + bonus change, fen. */
  delta: number;
  principalDelta: number;
  bonusDelta: number;
  kind: StoredValueEntryKind;
  balanceAfter: number;
  storeId: string | null;
  orderNo: string | null;
  createdAt: string;
}

export interface MyStoredValueResponse {
  balance: number;
  principal: number;
  bonus: number;
  /** The soonest bonus expiry with bonus left, to warn the member. */
  bonusExpiringAt: string | null;
  bonusExpiring: number;
  spendOrder: SpendOrder;
  entries: StoredValueEntry[];
  nextCursor: string | null;
}

export interface TopUpRefundRequest {
  /** Principal to refund, fen; absent = all that is left of the top-up. */
  principal?: number;
  reason?: string;
  requestId: string;
}

export interface TopUpRefundResponse {
  topUpId: string;
  refundId: string;
  principal: number;
  bonusClawedBack: number;
  /** Kept from the money because that much of the bonus was already spent. */
  bonusKeptFromMoney: number;
  /** What WeChat Pay returns to the member. */
  money: number;
  status: 'processing' | 'succeeded' | 'failed';
}

export interface StoredValueSettingsResponse {
  spendOrder: SpendOrder;
  bonusExpiryDays: number | null;
}

export interface StoredValueSettlementRow {
  storeId: string | null;
  storeName: string;
  /** Principal topped up for this store in the period. */
  toppedUp: number;
  bonusGranted: number;
  /** Principal spent at this store's till in the period. */
  principalSpent: number;
  bonusSpent: number;
  /** Of principalSpent, principal topped up at other stores: what this store is owed. */
  owedByOthers: number;
  /** Principal topped up here and spent at other stores: what this store owes. */
  owedToOthers: number;
  /** owedByOthers − owedToOthers. */
  net: number;
  principalRefunded: number;
}

export interface StoredValueSettlementResponse {
  from: string;
  to: string;
  items: StoredValueSettlementRow[];
  /** Σ balances of all members now (principal, bonus), for the reconciliation. */
  outstanding: { principal: number; bonus: number };
}

export interface AdminMemberStoredValue {
  balance: number;
  principal: number;
  bonus: number;
  topUps: TopUp[];
  entries: StoredValueEntry[];
}

// --- paid membership ----------------------------------------------------------------------------

export interface MembershipPlan {
  id: string;
  title: string;
  price: number;
  termDays: number;
  trial: boolean;
  discountRateBp: number;
  pointsMultiplierBp: number;
  monthlyCouponTemplateId: string | null;
  /** Human-readable benefits (shared `membershipBenefitLines`). */
  benefits: string[];
}

export interface MembershipPlansResponse {
  items: MembershipPlan[];
}

export interface AdminMembershipPlansResponse {
  items: AdminMembershipPlan[];
}

export interface CreateMembershipPlanRequest {
  title: string;
  price: number;
  termDays: number;
  trial?: boolean;
  discountRateBp?: number;
  pointsMultiplierBp?: number;
  monthlyCouponTemplateId?: string | null;
}

export interface AdminMembershipPlan extends MembershipPlan {
  active: boolean;
  createdAt: string;
}

export interface CreateMembershipPurchaseRequest {
  planId: string;
  requestId: string;
}

export type MembershipPurchaseStatus = 'pending' | 'active' | 'closed' | 'refunded';

export interface CreateMembershipPurchaseResponse {
  purchaseId: string;
  status: 'pending' | 'active';
  startsAt: string;
  endsAt: string;
  /** Absent for a free trial (active at once). */
  payment?: PaymentArguments;
}

export interface MembershipPurchase {
  id: string;
  planId: string;
  title: string;
  price: number;
  status: MembershipPurchaseStatus;
  trial: boolean;
  startsAt: string;
  endsAt: string;
  refunded: number;
  createdAt: string;
}

export interface MyMembershipResponse {
  active: boolean;
  planId: string | null;
  title: string | null;
  expiresAt: string | null;
  benefits: {
    discountRateBp: number;
    pointsMultiplierBp: number;
    monthlyCouponTemplateId: string | null;
    lines: string[];
  } | null;
  trialUsed: boolean;
  purchases: MembershipPurchase[];
}

/** POST /admin/members/:id/membership/refund (retry with the same Idempotency-Key header). */
export interface MembershipRefundRequest {
  reason?: string;
}

export interface MembershipRefundResponse {
  memberId: string;
  /** Σ fen returned through WeChat Pay. */
  amount: number;
  refunds: { purchaseId: string; amount: number }[];
  /** The membership now ends at once. */
  expiresAt: string;
}

/** GET /payments/:outTradeNo for the member: where a payment stands (after a query of WeChat Pay when pending). */
export interface PaymentStatusResponse {
  outTradeNo: string;
  status: 'pending' | 'paid' | 'closed';
  purpose: 'stored_value_top_up' | 'membership';
  amount: number;
}
