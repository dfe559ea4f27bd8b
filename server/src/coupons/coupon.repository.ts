// SQL on coupon (coupons/ owns it).
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

@Injectable()
export class CouponRepository {
  /** Those of `memberIds` who hold a coupon issued under `issueKey`. */
  async holdersOf(db: Pick<EntityManager, 'query'>, memberIds: string[], issueKey: string): Promise<Set<string>> {
    const rows: { member_id: string }[] = await db.query(
      'SELECT DISTINCT member_id FROM coupon WHERE member_id = ANY($1::uuid[]) AND issue_key = $2',
      [memberIds, issueKey],
    );
    return new Set(rows.map((r) => r.member_id));
  }
}
