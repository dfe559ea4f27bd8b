// Feedback (反馈, docs/feedback.md): members send it (idempotent on requestId, rate limited per
// member, the order checked to be their own), staff of its store and admins work the inbox
// (reply, assign, close, reopen), the member sees the reply and gets a notification, and the
// analytics count it per store. Content is personal data: never logged or audited, exported with
// the member and erased with them.
import { Inject, Injectable } from '@nestjs/common';
import {
  addDays,
  averageRating,
  canHandleFeedback,
  checkPeriod,
  decideFeedbackChange,
  feedbackTextMessage,
  normaliseFeedbackText,
  startOfLocalDate,
  type AdminFeedbackItem,
  type CreateFeedbackRequest,
  type CreateFeedbackResponse,
  type ExportRow,
  type FeedbackAction,
  type FeedbackStatsResponse,
  type FeedbackStatus,
  type FeedbackStoreStats,
  type AdminFeedbackPage,
  type MyFeedbackPage,
  type ReplyFeedbackRequest,
  type UpdateFeedbackRequest,
} from '@huiyuan/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AnalyticsRepository } from '../analytics/analytics.repository.js';
import { AuditService } from '../audit/audit.service.js';
import type { StaffPrincipal } from '../common/auth.js';
import { DomainError } from '../common/domain-error.js';
import { decodeCursor, encodeCursor } from '../common/pagination.js';
import { RateLimiterService } from '../common/rate-limiter.service.js';
import { inTransaction } from '../common/transaction.js';
import { StaffRepository } from '../identity/staff.repository.js';
import { MemberRepository } from '../members/member.repository.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { ProgrammeService } from '../programme/programme.service.js';
import { StoreRepository } from '../stores/store.repository.js';
import { OrderRepository } from '../till/order.repository.js';
import { FeedbackRepository, type FeedbackRow, type InboxFilter, type StatsRow } from './feedback.repository.js';

/** A retried create committed first: the next attempt finds it and answers as a replay. */
const REQUEST_CLASH = 'feedback_member_request_key';

const text = (field: 'content' | 'reply', raw: unknown): string => {
  const r = normaliseFeedbackText(raw);
  if (!r.ok) {
    throw DomainError.validation(`${field}: ${r.reason}`, [
      { field, reason: r.reason, messages: [feedbackTextMessage(r.reason)] },
    ]);
  }
  return r.value;
};

@Injectable()
export class FeedbackService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly rows: FeedbackRepository,
    private readonly orders: OrderRepository,
    private readonly analytics: AnalyticsRepository,
    private readonly members: MemberRepository,
    private readonly stores: StoreRepository,
    private readonly staff: StaffRepository,
    private readonly limiter: RateLimiterService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly programme: ProgrammeService,
  ) {}

  // ── the member ───────────────────────────────────────────────────────────────────────────────

  /**
   * POST /me/feedback. `created: false` (200) when requestId repeats an earlier create: its item,
   * nothing stored or counted twice; the same requestId with another body → 409.
   * The limit is counted inside this transaction after the insert, so a replay (which inserts
   * nothing) never uses it up and of N concurrent distinct creates exactly the budget commit.
   */
  async create(
    memberId: string,
    body: CreateFeedbackRequest,
    now = new Date(),
    /** The demo seed only (its members have no orders): the store when no order names one. */
    storeWithoutOrder?: string,
  ): Promise<{ created: boolean; body: CreateFeedbackResponse }> {
    const content = text('content', body.content);
    const rating = body.rating ?? null;
    const orderNo = body.orderNo ?? null;
    const requestId = body.requestId ?? null;
    return inTransaction(
      this.db,
      async (tx) => {
        if (requestId !== null) {
          const earlier = await this.rows.byRequest(tx, memberId, requestId);
          if (earlier) return { created: false, body: this.replayOf(earlier, { ...body, content }) };
        }
        let storeId: string | null;
        let orderId: string | null = null;
        if (orderNo !== null) {
          // Another member's order answers exactly as an order that does not exist.
          const order = await this.orders.memberOrderByNo(tx, memberId, orderNo);
          if (!order) throw new DomainError('FEEDBACK_ORDER_NOT_FOUND', 'no order of yours has this number');
          storeId = order.store_id;
          orderId = order.id;
        } else {
          storeId = storeWithoutOrder ?? (await this.analytics.homeStore(tx, memberId));
        }
        const row = await this.rows.insert(
          tx,
          { memberId, storeId, orderId, orderNo, requestId, category: body.category, content, rating },
          now,
        );
        if (!row) {
          // A concurrent twin of this requestId committed while we waited on the unique index.
          const first = await this.rows.byRequest(tx, memberId, requestId!);
          return { created: false, body: this.replayOf(first!, { ...body, content }) };
        }
        await this.limiter.consume(
          'feedback',
          memberId,
          'too much feedback today: please try again tomorrow',
          'RATE_LIMITED',
          tx,
        );
        return { created: true, body: { id: row.id, status: row.status, createdAt: row.created_at.toISOString() } };
      },
      { retryOnUnique: [REQUEST_CLASH] },
    );
  }

  private replayOf(row: FeedbackRow, body: CreateFeedbackRequest & { content: string }): CreateFeedbackResponse {
    const same =
      row.erased_at === null &&
      row.category === body.category &&
      row.content === body.content &&
      row.rating === (body.rating ?? null) &&
      row.order_no === (body.orderNo ?? null);
    if (!same) throw new DomainError('IDEMPOTENCY_KEY_CONFLICT', 'this requestId was used for other feedback');
    return { id: row.id, status: row.status, createdAt: row.created_at.toISOString() };
  }

  /** GET /me/feedback: newest first, with the store's reply. */
  async listMine(memberId: string, cursor: string | undefined, limit: number): Promise<MyFeedbackPage> {
    const rows = await this.rows.ofMember(this.db, memberId, cursor ? decodeCursor(cursor) : null, limit + 1);
    const page = rows.slice(0, limit);
    const names = await this.stores.names(this.db, unique(page.map((r) => r.store_id)));
    return {
      items: page.map((r) => ({
        id: r.id,
        category: r.category,
        content: r.content ?? '',
        rating: r.rating,
        orderNo: r.order_no,
        storeName: r.store_id ? (names.get(r.store_id) ?? null) : null,
        status: r.status,
        reply: r.reply,
        repliedAt: r.replied_at?.toISOString() ?? null,
        createdAt: r.created_at.toISOString(),
      })),
      nextCursor: rows.length > limit ? encodeCursor(page.at(-1)!.created_at, page.at(-1)!.id) : null,
    };
  }

  // ── the inbox ────────────────────────────────────────────────────────────────────────────────

  /** GET /admin/feedback: admins every store (or one), managers their own store's. */
  async inbox(
    staff: StaffPrincipal,
    q: Omit<InboxFilter, 'storeId'> & { storeId?: string; cursor?: string; limit?: number },
  ): Promise<AdminFeedbackPage> {
    const limit = q.limit ?? 20;
    const storeId = staff.role === 'admin' ? q.storeId : staff.storeId!;
    const filter: InboxFilter = {
      ...(storeId ? { storeId } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(q.category ? { category: q.category } : {}),
      ...(q.ownerStaffId ? { ownerStaffId: q.ownerStaffId } : {}),
      ...(q.unassigned ? { unassigned: true } : {}),
    };
    const rows = await this.rows.inbox(this.db, filter, q.cursor ? decodeCursor(q.cursor) : null, limit + 1);
    const page = rows.slice(0, limit);
    return {
      items: await this.views(this.db, page),
      nextCursor: rows.length > limit ? encodeCursor(page.at(-1)!.created_at, page.at(-1)!.id) : null,
    };
  }

  /** GET /admin/feedback/:id: someone else's store's item answers 404, as an unknown one. */
  async get(staff: StaffPrincipal, id: string): Promise<AdminFeedbackItem> {
    const row = await this.rows.byId(this.db, id);
    if (!row || !canHandleFeedback(staff, row.store_id)) throw DomainError.notFound('feedback');
    return (await this.views(this.db, [row]))[0]!;
  }

  /** POST /admin/feedback/:id/reply: the reply, the status, the member's notification, the audit row. */
  async reply(staff: StaffPrincipal, id: string, body: ReplyFeedbackRequest, now = new Date()): Promise<AdminFeedbackItem> {
    const reply = text('reply', body.reply);
    return inTransaction(this.db, async (tx) => {
      const row = await this.lockHandled(tx, staff, id);
      this.decide(row.status, { kind: 'reply', status: body.status }, staff);
      const updated = await this.rows.reply(tx, id, { reply, status: body.status, staffId: staff.id, now });
      await this.notifications.add(tx, {
        memberId: row.member_id,
        kind: 'feedback_reply',
        title: '您的反馈有了回复',
        body: reply.length > 120 ? `${Array.from(reply).slice(0, 120).join('')}…` : reply,
        businessKey: `feedback-reply:${id}:${now.getTime()}`,
      });
      await this.audit.record(tx, {
        actorType: 'staff',
        actorId: staff.id,
        action: 'feedback.reply',
        targetType: 'feedback',
        targetId: id,
        details: { from: row.status, to: body.status, storeId: row.store_id },
      });
      return (await this.views(tx, [updated]))[0]!;
    });
  }

  /** PATCH /admin/feedback/:id: owner (an active admin, or a manager of its store), close, reopen (admins). */
  async update(staff: StaffPrincipal, id: string, body: UpdateFeedbackRequest, now = new Date()): Promise<AdminFeedbackItem> {
    return inTransaction(this.db, async (tx) => {
      const row = await this.lockHandled(tx, staff, id);
      let status: FeedbackStatus | undefined;
      if (body.status !== undefined) {
        const r = this.decide(row.status, { kind: body.status === 'closed' ? 'close' : 'reopen' }, staff);
        if (r.changed) status = r.next;
      }
      let owner: string | null | undefined;
      if (body.ownerStaffId !== undefined && body.ownerStaffId !== row.owner_staff_id) {
        if (body.ownerStaffId !== null) await this.checkOwner(tx, body.ownerStaffId, row.store_id);
        owner = body.ownerStaffId;
      }
      if (status === undefined && owner === undefined) return (await this.views(tx, [row]))[0]!;
      const updated = await this.rows.update(tx, id, { ...(owner !== undefined ? { ownerStaffId: owner } : {}), status, now });
      await this.audit.record(tx, {
        actorType: 'staff',
        actorId: staff.id,
        action: 'feedback.update',
        targetType: 'feedback',
        targetId: id,
        details: {
          ...(status ? { status: { from: row.status, to: status } } : {}),
          ...(owner !== undefined ? { owner: { from: row.owner_staff_id, to: owner } } : {}),
        },
      });
      return (await this.views(tx, [updated]))[0]!;
    });
  }

  private async lockHandled(tx: EntityManager, staff: StaffPrincipal, id: string): Promise<FeedbackRow> {
    const row = await this.rows.lock(tx, id);
    if (!row || !canHandleFeedback(staff, row.store_id)) throw DomainError.notFound('feedback');
    return row;
  }

  private decide(current: FeedbackStatus, action: FeedbackAction, staff: StaffPrincipal) {
    const r = decideFeedbackChange(current, action, staff.role);
    if (!r.ok) {
      const message =
        r.reason === 'closed'
          ? 'this feedback is closed (an admin may reopen it)'
          : r.reason === 'admin_only'
            ? 'only an admin may reopen closed feedback'
            : 'only closed feedback can be reopened';
      throw DomainError.fromRefusal(r, message);
    }
    return r;
  }

  /** An owner must be able to handle the item: an active admin, or an active manager of its store. */
  private async checkOwner(tx: EntityManager, ownerId: string, storeId: string | null): Promise<void> {
    const s = await this.staff.roleOf(tx, ownerId);
    const ok =
      s !== undefined &&
      !s.disabled &&
      (s.role === 'admin' || s.role === 'manager') &&
      canHandleFeedback({ role: s.role, storeId: s.store_id }, storeId);
    if (!ok) {
      throw new DomainError(
        'FEEDBACK_OWNER_INVALID',
        'the owner must be an active admin or an active manager of the feedback’s store',
      );
    }
  }

  private async views(db: DataSource | EntityManager, rows: FeedbackRow[]): Promise<AdminFeedbackItem[]> {
    // One after another: inside a transaction the reads share its one connection.
    const memberNos = await this.members.memberNos(db, unique(rows.map((r) => r.member_id)));
    const storeNames = await this.stores.names(db, unique(rows.map((r) => r.store_id)));
    const usernames = await this.staff.usernames(db, unique(rows.flatMap((r) => [r.owner_staff_id, r.replied_by])));
    return rows.map((r) => ({
      id: r.id,
      memberId: r.member_id,
      memberNo: memberNos.get(r.member_id) ?? null,
      storeId: r.store_id,
      storeName: r.store_id ? (storeNames.get(r.store_id) ?? null) : null,
      category: r.category,
      content: r.content,
      rating: r.rating,
      orderNo: r.order_no,
      status: r.status,
      ownerStaffId: r.owner_staff_id,
      ownerUsername: r.owner_staff_id ? (usernames.get(r.owner_staff_id) ?? null) : null,
      reply: r.reply,
      repliedBy: r.replied_by,
      repliedByUsername: r.replied_by ? (usernames.get(r.replied_by) ?? null) : null,
      repliedAt: r.replied_at?.toISOString() ?? null,
      firstRepliedAt: r.first_replied_at?.toISOString() ?? null,
      closedAt: r.closed_at?.toISOString() ?? null,
      erased: r.erased_at !== null,
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
    }));
  }

  // ── analytics ────────────────────────────────────────────────────────────────────────────────

  /** GET /admin/analytics/feedback: per store over feedback created from `from` to `to` (local dates). */
  async stats(staff: StaffPrincipal, q: { from?: string; to?: string; storeId?: string }): Promise<FeedbackStatsResponse> {
    const p = checkPeriod(q.from, q.to);
    if (!p.ok) throw new DomainError(p.code, p.message);
    let storeId: string | null = null;
    if (staff.role !== 'admin') storeId = staff.storeId;
    else if (q.storeId !== undefined) {
      if (!(await this.stores.exists(this.db.manager, q.storeId))) throw DomainError.notFound('store');
      storeId = q.storeId;
    }
    const tz = this.programme.settings.timezone;
    const start = startOfLocalDate(p.from, tz);
    const end = startOfLocalDate(addDays(p.to, 1), tz);
    const [rows, total] = await Promise.all([
      this.rows.stats(this.db, storeId, start, end),
      this.rows.totals(this.db, storeId, start, end),
    ]);
    const names = await this.stores.names(this.db, unique(rows.map((r) => r.store_id)));
    return {
      from: p.from,
      to: p.to,
      storeId,
      items: rows.map((r) => ({
        storeId: r.store_id,
        storeName: r.store_id ? (names.get(r.store_id) ?? null) : null,
        ...figures(r),
      })),
      total: figures(total),
    };
  }

  // ── data rights ──────────────────────────────────────────────────────────────────────────────

  /** Every feedback item of the member, for GET /me/export. */
  exportFor(tx: EntityManager, memberId: string): Promise<ExportRow[]> {
    return this.rows.exportFor(tx, memberId);
  }

  /** Erasure: content and reply set to null; category, rating, status and times stay (the statistics). */
  forget(tx: EntityManager, memberId: string, now: Date): Promise<number> {
    return this.rows.erase(tx, memberId, now);
  }
}

function figures(r: StatsRow): Omit<FeedbackStoreStats, 'storeId' | 'storeName'> {
  return {
    count: r.count,
    open: r.open,
    replied: r.replied,
    closed: r.closed,
    rated: r.rated,
    averageRating: averageRating(r.rating_sum, r.rated),
    medianFirstReplySeconds: r.median_first_reply_s === null ? null : Math.round(r.median_first_reply_s),
  };
}

function unique(ids: (string | null)[]): string[] {
  return [...new Set(ids.filter((id): id is string => id !== null))];
}
