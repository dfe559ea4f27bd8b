// Feedback (反馈, docs/feedback.md): the categories, what a text may be, ratings, the status
// machine and who may move it, and the averages the analytics report. Decisions:
// - Text (the member's content, the staff reply) is trimmed; CRLF/CR become LF; 1–500 characters
//   (code points) remain. Line breaks are the only control characters allowed: every other C0/C1
//   control and the bidirectional overrides (U+202A–U+202E, U+2066–U+2069, which can make a text
//   read differently in the inbox than it was written) are refused, never silently removed.
// - Status: open → replied (a reply) → closed; a reply may also close at once, and open or
//   replied may be closed without one. A reply while replied replaces the previous reply (the
//   member sees the latest). Closed is final for managers; an admin may reopen (→ open), after
//   which it can be replied to again. Setting the status it already has is a no-op (a retried
//   PATCH changes nothing).
// - Who: admins act on every feedback item; a store's manager on that store's items only
//   (feedback without a store: admins only); cashiers and members never.
import type { FeedbackCategory, FeedbackStatus } from '../api/feedback.js';
import type { StaffRole } from '../api/common.js';
import { refuse, type Refusal } from './result.js';

/** The categories with their Chinese names (the mini-program's picker, the console's labels). */
export const FEEDBACK_CATEGORIES = {
  service: { label: '服务' },
  product: { label: '商品' },
  environment: { label: '环境' },
  other: { label: '其他' },
} as const satisfies Record<FeedbackCategory, { label: string }>;

export const FEEDBACK_CATEGORY_CODES = Object.keys(FEEDBACK_CATEGORIES) as FeedbackCategory[];

/** How both UIs name a status: the member reads 待回复 / 已回复 / 已关闭. */
export const FEEDBACK_STATUS_LABELS = {
  open: '待回复',
  replied: '已回复',
  closed: '已关闭',
} as const satisfies Record<FeedbackStatus, string>;

export const FEEDBACK_TEXT_MAX = 500;
export const FEEDBACK_RATING_MIN = 1;
export const FEEDBACK_RATING_MAX = 5;

export type FeedbackTextProblem = 'not_text' | 'empty' | 'too_long' | 'control_characters';

// Every C0 control but LF, DEL, the C1 controls, and the bidi embeddings/overrides/isolates.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

/** The text as stored (trimmed, LF line breaks), or why it cannot be. */
export function normaliseFeedbackText(
  raw: unknown,
  max = FEEDBACK_TEXT_MAX,
): { ok: true; value: string } | { ok: false; reason: FeedbackTextProblem } {
  if (typeof raw !== 'string') return { ok: false, reason: 'not_text' };
  const value = raw.replace(/\r\n?/g, '\n').trim();
  if (value.length === 0) return { ok: false, reason: 'empty' };
  if (FORBIDDEN.test(value)) return { ok: false, reason: 'control_characters' };
  if (Array.from(value).length > max) return { ok: false, reason: 'too_long' };
  return { ok: true, value };
}

/** The Chinese message of a text problem (both UIs show it under the field). */
export function feedbackTextMessage(problem: FeedbackTextProblem, max = FEEDBACK_TEXT_MAX): string {
  switch (problem) {
    case 'not_text':
    case 'empty':
      return '请填写内容';
    case 'too_long':
      return `请不要超过 ${max} 个字`;
    case 'control_characters':
      return '内容含有无法显示的字符，请删除后再提交';
  }
}

export function isFeedbackRating(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= FEEDBACK_RATING_MIN && value <= FEEDBACK_RATING_MAX;
}

export type FeedbackAction = { kind: 'reply'; status: 'replied' | 'closed' } | { kind: 'close' } | { kind: 'reopen' };

export type FeedbackChangeReason = 'closed' | 'not_closed' | 'admin_only';

/**
 * Where an action takes a feedback item: `{ ok, next, changed }`, or 409
 * FEEDBACK_STATUS_CONFLICT (reason `closed`: a reply to a closed item; `not_closed`: reopening
 * one that is not closed) or 403 FORBIDDEN (`admin_only`: a manager reopening).
 */
export function decideFeedbackChange(
  current: FeedbackStatus,
  action: FeedbackAction,
  role: StaffRole,
):
  { ok: true; next: FeedbackStatus; changed: boolean } | Refusal<'FEEDBACK_STATUS_CONFLICT' | 'FORBIDDEN', FeedbackChangeReason> {
  switch (action.kind) {
    case 'reply':
      if (current === 'closed') return refuse('FEEDBACK_STATUS_CONFLICT', 'closed');
      return { ok: true, next: action.status, changed: true };
    case 'close':
      return { ok: true, next: 'closed', changed: current !== 'closed' };
    case 'reopen':
      if (role !== 'admin') return refuse('FORBIDDEN', 'admin_only');
      if (current === 'open') return { ok: true, next: 'open', changed: false };
      if (current !== 'closed') return refuse('FEEDBACK_STATUS_CONFLICT', 'not_closed');
      return { ok: true, next: 'open', changed: true };
  }
}

/** Whether a staff member may see and act on feedback of `storeId` (null: no store). */
export function canHandleFeedback(staff: { role: StaffRole; storeId: string | null }, storeId: string | null): boolean {
  if (staff.role === 'admin') return true;
  if (staff.role === 'manager') return storeId !== null && staff.storeId === storeId;
  return false;
}

/** Mean rating to 2 decimals (half away from zero on the exact ratio), null when nothing was rated. */
export function averageRating(sum: number, rated: number): number | null {
  if (rated === 0) return null;
  return Math.round((sum * 100) / rated) / 100;
}
