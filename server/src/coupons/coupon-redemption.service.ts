// Coupons at the till: which of a member's coupons can be used here, applying coupons to an
// order (inside the order's transaction), redeeming a gift coupon on its own (核销), and giving
// coupons back when an order is fully refunded. A coupon is used exactly once: every use is a
// conditional `UPDATE … WHERE status = 'available'`, so of two concurrent uses one wins.
import { Inject, Injectable } from '@nestjs/common';
import {
  checkCouponRedeemable,
  COUPON_KINDS,
  couponRestorable,
  normalizeCouponCode,
  isValidCouponCode,
  type Coupon,
  type CouponForOrder,
  type CouponRefusal,
  type TierCode,
} from '@huiyuan/shared';
import { DataSource, type EntityManager } from 'typeorm';
import type { StaffPrincipal } from '../common/auth.js';
import { DomainError } from '../common/domain-error.js';
import { inTransaction } from '../common/transaction.js';
import { ProgrammeService } from '../programme/programme.service.js';
import { TiersService } from '../members/tiers.service.js';
import { toCouponForOrder, toCouponView } from './coupon-views.js';
import { CouponRepository } from './coupon.repository.js';
import { WebhookEventsService } from '../webhooks/webhook-events.service.js';

/**
 * A code as the till typed or scanned it → the stored form; 400 when it cannot be a coupon code
 * (wrong length, alphabet or check character — a typo, caught before touching the database).
 */
export function parseCouponCode(input: string, field = 'couponCode'): string {
  const code = normalizeCouponCode(input);
  if (code === null || !isValidCouponCode(code)) throw DomainError.validation(`${field}: not a coupon code (check for a typo)`);
  return code;
}

/** The message of each coupon refusal; the rule chose the API code (its reason goes as details). */
const COUPON_REFUSAL_MESSAGES: { [C in CouponRefusal['code']]: (which: string, reason: string | undefined) => string } = {
  COUPON_ALREADY_USED: (which) => `${which} was already used`,
  COUPON_EXPIRED: (which) => `${which} has expired`,
  COUPON_NOT_APPLICABLE: (which, reason) => `${which} cannot be used here (${reason ?? 'not applicable'})`,
  COUPON_NOT_VALID_NOW: (which) =>
    `${which} is not usable at this day or hour (see its validWeekdays / validTimeFrom–validTimeTo)`,
};

function refusalError(r: CouponRefusal, code?: string): DomainError {
  return DomainError.fromRefusal(r, COUPON_REFUSAL_MESSAGES[r.code](code ? `coupon ${code}` : 'coupon', r.reason));
}

export interface CouponsForOrder {
  coupons: CouponForOrder[];
  /** The DomainError for pricing's refusal of one of these coupons (names its code). */
  refusalError: (r: CouponRefusal) => DomainError;
}

@Injectable()
export class CouponRedemptionService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly programme: ProgrammeService,
    private readonly tiers: TiersService,
    private readonly coupons: CouponRepository,
    private readonly webhooks: WebhookEventsService,
  ) {}

  /** The member's coupons usable now at this store by their tier (gift coupons included), expiring first first. */
  async usableAt(memberId: string, storeId: string, tierCode: TierCode, now: Date): Promise<Coupon[]> {
    const rows = await this.coupons.usableOf(this.db, memberId, now);
    const tiers = await this.tiers.all();
    return rows
      .filter(
        (r) =>
          checkCouponRedeemable(toCouponForOrder(r), {
            now,
            storeId,
            tierCode,
            tiers,
            timeZone: this.programme.settings.timezone,
          }).ok,
      )
      .map((r) => toCouponView(r, now, this.programme.settings.timezone));
  }

  /**
   * The member's coupons named on an order, as shared's pricing rules see them (shared
   * `priceOrder` decides the discount). The codes must be the member's own: another member's
   * coupon, like an unknown code, is 422 COUPON_NOT_APPLICABLE (the till learns nothing about whose it is).
   */
  async loadForOrder(tx: EntityManager, memberId: string, codes: string[]): Promise<CouponsForOrder> {
    if (codes.length === 0) return { coupons: [], refusalError: (r) => refusalError(r) };
    const rows = await this.coupons.ofMemberByCodes(tx, codes, memberId);
    const byCode = new Map(rows.map((r) => [r.code, r]));
    const missing = codes.find((code) => !byCode.has(code));
    if (missing)
      throw new DomainError('COUPON_NOT_APPLICABLE', `coupon ${missing} is not one of this member's coupons`, [
        { reason: 'not_found' },
      ]);
    return {
      coupons: codes.map((code) => toCouponForOrder(byCode.get(code)!)),
      refusalError: (r) => refusalError(r, rows.find((row) => row.id === r.couponId)?.code),
    };
  }

  /**
   * Marks the order's coupons used, inside its transaction (member row already locked), after
   * pricing accepted them. Exactly once: only coupons still available (and valid) flip to used; a
   * concurrent use elsewhere (a gift redemption, another order) leaves fewer rows and the order is refused.
   */
  async markUsedForOrder(
    tx: EntityManager,
    input: { memberId: string; storeId: string; staffId: string; orderId: string; couponIds: string[]; now: Date },
  ): Promise<void> {
    const ids = [...new Set(input.couponIds)];
    if (ids.length === 0) return;
    const used = await this.coupons.markUsedForOrder(tx, ids, input);
    if (used.length !== ids.length)
      throw new DomainError('COUPON_ALREADY_USED', 'a coupon was used at the same moment elsewhere');
    for (const c of used)
      await this.webhooks.emit(tx, {
        type: 'coupon.redeemed',
        memberId: input.memberId,
        data: {
          couponId: c.id,
          memberId: input.memberId,
          templateId: c.template_id,
          orderId: input.orderId,
          storeId: input.storeId,
        },
      });
  }

  /**
   * 核销 of a gift coupon on its own (no order). Cash and percent coupons belong on an order:
   * 422 COUPON_NOT_APPLICABLE. With `memberId` (the identified member) the coupon must be theirs;
   * an unknown code or someone else's coupon is 404.
   */
  async redeem(
    staff: StaffPrincipal,
    storeId: string,
    input: { couponCode: string; memberId?: string },
    now = new Date(),
  ): Promise<Coupon> {
    const code = parseCouponCode(input.couponCode);
    return inTransaction(this.db, async (tx) => {
      const row = await this.coupons.byCodeWithHolderTier(tx, code);
      if (!row || (input.memberId !== undefined && row.member_id !== input.memberId)) throw DomainError.notFound('coupon');
      const check = checkCouponRedeemable(toCouponForOrder(row), {
        now,
        storeId,
        tierCode: row.tier_code,
        tiers: await this.tiers.all(),
        timeZone: (await this.programme.current()).timezone,
      });
      if (!check.ok) throw refusalError(check, code);
      if (COUPON_KINDS[row.kind].discountsOrder) {
        throw new DomainError('COUPON_NOT_APPLICABLE', `coupon ${code} takes money off an order: add it to the order instead`, [
          { reason: 'not_gift' },
        ]);
      }
      const used = await this.coupons.markUsedAlone(tx, row.id, now, storeId, staff.id);
      if (!used) throw new DomainError('COUPON_ALREADY_USED', `coupon ${code} was already used`);
      await this.webhooks.emit(tx, {
        type: 'coupon.redeemed',
        memberId: row.member_id,
        data: { couponId: row.id, memberId: row.member_id, templateId: row.template_id, orderId: null, storeId },
      });
      return toCouponView({ ...row, status: 'used', used_at: used.used_at }, now, this.programme.settings.timezone);
    });
  }

  /**
   * On the refund that makes the order fully refunded: the order's coupons that are still valid
   * become available again (once — the restore clears their link to the order); expired ones stay
   * used. Returns the codes given back.
   */
  async restoreForOrder(tx: EntityManager, orderId: string, memberId: string, now: Date): Promise<string[]> {
    const rows = await this.coupons.usedOnOrder(tx, orderId, memberId);
    const back = rows.filter((r) => couponRestorable(r.expires_at, now));
    if (back.length === 0) return [];
    const restored = await this.coupons.restoreFromOrder(
      tx,
      back.map((r) => r.id),
      orderId,
    );
    return restored.map((r) => r.code).sort();
  }
}
