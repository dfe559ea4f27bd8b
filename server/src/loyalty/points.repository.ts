// SQL on the loyalty tables (points_lot, points_entry, points_allocation, tier_change) that other
// modules need: the member card's live balance, the refund's lots, the tier history export.
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ExportRow } from '@huiyuan/shared';
import { exportRows } from '../common/export-rows.js';
import { sql } from '../common/sql.js';

@Injectable()
export class PointsRepository {
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
}
