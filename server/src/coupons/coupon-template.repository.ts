// The coupon_template table's SQL (coupons/ owns it).
import { Injectable } from '@nestjs/common';
import type {
  CouponChannel,
  CouponTemplateStatus,
  CreateCouponTemplateRequest,
  UpdateCouponTemplateRequest,
} from '@huiyuan/shared';
import type { EntityManager } from 'typeorm';
import { returning } from '../common/sql.js';
import type { TemplateRow } from './coupon-views.js';

@Injectable()
export class CouponTemplateRepository {
  async insert(
    tx: EntityManager,
    req: CreateCouponTemplateRequest,
    stores: string[],
    actorId: string | null,
  ): Promise<TemplateRow> {
    const [row]: TemplateRow[] = await tx.query(
      `INSERT INTO coupon_template (title, description, kind, threshold, amount_off, percent_off, max_off, stackable, store_ids,
           min_tier, total_stock, per_member_limit, valid_days, valid_from, valid_to, points_cost, channels, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING *`,
      [
        req.title.trim(),
        req.description ?? null,
        req.kind,
        req.threshold ?? 0,
        req.amountOff ?? null,
        req.percentOff ?? null,
        req.maxOff ?? null,
        req.stackable ?? false,
        stores.length > 0 ? stores : null,
        req.minTier ?? null,
        req.totalStock,
        req.perMemberLimit,
        req.validDays ?? null,
        req.validFrom ?? null,
        req.validTo ?? null,
        req.pointsCost ?? null,
        req.channels,
        actorId,
      ],
    );
    return row!;
  }

  /** Templates by status / channel / usable in `storeId` (null: every store), newest first. */
  list(
    db: Pick<EntityManager, 'query'>,
    f: { status: CouponTemplateStatus | null; channel: CouponChannel | null; storeId: string | null },
  ): Promise<TemplateRow[]> {
    return db.query(
      `SELECT * FROM coupon_template
        WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR $2 = ANY(channels))
          AND ($3::uuid IS NULL OR store_ids IS NULL OR $3 = ANY(store_ids))
        ORDER BY created_at DESC, id DESC LIMIT 500`,
      [f.status, f.channel, f.storeId],
    );
  }

  async byIdInScope(db: Pick<EntityManager, 'query'>, id: string, storeId: string | null): Promise<TemplateRow | undefined> {
    const rows: TemplateRow[] = await db.query(
      'SELECT * FROM coupon_template WHERE id = $1 AND ($2::uuid IS NULL OR store_ids IS NULL OR $2 = ANY(store_ids))',
      [id, storeId],
    );
    return rows[0];
  }

  async lock(tx: EntityManager, id: string): Promise<TemplateRow | undefined> {
    const [current]: TemplateRow[] = await tx.query('SELECT * FROM coupon_template WHERE id = $1 FOR UPDATE', [id]);
    return current;
  }

  /** The safe edits (see couponTemplateEditProblems). */
  async update(tx: EntityManager, id: string, patch: UpdateCouponTemplateRequest): Promise<TemplateRow> {
    const [row]: TemplateRow[] = await returning<TemplateRow>(
      tx,
      `UPDATE coupon_template SET title = COALESCE($2, title),
                description = CASE WHEN $3::boolean THEN $4 ELSE description END,
                total_stock = COALESCE($5, total_stock), per_member_limit = COALESCE($6, per_member_limit),
                valid_to = COALESCE($7::date, valid_to), updated_at = now()
          WHERE id = $1 RETURNING *`,
      [
        id,
        patch.title?.trim() ?? null,
        patch.description !== undefined,
        patch.description ?? null,
        patch.totalStock ?? null,
        patch.perMemberLimit ?? null,
        patch.validTo ?? null,
      ],
    );
    return row!;
  }

  async setStatus(tx: EntityManager, id: string, status: CouponTemplateStatus): Promise<TemplateRow | undefined> {
    const [row] = await returning<TemplateRow>(
      tx,
      'UPDATE coupon_template SET status = $2, updated_at = now() WHERE id = $1 RETURNING *',
      [id, status],
    );
    return row;
  }

  /** Active birthday templates with stock left, oldest first. */
  birthdayTemplates(db: Pick<EntityManager, 'query'>): Promise<{ id: string; title: string }[]> {
    return db.query(
      `SELECT id, title FROM coupon_template WHERE status = 'active' AND 'birthday' = ANY(channels) AND issued < total_stock ORDER BY created_at, id`,
    );
  }

  // --- issuing (CouponIssuerService) ---------------------------------------------------------
  async byId(db: Pick<EntityManager, 'query'>, id: string): Promise<TemplateRow | null> {
    const rows: TemplateRow[] = await db.query('SELECT * FROM coupon_template WHERE id = $1', [id]);
    return rows[0] ?? null;
  }

  /** Active templates offered as welcome gifts with stock left, oldest first. */
  async welcomeTemplateIds(db: Pick<EntityManager, 'query'>): Promise<string[]> {
    const rows: { id: string }[] = await db.query(
      `SELECT id FROM coupon_template WHERE status = 'active' AND 'welcome' = ANY(channels) AND issued < total_stock ORDER BY created_at, id`,
    );
    return rows.map((r) => r.id);
  }

  /**
   * Takes `count` from an active template's stock; false (nothing taken) when the stock cannot
   * cover it or the template is not active. Invariant: issued ≤ total_stock. Concurrent issuers
   * queue on this row; each re-checks the condition against the committed value once it holds the
   * lock (no oversell).
   */
  async takeStock(tx: EntityManager, id: string, count: number): Promise<boolean> {
    const taken = await returning<{ issued: number }>(
      tx,
      `UPDATE coupon_template SET issued = issued + $2
        WHERE id = $1 AND status = 'active' AND issued + $2 <= total_stock
        RETURNING issued`,
      [id, count],
    );
    return taken.length > 0;
  }

  /** The template's channels, or undefined for no such template. */
  async channels(tx: Pick<EntityManager, 'query'>, id: string): Promise<string[] | undefined> {
    const rows: { channels: string[] }[] = await tx.query('SELECT channels FROM coupon_template WHERE id = $1', [id]);
    return rows[0]?.channels;
  }
}
