// Paid membership (付费会员, docs/stored-value.md "Paid membership"): plans, purchases through
// WeChat Pay (a free trial once per member, active at once), terms that stack, the benefits the
// till applies (read with the member lock: membership.discount_rate_bp / points_multiplier_bp),
// the monthly coupon pack through the rewards pipeline, the expiry notice, and the pro-rata refund.
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import {
  planEditProblems,
  membershipBenefitLines,
  membershipPlanProblems,
  planBenefits,
  planPurchase,
  proRataRefund,
  termEndFromPurchases,
  toLocalDate,
  type AdminMembershipPlan,
  type CreateMembershipPlanRequest,
  type CreateMembershipPurchaseRequest,
  type CreateMembershipPurchaseResponse,
  type MembershipBenefits,
  type MembershipPlan,
  type MembershipPurchase,
  type MembershipRefundResponse,
  type MyMembershipResponse,
} from '@huiyuan/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { StaffPrincipal } from '../common/auth.js';
import { DomainError } from '../common/domain-error.js';
import { inTransaction } from '../common/transaction.js';
import { PointsLedgerService } from '../loyalty/points-ledger.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import type { PaymentRefundRow, PaymentRow } from '../payments/payments.repository.js';
import { PaymentsService } from '../payments/payments.service.js';
import { ProgrammeService } from '../programme/programme.service.js';
import { RewardsService } from '../rewards/rewards.service.js';
import { WebhookEventsService } from '../webhooks/webhook-events.service.js';
import { MembershipRepository, type MembershipPlanRow, type MembershipRow, type PurchaseRow } from './membership.repository.js';

const yuan = (fen: number) => (fen / 100).toFixed(2);
const benefitsOfPlan = (p: MembershipPlanRow): MembershipBenefits => ({
  discountRateBp: p.discount_rate_bp,
  pointsMultiplierBp: p.points_multiplier_bp,
  monthlyCouponTemplateId: p.monthly_coupon_template_id,
});
const benefitsOfMembership = (m: MembershipRow): MembershipBenefits => ({
  discountRateBp: m.discount_rate_bp,
  pointsMultiplierBp: m.points_multiplier_bp,
  monthlyCouponTemplateId: m.monthly_coupon_template_id,
});

function planView(p: MembershipPlanRow): AdminMembershipPlan {
  const benefits = benefitsOfPlan(p);
  return {
    id: p.id,
    title: p.title,
    price: p.price,
    termDays: p.term_days,
    trial: p.trial,
    ...benefits,
    benefits: membershipBenefitLines(benefits),
    active: p.active,
    createdAt: p.created_at.toISOString(),
  };
}

function purchaseView(p: PurchaseRow): MembershipPurchase {
  return {
    id: p.id,
    planId: p.plan_id,
    title: p.title,
    price: p.price,
    status: p.status,
    trial: p.trial,
    startsAt: p.starts_at.toISOString(),
    endsAt: p.ends_at.toISOString(),
    refunded: p.refunded,
    createdAt: p.created_at.toISOString(),
  };
}

@Injectable()
export class MembershipService implements OnModuleInit {
  private readonly logger = new Logger('MembershipService');

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly rows: MembershipRepository,
    private readonly payments: PaymentsService,
    private readonly ledger: PointsLedgerService,
    private readonly rewards: RewardsService,
    private readonly notifications: NotificationsService,
    private readonly programme: ProgrammeService,
    private readonly audit: AuditService,
    private readonly webhooks: WebhookEventsService,
  ) {}

  onModuleInit(): void {
    this.payments.register('membership', {
      paid: (tx, payment, at) => this.paid(tx, payment, at),
      refundEnded: (tx, refund, payment, outcome) => this.refundEnded(tx, refund, payment, outcome),
      closed: (tx, payment) => this.rows.setStatus(tx, payment.reference_id, 'closed', ['pending']),
    });
  }

  // --- plans ------------------------------------------------------------------------------------
  async plans(): Promise<{ items: MembershipPlan[] }> {
    const rows = await this.rows.plans(this.db, true);
    return {
      items: rows.map((p) => {
        const { active: _active, createdAt: _createdAt, ...plan } = planView(p);
        return plan;
      }),
    };
  }

  async adminPlans(): Promise<{ items: AdminMembershipPlan[] }> {
    return { items: (await this.rows.plans(this.db, false)).map(planView) };
  }

  async createPlan(staff: StaffPrincipal, req: CreateMembershipPlanRequest): Promise<AdminMembershipPlan> {
    const problems = membershipPlanProblems(req);
    if (Object.keys(problems).length > 0) {
      throw DomainError.fromProblems('INVALID_PLAN', 'the plan is not valid', problems);
    }
    const b = planBenefits(req);
    return inTransaction(this.db, async (tx) => {
      const row = await this.rows
        .insertPlan(tx, {
          id: randomUUID(),
          title: req.title.trim(),
          price: req.price,
          term_days: req.termDays,
          trial: req.trial ?? false,
          discount_rate_bp: b.discountRateBp,
          points_multiplier_bp: b.pointsMultiplierBp,
          monthly_coupon_template_id: b.monthlyCouponTemplateId,
        })
        .catch((err: { code?: string }) => {
          if (err.code === '23503')
            throw new DomainError('INVALID_PLAN', 'monthlyCouponTemplateId: no such coupon template', [
              { field: 'monthlyCouponTemplateId', problem: 'unknown template' },
            ]);
          throw err;
        });
      await this.audit.record(tx, {
        actorType: 'staff',
        actorId: staff.id,
        action: 'membership.plan_create',
        targetType: 'membership_plan',
        targetId: row.id,
        details: { price: req.price, termDays: req.termDays },
      });
      return planView(row);
    });
  }

  /** Title and on/off only: the price, term and benefits are what members bought. */
  async updatePlan(staff: StaffPrincipal, id: string, req: { title?: string; active?: boolean }): Promise<AdminMembershipPlan> {
    const problems = planEditProblems(req);
    if (Object.keys(problems).length > 0) throw DomainError.fromProblems('INVALID_PLAN', 'the plan is not valid', problems);
    return inTransaction(this.db, async (tx) => {
      const row = await this.rows.updatePlan(tx, id, {
        ...(req.title !== undefined ? { title: req.title.trim() } : {}),
        ...(req.active !== undefined ? { active: req.active } : {}),
      });
      if (!row) throw DomainError.notFound('plan');
      await this.audit.record(tx, {
        actorType: 'staff',
        actorId: staff.id,
        action: 'membership.plan_update',
        targetType: 'membership_plan',
        targetId: id,
        details: { ...req },
      });
      return planView(row);
    });
  }

  // --- purchases --------------------------------------------------------------------------------
  /**
   * Buys a plan: a free trial is active at once (once per member, TRIAL_ALREADY_USED after); a
   * paid plan opens a WeChat Pay order and starts when it is paid. The same requestId answers the
   * first purchase again.
   */
  async purchase(
    memberId: string,
    req: CreateMembershipPurchaseRequest,
    now = new Date(),
  ): Promise<{ created: boolean; body: CreateMembershipPurchaseResponse }> {
    let existing = await this.rows.purchaseByRequest(this.db, memberId, req.requestId);
    let created = false;
    if (!existing) {
      const plan = await this.rows.plan(this.db, req.planId);
      if (!plan || !plan.active) throw new DomainError('PLAN_NOT_AVAILABLE', 'this membership plan is not offered');
      const id = randomUUID();
      try {
        await inTransaction(this.db, (tx) => this.openPurchase(tx, memberId, plan, id, req.requestId, now));
      } catch (err) {
        if ((await this.rows.purchaseByRequest(this.db, memberId, req.requestId)) === null) throw err;
      }
      existing = (await this.rows.purchaseByRequest(this.db, memberId, req.requestId))!;
      created = existing.id === id;
    }
    if (existing.plan_id !== req.planId)
      throw new DomainError('IDEMPOTENCY_KEY_CONFLICT', 'this requestId was used for another plan');
    if (existing.response) return { created, body: existing.response as CreateMembershipPurchaseResponse };
    const payment = await this.payments.prepay(existing.payment_id!);
    const body: CreateMembershipPurchaseResponse = {
      purchaseId: existing.id,
      status: 'pending',
      startsAt: existing.starts_at.toISOString(),
      endsAt: existing.ends_at.toISOString(),
      payment,
    };
    await this.rows.setPurchaseResponse(this.db, existing.id, body);
    return { created, body };
  }

  private async openPurchase(
    tx: EntityManager,
    memberId: string,
    plan: MembershipPlanRow,
    id: string,
    requestId: string,
    now: Date,
  ): Promise<void> {
    // The member's lock orders their purchases: the trial check and the stacking see each other.
    const member = await this.ledger.lock(tx, memberId, now);
    if (!member) throw DomainError.notFound('member');
    const current = await this.rows.membership(tx, memberId);
    const benefits = benefitsOfPlan(plan);
    const term = planPurchase(
      current ? { expiresAt: current.expires_at, benefits: benefitsOfMembership(current) } : null,
      { termDays: plan.term_days, trial: plan.trial, benefits },
      await this.rows.trialUsed(tx, memberId),
      now,
    );
    if (!term.ok)
      throw DomainError.fromRefusal(
        term,
        term.code === 'TRIAL_ALREADY_USED'
          ? 'the free trial was used already'
          : 'a term with other benefits is running: buy this plan when it ends',
      );
    const base = {
      id,
      member_id: memberId,
      plan_id: plan.id,
      title: plan.title,
      request_id: requestId,
      trial: plan.trial,
      price: plan.price,
      term_days: plan.term_days,
      starts_at: term.startsAt,
      ends_at: term.endsAt,
      now,
    };
    if (plan.trial) {
      await this.rows.insertPurchase(tx, { ...base, status: 'active', payment_id: null });
      await this.startTerm(tx, memberId, plan, term.endsAt, now, id);
      const body: CreateMembershipPurchaseResponse = {
        purchaseId: id,
        status: 'active',
        startsAt: term.startsAt.toISOString(),
        endsAt: term.endsAt.toISOString(),
      };
      await this.rows.setPurchaseResponse(tx, id, body);
      return;
    }
    const payment = await this.payments.open(tx, {
      memberId,
      purpose: 'membership',
      referenceId: id,
      amount: plan.price,
      description: `付费会员 ${plan.title}`,
      now,
    });
    await this.rows.insertPurchase(tx, { ...base, status: 'pending', payment_id: payment.id });
  }

  /** A term bought: the membership runs to `expiresAt` with the plan's benefits; this month's pack now. */
  private async startTerm(
    tx: EntityManager,
    memberId: string,
    plan: MembershipPlanRow,
    expiresAt: Date,
    now: Date,
    purchaseId: string,
  ): Promise<void> {
    await this.rows.saveMembership(tx, {
      member_id: memberId,
      plan_id: plan.id,
      title: plan.title,
      expires_at: expiresAt,
      discount_rate_bp: plan.discount_rate_bp,
      points_multiplier_bp: plan.points_multiplier_bp,
      monthly_coupon_template_id: plan.monthly_coupon_template_id,
    });
    if (plan.monthly_coupon_template_id) await this.grantPack(tx, memberId, plan.monthly_coupon_template_id, now);
    await this.webhooks.emit(tx, {
      type: 'membership.changed',
      memberId,
      data: {
        memberId,
        purchaseId,
        change: plan.trial ? 'trial_started' : 'term_started',
        planId: plan.id,
        expiresAt: expiresAt.toISOString(),
      },
    });
    await this.notifications.add(tx, {
      memberId,
      kind: 'membership',
      title: '付费会员已生效',
      body: `${plan.title}：有效期至 ${toLocalDate(expiresAt, (await this.programme.current()).timezone)}`,
      businessKey: `membership:${memberId}:${expiresAt.toISOString()}`,
    });
  }

  /** The month's coupon pack, once per member and programme-timezone month (the rewards pipeline's key). */
  private async grantPack(tx: EntityManager, memberId: string, templateId: string, now: Date): Promise<boolean> {
    const month = toLocalDate(now, (await this.programme.current()).timezone).slice(0, 7);
    const r = await this.rewards.grant(
      tx,
      memberId,
      { kind: 'coupon', templateId, channel: 'membership' },
      `membership_pack:${month}`,
      now,
    );
    return r.status === 'granted' && !r.replayed;
  }

  /** A paid purchase: its term starts (stacked on the running one) in the payment's transaction. */
  private async paid(tx: EntityManager, payment: PaymentRow, at: Date): Promise<void> {
    const member = await this.ledger.lock(tx, payment.member_id, at);
    if (!member) throw DomainError.notFound('member');
    const purchase = (await this.rows.purchase(tx, payment.reference_id))!;
    const plan = (await this.rows.plan(tx, purchase.plan_id))!;
    const current = await this.rows.membership(tx, member.id);
    const term = planPurchase(
      current ? { expiresAt: current.expires_at, benefits: benefitsOfMembership(current) } : null,
      { termDays: purchase.term_days, trial: false, benefits: benefitsOfPlan(plan) },
      false,
      at,
    );
    if (!term.ok) {
      // Another term with other benefits started between the order and its payment: the money goes back whole.
      await this.payments.requestRefund(tx, {
        paymentId: payment.id,
        memberId: member.id,
        amount: payment.amount,
        reason: '会员方案冲突，全额退款',
        now: at,
      });
      // It never ran: no term (ends = starts), so a refund that fails later gives back no days.
      await this.rows.voidTerm(tx, purchase.id);
      await this.rows.setStatus(tx, purchase.id, 'refunded', ['pending', 'closed']);
      await this.rows.addRefunded(tx, purchase.id, payment.amount, 'refunded');
      return;
    }
    const activated = await this.rows.activate(tx, purchase.id, term.startsAt, term.endsAt);
    if (activated) await this.startTerm(tx, member.id, plan, term.endsAt, at, purchase.id);
  }

  private async refundEnded(
    tx: EntityManager,
    refund: PaymentRefundRow,
    payment: PaymentRow,
    outcome: 'succeeded' | 'failed',
  ): Promise<void> {
    if (outcome === 'succeeded') return;
    // WeChat Pay refused the refund for good: the member keeps the term the money was not returned
    // for — that purchase's own, no more. A purchase that never ran (refunded whole because its
    // plan conflicted) has no term to give back: it is closed, and the money held is logged.
    const now = new Date();
    await this.ledger.lock(tx, payment.member_id, now);
    const purchase = (await this.rows.purchase(tx, payment.reference_id))!;
    const neverRan = purchase.ends_at.getTime() <= purchase.starts_at.getTime();
    await this.rows.addRefunded(tx, purchase.id, -refund.amount, neverRan ? 'closed' : 'active');
    if (neverRan) {
      this.logger.error(`refund of membership purchase ${purchase.id} failed: the payment is held, refund it by hand`);
      return;
    }
    await this.recomputeTerm(tx, payment.member_id, now);
  }

  /**
   * The membership's end from the paid terms it still has (shared termEndFromPurchases): used
   * after a refund that failed, so only the terms no refund took count — laid end to end from now.
   */
  private async recomputeTerm(tx: EntityManager, memberId: string, now: Date): Promise<void> {
    const current = await this.rows.membership(tx, memberId);
    if (!current) return;
    const terms = (await this.rows.refundablePurchases(tx, memberId, now)).map((p) => ({
      startsAt: p.starts_at,
      endsAt: p.ends_at,
    }));
    const end = termEndFromPurchases(terms, now);
    if (end === null) await this.rows.endMembership(tx, memberId, now);
    else await this.rows.saveMembership(tx, { ...current, expires_at: end });
  }

  async mine(memberId: string, now = new Date()): Promise<MyMembershipResponse> {
    const m = await this.rows.membership(this.db, memberId);
    const active = m !== null && m.expires_at.getTime() > now.getTime();
    const purchases = await this.rows.purchasesOf(this.db, memberId);
    const benefits = m ? benefitsOfMembership(m) : null;
    return {
      active,
      planId: m?.plan_id ?? null,
      title: m?.title ?? null,
      expiresAt: m?.expires_at.toISOString() ?? null,
      benefits: active && benefits ? { ...benefits, lines: membershipBenefitLines(benefits) } : null,
      trialUsed: purchases.some((p) => p.trial && p.status !== 'closed'),
      purchases: purchases.map(purchaseView),
    };
  }

  /**
   * Admin: refunds the unused part of every paid term (shared proRataRefund: a term still to come
   * whole, the running one by its unused share) through WeChat Pay, and ends the membership now.
   */
  async refund(
    staff: StaffPrincipal,
    memberId: string,
    reason: string | undefined,
    now = new Date(),
  ): Promise<MembershipRefundResponse> {
    return inTransaction(this.db, async (tx) => {
      const member = await this.ledger.lock(tx, memberId, now);
      if (!member) throw DomainError.notFound('member');
      const purchases = await this.rows.refundablePurchases(tx, memberId, now);
      const due = proRataRefund(
        purchases.map((p) => ({ id: p.id, price: p.price, startsAt: p.starts_at, endsAt: p.ends_at, refunded: p.refunded })),
        now,
      );
      if (due.length === 0) throw new DomainError('MEMBERSHIP_NOT_REFUNDABLE', 'no paid term is left to refund');
      for (const d of due) {
        const p = purchases.find((x) => x.id === d.id)!;
        await this.payments.requestRefund(tx, {
          paymentId: p.payment_id!,
          memberId,
          amount: d.amount,
          reason: reason ?? '付费会员退款',
          now,
        });
        await this.rows.addRefunded(tx, p.id, d.amount, 'refunded');
      }
      await this.rows.endMembership(tx, memberId, now);
      const amount = due.reduce((s, d) => s + d.amount, 0);
      const ended = await this.rows.membership(tx, memberId);
      await this.webhooks.emit(tx, {
        type: 'membership.changed',
        memberId,
        data: { memberId, purchaseId: null, change: 'refunded', planId: ended!.plan_id, expiresAt: now.toISOString() },
      });
      await this.notifications.add(tx, {
        memberId,
        kind: 'membership',
        title: '付费会员已退款',
        body: `未使用的会员期已退款 ¥${yuan(amount)}，原路退回微信支付`,
        businessKey: `membership_refund:${memberId}:${now.toISOString()}`,
      });
      await this.audit.record(tx, {
        actorType: 'staff',
        actorId: staff.id,
        action: 'membership.refund',
        targetType: 'member',
        targetId: memberId,
        details: { amount, purchases: due.length },
      });
      return {
        memberId,
        amount,
        refunds: due.map((d) => ({ purchaseId: d.id, amount: d.amount })),
        expiresAt: now.toISOString(),
      };
    });
  }

  // --- jobs ---------------------------------------------------------------------------------------
  /** `membership-monthly-coupons` (daily): this month's pack for every running membership that has one; safe to re-run. */
  async grantMonthlyPacks(now = new Date()): Promise<{ granted: number }> {
    let granted = 0;
    let after: string | null = null;
    for (;;) {
      const batch = await this.rows.withMonthlyPack(this.db, now, after, 200);
      for (const m of batch) {
        if (await inTransaction(this.db, (tx) => this.grantPack(tx, m.member_id, m.monthly_coupon_template_id, now))) granted++;
      }
      if (batch.length < 200) break;
      after = batch[batch.length - 1]!.member_id;
    }
    return { granted };
  }

  /** `membership-expiry` (every 10 minutes): tells each member once that their membership ended. */
  async noticeEnded(now = new Date()): Promise<{ noticed: number }> {
    let noticed = 0;
    for (const m of await this.rows.endedUnnoticed(this.db, now, 500)) {
      await inTransaction(this.db, async (tx) => {
        if (!(await this.rows.markNoticed(tx, m.member_id, now))) return;
        await this.notifications.add(tx, {
          memberId: m.member_id,
          kind: 'membership',
          title: '付费会员已到期',
          body: `${m.title} 已到期，续费后即可继续享受会员价和积分加倍`,
          businessKey: `membership_ended:${m.member_id}:${m.expires_at.toISOString()}`,
        });
        noticed++;
      });
    }
    return { noticed };
  }
}
