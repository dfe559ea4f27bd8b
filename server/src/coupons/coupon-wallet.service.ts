// What a member sees: the claim centre / points mall offers and their own wallet.
import { Inject, Injectable } from '@nestjs/common';
import { toLocalDate, type Coupon, type CouponCenterItem, type CouponStatus, type ExportRow } from '@huiyuan/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import { exportRows } from '../common/export-rows.js';
import { returning } from '../common/sql.js';
import { ProgrammeService } from '../programme/programme.service.js';
import { COUPON_COLUMNS, toCouponView, type CouponRow, type TemplateRow } from './coupon-views.js';

@Injectable()
export class CouponWalletService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly programme: ProgrammeService,
  ) {}

  /**
   * Active offers of the claim centre (free) and the points mall (`pointsCost`), whose window has
   * not ended. `channel` narrows to one of them (the mall page asks for `points`).
   */
  async center(memberId: string, channel: 'center' | 'points' | undefined, now = new Date()): Promise<CouponCenterItem[]> {
    const today = toLocalDate(now, this.programme.settings.timezone);
    const rows: (TemplateRow & { claimed: number | null })[] = await this.db.query(
      `SELECT t.*, cl.claimed FROM coupon_template t
         LEFT JOIN coupon_claim cl ON cl.template_id = t.id AND cl.member_id = $1
        WHERE t.status = 'active' AND t.channels && $2::text[] AND (t.valid_to IS NULL OR t.valid_to >= $3::date)
        ORDER BY t.created_at DESC, t.id DESC LIMIT 200`,
      [memberId, channel ? [channel] : ['center', 'points'], today],
    );
    return rows.map((t) => ({
      templateId: t.id,
      title: t.title,
      description: t.description,
      kind: t.kind,
      remaining: t.total_stock - t.issued,
      perMemberLimit: t.per_member_limit,
      claimedByMe: t.claimed ?? 0,
      ...(t.points_cost !== null ? { pointsCost: t.points_cost } : {}),
      ...(t.kind !== 'gift' ? { threshold: t.threshold } : {}),
      ...(t.amount_off !== null ? { amountOff: t.amount_off } : {}),
      ...(t.percent_off !== null ? { percentOff: t.percent_off } : {}),
      ...(t.max_off !== null ? { maxOff: t.max_off } : {}),
      ...(t.valid_days !== null ? { validDays: t.valid_days } : {}),
      ...(t.valid_from !== null ? { validFrom: t.valid_from } : {}),
      ...(t.valid_to !== null ? { validTo: t.valid_to } : {}),
      stackable: t.stackable,
      ...(t.min_tier !== null ? { minTier: t.min_tier } : {}),
      ...(t.store_ids && t.store_ids.length > 0 ? { storeIds: t.store_ids } : {}),
    }));
  }

  /**
   * The member's coupons, by the status they see: an available coupon past its validity counts
   * as expired before the expiry job has marked it. Available ones expiring first come first.
   */
  async list(memberId: string, status: CouponStatus | undefined, now = new Date()): Promise<Coupon[]> {
    const where =
      status === 'available'
        ? `c.status = 'available' AND c.expires_at > $2`
        : status === 'expired'
          ? `(c.status = 'expired' OR (c.status = 'available' AND c.expires_at <= $2))`
          : status === 'used'
            ? `c.status = 'used' AND $2::timestamptz IS NOT NULL`
            : `$2::timestamptz IS NOT NULL`;
    const order = status === 'available' ? 'c.expires_at, c.id' : 'c.claimed_at DESC, c.id DESC';
    const rows: CouponRow[] = await this.db.query(
      `SELECT ${COUPON_COLUMNS} FROM coupon c JOIN coupon_template t ON t.id = c.template_id
        WHERE c.member_id = $1 AND ${where} ORDER BY ${order} LIMIT 500`,
      [memberId, now],
    );
    return rows.map((r) => toCouponView(r, now, this.programme.settings.timezone));
  }

  /** One of the member's coupons; someone else's is 404, like a missing one. */
  async get(memberId: string, couponId: string, now = new Date()): Promise<Coupon> {
    const rows: CouponRow[] = await this.db.query(
      `SELECT ${COUPON_COLUMNS} FROM coupon c JOIN coupon_template t ON t.id = c.template_id WHERE c.id = $1 AND c.member_id = $2`,
      [couponId, memberId],
    );
    if (!rows[0]) throw DomainError.notFound('coupon');
    return toCouponView(rows[0], now, this.programme.settings.timezone);
  }

  /** The member's coupons (with their template's title) and per-template claim counters, for GET /me/export. */
  async exportFor(tx: EntityManager, memberId: string): Promise<{ coupons: ExportRow[]; couponClaims: ExportRow[] }> {
    return {
      coupons: await exportRows(
        tx,
        `SELECT c.*, t.title AS template_title FROM coupon c JOIN coupon_template t ON t.id = c.template_id
          WHERE c.member_id = $1 ORDER BY c.claimed_at, c.id`,
        [memberId],
      ),
      couponClaims: await exportRows(tx, 'SELECT * FROM coupon_claim WHERE member_id = $1 ORDER BY template_id', [memberId]),
    };
  }

  /**
   * Voids the unused coupons of an erased member: they are marked expired as of `now` (their
   * validity window cut short, never before it began), so no till can redeem them. Used ones stay,
   * as part of the order history.
   */
  async voidUnused(tx: EntityManager, memberId: string, now: Date): Promise<number> {
    const rows = await returning<{ id: string }>(
      tx,
      `UPDATE coupon SET status = 'expired', expires_at = GREATEST($2::timestamptz, valid_from + interval '1 second')
        WHERE member_id = $1 AND status = 'available' RETURNING id`,
      [memberId, now],
    );
    return rows.length;
  }
}
