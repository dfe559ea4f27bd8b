// Coupon templates for admins (create, edit what is safe, pause, resume) and managers (read the
// templates usable in their store). Every change is audited in its transaction.
import { Inject, Injectable } from '@nestjs/common';
import {
  addDays,
  couponTemplateEditProblems,
  startOfLocalDate,
  couponTemplateProblems,
  type CouponChannel,
  type CouponTemplateStatus,
  type CouponTemplateView,
  type CreateCouponTemplateRequest,
  type UpdateCouponTemplateRequest,
} from '@huiyuan/shared';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { StaffPrincipal } from '../common/auth.js';
import { DomainError } from '../common/domain-error.js';
import { returning } from '../common/sql.js';
import { inTransaction } from '../common/transaction.js';
import { ProgrammeService } from '../programme/programme.service.js';
import { templateState, toTemplateView, type TemplateRow } from './coupon-views.js';
import { StoreRepository } from '../stores/store.repository.js';

@Injectable()
export class CouponTemplatesService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly programme: ProgrammeService,
    private readonly stores: StoreRepository,
  ) {}

  /** `actor` null = the system (demo seed). */
  async create(actor: StaffPrincipal | null, req: CreateCouponTemplateRequest): Promise<CouponTemplateView> {
    const problems = couponTemplateProblems(req);
    if (problems.length > 0)
      throw DomainError.validation(
        problems[0]!,
        problems.map((message) => ({ field: 'template', messages: [message] })),
      );
    const stores = [...new Set(req.stores ?? [])];
    return inTransaction(this.db, async (tx) => {
      if (stores.length > 0) {
        const known = await this.stores.existingIds(tx, stores);
        if (known.length !== stores.length) throw DomainError.validation('stores: unknown store id');
      }
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
          actor?.id ?? null,
        ],
      );
      await this.audit.record(tx, {
        actorType: actor ? 'staff' : 'system',
        actorId: actor?.id ?? null,
        action: 'coupon_template.create',
        targetType: 'coupon_template',
        targetId: row!.id,
        details: { kind: req.kind, totalStock: req.totalStock, channels: req.channels },
      });
      return toTemplateView(row!);
    });
  }

  /** Admins see every template; a manager those usable in their store. */
  async list(
    viewer: StaffPrincipal,
    filter: { status?: CouponTemplateStatus; channel?: CouponChannel },
  ): Promise<CouponTemplateView[]> {
    const rows: TemplateRow[] = await this.db.query(
      `SELECT * FROM coupon_template
        WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR $2 = ANY(channels))
          AND ($3::uuid IS NULL OR store_ids IS NULL OR $3 = ANY(store_ids))
        ORDER BY created_at DESC, id DESC LIMIT 500`,
      [filter.status ?? null, filter.channel ?? null, this.scope(viewer)],
    );
    return rows.map(toTemplateView);
  }

  async get(viewer: StaffPrincipal, id: string): Promise<CouponTemplateView> {
    const rows: TemplateRow[] = await this.db.query(
      'SELECT * FROM coupon_template WHERE id = $1 AND ($2::uuid IS NULL OR store_ids IS NULL OR $2 = ANY(store_ids))',
      [id, this.scope(viewer)],
    );
    if (!rows[0]) throw DomainError.notFound('coupon template');
    return toTemplateView(rows[0]);
  }

  /**
   * Safe edits only (see couponTemplateEditProblems): wording, stock and per-member limit
   * upwards, a later validTo. A later validTo also extends the coupons of this template that are
   * still available and valid: they were issued against the window, which is now longer.
   */
  async update(
    actor: StaffPrincipal,
    id: string,
    patch: UpdateCouponTemplateRequest,
    now = new Date(),
  ): Promise<CouponTemplateView> {
    return inTransaction(this.db, async (tx) => {
      const [current]: TemplateRow[] = await tx.query('SELECT * FROM coupon_template WHERE id = $1 FOR UPDATE', [id]);
      if (!current) throw DomainError.notFound('coupon template');
      const problems = couponTemplateEditProblems(templateState(current), patch);
      if (problems.length > 0)
        throw DomainError.validation(
          problems[0]!,
          problems.map((message) => ({ field: 'template', messages: [message] })),
        );
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
      let extended = 0;
      if (patch.validTo !== undefined && patch.validTo !== current.valid_to) {
        const moved = await returning<{ id: string }>(
          tx,
          `UPDATE coupon SET expires_at = $2 WHERE template_id = $1 AND status = 'available' AND expires_at > $3 RETURNING id`,
          [id, startOfLocalDate(addDays(patch.validTo, 1), this.programme.settings.timezone), now],
        );
        extended = moved.length;
      }
      await this.audit.record(tx, {
        actorType: 'staff',
        actorId: actor.id,
        action: 'coupon_template.update',
        targetType: 'coupon_template',
        targetId: id,
        details: { fields: Object.keys(patch), couponsExtended: extended },
      });
      return toTemplateView(row!);
    });
  }

  /** Pausing stops every channel from issuing; coupons already issued stay usable. Idempotent. */
  async setStatus(actor: StaffPrincipal, id: string, status: CouponTemplateStatus): Promise<CouponTemplateView> {
    return inTransaction(this.db, async (tx) => {
      const [row] = await returning<TemplateRow>(
        tx,
        'UPDATE coupon_template SET status = $2, updated_at = now() WHERE id = $1 RETURNING *',
        [id, status],
      );
      if (!row) throw DomainError.notFound('coupon template');
      await this.audit.record(tx, {
        actorType: 'staff',
        actorId: actor.id,
        action: status === 'paused' ? 'coupon_template.pause' : 'coupon_template.resume',
        targetType: 'coupon_template',
        targetId: id,
      });
      return toTemplateView(row);
    });
  }

  private scope(viewer: StaffPrincipal): string | null {
    return viewer.role === 'admin' ? null : viewer.storeId;
  }
}
