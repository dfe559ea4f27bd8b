// SQL on coupon (coupons/ owns it).
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { returning } from '../common/sql.js';

@Injectable()
export class CouponRepository {
  /** Marks up to `limit` available coupons past their validity as expired; their ids. */
  expireDue(db: EntityManager, now: Date, limit: number): Promise<{ id: string }[]> {
    return returning<{ id: string }>(
      db,
      `UPDATE coupon SET status = 'expired'
          WHERE id IN (SELECT id FROM coupon WHERE status = 'available' AND expires_at <= $1 ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED)
            AND status = 'available' AND expires_at <= $1
          RETURNING id`,
      [now, limit],
    );
  }

  /** Those of `memberIds` who hold a coupon issued under `issueKey`. */
  async holdersOf(db: Pick<EntityManager, 'query'>, memberIds: string[], issueKey: string): Promise<Set<string>> {
    const rows: { member_id: string }[] = await db.query(
      'SELECT DISTINCT member_id FROM coupon WHERE member_id = ANY($1::uuid[]) AND issue_key = $2',
      [memberIds, issueKey],
    );
    return new Set(rows.map((r) => r.member_id));
  }
}
