// SQL on coupon and coupon_claim (coupons/ owns them; coupon_template has its own repository).
import { Injectable } from '@nestjs/common';
import type { CouponChannel, CouponStatus, ExportRow, TierCode } from '@huiyuan/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { exportRows } from '../common/export-rows.js';
import { returning } from '../common/sql.js';
import { COUPON_COLUMNS, type CouponRow, type TemplateRow } from './coupon-views.js';
import { TEMPLATE_COLUMNS } from './coupon-template.repository.js';

@Injectable()
export class CouponRepository {
  // --- issuing (CouponIssuerService) ---------------------------------------------------------
  /**
   * Counts one claim of the template by the member; false (nothing counted) when they reached
   * `limit`. The counter row only moves while below the limit (CHECK as backstop).
   */
  async countClaim(tx: EntityManager, memberId: string, templateId: string, limit: number): Promise<boolean> {
    const counted = await returning<{ claimed: number }>(
      tx,
      `INSERT INTO coupon_claim (member_id, template_id, claimed, claim_limit) VALUES ($1, $2, 1, $3)
             ON CONFLICT (member_id, template_id) DO UPDATE
               SET claimed = coupon_claim.claimed + 1, claim_limit = EXCLUDED.claim_limit
             WHERE coupon_claim.claimed < EXCLUDED.claim_limit
             RETURNING claimed`,
      [memberId, templateId, limit],
    );
    return counted.length > 0;
  }

  /** The member's coupon issued under `issueKey`, if any. */
  async issuedUnder(tx: Pick<EntityManager, 'query'>, memberId: string, issueKey: string) {
    const earlier: { id: string; code: string }[] = await tx.query(
      'SELECT id, code FROM coupon WHERE member_id = $1 AND issue_key = $2',
      [memberId, issueKey],
    );
    return earlier[0];
  }

  /** The coupons of `memberIds` issued under `issueKey`. */
  issuedUnderTo(
    tx: Pick<EntityManager, 'query'>,
    memberIds: string[],
    issueKey: string,
  ): Promise<{ id: string; code: string; member_id: string; template_id: string }[]> {
    return tx.query('SELECT id, code, member_id, template_id FROM coupon WHERE member_id = ANY($1::uuid[]) AND issue_key = $2', [
      memberIds,
      issueKey,
    ]);
  }

  /** The member's coupon with this id, or else issued under `issueKey`, as the wallet shows it. */
  async oneByIssueKey(db: Pick<EntityManager, 'query'>, memberId: string, issueKey: string, id?: string) {
    const rows: CouponRow[] = await db.query(
      `SELECT ${COUPON_COLUMNS} FROM coupon c JOIN coupon_template t ON t.id = c.template_id
        WHERE c.member_id = $1 AND ${id ? 'c.id = $2' : 'c.issue_key = $2'}`,
      [memberId, id ?? issueKey],
    );
    return rows[0];
  }

  /** Inserts coupons of the template (its terms copied onto each) for the listed members. */
  async insertFromTemplate(
    tx: EntityManager,
    templateId: string,
    coupons: { id: string; code: string; memberId: string; issueKey: string }[],
    c: { channel: CouponChannel; validFrom: Date; expiresAt: Date; pointsPaid: number; now: Date },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO coupon (id, code, template_id, member_id, channel, issue_key, kind, threshold, amount_off, percent_off, max_off,
                           stackable, store_ids, min_tier, valid_weekdays, valid_time_from, valid_time_to, valid_from,
                           expires_at, points_paid, claimed_at)
       SELECT c.id, c.code, t.id, c.member_id, $3, c.issue_key, t.kind, t.threshold, t.amount_off, t.percent_off, t.max_off,
              t.stackable, t.store_ids, t.min_tier, t.valid_weekdays, t.valid_time_from, t.valid_time_to, $4, $5, $6, $7
         FROM unnest($2::uuid[], $8::text[], $9::uuid[], $10::text[]) AS c(id, code, member_id, issue_key)
         JOIN coupon_template t ON t.id = $1`,
      [
        templateId,
        coupons.map((c) => c.id),
        c.channel,
        c.validFrom,
        c.expiresAt,
        c.pointsPaid,
        c.now,
        coupons.map((c) => c.code),
        coupons.map((c) => c.memberId),
        coupons.map((c) => c.issueKey),
      ],
    );
  }

  // --- at the till (CouponRedemptionService) --------------------------------------------------
  /** The member's available coupons still valid at `now`, expiring first first (200 at most). */
  usableOf(db: Pick<EntityManager, 'query'>, memberId: string, now: Date): Promise<CouponRow[]> {
    return db.query(
      `SELECT ${COUPON_COLUMNS} FROM coupon c JOIN coupon_template t ON t.id = c.template_id
        WHERE c.member_id = $1 AND c.status = 'available' AND c.expires_at > $2 ORDER BY c.expires_at, c.id LIMIT 200`,
      [memberId, now],
    );
  }

  /** The member's coupons with these codes. */
  ofMemberByCodes(tx: Pick<EntityManager, 'query'>, codes: string[], memberId: string): Promise<CouponRow[]> {
    return tx.query(
      `SELECT ${COUPON_COLUMNS} FROM coupon c JOIN coupon_template t ON t.id = c.template_id WHERE c.code = ANY($1::text[]) AND c.member_id = $2`,
      [codes, memberId],
    );
  }

  /** Marks the member's still available, still valid coupons of `ids` used by the order; the ids that flipped. */
  markUsedForOrder(
    tx: EntityManager,
    ids: string[],
    u: { memberId: string; now: Date; orderId: string; storeId: string; staffId: string },
  ): Promise<{ id: string; template_id: string }[]> {
    return returning<{ id: string; template_id: string }>(
      tx,
      `UPDATE coupon SET status = 'used', used_at = $3, used_order_id = $4, used_store_id = $5, used_by_staff_id = $6
        WHERE id = ANY($1::uuid[]) AND member_id = $2 AND status = 'available' AND expires_at > $3
        RETURNING id, template_id`,
      [ids, u.memberId, u.now, u.orderId, u.storeId, u.staffId],
    );
  }

  /** The coupon with this code and its holder's tier (read in the same SELECT, on the till path). */
  async byCodeWithHolderTier(tx: Pick<EntityManager, 'query'>, code: string) {
    const rows: (CouponRow & { tier_code: TierCode })[] = await tx.query(
      `SELECT ${COUPON_COLUMNS}, m.tier_code FROM coupon c JOIN coupon_template t ON t.id = c.template_id JOIN member m ON m.id = c.member_id
          WHERE c.code = $1`,
      [code],
    );
    return rows[0];
  }

  /** Marks an available, still valid coupon used without an order (a gift's 核销); its used_at, or undefined when it was not. */
  async markUsedAlone(tx: EntityManager, id: string, now: Date, storeId: string, staffId: string) {
    const [used] = await returning<{ used_at: Date }>(
      tx,
      `UPDATE coupon SET status = 'used', used_at = $2, used_store_id = $3, used_by_staff_id = $4
          WHERE id = $1 AND status = 'available' AND expires_at > $2 RETURNING used_at`,
      [id, now, storeId, staffId],
    );
    return used;
  }

  /** The member's coupons used on the order, by code. */
  usedOnOrder(
    tx: Pick<EntityManager, 'query'>,
    orderId: string,
    memberId: string,
  ): Promise<{ id: string; code: string; expires_at: Date }[]> {
    return tx.query(
      `SELECT id, code, expires_at FROM coupon WHERE used_order_id = $1 AND member_id = $2 AND status = 'used' ORDER BY code`,
      [orderId, memberId],
    );
  }

  /** Makes the order's used coupons of `ids` available again (once: their link to the order goes); their codes. */
  restoreFromOrder(tx: EntityManager, ids: string[], orderId: string): Promise<{ code: string }[]> {
    return returning<{ code: string }>(
      tx,
      `UPDATE coupon SET status = 'available', used_at = NULL, used_order_id = NULL, used_store_id = NULL, used_by_staff_id = NULL,
              restored_count = restored_count + 1
        WHERE id = ANY($1::uuid[]) AND used_order_id = $2 AND status = 'used' RETURNING code`,
      [ids, orderId],
    );
  }

  /** Code and status of some of the member's coupons. */
  codesOf(
    db: DataSource | EntityManager,
    memberId: string,
    couponIds: string[],
  ): Promise<{ id: string; code: string; status: CouponStatus }[]> {
    return db.query('SELECT id, code, status FROM coupon WHERE member_id = $1 AND id = ANY($2::uuid[])', [memberId, couponIds]);
  }

  // --- the member's wallet (CouponWalletService) ----------------------------------------------
  /** Active offers on `channels` whose window has not ended, with the member's claim count. */
  centerOffers(
    db: Pick<EntityManager, 'query'>,
    memberId: string,
    channels: string[],
    today: string,
  ): Promise<(TemplateRow & { claimed: number | null })[]> {
    return db.query(
      `SELECT ${TEMPLATE_COLUMNS}, cl.claimed FROM coupon_template t
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
