// SQL on coupon (coupons/ owns it).
import { Injectable } from '@nestjs/common';
import type { CouponStatus, ExportRow } from '@huiyuan/shared';
import type { EntityManager } from 'typeorm';
import { exportRows } from '../common/export-rows.js';
import { returning } from '../common/sql.js';
import { COUPON_COLUMNS, type CouponRow, type TemplateRow } from './coupon-views.js';

@Injectable()
export class CouponRepository {
  // --- the member's wallet (CouponWalletService) ----------------------------------------------
  /** Active offers on `channels` whose window has not ended, with the member's claim count. */
  centerOffers(
    db: Pick<EntityManager, 'query'>,
    memberId: string,
    channels: string[],
    today: string,
  ): Promise<(TemplateRow & { claimed: number | null })[]> {
    return db.query(
      `SELECT t.*, cl.claimed FROM coupon_template t
         LEFT JOIN coupon_claim cl ON cl.template_id = t.id AND cl.member_id = $1
        WHERE t.status = 'active' AND t.channels && $2::text[] AND (t.valid_to IS NULL OR t.valid_to >= $3::date)
        ORDER BY t.created_at DESC, t.id DESC LIMIT 200`,
      [memberId, channels, today],
    );
  }

  /** The member's coupons by the status they see (an available one past validity is expired). */
  ofMember(
    db: Pick<EntityManager, 'query'>,
    memberId: string,
    status: CouponStatus | undefined,
    now: Date,
  ): Promise<CouponRow[]> {
    const where =
      status === 'available'
        ? `c.status = 'available' AND c.expires_at > $2`
        : status === 'expired'
          ? `(c.status = 'expired' OR (c.status = 'available' AND c.expires_at <= $2))`
          : status === 'used'
            ? `c.status = 'used' AND $2::timestamptz IS NOT NULL`
            : `$2::timestamptz IS NOT NULL`;
    const order = status === 'available' ? 'c.expires_at, c.id' : 'c.claimed_at DESC, c.id DESC';
    return db.query(
      `SELECT ${COUPON_COLUMNS} FROM coupon c JOIN coupon_template t ON t.id = c.template_id
        WHERE c.member_id = $1 AND ${where} ORDER BY ${order} LIMIT 500`,
      [memberId, now],
    );
  }

  oneOfMember(db: Pick<EntityManager, 'query'>, couponId: string, memberId: string): Promise<CouponRow[]> {
    return db.query(
      `SELECT ${COUPON_COLUMNS} FROM coupon c JOIN coupon_template t ON t.id = c.template_id WHERE c.id = $1 AND c.member_id = $2`,
      [couponId, memberId],
    );
  }

  exportCoupons(tx: EntityManager, memberId: string): Promise<ExportRow[]> {
    return exportRows(
      tx,
      `SELECT c.*, t.title AS template_title FROM coupon c JOIN coupon_template t ON t.id = c.template_id
          WHERE c.member_id = $1 ORDER BY c.claimed_at, c.id`,
      [memberId],
    );
  }

  exportClaims(tx: EntityManager, memberId: string): Promise<ExportRow[]> {
    return exportRows(tx, 'SELECT * FROM coupon_claim WHERE member_id = $1 ORDER BY template_id', [memberId]);
  }

  /** Erasure: the member's available coupons are marked expired as of `now`; how many. */
  async voidUnused(tx: EntityManager, memberId: string, now: Date): Promise<number> {
    const rows = await returning<{ id: string }>(
      tx,
      `UPDATE coupon SET status = 'expired', expires_at = GREATEST($2::timestamptz, valid_from + interval '1 second')
        WHERE member_id = $1 AND status = 'available' RETURNING id`,
      [memberId, now],
    );
    return rows.length;
  }

  /** A template's available, still-valid coupons now expire at `expiresAt`; how many. */
  async extendAvailable(tx: EntityManager, templateId: string, expiresAt: Date, now: Date): Promise<number> {
    const moved = await returning<{ id: string }>(
      tx,
      `UPDATE coupon SET expires_at = $2 WHERE template_id = $1 AND status = 'available' AND expires_at > $3 RETURNING id`,
      [templateId, expiresAt, now],
    );
    return moved.length;
  }

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
