// SQL on the loyalty tables (points_lot, points_entry, points_allocation, tier_change) that other
// modules need: the member card's live balance, the refund's lots, the tier history export.
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ExportRow, PointsEntryKind } from '@huiyuan/shared';
import { exportRows } from '../common/export-rows.js';
import { deferSql, sql } from '../common/sql.js';

export interface LotRow {
  id: string;
  remaining: number;
  expires_at: Date | null;
  earned_at: Date;
}

export interface HistoryRow {
  id: string;
  kind: PointsEntryKind;
  delta: number;
  balance_after: number;
  created_at: Date;
  expires_at: Date | null;
  has_lot: boolean;
  order_id: string | null;
  note: string | null;
}

@Injectable()
export class PointsRepository {
  // --- the points ledger (PointsLedgerService): statement text and names unchanged ------------
  lotsWithPoints(tx: EntityManager, memberId: string): Promise<LotRow[]> {
    return sql(tx, 'SELECT id, remaining, expires_at, earned_at FROM points_lot WHERE member_id = $1 AND remaining > 0', [
      memberId,
    ]);
  }

  async spendable(tx: EntityManager, memberId: string, now: Date): Promise<number> {
    const rows: { sum: number }[] = await sql(
      tx,
      `SELECT COALESCE(SUM(remaining), 0)::int AS sum FROM points_lot
        WHERE member_id = $1 AND remaining > 0 AND (expires_at IS NULL OR expires_at > $2)`,
      [memberId, now],
    );
    return rows[0]!.sum;
  }

  /** Lots expired by `now` with points left, in expiry order. */
  expiredWithPoints(tx: EntityManager, memberId: string, now: Date): Promise<LotRow[]> {
    return sql(
      tx,
      `SELECT id, remaining, expires_at, earned_at FROM points_lot
        WHERE member_id = $1 AND remaining > 0 AND expires_at IS NOT NULL AND expires_at <= $2
        ORDER BY expires_at, earned_at, id`,
      [memberId, now],
    );
  }

  /** One lot per (points, expiresAt) pair. */
  insertLots(
    tx: EntityManager,
    memberId: string,
    entryId: string,
    earnedAt: Date,
    points: number[],
    expiresAt: (Date | null)[],
  ): Promise<void> {
    // Queued like the entry it belongs to (deferSql): the next statement of the transaction sends both.
    return deferSql(
      tx,
      `INSERT INTO points_lot (member_id, entry_id, amount, remaining, earned_at, expires_at)
         SELECT $1, $2, p, p, $3, e FROM unnest($4::int[], $5::timestamptz[]) AS t(p, e)`,
      [memberId, entryId, earnedAt, points, expiresAt],
    );
  }

  /** Guarded decrement: a lot never gives more than it has; the ids decremented. */
  takeFromLots(tx: EntityManager, memberId: string, ids: string[], amounts: number[]): Promise<{ id: string }[]> {
    return sql<{ id: string }>(
      tx,
      `UPDATE points_lot l SET remaining = l.remaining - a.points
         FROM unnest($1::uuid[], $2::int[]) AS a(id, points)
        WHERE l.id = a.id AND l.member_id = $3 AND l.remaining >= a.points
        RETURNING l.id`,
      [ids, amounts, memberId],
    );
  }

  async insertAllocations(tx: EntityManager, entryId: string, ids: string[], amounts: number[]): Promise<void> {
    await sql(
      tx,
      `INSERT INTO points_allocation (entry_id, lot_id, points) SELECT $1, id, points FROM unnest($2::uuid[], $3::int[]) AS a(id, points)`,
      [entryId, ids, amounts],
    );
  }

  /** Queued for the transaction's next round trip (common/sql.ts `deferSql`): the caller made the id. */
  async insertEntry(
    tx: EntityManager,
    e: {
      id: string;
      memberId: string;
      kind: string;
      delta: number;
      balanceAfter: number;
      businessKey: string;
      shortfall: number;
      debtPaid: number;
      orderId: string | null;
      refundId: string | null;
      staffId: string | null;
      note: string | null;
    },
  ): Promise<void> {
    await deferSql(
      tx,
      `INSERT INTO points_entry (id, member_id, kind, delta, balance_after, business_key, shortfall, debt_paid, order_id, refund_id, staff_id, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        e.id,
        e.memberId,
        e.kind,
        e.delta,
        e.balanceAfter,
        e.businessKey,
        e.shortfall,
        e.debtPaid,
        e.orderId,
        e.refundId,
        e.staffId,
        e.note,
      ],
    );
  }

  /** A page (by member id) of members with points due to expire by `now`. */
  membersWithDuePoints(
    db: Pick<EntityManager, 'query'>,
    now: Date,
    after: string,
    limit: number,
  ): Promise<{ member_id: string }[]> {
    return db.query(
      `SELECT DISTINCT member_id FROM points_lot
          WHERE remaining > 0 AND expires_at <= $1 AND member_id > $2
          ORDER BY member_id LIMIT $3`,
      [now, after, limit],
    );
  }

  /** Points expiring in (now, horizon], per member and expiry time. */
  expiringBetween(
    db: Pick<EntityManager, 'query'>,
    now: Date,
    horizon: Date,
  ): Promise<{ member_id: string; expires_at: Date; points: number }[]> {
    return db.query(
      `SELECT member_id, expires_at, SUM(remaining)::int AS points FROM points_lot
        WHERE remaining > 0 AND expires_at > $1 AND expires_at <= $2
        GROUP BY member_id, expires_at ORDER BY member_id, expires_at`,
      [now, horizon],
    );
  }

  /** Points in unexpired lots. */
  async livePoints(tx: Pick<EntityManager, 'query'>, memberId: string): Promise<number> {
    const [live]: { points: number }[] = await tx.query(
      `SELECT COALESCE(SUM(remaining), 0)::int AS points FROM points_lot
        WHERE member_id = $1 AND remaining > 0 AND (expires_at IS NULL OR expires_at > now())`,
      [memberId],
    );
    return live!.points;
  }

  /** The lot an entry (by business key) created. */
  lotOfEntry(tx: EntityManager, businessKey: string, memberId: string): Promise<{ id: string }[]> {
    return sql(
      tx,
      `SELECT l.id FROM points_lot l JOIN points_entry e ON e.id = l.entry_id WHERE e.business_key = $1 AND e.member_id = $2`,
      [businessKey, memberId],
    );
  }

  /** What an entry (by business key) took from which lots, soonest-expiring first. */
  allocationsOfEntry(
    tx: EntityManager,
    businessKey: string,
    memberId: string,
  ): Promise<{ lot_id: string; points: number; expires_at: Date | null }[]> {
    return sql(
      tx,
      `SELECT a.lot_id, a.points, l.expires_at FROM points_allocation a
           JOIN points_entry e ON e.id = a.entry_id JOIN points_lot l ON l.id = a.lot_id
          WHERE e.business_key = $1 AND e.member_id = $2
          ORDER BY l.expires_at NULLS LAST, l.earned_at, l.id`,
      [businessKey, memberId],
    );
  }

  /** The member's tier changes for the data export. */
  exportTierChanges(tx: Pick<EntityManager, 'query'>, memberId: string): Promise<ExportRow[]> {
    return exportRows(
      tx,
      'SELECT from_tier, to_tier, reason, created_at FROM tier_change WHERE member_id = $1 ORDER BY created_at, id',
      [memberId],
    );
  }

  // --- the member's own reads (PointsService) ---------------------------------------------------

  /** One page of the member's entries, newest first, after the keyset cursor (one row more than `limit`). */
  history(
    db: Pick<EntityManager, 'query'>,
    memberId: string,
    after: { t: string; id: string } | null,
    limit: number,
  ): Promise<HistoryRow[]> {
    return db.query(
      `SELECT e.id, e.kind, e.delta, e.balance_after, e.created_at, e.order_id, e.note,
              (SELECT MIN(l.expires_at) FROM points_lot l WHERE l.entry_id = e.id) AS expires_at,
              EXISTS (SELECT 1 FROM points_lot l WHERE l.entry_id = e.id AND l.expires_at IS NULL) AS has_lot
         FROM points_entry e
        WHERE e.member_id = $1 AND ($2::timestamptz IS NULL OR (e.created_at, e.id) < ($2::timestamptz, $3::uuid))
        ORDER BY e.created_at DESC, e.id DESC
        LIMIT $4`,
      [memberId, after?.t ?? null, after?.id ?? null, limit + 1],
    );
  }

  /** Points of live lots expiring in (now, horizon], and the first of those instants. */
  async expiringBetweenFor(
    db: Pick<EntityManager, 'query'>,
    memberId: string,
    now: Date,
    horizon: Date,
  ): Promise<{ points: number; first: Date | null } | undefined> {
    const [soon]: { points: number; first: Date | null }[] = await db.query(
      `SELECT COALESCE(SUM(remaining), 0)::int AS points, MIN(expires_at) AS first FROM points_lot
        WHERE member_id = $1 AND remaining > 0 AND expires_at > $2 AND expires_at <= $3`,
      [memberId, now, horizon],
    );
    return soon;
  }

  /** The member's ledger for GET /me/export: every entry, lot and debit-to-lot allocation. */
  async exportLedger(
    tx: EntityManager,
    memberId: string,
  ): Promise<{ entries: ExportRow[]; lots: ExportRow[]; allocations: ExportRow[] }> {
    return {
      entries: await exportRows(tx, 'SELECT * FROM points_entry WHERE member_id = $1 ORDER BY created_at, id', [memberId]),
      lots: await exportRows(tx, 'SELECT * FROM points_lot WHERE member_id = $1 ORDER BY created_at, id', [memberId]),
      allocations: await exportRows(
        tx,
        `SELECT a.* FROM points_allocation a JOIN points_entry e ON e.id = a.entry_id
          WHERE e.member_id = $1 ORDER BY a.entry_id, a.lot_id`,
        [memberId],
      ),
    };
  }
}
