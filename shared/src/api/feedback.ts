// Feedback (反馈) request and response types (API.md "Members: … feedback"; docs/feedback.md).

export type FeedbackCategory = 'service' | 'product' | 'environment' | 'other';
export type FeedbackStatus = 'open' | 'replied' | 'closed';
export const FEEDBACK_STATUSES: readonly FeedbackStatus[] = ['open', 'replied', 'closed'];

/** `POST /me/feedback`. */
export interface CreateFeedbackRequest {
  category: FeedbackCategory;
  /** 1–500 characters after trimming; no control characters other than line breaks. */
  content: string;
  /** 1–5 stars. */
  rating?: number;
  /** One of the caller's own orders (GET /me/orders); another member's order answers as an unknown one. */
  orderNo?: string;
  // ── beyond API.md ──
  /** Makes a retried create answer the first one (200) instead of sending it twice. */
  requestId?: string;
}

/** 201 (a replay of the same requestId: 200 with the same id). */
export interface CreateFeedbackResponse {
  id: string;
  status: FeedbackStatus;
  // ── beyond API.md ──
  createdAt: string;
}

/** One item of `GET /me/feedback` (newest first). */
export interface MyFeedbackItem {
  id: string;
  category: FeedbackCategory;
  content: string;
  rating: number | null;
  orderNo: string | null;
  storeName: string | null;
  status: FeedbackStatus;
  /** The store's answer, once there is one. */
  reply: string | null;
  repliedAt: string | null;
  createdAt: string;
}

/** One item of `GET /admin/feedback` and `GET /admin/feedback/:id`. */
export interface AdminFeedbackItem {
  id: string;
  memberId: string;
  memberNo: string | null;
  storeId: string | null;
  storeName: string | null;
  category: FeedbackCategory;
  /** null once the member erased their account (the rest stays for the statistics). */
  content: string | null;
  rating: number | null;
  orderNo: string | null;
  status: FeedbackStatus;
  ownerStaffId: string | null;
  ownerUsername: string | null;
  reply: string | null;
  repliedBy: string | null;
  repliedByUsername: string | null;
  repliedAt: string | null;
  firstRepliedAt: string | null;
  closedAt: string | null;
  erased: boolean;
  createdAt: string;
  updatedAt: string;
}

/** `POST /admin/feedback/:id/reply`. */
export interface ReplyFeedbackRequest {
  /** 1–500 characters after trimming. */
  reply: string;
  status: 'replied' | 'closed';
}

/**
 * `PATCH /admin/feedback/:id`: assign an owner (null: nobody), close without a reply, or (admins)
 * reopen a closed one.
 */
export interface UpdateFeedbackRequest {
  ownerStaffId?: string | null;
  status?: 'open' | 'closed';
}

/** One store's line of `GET /admin/analytics/feedback` (storeId null: feedback with no store). */
export interface FeedbackStoreStats {
  storeId: string | null;
  storeName: string | null;
  count: number;
  open: number;
  replied: number;
  closed: number;
  /** Feedback with a rating. */
  rated: number;
  /** Mean of the ratings, 2 decimals; null when none was rated. */
  averageRating: number | null;
  /** Median seconds from creation to the first reply of the feedback replied so far; null when none. */
  medianFirstReplySeconds: number | null;
}

export interface FeedbackStatsResponse {
  from: string;
  to: string;
  storeId: string | null;
  items: FeedbackStoreStats[];
  total: Omit<FeedbackStoreStats, 'storeId' | 'storeName'>;
}

/** `GET /me/feedback`. */
export interface MyFeedbackPage {
  items: MyFeedbackItem[];
  nextCursor: string | null;
}

/** `GET /admin/feedback`. */
export interface AdminFeedbackPage {
  items: AdminFeedbackItem[];
  nextCursor: string | null;
}
