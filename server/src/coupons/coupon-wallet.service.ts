// What a member sees: the claim centre / points mall offers and their own wallet.
import { Inject, Injectable } from '@nestjs/common';
import { toLocalDate, type Coupon, type CouponCenterItem, type CouponStatus, type ExportRow } from '@huiyuan/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import { ProgrammeService } from '../programme/programme.service.js';
import { toCouponView, usableTimesText, usableTimesView } from './coupon-views.js';
import { CouponRepository } from './coupon.repository.js';

@Injectable()
export class CouponWalletService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly programme: ProgrammeService,
    private readonly coupons: CouponRepository,
  ) {}

  /**
   * Active offers of the claim centre (free) and the points mall (`pointsCost`), whose window has
   * not ended. `channel` narrows to one of them (the mall page asks for `points`).
   */
  async center(memberId: string, channel: 'center' | 'points' | undefined, now = new Date()): Promise<CouponCenterItem[]> {
    const today = toLocalDate(now, this.programme.settings.timezone);
    const rows = await this.coupons.centerOffers(this.db, memberId, channel ? [channel] : ['center', 'points'], today);
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
      ...usableTimesView(t),
      ...(usableTimesText(t) ? { usableTimes: usableTimesText(t)! } : {}),
    }));
  }

  /**
   * The member's coupons, by the status they see: an available coupon past its validity counts
   * as expired before the expiry job has marked it. Available ones expiring first come first.
   */
  async list(memberId: string, status: CouponStatus | undefined, now = new Date()): Promise<Coupon[]> {
    const rows = await this.coupons.ofMember(this.db, memberId, status, now);
    return rows.map((r) => toCouponView(r, now, this.programme.settings.timezone));
  }

  /** One of the member's coupons; someone else's is 404, like a missing one. */
  async get(memberId: string, couponId: string, now = new Date()): Promise<Coupon> {
    const rows = await this.coupons.oneOfMember(this.db, couponId, memberId);
    if (!rows[0]) throw DomainError.notFound('coupon');
    return toCouponView(rows[0], now, this.programme.settings.timezone);
  }

  /** Code and status of some of the member's coupons (a lottery's prize list shows the claim codes), in `db` or a transaction. */
  async codesOf(
    memberId: string,
    couponIds: string[],
    db: DataSource | EntityManager = this.db,
  ): Promise<Map<string, { code: string; status: CouponStatus }>> {
    if (couponIds.length === 0) return new Map();
    const rows = await this.coupons.codesOf(db, memberId, couponIds);
    return new Map(rows.map((r) => [r.id, { code: r.code, status: r.status }]));
  }

  /** The member's coupons (with their template's title) and per-template claim counters, for GET /me/export. */
  async exportFor(tx: EntityManager, memberId: string): Promise<{ coupons: ExportRow[]; couponClaims: ExportRow[] }> {
    return {
      coupons: await this.coupons.exportCoupons(tx, memberId),
      couponClaims: await this.coupons.exportClaims(tx, memberId),
    };
  }

  /**
   * Voids the unused coupons of an erased member: they are marked expired as of `now` (their
   * validity window cut short, never before it began), so no till can redeem them. Used ones stay,
   * as part of the order history.
   */
  async voidUnused(tx: EntityManager, memberId: string, now: Date): Promise<number> {
    return this.coupons.voidUnused(tx, memberId, now);
  }
}
