// Members' data rights (PIPL art. 45–47): export, erasure, consent withdrawal.

/** `DELETE /me` body: the member types 注销 to confirm. */
export interface DeleteMeRequest {
  confirm: '注销';
}

export const DELETE_ME_CONFIRMATION = '注销';

/** One exported row: column names in camelCase, dates as ISO strings, money in fen. */
export type ExportRow = Record<string, unknown>;

/**
 * `GET /me/export`: every personal datum held on the caller and their ledgers. Each section is
 * produced by the module that owns the table (see docs/privacy.md for the table → section map).
 */
export interface MemberDataExport {
  exportedAt: string;
  policyVersion: string;
  /** The member row, the full phone number decrypted for its owner; never the session key or member-code secret. */
  profile: ExportRow & { phone: string | null };
  consentRecords: ExportRow[];
  tierChanges: ExportRow[];
  points: { entries: ExportRow[]; lots: ExportRow[]; allocations: ExportRow[] };
  orders: ExportRow[];
  refunds: ExportRow[];
  /** The lines of those orders (SKU, name, category, quantity, unit price). */
  orderItems?: ExportRow[];
  coupons: ExportRow[];
  couponClaims: ExportRow[];
  checkIns: ExportRow[];
  /** Every reward handed out through the rewards pipeline (points, coupons), granted or skipped, by business key. */
  rewardGrants?: ExportRow[];
  /** The member's lottery draws (抽奖记录) and free entries. */
  lotteryDraws?: ExportRow[];
  lotteryEntries?: ExportRow[];
  /** The campaigns that targeted the member (delivered, held out, capped …) and the automations that fired for them. */
  campaigns?: ExportRow[];
  automationRuns?: ExportRow[];
  /** The tags operators put on the member (name, when). */
  tags?: ExportRow[];
  /** The member's feedback (反馈): category, text, rating, order, status and the store's reply. */
  feedback?: ExportRow[];
  /** Stored value (储值): top-ups (lots), the ledger and top-up refunds; paid-membership purchases; WeChat Pay orders. */
  storedValue?: { topUps: ExportRow[]; entries: ExportRow[]; refunds: ExportRow[] };
  membershipPurchases?: ExportRow[];
  payments?: ExportRow[];
  /** given: rewards for members the caller invited; received: the caller's own referral (who invited them, as a member number). */
  referrals: { invitedBy: string | null; invitedCount: number; rewards: ExportRow[] };
  notifications: ExportRow[];
  subscribeQuotas: ExportRow[];
  /** Sign-up IP and device, held only as keyed HMAC digests (the address and device id themselves are never stored). */
  signupSignals: { ipDigest: string | null; deviceIdDigest: string | null; recordedAt: string } | null;
}

/** `DELETE /me` → 202: personal data erased at once; the ledgers stay under a pseudonymous id. */
export interface DeleteMeResponse {
  status: 'deleted';
  deletedAt: string;
}
