// The till: identify a member by their code, record an order, refund it. Each write is one
// transaction with the member row locked, idempotent on the store's order number / refund number.
import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  isCouponRefusal,
  itemsTotal,
  lotExpiresAt,
  orderSpends,
  planRedeemedReturn,
  priceOrder,
  planRefund,
  refundRestoresCoupons,
  tierAfterGrowth,
  type CreateOrderRequest,
  type CreateRefundRequest,
  type IdentificationMethod,
  type IdentifyResponse,
  type OrderResponse,
  type RefundResponse,
  type TierCode,
  type TierDefinition,
  type ExportRow,
  type MyOrder,
  type MyOrdersResponse,
  type PricingRefusal,
  type CouponRefusal,
} from '@huiyuan/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { StaffPrincipal } from '../common/auth.js';
import { DomainError } from '../common/domain-error.js';
import { inTransaction, pgConstraint, pgErrorCode } from '../common/transaction.js';
import { ReferralRewardsService } from '../engagement/referral-rewards.service.js';
import { MemberCodeService } from '../loyalty/member-code.service.js';
import { PointsLedgerService, type LockedMember } from '../loyalty/points-ledger.service.js';
import { ProgrammeService } from '../programme/programme.service.js';
import { TierEventsService } from '../loyalty/tier-events.service.js';
import { CryptoService } from '../common/crypto.service.js';
import { CouponRedemptionService, parseCouponCode, type CouponsForOrder } from '../coupons/coupon-redemption.service.js';
import { decodeCursor, encodeCursor } from '../common/pagination.js';
import { PresenceService } from './presence.service.js';
import { MemberRepository } from '../members/member.repository.js';
import { StoreRepository } from '../stores/store.repository.js';
import { PointsRepository } from '../loyalty/points.repository.js';
import { OrderRepository } from './order.repository.js';
import { AnalyticsService } from '../analytics/analytics.service.js';
import { WebhookEventsService } from '../webhooks/webhook-events.service.js';

/**
 * Stored value as a tender of the till (储值, stored-value/): registered at start by the module
 * that owns it, which imports the till (the till must not import it back). All three run in the
 * order's or refund's transaction, under the member's lock.
 */
export interface BalanceTender {
  /** What the member can spend now, outside a lock (the identify screen). */
  spendable(memberId: string, now: Date): Promise<number>;
  /** The member's lots and spendable balance, under the lock. */
  tillBalance(tx: EntityManager, memberId: string, now: Date): Promise<{ spendable: number } & object>;
  spendForOrder(
    tx: EntityManager,
    balance: { spendable: number } & object,
    o: { memberId: string; orderId: string; orderNo: string; storeId: string; amount: number; now: Date },
  ): Promise<void>;
  returnForRefund(
    tx: EntityManager,
    r: {
      memberId: string;
      orderId: string;
      orderNo: string;
      refundId: string;
      storeId: string;
      balancePaid: number;
      payable: number;
      refundedBefore: number;
      amount: number;
      now: Date;
    },
  ): Promise<{ returned: number; forfeited: number }>;
}

/** An order as listeners hear it, in the order's transaction under the member's lock (automations: first_order). */
export type OrderRecordedHook = (tx: EntityManager, order: { memberId: string; orderId: string; at: Date }) => Promise<void>;

export interface WriteResult<T> {
  /** false when this was a replay of an earlier identical request. */
  created: boolean;
  body: T;
}

const hashOf = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('base64url');

function storeOf(staff: StaffPrincipal): string {
  if (!staff.storeId) throw DomainError.forbidden('till routes need a store; admins have none', 'STORE_SCOPE');
  return staff.storeId;
}

@Injectable()
export class TillService {
  private readonly orderHooks: OrderRecordedHook[] = [];
  private balanceTender: BalanceTender | null = null;

  /** Registered at start by stored-value/ (without it, no member has a balance to pay with). */
  useBalanceTender(tender: BalanceTender): void {
    this.balanceTender = tender;
  }

  /** Registered at start by modules the till must not import (campaigns' automations). */
  onOrderRecorded(hook: OrderRecordedHook): void {
    this.orderHooks.push(hook);
  }

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly ledger: PointsLedgerService,
    private readonly codes: MemberCodeService,
    private readonly programme: ProgrammeService,
    private readonly tierEvents: TierEventsService,
    private readonly audit: AuditService,
    private readonly crypto: CryptoService,
    private readonly coupons: CouponRedemptionService,
    private readonly presence: PresenceService,
    private readonly referrals: ReferralRewardsService,
    private readonly memberRows: MemberRepository,
    private readonly stores: StoreRepository,
    private readonly points: PointsRepository,
    private readonly orders: OrderRepository,
    private readonly analytics: AnalyticsService,
    private readonly webhooks: WebhookEventsService,
  ) {}

  async identify(staff: StaffPrincipal, memberCode: string, now = new Date()): Promise<IdentifyResponse> {
    const storeId = storeOf(staff);
    const memberId = await this.codes.consume(staff.id, memberCode, now);
    return this.identified(memberId, storeId, now, staff, 'member_code');
  }

  /**
   * The fallback when the member's phone is dead: member number plus the last four digits of
   * the bound phone. Managers only, and every lookup is audited.
   */
  async identifyByMemberNo(
    staff: StaffPrincipal,
    memberNo: string,
    phoneLast4: string,
    now = new Date(),
  ): Promise<IdentifyResponse> {
    const storeId = storeOf(staff);
    // Counted before the phone is compared, per member number and per staff (shared budgets in
    // PostgreSQL): concurrent guesses cannot pass the lock; a refused try is audited too.
    const attempt = await this.codes.countFallbackAttempt(staff.id, memberNo);
    if (attempt.refusal) {
      await inTransaction(this.db, (tx) =>
        this.audit.record(tx, {
          actorType: 'staff',
          actorId: staff.id,
          action: 'member.lookup_by_member_no',
          targetType: 'member',
          details: { storeId, matched: false, lockedBy: attempt.lockedBy },
        }),
      );
      throw attempt.refusal;
    }
    const m = await this.memberRows.byMemberNo(this.db, memberNo);
    const phone = m?.phone_cipher ? this.crypto.decrypt(m.phone_cipher, m.id) : null;
    const matched = Boolean(m && m.status === 'active' && phone && phone.slice(-4) === phoneLast4);
    if (matched) await this.codes.fallbackSucceeded(staff.id, memberNo);
    await inTransaction(this.db, (tx) =>
      this.audit.record(tx, {
        actorType: 'staff',
        actorId: staff.id,
        action: 'member.lookup_by_member_no',
        targetType: 'member',
        ...(matched && m ? { targetId: m.id } : {}),
        details: { storeId, matched },
      }),
    );
    if (!matched || !m) throw DomainError.notFound('member with this number and phone');
    return this.identified(m.id, storeId, now, staff, 'member_no');
  }

  /**
   * The member for the till, with their coupons usable at this store now (any order amount), and
   * the identification (10 minutes, this store) that lets an order spend their points, coupons or
   * balance.
   */
  private async identified(
    memberId: string,
    storeId: string,
    now: Date,
    staff: StaffPrincipal,
    method: IdentificationMethod,
  ): Promise<IdentifyResponse> {
    const m = (await this.memberRows.tillView(this.db, memberId, now))!;
    // The same programme version the order will be priced with, so the till's preview matches it.
    const { redemption, earning, tiers, timezone } = await this.programme.current();
    const tier = tiers.find((t) => t.code === m.tier_code)!;
    return {
      member: {
        id: m.id,
        memberNo: m.member_no,
        nickname: m.nickname,
        tier: { code: tier.code, name: tier.name },
        points: await this.ledger.spendable(this.db.manager, m.id, now),
        phoneMasked: m.phone_masked,
        redemption: {
          pointsPerYuan: redemption.pointsPerYuan,
          unit: redemption.unit,
          maxShareBp: redemption.maxShareBp,
          enabled: redemption.enabled,
          minPoints: redemption.minPoints,
        },
        pricing: {
          discountRateBp: tier.discountRateBp,
          pointsMultiplierBp: tier.pointsMultiplierBp,
          earning: {
            pointsPerYuan: earning.pointsPerYuan,
            growthPerYuan: earning.growthPerYuan,
            ...(earning.rules ? { rules: earning.rules } : {}),
          },
          timezone,
          paidMembership:
            m.paid_expires_at && m.paid_discount_rate_bp !== null && m.paid_points_multiplier_bp !== null
              ? {
                  title: m.paid_title!,
                  expiresAt: m.paid_expires_at.toISOString(),
                  discountRateBp: m.paid_discount_rate_bp,
                  pointsMultiplierBp: m.paid_points_multiplier_bp,
                }
              : null,
        },
        storedBalance: this.balanceTender ? await this.balanceTender.spendable(m.id, now) : 0,
      },
      usableCoupons: await this.coupons.usableAt(m.id, storeId, m.tier_code as TierCode, now),
      identification: await this.presence.issue(m.id, storeId, staff.id, method, now),
    };
  }

  async createOrder(staff: StaffPrincipal, req: CreateOrderRequest, now = new Date()): Promise<WriteResult<OrderResponse>> {
    const storeId = storeOf(staff);
    // Codes in their stored form (upper case, no hyphens), so `abcde-…` and `ABCDE…` are one request.
    const couponCodes = (req.couponCodes ?? []).map((c) => parseCouponCode(c, 'couponCodes')).sort();
    // What was bought and how it was paid; not `identificationId`, which is proof the member was
    // there, not part of the order: a retry after a re-scan (a new id) or after the identification
    // expired is still the same order and must answer as a replay. `payWithBalance` only when
    // used, so orders recorded before it existed keep their hash.
    const payWithBalance = req.payWithBalance ?? 0;
    const requestHash = hashOf({
      memberId: req.memberId,
      amount: req.amount,
      couponCodes,
      pointsToRedeem: req.pointsToRedeem ?? 0,
      ...(payWithBalance > 0 ? { payWithBalance } : {}),
      // Items only when sent, so orders without them keep their hash.
      ...(req.items ? { items: req.items.map((i) => [i.sku, i.name, i.category ?? null, i.quantity, i.unitPrice]) } : {}),
    });
    await this.assertStoreCurrency(staff, storeId);
    // Before the transaction: a body that cannot be priced needs no lock (priceOrder checks it again).
    if (req.items && itemsTotal(req.items) !== req.amount) {
      throw new DomainError('ITEMS_TOTAL_MISMATCH', 'items: Σ quantity × unitPrice must equal amount');
    }
    // No replay check on the way in: replays are rare, so the order is simply attempted. If the
    // order number is taken, the order's INSERT fails on the unique key and the transaction rolls
    // back; if the attempt is refused first (the coupons it used are used now, the identification
    // expired, the points are spent…), the refusal is not the answer either. In both cases the
    // recorded order, if there is one, answers: a replay, or ORDER_NO_CONFLICT. Two round trips
    // fewer per order than asking first (docs/performance.md).
    try {
      return await inTransaction(this.db, (tx) => this.recordOrder(tx, staff, storeId, req, couponCodes, requestHash, now));
    } catch (err) {
      const orderNoTaken = pgErrorCode(err) === '23505' && pgConstraint(err) === 'member_order_store_order_no_key';
      if (orderNoTaken || err instanceof DomainError) {
        const recorded = await this.replayOrder(storeId, req.orderNo, requestHash);
        if (recorded) return recorded;
      }
      throw err;
    }
  }

  /** Money figures never mix currencies: a store of another currency than the programme's records no orders. */
  private async assertStoreCurrency(staff: StaffPrincipal, storeId: string): Promise<void> {
    // The guard read it with the staff row on this request; a principal made elsewhere has not.
    const storeCurrency = staff.storeCurrency !== undefined ? staff.storeCurrency : await this.stores.currency(this.db, storeId);
    const { currency } = await this.programme.current();
    const store = storeCurrency ?? currency;
    if (store !== currency) {
      throw new DomainError('CURRENCY_MISMATCH', `this store trades in ${store}, the programme in ${currency}`);
    }
  }

  private async replayOrder(
    storeId: string,
    orderNo: string,
    requestHash: string,
    tx: EntityManager = this.db.manager,
  ): Promise<WriteResult<OrderResponse> | null> {
    const existing = await this.orders.replayOf(tx, storeId, orderNo);
    if (!existing) return null;
    if (existing.request_hash !== requestHash) {
      throw new DomainError('ORDER_NO_CONFLICT', `order ${orderNo} was already recorded with different details`);
    }
    return { created: false, body: existing.response };
  }

  private async recordOrder(
    tx: EntityManager,
    staff: StaffPrincipal,
    storeId: string,
    req: CreateOrderRequest,
    couponCodes: string[],
    requestHash: string,
    now: Date,
  ): Promise<WriteResult<OrderResponse>> {
    // Locks the member and learns whether any lot is due to expire at `now` (see createOrder for
    // where a replay is answered).
    const member = await this.ledger.lock(tx, req.memberId, now);
    if (!member) throw DomainError.notFound('member');
    if (member.status !== 'active') throw new DomainError('MEMBER_NOT_ACTIVE', 'this membership is not active');
    // Presence before anything is spent (a recorded order still answers the same once its
    // identification has expired: createOrder answers from it when this refuses). Checked under
    // the member lock, though an identification may serve several orders: the lock serialises
    // them, so reuse cannot overspend.
    const spending = { pointsToRedeem: req.pointsToRedeem, couponCodes, payWithBalance: req.payWithBalance };
    if (orderSpends(spending)) {
      await this.presence.assertPresent(tx, req.identificationId, member.id, storeId, now);
    }
    await this.ledger.expireDue(tx, member, now);

    // The programme version in force now prices the order and is stored with it.
    const programme = await this.programme.current();
    const { expiry, timezone, tiers, version: programmeVersion } = programme;
    const orderId = randomUUID();
    const tier = tiers.find((t) => t.code === member.tierCode)!;
    const loaded = await this.coupons.loadForOrder(tx, member.id, couponCodes);
    // The stored value only when the order pays with it: an ordinary order reads nothing more.
    const balance =
      (req.payWithBalance ?? 0) > 0 && this.balanceTender ? await this.balanceTender.tillBalance(tx, member.id, now) : null;
    // One pricing pipeline (shared priceOrder, the cashier preview uses the same): member price →
    // coupons → points → stored value → external; what it returns is what is recorded.
    const priced = priceOrder(
      {
        amountFen: req.amount,
        items: req.items ?? null,
        tier,
        paidMembershipRateBp: member.paidMembership?.discountRateBp ?? null,
        paidMembershipPointsMultiplierBp: member.paidMembership?.pointsMultiplierBp ?? null,
        coupons: loaded.coupons,
        couponContext: { now, storeId, tierCode: member.tierCode, tiers },
        pointsToRedeem: req.pointsToRedeem ?? 0,
        pointsBalance: member.points,
        payWithBalance: req.payWithBalance ?? 0,
        storedBalance: balance?.spendable ?? 0,
      },
      programme,
    );
    if (!priced.ok) throw this.pricingError(priced, member.points, loaded, balance?.spendable ?? 0);
    await this.coupons.markUsedForOrder(tx, {
      memberId: member.id,
      storeId,
      staffId: staff.id,
      orderId,
      couponIds: loaded.coupons.map((c) => c.id),
      now,
    });
    if (priced.pointsRedeemed > 0) {
      await this.ledger.debit(
        tx,
        member,
        'spend',
        { businessKey: `order:${orderId}:redeem`, orderId },
        priced.pointsRedeemed,
        now,
      );
    }
    if (priced.tenders.balance > 0 && balance) {
      await this.balanceTender!.spendForOrder(tx, balance, {
        memberId: member.id,
        orderId,
        orderNo: req.orderNo,
        storeId,
        amount: priced.tenders.balance,
        now,
      });
    }
    const earned = priced.earned;
    if (earned.points > 0) {
      await this.ledger.credit(
        tx,
        member,
        'earn',
        { businessKey: `order:${orderId}:earn`, orderId },
        [{ points: earned.points, expiresAt: lotExpiresAt(expiry, now, timezone) }],
        now,
      );
    }
    const tierChange = await this.addGrowth(tx, member, tiers, earned.growth, now);
    await this.ledger.save(tx, member);

    const newTier = tiers.find((t) => t.code === member.tierCode)!;
    const response: OrderResponse = {
      orderId,
      orderNo: req.orderNo,
      amount: req.amount,
      discount: priced.discount,
      payable: priced.payable,
      discounts: priced.discounts,
      tenders: priced.tenders,
      pointsEarned: earned.points,
      pointsRedeemed: priced.pointsRedeemed,
      couponsUsed: couponCodes,
      member: { points: member.points, growth: member.growth, tier: { code: newTier.code, name: newTier.name } },
      tierChange,
    };
    await this.orders.insert(tx, {
      id: orderId,
      storeId,
      orderNo: req.orderNo,
      memberId: member.id,
      staffId: staff.id,
      amount: req.amount,
      memberPriceDiscount: priced.discounts.memberPrice,
      couponDiscount: priced.discounts.coupons,
      pointsRedeemed: priced.pointsRedeemed,
      pointsDiscount: priced.discounts.points,
      payable: priced.payable,
      balancePaid: priced.tenders.balance,
      pointsEarned: earned.points,
      growthEarned: earned.growth,
      requestHash,
      response,
      createdAt: now,
      programmeVersion,
    });
    if (req.items && req.items.length > 0) await this.orders.insertItems(tx, orderId, req.items);
    await this.analytics.orderRecorded(tx, { memberId: member.id, storeId, paid: priced.payable, at: now });
    // A referred friend's first qualifying order marks the referral rewards pending in this commit.
    await this.referrals.observeOrder(tx, req.memberId, now, member.referrerId);
    for (const hook of this.orderHooks) await hook(tx, { memberId: member.id, orderId, at: now });
    await this.webhooks.emit(tx, {
      type: 'order.recorded',
      memberId: member.id,
      data: {
        orderId,
        memberId: member.id,
        storeId,
        orderNo: req.orderNo,
        amount: req.amount,
        paidAmount: priced.payable,
        pointsEarned: earned.points,
        pointsRedeemed: priced.pointsRedeemed,
      },
    });
    return { created: true, body: response };
  }

  /** A pricing refusal as the API's error, with a message naming the figure that refused. */
  private pricingError(r: PricingRefusal, points: number, coupons: CouponsForOrder, storedBalance: number): DomainError {
    if (isCouponRefusal(r)) return coupons.refusalError(r);
    const messages: { [C in Exclude<PricingRefusal, CouponRefusal>['code']]: string } = {
      ITEMS_TOTAL_MISMATCH: 'items: Σ quantity × unitPrice must equal amount',
      INSUFFICIENT_POINTS: `the member has ${points} points`,
      POINTS_REDEEM_NOT_ALLOWED: `points cannot pay this much (${r.reason ?? 'not allowed'})`,
      INSUFFICIENT_BALANCE: `the member has ${storedBalance} fen of stored value`,
      VALIDATION_FAILED: 'payWithBalance: more than is left to pay',
    };
    return DomainError.fromRefusal(r, messages[r.code]);
  }

  /** Growth goes up at once and may upgrade the tier (never down: downgrades wait for the review). */
  private async addGrowth(tx: EntityManager, member: LockedMember, tiers: TierDefinition[], growth: number, now: Date) {
    if (growth === 0) return null;
    member.growth += growth;
    member.dirty = true;
    const next = tierAfterGrowth(tiers, member.tierCode, member.growth);
    if (next.code === member.tierCode) return null;
    const from = tiers.find((t) => t.code === member.tierCode)!;
    member.tierCode = next.code;
    member.tierSince = now;
    await this.tierEvents.recordChange(tx, member.id, from, next, 'growth', now);
    return { from: { code: from.code, name: from.name }, to: { code: next.code, name: next.name } };
  }

  async refund(
    staff: StaffPrincipal,
    orderNo: string,
    req: CreateRefundRequest,
    now = new Date(),
  ): Promise<WriteResult<RefundResponse>> {
    const storeId = storeOf(staff);
    const requestHash = hashOf({ amount: req.amount });
    const orderId = await this.orders.idOf(this.db, storeId, orderNo);
    if (!orderId) throw DomainError.notFound('order');
    const replay = await this.replayRefund(orderId, req.refundNo, requestHash);
    if (replay) return replay;
    try {
      return await inTransaction(this.db, (tx) => this.recordRefund(tx, staff, orderId, req, requestHash, now));
    } catch (err) {
      if (pgErrorCode(err) === '23505' && pgConstraint(err) === 'order_refund_order_refund_no_key') {
        const again = await this.replayRefund(orderId, req.refundNo, requestHash);
        if (again) return again;
      }
      throw err;
    }
  }

  private async replayRefund(
    orderId: string,
    refundNo: string,
    requestHash: string,
    tx: EntityManager = this.db.manager,
  ): Promise<WriteResult<RefundResponse> | null> {
    const existing = await this.orders.refundReplayOf(tx, orderId, refundNo);
    if (!existing) return null;
    if (existing.request_hash !== requestHash) {
      throw new DomainError('REFUND_NO_CONFLICT', `refund ${refundNo} was already recorded with a different amount`);
    }
    return { created: false, body: existing.response };
  }

  private async recordRefund(
    tx: EntityManager,
    staff: StaffPrincipal,
    orderId: string,
    req: CreateRefundRequest,
    requestHash: string,
    now: Date,
  ): Promise<WriteResult<RefundResponse>> {
    const memberId = await this.orders.memberOf(tx, orderId);
    const member = await this.ledger.lock(tx, memberId);
    if (!member) throw DomainError.notFound('member');
    // Under the member lock every refund of this order is serialized: re-read the order fresh.
    const replay = await this.replayRefund(orderId, req.refundNo, requestHash, tx);
    if (replay) return replay;
    const order = await this.orders.byId(tx, orderId);
    const plan = planRefund(
      {
        paidFen: order.payable,
        earnedPoints: order.points_earned,
        earnedGrowth: order.growth_earned,
        redeemedPoints: order.points_redeemed,
        refundedFen: order.refunded_amount,
        reversedPoints: order.points_reversed + order.points_shortfall,
        reversedGrowth: order.growth_reversed,
        returnedRedeemedPoints: order.redeemed_returned,
      },
      req.amount,
    );
    if (!plan.ok) {
      throw new DomainError(
        'REFUND_EXCEEDS_PAID',
        `refunds would exceed the ${order.payable} fen paid (already refunded ${order.refunded_amount})`,
      );
    }
    await this.ledger.expireDue(tx, member, now);
    const refundId = randomUUID();
    const ctx = (suffix: string) => ({ businessKey: `refund:${refundId}:${suffix}`, orderId, refundId, staffId: staff.id });

    const earnLot = await this.points.lotOfEntry(tx, `order:${orderId}:earn`, member.id);
    const reversal = await this.ledger.reverse(tx, member, ctx('reverse'), plan.pointsToReverse, now, earnLot[0]?.id);

    let returned = 0;
    let forfeited = 0;
    if (plan.redeemedPointsToReturn > 0) {
      const spent = await this.points.allocationsOfEntry(tx, `order:${orderId}:redeem`, member.id);
      const back = planRedeemedReturn(
        spent.map((s) => ({ lotId: s.lot_id, points: s.points, expiresAt: s.expires_at })),
        order.redeemed_returned,
        plan.redeemedPointsToReturn,
        now,
      );
      forfeited = back.forfeited;
      if (back.credits.length > 0) {
        await this.ledger.credit(
          tx,
          member,
          'redeem_return',
          ctx('return'),
          back.credits.map((c) => ({ points: c.points, expiresAt: c.expiresAt })),
          now,
        );
        returned = back.credits.reduce((s, c) => s + c.points, 0);
      }
    }
    const growthReversed = Math.min(member.growth, plan.growthToReverse);
    if (growthReversed > 0) {
      member.growth -= growthReversed;
      member.dirty = true;
    }
    await this.ledger.save(tx, member);
    // Coupons come back only when this refund completes a full refund of the order, and only
    // those still valid (shared refundRestoresCoupons / couponRestorable; docs/coupons.md).
    const couponsRestored = refundRestoresCoupons({
      paidFen: order.payable,
      refundedFen: order.refunded_amount,
      refundFen: req.amount,
    })
      ? await this.coupons.restoreForOrder(tx, orderId, member.id, now)
      : [];

    // The stored value share of the refund goes back to the balance (cumulative: a full refund returns all of it).
    const balance =
      order.balance_paid > 0 && this.balanceTender
        ? await this.balanceTender.returnForRefund(tx, {
            memberId: member.id,
            orderId,
            orderNo: order.order_no,
            refundId,
            storeId: order.store_id,
            balancePaid: order.balance_paid,
            payable: order.payable,
            refundedBefore: order.refunded_amount,
            amount: req.amount,
            now,
          })
        : { returned: 0, forfeited: 0 };

    const response: RefundResponse = {
      refundNo: req.refundNo,
      amount: req.amount,
      pointsReversed: reversal.reversed,
      pointsShortfall: reversal.shortfall,
      pointsReturned: returned,
      growthReversed,
      couponsRestored,
      ...(order.balance_paid > 0 ? { balanceReturned: balance.returned, balanceForfeited: balance.forfeited } : {}),
    };
    await this.orders.addRefund(tx, orderId, {
      amount: req.amount,
      pointsReversed: reversal.reversed,
      pointsShortfall: reversal.shortfall,
      growthReversed: plan.growthToReverse,
      redeemedReturned: returned + forfeited,
    });
    await this.orders.insertRefund(tx, {
      id: refundId,
      orderId,
      refundNo: req.refundNo,
      amount: req.amount,
      pointsReversed: reversal.reversed,
      pointsShortfall: reversal.shortfall,
      growthReversed,
      pointsReturned: returned,
      pointsForfeited: forfeited,
      staffId: staff.id,
      requestHash,
      response,
      createdAt: now,
    });
    await this.analytics.refundRecorded(tx, { memberId: member.id, storeId: order.store_id, amount: req.amount, at: now });
    await this.webhooks.emit(tx, {
      type: 'order.refunded',
      memberId: member.id,
      data: {
        refundId,
        orderId,
        memberId: member.id,
        storeId: order.store_id,
        refundNo: req.refundNo,
        amount: req.amount,
        pointsReversed: reversal.reversed,
      },
    });
    return { created: true, body: response };
  }

  /** GET /me/orders: the member's own orders, newest first, with their items; keyset-paged. */
  async ordersOf(memberId: string, cursor: string | undefined, limit = 20): Promise<MyOrdersResponse> {
    const after = cursor ? decodeCursor(cursor) : null;
    const rows = await this.orders.page(this.db, memberId, after, limit + 1);
    const page = rows.slice(0, limit);
    const items =
      page.length === 0
        ? []
        : await this.orders.itemsOf(
            this.db,
            page.map((r) => r.id),
          );
    const storeNames = await this.stores.names(this.db, [...new Set(page.map((r) => r.store_id))]);
    const last = page[page.length - 1];
    return {
      items: page.map((r): MyOrder => ({
        orderNo: r.order_no,
        storeName: storeNames.get(r.store_id)!,
        amount: r.amount,
        payable: r.payable,
        pointsEarned: r.points_earned,
        createdAt: r.created_at.toISOString(),
        refunded: r.refunded_amount,
        items: items
          .filter((i) => i.order_id === r.id)
          .map((i) => ({ sku: i.sku, name: i.name, category: i.category, quantity: i.quantity, unitPrice: i.unit_price })),
      })),
      nextCursor: rows.length > limit && last ? encodeCursor(last.created_at, last.id) : null,
    };
  }

  /** The member's orders and their refunds, for GET /me/export (kept after erasure: financial records). */
  async exportFor(
    tx: EntityManager,
    memberId: string,
  ): Promise<{ orders: ExportRow[]; refunds: ExportRow[]; orderItems: ExportRow[] }> {
    const orders = await this.orders.exportOrders(tx, memberId);
    const storeNames = await this.stores.names(tx, [...new Set(orders.map((o) => o.storeId as string))]);
    return {
      orders: orders.map((o) => ({ ...o, storeName: storeNames.get(o.storeId as string)! })),
      refunds: await this.orders.exportRefunds(tx, memberId),
      orderItems: await this.orders.exportItems(tx, memberId),
    };
  }
}
