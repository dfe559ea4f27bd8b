// Lottery (抽奖) request and response types (API.md "Lottery").

export type LotteryPrizeKind = 'points' | 'coupon' | 'physical' | 'none';
export const LOTTERY_PRIZE_KIND_CODES: readonly LotteryPrizeKind[] = ['points', 'coupon', 'physical', 'none'];
export type LotteryStatus = 'active' | 'paused' | 'ended';

export interface LotteryPrizeInput {
  title: string;
  kind: LotteryPrizeKind;
  /** kind points: points credited to the winner. */
  points?: number;
  /** kind coupon: the coupon template granted (channel `lottery`). */
  templateId?: string;
  /** Units that can be won; a `none` prize is never used up (its stock is ignored). */
  stock: number;
  /** Relative weight (positive integer); odds = weight / Σ weights. */
  weight: number;
  /** kind physical: how many local days the claim code stays redeemable (default 30). */
  claimDays?: number;
}

export interface CreateLotteryRequest {
  title: string;
  description?: string | null;
  startsAt: string;
  endsAt: string;
  /** Points charged per draw (0 = free). A free entry (reward kind `lottery_entry`) is used first. */
  costPoints: number;
  perMemberDaily: number;
  perMemberTotal: number;
  /** Σ points of points prizes granted never exceeds it; absent/null = no budget. */
  budgetPoints?: number | null;
  prizes: LotteryPrizeInput[];
}

/**
 * Before `startsAt` anything may change (prizes are replaced as a whole); once started only the
 * wording, a later `endsAt` and higher limits — never prizes, odds or cost.
 */
export interface UpdateLotteryRequest {
  title?: string;
  description?: string | null;
  startsAt?: string;
  endsAt?: string;
  costPoints?: number;
  perMemberDaily?: number;
  perMemberTotal?: number;
  budgetPoints?: number | null;
  prizes?: LotteryPrizeInput[];
}

export interface LotteryPrizeView {
  id: string;
  title: string;
  kind: LotteryPrizeKind;
  /** Published odds in basis points (Σ over the lottery's prizes = 10000). */
  odds: number;
  // ── beyond API.md (additive) ──
  /** The same odds as a fraction (odds / 10000). */
  probability: number;
  /** Units left; null for a `none` prize (never used up). */
  remaining: number | null;
  points?: number;
}

/** GET /lotteries/:id and each item of GET /lotteries. */
export interface LotteryView {
  id: string;
  title: string;
  costPoints: number;
  prizes: LotteryPrizeView[];
  /** Draws the caller may still make today (the daily and the total limit, whichever is lower). */
  remainingToday: number;
  endsAt: string;
  // ── beyond API.md ──
  description: string | null;
  startsAt: string;
  status: LotteryStatus;
  /** True when a draw is possible now (status active and within the window). */
  open: boolean;
  perMemberDaily: number;
  perMemberTotal: number;
  /** Free entries the caller holds (used before points are charged). */
  freeEntries: number;
}

export interface LotteryListResponse {
  items: LotteryView[];
}

export interface DrawLotteryRequest {
  /** Client retry key: the same key returns the first draw, charging nothing twice. */
  requestId: string;
}

export interface LotteryDrawResult {
  drawId: string;
  /** What the member won; a `none` prize (谢谢参与) or null when nothing. */
  prize: { id: string; title: string; kind: LotteryPrizeKind } | null;
  // ── beyond API.md ──
  lotteryId: string;
  /** Points charged for this draw (0 when a free entry was used). */
  costPoints: number;
  freeEntryUsed: boolean;
  /** The prize the random value picked (may differ from `prize` after a fallback). */
  pickedPrizeId: string;
  /** Why the picked prize was not awarded: its stock ran out, the points budget, or the grant was skipped. */
  fallback: 'out_of_stock' | 'budget_exhausted' | 'grant_skipped' | null;
  /** The random integer in [0, Σ weights) that decided the draw (reproducible). */
  random: number;
  /** Points prize credited. */
  points?: number;
  /** Coupon / physical prize: the coupon granted (a physical prize's claim code is its code). */
  couponId?: string;
  claimCode?: string;
  createdAt: string;
}

export interface MyLotteryDraw extends LotteryDrawResult {
  lotteryTitle: string;
}

export interface MyLotteryDrawsResponse {
  items: MyLotteryDraw[];
  nextCursor: string | null;
}

export interface AdminLotteryPrizeView extends LotteryPrizeView {
  points?: number;
  templateId?: string;
  stock: number;
  weight: number;
  claimDays?: number;
}

export interface AdminLotteryView {
  id: string;
  title: string;
  description: string | null;
  startsAt: string;
  endsAt: string;
  status: LotteryStatus;
  costPoints: number;
  perMemberDaily: number;
  perMemberTotal: number;
  budgetPoints: number | null;
  /** Points of points prizes counted against the budget (null without a budget; the report has the total). */
  budgetUsed: number | null;
  prizes: AdminLotteryPrizeView[];
  createdAt: string;
  updatedAt: string;
}

export interface LotteryReport {
  lotteryId: string;
  draws: number;
  members: number;
  /** Points charged for draws. */
  pointsSpent: number;
  freeEntriesUsed: number;
  /** Points of points prizes granted. */
  pointsGranted: number;
  budgetPoints: number | null;
  budgetLeft: number | null;
  prizes: { id: string; title: string; kind: LotteryPrizeKind; stock: number; remaining: number | null; winners: number }[];
  /** Draws whose picked prize fell back, by reason. */
  fallbacks: { out_of_stock: number; budget_exhausted: number; grant_skipped: number };
}

/** `GET /admin/lotteries`, newest start first. */
export interface AdminLotteryListResponse {
  items: AdminLotteryView[];
}
