import type { TierRef } from './member.js';

/** Kinds of points-ledger entries. Later waves add check-in, referral and exchange. */
export type PointsEntryKind =
  | 'earn'
  | 'spend'
  | 'refund_reversal'
  | 'redeem_return'
  | 'expire'
  | 'adjust'
  | 'checkin'
  | 'referral'
  | 'exchange'
  | 'checkin_makeup'
  | 'lottery'
  | 'lottery_prize'
  /** Given by a campaign (营销活动) or an automation (自动化). */
  | 'campaign'
  | 'automation';

export interface PointsHistoryItem {
  id: string;
  kind: PointsEntryKind;
  delta: number;
  /** Chinese, for display: 消费获得, 积分抵现, 退款扣回 … */
  reason: string;
  balanceAfter: number;
  createdAt: string;
  /** For credits: when these points expire (null = never). */
  expiresAt?: string | null;
  orderNo?: string | null;
}

export interface PointsSummary {
  points: number;
  /** Points that expire within the next 30 days, and the earliest such date (local). */
  expiringSoon: { points: number; expiresOn: string } | null;
  /** Points owed after refunds of already-spent points (积分欠款), settled from future credits. */
  debt: number;
}

export interface MemberCodeResponse {
  code: string;
  /** When this code stops being accepted. */
  expiresAt: string;
  /** When the phone should show the next code. */
  refreshAt: string;
}

export interface MemberCodeSeedResponse {
  codeId: number;
  /** Hex; lets the phone compute codes offline with the shared `memberCodeAt`. */
  secret: string;
  stepSeconds: number;
  /** Server time, so the phone can correct a skewed clock. */
  serverTime: string;
}

export interface MemberNotification {
  id: string;
  kind: 'points_expiring' | 'tier_upgrade' | 'tier_downgrade' | 'points_adjusted' | string;
  title: string;
  body: string;
  createdAt: string;
  readAt: string | null;
}

export interface TierChangeView {
  from: TierRef;
  to: TierRef;
}

export interface PointsAdjustmentRequest {
  delta: number;
  reason: string;
  idempotencyKey: string;
}

/** `GET /me/points?cursor=&limit=`: the ledger, newest first. */
export interface PointsHistoryResponse {
  items: PointsHistoryItem[];
  nextCursor: string | null;
}

/** `GET /me/notifications`. */
export interface MemberNotificationsResponse {
  items: MemberNotification[];
}

/** `POST /admin/members/:id/points-adjustments` → 201 (200 when `idempotencyKey` repeats one). */
export interface PointsAdjustmentResponse {
  entryId: string;
  delta: number;
  balanceAfter: number;
}
