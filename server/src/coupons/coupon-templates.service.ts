// Coupon templates for admins (create, edit what is safe, pause, resume) and managers (read the
// templates usable in their store). Every change is audited in its transaction.
import { Inject, Injectable } from '@nestjs/common';
import {
  addDays,
  couponTemplateEditProblems,
  startOfLocalDate,
  couponTemplateProblems,
  resizeShardStock,
  splitStock,
  type CouponChannel,
  type CouponTemplateStatus,
  type CouponTemplateView,
  type CreateCouponTemplateRequest,
  type UpdateCouponTemplateRequest,
} from '@huiyuan/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { StaffPrincipal } from '../common/auth.js';
import { DomainError } from '../common/domain-error.js';
import { inTransaction } from '../common/transaction.js';
import { ProgrammeService } from '../programme/programme.service.js';
import { templateState, toTemplateView } from './coupon-views.js';
import { StoreRepository } from '../stores/store.repository.js';
import { CouponTemplateRepository } from './coupon-template.repository.js';
import { CouponRepository } from './coupon.repository.js';

@Injectable()
export class CouponTemplatesService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly programme: ProgrammeService,
    private readonly stores: StoreRepository,
    private readonly templates: CouponTemplateRepository,
    private readonly coupons: CouponRepository,
  ) {}

  /** `actor` null = the system (demo seed). */
  async create(actor: StaffPrincipal | null, req: CreateCouponTemplateRequest): Promise<CouponTemplateView> {
    return inTransaction(this.db, (tx) => this.createInTransaction(tx, actor, req));
  }

  /** `create` inside the caller's transaction (a lottery's physical prize makes its gift template with it). */
  async createInTransaction(
    tx: EntityManager,
    actor: StaffPrincipal | null,
    req: CreateCouponTemplateRequest,
  ): Promise<CouponTemplateView> {
    const problems = couponTemplateProblems(req);
    if (problems.length > 0)
      throw DomainError.validation(
        problems[0]!,
        problems.map((message) => ({ field: 'template', messages: [message] })),
      );
    const stores = [...new Set(req.stores ?? [])];
    if (stores.length > 0) {
      const known = await this.stores.existingIds(tx, stores);
      if (known.length !== stores.length) throw DomainError.validation('stores: unknown store id');
    }
    const row = await this.templates.insert(tx, req, stores, actor?.id ?? null);
    // A sharded stock lives in its shard rows from the start (the template row's issued stays 0).
    if (row.stock_shards > 1) await this.templates.insertShards(tx, row.id, splitStock(req.totalStock, row.stock_shards));
    await this.audit.record(tx, {
      actorType: actor ? 'staff' : 'system',
      actorId: actor?.id ?? null,
      action: 'coupon_template.create',
      targetType: 'coupon_template',
      targetId: row!.id,
      details: { kind: req.kind, totalStock: req.totalStock, channels: req.channels, stockShards: row.stock_shards },
    });
    return toTemplateView(row!);
  }

  /** Admins see every template; a manager those usable in their store. */
  async list(
    viewer: StaffPrincipal,
    filter: { status?: CouponTemplateStatus; channel?: CouponChannel },
  ): Promise<CouponTemplateView[]> {
    const rows = await this.templates.list(this.db, {
      status: filter.status ?? null,
      channel: filter.channel ?? null,
      storeId: this.scope(viewer),
    });
    return rows.map(toTemplateView);
  }

  async get(viewer: StaffPrincipal, id: string): Promise<CouponTemplateView> {
    const row = await this.templates.byIdInScope(this.db, id, this.scope(viewer));
    if (!row) throw DomainError.notFound('coupon template');
    return toTemplateView(row);
  }

  /**
   * Safe edits only (see couponTemplateEditProblems): wording, stock (up, or down to what is
   * issued — the template row's CHECK, or the shards' spread, hold it), per-member limit
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
      const current = await this.templates.lock(tx, id);
      if (!current) throw DomainError.notFound('coupon template');
      const problems = couponTemplateEditProblems(templateState(current), patch);
      if (problems.length > 0)
        throw DomainError.validation(
          problems[0]!,
          problems.map((message) => ({ field: 'template', messages: [message] })),
        );
      if (patch.totalStock !== undefined && current.stock_shards > 1 && patch.totalStock !== current.total_stock) {
        // Σ shard stock = total_stock: the change is spread over the shards, under their locks
        // (claims hold one shard at a time, so this waits for those in flight).
        const resized = resizeShardStock(await this.templates.lockShards(tx, id), patch.totalStock);
        if (!resized.ok) throw DomainError.validation(`totalStock cannot go below the ${resized.issued} issued`);
        await this.templates.setShardStock(tx, id, resized.stock);
      }
      const row = await this.templates.update(tx, id, patch);
      let extended = 0;
      if (patch.validTo !== undefined && patch.validTo !== current.valid_to) {
        extended = await this.coupons.extendAvailable(
          tx,
          id,
          startOfLocalDate(addDays(patch.validTo, 1), this.programme.settings.timezone),
          now,
        );
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
      const row = await this.templates.setStatus(tx, id, status);
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
