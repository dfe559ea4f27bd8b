// The feedback inbox's pure helpers: how old an item reads, the reply-age figure, the status tag
// colours, and the query the filters make.
import type { FeedbackCategory, FeedbackStatus } from '@huiyuan/shared';
import type { FeedbackInboxQuery } from '../api/endpoints';

/** A duration as an operator reads it: 刚刚, 12 分钟, 3 小时, 2 天 (floored). */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return '刚刚';
  if (s < 3600) return `${Math.floor(s / 60)} 分钟`;
  if (s < 86_400) return `${Math.floor(s / 3600)} 小时`;
  return `${Math.floor(s / 86_400)} 天`;
}

/** How long an item has waited: until its first reply, else until now. */
export function waitingSeconds(item: { createdAt: string; firstRepliedAt: string | null }, now: Date): number {
  const end = item.firstRepliedAt ? Date.parse(item.firstRepliedAt) : now.getTime();
  return Math.max(0, (end - Date.parse(item.createdAt)) / 1000);
}

/** Open items waiting longer than this are flagged in the list. */
export const OVERDUE_SECONDS = 24 * 3600;

export function isOverdue(item: { status: FeedbackStatus; createdAt: string; firstRepliedAt: string | null }, now: Date) {
  return item.status === 'open' && waitingSeconds(item, now) >= OVERDUE_SECONDS;
}

export const FEEDBACK_STATUS_COLORS: Record<FeedbackStatus, string> = { open: 'orange', replied: 'green', closed: 'default' };

export interface InboxFilters {
  status?: FeedbackStatus;
  storeId?: string;
  category?: FeedbackCategory;
  /** mine: owned by the caller; unassigned: nobody's; all: any. */
  owner: 'all' | 'mine' | 'unassigned';
}

/** The inbox query of the filters (only what is set; `mine` needs the caller's id). */
export function inboxQuery(f: InboxFilters, myId: string | undefined): FeedbackInboxQuery {
  return {
    ...(f.status ? { status: f.status } : {}),
    ...(f.storeId ? { storeId: f.storeId } : {}),
    ...(f.category ? { category: f.category } : {}),
    ...(f.owner === 'mine' && myId ? { ownerStaffId: myId } : {}),
    ...(f.owner === 'unassigned' ? { unassigned: true } : {}),
  };
}

/** ★★★☆☆ for a rating, — for none. */
export function stars(rating: number | null): string {
  if (rating === null) return '—';
  return '★'.repeat(rating) + '☆'.repeat(5 - rating);
}
