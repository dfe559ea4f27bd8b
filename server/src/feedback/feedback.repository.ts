// The feedback table's SQL (feedback/ owns it): the member's creates (idempotent on
// (member_id, request_id)) and list, the inbox's keyset pages, the reply and assignment
// updates, the per-store statistics, and the member's export and erasure.
import { Injectable } from '@nestjs/common';
import type { ExportRow, FeedbackCategory, FeedbackStatus } from '@huiyuan/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { exportRows } from '../common/export-rows.js';
import type { KeysetCursor } from '../common/pagination.js';
import { sql } from '../common/sql.js';

type Db = DataSource | EntityManager;

export interface FeedbackRow {
  id: string;
  member_id: string;
  store_id: string | null;
  order_id: string | null;
  order_no: string | null;
  request_id: string | null;
  category: FeedbackCategory;
  content: string | null;
  rating: number | null;
  status: FeedbackStatus;
  owner_staff_id: string | null;
  reply: string | null;
  replied_by: string | null;
  replied_at: Date | null;
  first_replied_at: Date | null;
  closed_at: Date | null;
  erased_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface NewFeedback {
  memberId: string;
  storeId: string | null;
  orderId: string | null;
  orderNo: string | null;
  requestId: string | null;
  category: FeedbackCategory;
  content: string;
  rating: number | null;
}

export interface InboxFilter {
  /** Only this store (a manager's is always set); undefined: every store. */
  storeId?: string;
  status?: FeedbackStatus;
  category?: FeedbackCategory;
  ownerStaffId?: string;
  unassigned?: boolean;
}

export interface StatsRow {
  store_id: string | null;
  count: number;
  open: number;
  replied: number;
  closed: number;
  rated: number;
  rating_sum: number;
  median_first_reply_s: number | null;
}

const COLUMNS = `id, member_id, store_id, order_id, order_no, request_id, category, content, rating, status, owner_staff_id,
  reply, replied_by, replied_at, first_replied_at, closed_at, erased_at, created_at, updated_at`;

@Injectable()
export class FeedbackRepository {
  /**
   * Inserts unless (member, requestId) exists: a concurrent twin waits on the unique index until
   * the first commits, then inserts nothing (undefined) and reads the first instead.
   */
  async insert(tx: EntityManager, f: NewFeedback, now: Date): Promise<FeedbackRow | undefined> {
    const rows: FeedbackRow[] = await sql(
      tx,
      `INSERT INTO feedback (member_id, store_id, order_id, order_no, request_id, category, content, rating, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
       ON CONFLICT (member_id, request_id) DO NOTHING
       RETURNING ${COLUMNS}`,
      [f.memberId, f.storeId, f.orderId, f.orderNo, f.requestId, f.category, f.content, f.rating, now],
    );
    return rows[0];
  }

  async byRequest(db: Db, memberId: string, requestId: string): Promise<FeedbackRow | undefined> {
    const rows: FeedbackRow[] = await sql(db, `SELECT ${COLUMNS} FROM feedback WHERE member_id = $1 AND request_id = $2`, [
      memberId,
      requestId,
    ]);
    return rows[0];
  }

  async byId(db: Db, id: string): Promise<FeedbackRow | undefined> {
    const rows: FeedbackRow[] = await sql(db, `SELECT ${COLUMNS} FROM feedback WHERE id = $1`, [id]);
    return rows[0];
  }

  /** The row under a lock: a reply and an assignment of one item are decided one after the other. */
  async lock(tx: EntityManager, id: string): Promise<FeedbackRow | undefined> {
    const rows: FeedbackRow[] = await sql(tx, `SELECT ${COLUMNS} FROM feedback WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0];
  }

  /** The member's feedback, newest first, after the cursor. */
  async ofMember(db: Db, memberId: string, cursor: KeysetCursor | null, limit: number): Promise<FeedbackRow[]> {
    return sql(
      db,
      `SELECT ${COLUMNS} FROM feedback
        WHERE member_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
        ORDER BY created_at DESC, id DESC LIMIT $4`,
      [memberId, cursor?.t ?? null, cursor?.id ?? null, limit],
    );
  }

  /** The inbox, newest first, after the cursor. */
  async inbox(db: Db, f: InboxFilter, cursor: KeysetCursor | null, limit: number): Promise<FeedbackRow[]> {
    return sql(
      db,
      `SELECT ${COLUMNS} FROM feedback
        WHERE ($1::uuid IS NULL OR store_id = $1)
          AND ($2::text IS NULL OR status = $2)
          AND ($3::text IS NULL OR category = $3)
          AND ($4::uuid IS NULL OR owner_staff_id = $4)
          AND (NOT $5::boolean OR owner_staff_id IS NULL)
          AND ($6::timestamptz IS NULL OR (created_at, id) < ($6::timestamptz, $7::uuid))
        ORDER BY created_at DESC, id DESC LIMIT $8`,
      [
        f.storeId ?? null,
        f.status ?? null,
        f.category ?? null,
        f.ownerStaffId ?? null,
        f.unassigned ?? false,
        cursor?.t ?? null,
        cursor?.id ?? null,
        limit,
      ],
    );
  }

  /** A reply (replacing an earlier one); the first reply's time is kept. */
  async reply(
    tx: EntityManager,
    id: string,
    r: { reply: string; status: FeedbackStatus; staffId: string; now: Date },
  ): Promise<FeedbackRow> {
    const rows: FeedbackRow[] = await sql(
      tx,
      `UPDATE feedback SET reply = $2, status = $3, replied_by = $4, replied_at = $5,
              first_replied_at = COALESCE(first_replied_at, $5),
              closed_at = CASE WHEN $3 = 'closed' THEN $5 ELSE NULL END,
              updated_at = $5
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, r.reply, r.status, r.staffId, r.now],
    );
    return rows[0]!;
  }

  /** Owner and/or status (close, reopen). */
  async update(
    tx: EntityManager,
    id: string,
    u: { ownerStaffId?: string | null; status?: FeedbackStatus; now: Date },
  ): Promise<FeedbackRow> {
    const rows: FeedbackRow[] = await sql(
      tx,
      `UPDATE feedback SET
              owner_staff_id = CASE WHEN $2::boolean THEN $3::uuid ELSE owner_staff_id END,
              status = COALESCE($4::text, status),
              closed_at = CASE WHEN $4::text IS NULL THEN closed_at WHEN $4 = 'closed' THEN $5 ELSE NULL END,
              updated_at = $5
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, u.ownerStaffId !== undefined, u.ownerStaffId ?? null, u.status ?? null, u.now],
    );
    return rows[0]!;
  }

  /**
   * Per store (store_id null: feedback without a store) over feedback created in [from, to):
   * counts by status, ratings, and the median seconds to the first reply.
   */
  async stats(db: Db, storeId: string | null, from: Date, to: Date): Promise<StatsRow[]> {
    return sql(
      db,
      `SELECT store_id, count(*)::int AS count,
              count(*) FILTER (WHERE status = 'open')::int AS open,
              count(*) FILTER (WHERE status = 'replied')::int AS replied,
              count(*) FILTER (WHERE status = 'closed')::int AS closed,
              count(rating)::int AS rated, COALESCE(sum(rating), 0)::int AS rating_sum,
              (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_replied_at - created_at))
                 FILTER (WHERE first_replied_at IS NOT NULL))::float8 AS median_first_reply_s
         FROM feedback
        WHERE created_at >= $2 AND created_at < $3 AND ($1::uuid IS NULL OR store_id = $1)
        GROUP BY store_id ORDER BY count(*) DESC, store_id`,
      [storeId, from, to],
    );
  }

  /** The same figures over every store at once. */
  async totals(db: Db, storeId: string | null, from: Date, to: Date): Promise<StatsRow> {
    const rows: StatsRow[] = await sql(
      db,
      `SELECT NULL::uuid AS store_id, count(*)::int AS count,
              count(*) FILTER (WHERE status = 'open')::int AS open,
              count(*) FILTER (WHERE status = 'replied')::int AS replied,
              count(*) FILTER (WHERE status = 'closed')::int AS closed,
              count(rating)::int AS rated, COALESCE(sum(rating), 0)::int AS rating_sum,
              (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_replied_at - created_at))
                 FILTER (WHERE first_replied_at IS NOT NULL))::float8 AS median_first_reply_s
         FROM feedback
        WHERE created_at >= $2 AND created_at < $3 AND ($1::uuid IS NULL OR store_id = $1)`,
      [storeId, from, to],
    );
    return rows[0]!;
  }

  /** Every feedback item of the member, for GET /me/export (the staff's ids left out). */
  exportFor(tx: EntityManager, memberId: string): Promise<ExportRow[]> {
    return exportRows(
      tx,
      `SELECT id, store_id, order_no, category, content, rating, status, reply, replied_at, closed_at, erased_at, created_at, updated_at
         FROM feedback WHERE member_id = $1 ORDER BY created_at, id`,
      [memberId],
    );
  }

  /** Erasure: the texts go (the member's content and the reply written to them); the figures stay. */
  async erase(tx: EntityManager, memberId: string, now: Date): Promise<number> {
    const rows: { n: number }[] = await sql(
      tx,
      `WITH e AS (UPDATE feedback SET content = NULL, reply = NULL, request_id = NULL, erased_at = $2, updated_at = $2
                   WHERE member_id = $1 AND erased_at IS NULL RETURNING 1)
       SELECT count(*)::int AS n FROM e`,
      [memberId, now],
    );
    return rows[0]?.n ?? 0;
  }
}
