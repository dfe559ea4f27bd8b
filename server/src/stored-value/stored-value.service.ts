// Stored value (储值, docs/stored-value.md): plans, top-ups through WeChat Pay, the balance with
// principal and bonus apart, balance payments and returns at the till, top-up refunds with the
// bonus clawed back, bonus expiry, and the settlement between stores. The rules are shared's
// (rules/stored-value.ts); this file runs them under the member's lock and writes the ledger.
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import {
  planEditProblems,
  balanceToReturn,
  bonusExpiresAt,
  liveBalance,
  planBalanceReturn,
  planBalanceSpend,
  planTopUpRefund,
  storedValuePlanProblems,
  storedValueSettingsProblems,
  type AdminMemberStoredValue,
  type AdminStoredValuePlan,
  type CreateStoredValuePlanRequest,
  type CreateTopUpRequest,
  type CreateTopUpResponse,
  type MyStoredValueResponse,
  type SpendOrder,
  type StoredValueEntry,
  type StoredValueLot,
  type StoredValuePlansResponse,
  type StoredValueSettingsResponse,
  type StoredValueSettlementResponse,
  type TopUp,
  type TopUpRefundRequest,
  type TopUpRefundResponse,
  type UpdateStoredValuePlanRequest,
} from '@huiyuan/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AnalyticsRepository } from '../analytics/analytics.repository.js';
import { AuditService } from '../audit/audit.service.js';
import type { StaffPrincipal } from '../common/auth.js';
import { DomainError } from '../common/domain-error.js';
import { decodeCursor, encodeCursor } from '../common/pagination.js';
import { inTransaction } from '../common/transaction.js';
import { PointsLedgerService } from '../loyalty/points-ledger.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import type { PaymentRefundRow, PaymentRow } from '../payments/payments.repository.js';
import { PaymentsService } from '../payments/payments.service.js';
import { StoreRepository } from '../stores/store.repository.js';
import { TillService } from '../till/till.service.js';
import { StoredValueRepository, type EntryRow, type NewEntry, type PlanRow, type TopUpRow } from './stored-value.repository.js';
import { WebhookEventsService } from '../webhooks/webhook-events.service.js';

const yuan = (fen: number) => (fen / 100).toFixed(2);

function planView(p: PlanRow): AdminStoredValuePlan {
  return { id: p.id, title: p.title, amount: p.amount, bonus: p.bonus, active: p.active, createdAt: p.created_at.toISOString() };
}

function topUpView(t: TopUpRow): TopUp {
  return {
    id: t.id,
    planId: t.plan_id,
    title: t.title,
    amount: t.amount,
    bonus: t.bonus,
    status: t.status,
    storeId: t.store_id,
    createdAt: t.created_at.toISOString(),
    paidAt: t.paid_at?.toISOString() ?? null,
    principalLeft: t.principal_left,
    bonusLeft: t.bonus_left,
    bonusExpiresAt: t.bonus_expires_at?.toISOString() ?? null,
    principalRefunded: t.principal_refunded,
  };
}

function entryView(e: EntryRow): StoredValueEntry {
  return {
    id: e.id,
    delta: e.principal_delta + e.bonus_delta,
    principalDelta: e.principal_delta,
    bonusDelta: e.bonus_delta,
    kind: e.kind,
    balanceAfter: Number(e.principal_after) + Number(e.bonus_after),
    storeId: e.store_id,
    orderNo: e.order_no,
    createdAt: e.created_at.toISOString(),
  };
}

/** The member's stored value as the till needs it (read under the member's lock). */
export interface TillBalance {
  lots: StoredValueLot[];
  spendOrder: SpendOrder;
  /** Spendable now: principal + live bonus. */
  spendable: number;
}

@Injectable()
export class StoredValueService implements OnModuleInit {
  private readonly logger = new Logger('StoredValueService');

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly rows: StoredValueRepository,
    private readonly payments: PaymentsService,
    private readonly ledger: PointsLedgerService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly stores: StoreRepository,
    private readonly analytics: AnalyticsRepository,
    private readonly till: TillService,
    private readonly webhooks: WebhookEventsService,
  ) {}

  onModuleInit(): void {
    // The till's balance tender: it cannot import this module (this one imports the till).
    this.till.useBalanceTender(this);
    this.payments.register('stored_value_top_up', {
      paid: (tx, payment, at) => this.credit(tx, payment, at),
      refundEnded: (tx, refund, _payment, outcome) => this.refundEnded(tx, refund, outcome),
      closed: (tx, payment) => this.rows.markTopUpClosed(tx, payment.reference_id),
    });
  }

  /** One ledger entry, and its webhook event in the same transaction. */
  private async record(tx: EntityManager, e: NewEntry): Promise<void> {
    await this.rows.insertEntry(tx, e);
    await this.webhooks.emit(tx, {
      type: 'stored_value.changed',
      memberId: e.memberId,
      data: {
        entryId: e.id,
        memberId: e.memberId,
        kind: e.kind,
        principalDelta: e.principalDelta,
        bonusDelta: e.bonusDelta,
        balanceAfter: e.principalAfter + e.bonusAfter,
        storeId: e.storeId,
        orderNo: e.orderNo ?? null,
      },
    });
  }

  // --- plans and settings ---------------------------------------------------------------------
  async plans(): Promise<StoredValuePlansResponse> {
    const rows = await this.rows.plans(this.db, true);
    return { items: rows.map((p) => ({ id: p.id, title: p.title, amount: p.amount, bonus: p.bonus })) };
  }

  async adminPlans(): Promise<{ items: AdminStoredValuePlan[] }> {
    return { items: (await this.rows.plans(this.db, false)).map(planView) };
  }

  async createPlan(staff: StaffPrincipal, req: CreateStoredValuePlanRequest): Promise<AdminStoredValuePlan> {
    const problems = storedValuePlanProblems(req);
    if (Object.keys(problems).length > 0) {
      throw DomainError.fromProblems('INVALID_PLAN', 'the plan is not valid', problems);
    }
    return inTransaction(this.db, async (tx) => {
      const row = await this.rows.insertPlan(tx, {
        id: randomUUID(),
        title: req.title.trim(),
        amount: req.amount,
        bonus: req.bonus,
      });
      await this.audit.record(tx, {
        actorType: 'staff',
        actorId: staff.id,
        action: 'stored_value.plan_create',
        targetType: 'stored_value_plan',
        targetId: row.id,
        details: { amount: req.amount, bonus: req.bonus },
      });
      return planView(row);
    });
  }

  /** Title and on/off only: a plan's amount and bonus are what members bought it for. */
  async updatePlan(staff: StaffPrincipal, id: string, req: UpdateStoredValuePlanRequest): Promise<AdminStoredValuePlan> {
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
        action: 'stored_value.plan_update',
        targetType: 'stored_value_plan',
        targetId: id,
        details: { ...req },
      });
      return planView(row);
    });
  }

  async settings(): Promise<StoredValueSettingsResponse> {
    const s = await this.rows.settings(this.db);
    return { spendOrder: s.spend_order, bonusExpiryDays: s.bonus_expiry_days };
  }

  /** New spend order from the next payment; a new bonus expiry for top-ups paid from now on. */
  async saveSettings(staff: StaffPrincipal, req: StoredValueSettingsResponse): Promise<StoredValueSettingsResponse> {
    const problems = storedValueSettingsProblems(req);
    if (Object.keys(problems).length > 0) {
      throw DomainError.fromProblems('VALIDATION_FAILED', 'settings are not valid', problems);
    }
    await inTransaction(this.db, async (tx) => {
      await this.rows.saveSettings(tx, req);
      await this.audit.record(tx, {
        actorType: 'staff',
        actorId: staff.id,
        action: 'stored_value.settings_update',
        details: { ...req },
      });
    });
    return this.settings();
  }

  // --- top-ups --------------------------------------------------------------------------------
  /**
   * Opens a top-up and its WeChat Pay order; nothing is credited until WeChat Pay says it was paid.
   * The same requestId answers the first top-up again (its payment arguments; a prepay that failed
   * is tried again) — with another plan → 409 IDEMPOTENCY_KEY_CONFLICT.
   */
  async createTopUp(
    memberId: string,
    req: CreateTopUpRequest,
    now = new Date(),
  ): Promise<{ created: boolean; body: CreateTopUpResponse }> {
    let topUp = await this.rows.topUpByRequest(this.db, memberId, req.requestId);
    let created = false;
    if (!topUp) {
      const plan = await this.rows.plan(this.db, req.planId);
      if (!plan || !plan.active) throw new DomainError('PLAN_NOT_AVAILABLE', 'this top-up plan is not offered');
      if (req.storeId && !(await this.stores.names(this.db, [req.storeId])).has(req.storeId)) throw DomainError.notFound('store');
      const storeId = req.storeId ?? (await this.analytics.homeStore(this.db, memberId));
      const id = randomUUID();
      await inTransaction(
        this.db,
        async (tx) => {
          const payment = await this.payments.open(tx, {
            memberId,
            purpose: 'stored_value_top_up',
            referenceId: id,
            amount: plan.amount,
            description: `储值 ${plan.title}`,
            now,
          });
          await this.rows.insertTopUp(tx, { id, memberId, plan, storeId, requestId: req.requestId, paymentId: payment.id, now });
        },
        { retryOnUnique: [] },
      ).catch(async (err) => {
        // A concurrent retry with the same requestId inserted first: answer as its replay.
        if ((await this.rows.topUpByRequest(this.db, memberId, req.requestId)) === null) throw err;
      });
      topUp = (await this.rows.topUpByRequest(this.db, memberId, req.requestId))!;
      created = topUp.id === id;
    }
    if (topUp.plan_id !== req.planId)
      throw new DomainError('IDEMPOTENCY_KEY_CONFLICT', 'this requestId was used for another plan');
    if (topUp.response) return { created, body: topUp.response as CreateTopUpResponse };
    const payment = await this.payments.prepay(topUp.payment_id);
    const body: CreateTopUpResponse = { topUpId: topUp.id, status: 'pending', payment };
    await this.rows.setTopUpResponse(this.db, topUp.id, body);
    return { created, body };
  }

  /** A paid top-up: its lot filled, the account credited, one entry — in the payment's transaction. */
  private async credit(tx: EntityManager, payment: PaymentRow, at: Date): Promise<void> {
    const member = await this.ledger.lock(tx, payment.member_id, at);
    if (!member) throw DomainError.notFound('member');
    const settings = await this.rows.settings(tx);
    const topUp = await this.rows.markTopUpPaid(
      tx,
      payment.reference_id,
      bonusExpiresAt(at, { bonusExpiryDays: settings.bonus_expiry_days }),
      at,
    );
    if (!topUp) return;
    const after = (await this.rows.moveAccount(tx, member.id, topUp.amount, topUp.bonus))!;
    await this.record(tx, {
      id: randomUUID(),
      memberId: member.id,
      kind: 'top_up',
      principalDelta: topUp.amount,
      bonusDelta: topUp.bonus,
      principalAfter: after.principal,
      bonusAfter: after.bonus,
      businessKey: `top_up:${topUp.id}`,
      storeId: topUp.store_id,
      topUpId: topUp.id,
      now: at,
    });
    await this.notifications.add(tx, {
      memberId: member.id,
      kind: 'stored_value_top_up',
      title: '储值到账',
      body: `充值 ¥${yuan(topUp.amount)}${topUp.bonus > 0 ? `，赠送 ¥${yuan(topUp.bonus)}` : ''} 已到账，当前余额 ¥${yuan(after.principal + after.bonus)}`,
      businessKey: `stored_value_top_up:${topUp.id}`,
    });
  }

  // --- the till ---------------------------------------------------------------------------------
  /** The member's lots and spendable balance; the caller holds the member's lock. */
  async tillBalance(tx: EntityManager, memberId: string, now: Date): Promise<TillBalance> {
    const { lots, spendOrder } = await this.rows.lotsAndSettings(tx, memberId);
    return { lots, spendOrder, spendable: liveBalance(lots, now).total };
  }

  /** What the member can spend now (outside any lock: the till's identify screen). */
  async spendable(memberId: string, now = new Date()): Promise<number> {
    const { lots } = await this.rows.lotsAndSettings(this.db.manager, memberId);
    return liveBalance(lots, now).total;
  }

  /**
   * Pays `amount` of an order from the balance, in the order's transaction under the member's
   * lock: the lots by the spend order, the account by a conditional update (INSUFFICIENT_BALANCE
   * if it would go below zero), one entry and its allocations.
   */
  async spendForOrder(
    tx: EntityManager,
    balance: TillBalance,
    o: { memberId: string; orderId: string; orderNo: string; storeId: string; amount: number; now: Date },
  ): Promise<void> {
    const plan = planBalanceSpend(balance.lots, o.amount, balance.spendOrder, o.now);
    if (!plan.ok) throw new DomainError('INSUFFICIENT_BALANCE', `the member has ¥${yuan(balance.spendable)} of stored value`);
    const after = await this.rows.moveAccount(tx, o.memberId, -plan.principal, -plan.bonus);
    if (!after) throw new DomainError('INSUFFICIENT_BALANCE', 'the stored value does not cover this');
    await this.rows.moveLots(
      tx,
      plan.takes.map((t) => ({ lotId: t.lotId, principal: -t.principal, bonus: -t.bonus })),
    );
    const entryId = randomUUID();
    await this.record(tx, {
      id: entryId,
      memberId: o.memberId,
      kind: 'spend',
      principalDelta: -plan.principal,
      bonusDelta: -plan.bonus,
      principalAfter: after.principal,
      bonusAfter: after.bonus,
      businessKey: `order:${o.orderId}:spend`,
      storeId: o.storeId,
      orderId: o.orderId,
      orderNo: o.orderNo,
      now: o.now,
    });
    await this.rows.insertAllocations(tx, entryId, o.orderId, o.storeId, plan.takes);
  }

  /**
   * An order refund gives back the balance share of what is refunded (cumulative, so a full
   * refund returns all the order took), to the lots it came from. Returns the fen given back and
   * the bonus not given back because it expired since the order.
   */
  async returnForRefund(
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
  ): Promise<{ returned: number; forfeited: number }> {
    const due = balanceToReturn(r.balancePaid, r.payable, r.refundedBefore, r.amount);
    if (due === 0) return { returned: 0, forfeited: 0 };
    const spent = await this.rows.allocationsOfOrder(tx, r.orderId);
    const plan = planBalanceReturn(
      spent.map((s) => ({
        lotId: s.lot_id,
        principal: s.principal,
        bonus: s.bonus,
        principalReturned: s.principal_returned,
        bonusReturned: s.bonus_returned,
        bonusExpiresAt: s.bonus_expires_at,
      })),
      due,
      r.now,
    );
    if (plan.principal + plan.bonus + plan.bonusForfeited === 0) return { returned: 0, forfeited: 0 };
    // The allocation counts a forfeited bonus as returned: the order owes no more of it.
    await this.rows.markReturned(
      tx,
      spent[0]!.entry_id,
      plan.returns.map((ret) => ({ lotId: ret.lotId, principal: ret.principal, bonus: ret.bonus + ret.bonusForfeited })),
    );
    await this.rows.moveLots(
      tx,
      plan.returns.map((ret) => ({ lotId: ret.lotId, principal: ret.principal, bonus: ret.bonus })),
    );
    const after = (await this.rows.moveAccount(tx, r.memberId, plan.principal, plan.bonus))!;
    const entryId = randomUUID();
    await this.record(tx, {
      id: entryId,
      memberId: r.memberId,
      kind: 'order_refund',
      principalDelta: plan.principal,
      bonusDelta: plan.bonus,
      principalAfter: after.principal,
      bonusAfter: after.bonus,
      businessKey: `refund:${r.refundId}:balance`,
      storeId: r.storeId,
      orderId: r.orderId,
      orderNo: r.orderNo,
      now: r.now,
    });
    await this.rows.insertReturns(
      tx,
      { entryId, orderId: r.orderId, storeId: r.storeId, at: r.now },
      plan.returns.map((ret) => ({ lotId: ret.lotId, principal: ret.principal, bonus: ret.bonus + ret.bonusForfeited })),
    );
    return { returned: plan.principal + plan.bonus, forfeited: plan.bonusForfeited };
  }

  // --- the member's view ------------------------------------------------------------------------
  async mine(memberId: string, cursor?: string, limit = 20, now = new Date()): Promise<MyStoredValueResponse> {
    const { lots, spendOrder } = await this.rows.lotsAndSettings(this.db.manager, memberId);
    const live = liveBalance(lots, now);
    const expiring = lots
      .filter((l) => l.bonusLeft > 0 && l.bonusExpiresAt !== null && l.bonusExpiresAt.getTime() > now.getTime())
      .sort((a, b) => a.bonusExpiresAt!.getTime() - b.bonusExpiresAt!.getTime())[0];
    const after = cursor ? decodeCursor(cursor) : null;
    const rows = await this.rows.entriesPage(
      this.db,
      memberId,
      after ? { at: new Date(after.t), id: after.id } : null,
      limit + 1,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      balance: live.total,
      principal: live.principal,
      bonus: live.bonus,
      bonusExpiringAt: expiring?.bonusExpiresAt?.toISOString() ?? null,
      bonusExpiring: expiring?.bonusLeft ?? 0,
      spendOrder,
      entries: page.map(entryView),
      nextCursor: rows.length > limit && last ? encodeCursor(last.created_at, last.id) : null,
    };
  }

  async topUpsOf(memberId: string): Promise<{ items: TopUp[] }> {
    return { items: (await this.rows.topUpsOf(this.db, memberId, 50)).map(topUpView) };
  }

  async adminMember(memberId: string, now = new Date()): Promise<AdminMemberStoredValue> {
    const mine = await this.mine(memberId, undefined, 50, now);
    return {
      balance: mine.balance,
      principal: mine.principal,
      bonus: mine.bonus,
      topUps: (await this.topUpsOf(memberId)).items,
      entries: mine.entries,
    };
  }

  // --- top-up refunds ---------------------------------------------------------------------------
  /**
   * Refunds a top-up's unspent principal through WeChat Pay, clawing its bonus back (shared
   * planTopUpRefund). Admins, or the manager of the top-up's store. The balance moves at once;
   * if WeChat Pay refuses the refund in the end, it is given back (`top_up_refund_reverted`).
   */
  async refundTopUp(
    staff: StaffPrincipal,
    topUpId: string,
    req: TopUpRefundRequest,
    now = new Date(),
  ): Promise<{ created: boolean; body: TopUpRefundResponse }> {
    const first = await this.rows.topUp(this.db, topUpId);
    if (!first) throw DomainError.notFound('top-up');
    if (staff.role !== 'admin' && first.store_id !== staff.storeId)
      throw DomainError.forbidden('another store’s top-up', 'STORE_SCOPE');
    return inTransaction(this.db, async (tx) => {
      const member = await this.ledger.lock(tx, first.member_id, now);
      if (!member) throw DomainError.notFound('member');
      const replay = await this.rows.refundByRequest(tx, topUpId, req.requestId);
      if (replay) return { created: false, body: replay.response as TopUpRefundResponse };
      const t = (await this.rows.topUp(tx, topUpId))!;
      if (t.paid_at === null)
        throw DomainError.fromRefusal({ code: 'TOP_UP_NOT_REFUNDABLE', reason: 'not_paid' }, 'this top-up was never paid');
      const plan = planTopUpRefund(
        {
          amount: t.amount,
          bonus: t.bonus,
          principalLeft: t.principal_left,
          bonusLeft: t.bonus_left,
          principalRefunded: t.principal_refunded,
          bonusClawed: t.bonus_clawed,
        },
        req.principal ?? t.principal_left,
      );
      if (!plan.ok) throw DomainError.fromRefusal(plan, `this top-up has ¥${yuan(t.principal_left)} of principal left`);
      const after = await this.rows.moveAccount(tx, member.id, -plan.principal, -plan.bonusFromLot);
      if (!after) throw new DomainError('INSUFFICIENT_BALANCE', 'the account does not cover this refund');
      const fullyRefunded = t.principal_left - plan.principal === 0;
      await this.rows.refundLot(tx, t.id, {
        principal: plan.principal,
        bonusFromLot: plan.bonusFromLot,
        bonusClawed: plan.bonusFromLot + plan.bonusFromMoney,
        status: fullyRefunded ? 'refunded' : 'partially_refunded',
      });
      const refundId = randomUUID();
      await this.record(tx, {
        id: randomUUID(),
        memberId: member.id,
        kind: 'top_up_refund',
        principalDelta: -plan.principal,
        bonusDelta: -plan.bonusFromLot,
        principalAfter: after.principal,
        bonusAfter: after.bonus,
        businessKey: `top_up_refund:${refundId}`,
        storeId: t.store_id,
        topUpId: t.id,
        now,
      });
      const paymentRefundId =
        plan.money > 0
          ? await this.payments.requestRefund(tx, {
              paymentId: t.payment_id,
              memberId: member.id,
              amount: plan.money,
              reason: req.reason ?? '储值退款',
              now,
            })
          : null;
      const body: TopUpRefundResponse = {
        topUpId: t.id,
        refundId,
        principal: plan.principal,
        bonusClawedBack: plan.bonusFromLot,
        bonusKeptFromMoney: plan.bonusFromMoney,
        money: plan.money,
        status: paymentRefundId ? 'processing' : 'succeeded',
      };
      await this.rows.insertRefund(tx, {
        id: refundId,
        topUpId: t.id,
        memberId: member.id,
        requestId: req.requestId,
        principal: plan.principal,
        bonusFromLot: plan.bonusFromLot,
        bonusFromMoney: plan.bonusFromMoney,
        money: plan.money,
        status: paymentRefundId ? 'processing' : 'succeeded',
        paymentRefundId,
        staffId: staff.id,
        reason: req.reason ?? null,
        response: body,
        now,
      });
      await this.audit.record(tx, {
        actorType: 'staff',
        actorId: staff.id,
        action: 'stored_value.top_up_refund',
        targetType: 'member',
        targetId: member.id,
        details: { topUpId: t.id, principal: plan.principal, money: plan.money },
      });
      return { created: true, body };
    });
  }

  /** WeChat Pay finished a top-up refund: recorded; a refused one gives the balance back. */
  private async refundEnded(tx: EntityManager, refund: PaymentRefundRow, outcome: 'succeeded' | 'failed'): Promise<void> {
    const r = await this.rows.refundByPaymentRefund(tx, refund.id);
    if (!r) return;
    await this.rows.setRefundStatus(tx, r.id, outcome);
    if (outcome === 'succeeded') return;
    const now = new Date();
    await this.ledger.lock(tx, r.member_id, now);
    const clawed = r.bonus_from_lot + r.bonus_from_money;
    await this.rows.revertRefundLot(tx, r.top_up_id, {
      principal: r.principal,
      bonusFromLot: r.bonus_from_lot,
      bonusClawed: clawed,
    });
    const after = (await this.rows.moveAccount(tx, r.member_id, r.principal, r.bonus_from_lot))!;
    const t = (await this.rows.topUp(tx, r.top_up_id))!;
    await this.record(tx, {
      id: randomUUID(),
      memberId: r.member_id,
      kind: 'top_up_refund_reverted',
      principalDelta: r.principal,
      bonusDelta: r.bonus_from_lot,
      principalAfter: after.principal,
      bonusAfter: after.bonus,
      businessKey: `top_up_refund_reverted:${r.id}`,
      storeId: t.store_id,
      topUpId: t.id,
      now,
    });
    // Bonus given back to a lot whose bonus has expired meanwhile expires again at once, in its own
    // bonus_expired entry: the member never gets expired bonus back by a refund that failed.
    if (r.bonus_from_lot > 0 && t.bonus_expires_at !== null && t.bonus_expires_at.getTime() <= now.getTime()) {
      await this.expireLotBonus(tx, { id: t.id, memberId: r.member_id, storeId: t.store_id }, now);
    }
  }

  // --- jobs and reports -------------------------------------------------------------------------
  /**
   * The `stored-value-bonus-expiry` job: expired bonus leaves the balance, one entry per lot. Safe
   * to re-run (the lot's bonus is read again under the member's lock). Each lot is its own
   * transaction and its own failure: one lot that cannot expire is logged and the rest go on.
   */
  async expireBonuses(now = new Date(), limit = 500): Promise<{ lots: number; fen: number; failed: number }> {
    let lots = 0;
    let fen = 0;
    let failed = 0;
    for (const lot of await this.rows.expiredBonusLots(this.db, now, limit)) {
      try {
        const expired = await inTransaction(this.db, async (tx) => {
          await this.ledger.lock(tx, lot.member_id, now);
          return this.expireLotBonus(tx, { id: lot.id, memberId: lot.member_id, storeId: lot.store_id }, now);
        });
        if (expired > 0) {
          lots++;
          fen += expired;
        }
      } catch (err) {
        failed++;
        this.logger.error(`bonus expiry of lot ${lot.id} failed: ${(err as Error).message}`);
      }
    }
    return { lots, fen, failed };
  }

  /**
   * Takes a lot's remaining bonus out of the balance as expired (the caller holds the member's
   * lock and knows the lot's bonus has expired). The key is per occurrence — a lot's bonus can
   * expire more than once when a reverted refund brings bonus back to it after its expiry.
   */
  private async expireLotBonus(
    tx: EntityManager,
    lot: { id: string; memberId: string; storeId: string | null },
    now: Date,
  ): Promise<number> {
    const left = await this.rows.lotBonusLeft(tx, lot.id);
    if (left === 0) return 0;
    await this.rows.moveLots(tx, [{ lotId: lot.id, principal: 0, bonus: -left }]);
    const after = (await this.rows.moveAccount(tx, lot.memberId, 0, -left))!;
    const entryId = randomUUID();
    await this.record(tx, {
      id: entryId,
      memberId: lot.memberId,
      kind: 'bonus_expired',
      principalDelta: 0,
      bonusDelta: -left,
      principalAfter: after.principal,
      bonusAfter: after.bonus,
      businessKey: `bonus_expired:${lot.id}:${entryId}`,
      storeId: lot.storeId,
      topUpId: lot.id,
      now,
    });
    return left;
  }

  async settlement(from: Date, to: Date, storeId?: string): Promise<StoredValueSettlementResponse> {
    const rows = await this.rows.settlement(this.db, from, to);
    const names = await this.stores.names(
      this.db,
      rows.map((r) => r.store_id).filter((s): s is string => s !== null),
    );
    const items = rows
      .filter((r) => !storeId || r.store_id === storeId)
      .map((r) => {
        const owedByOthers = Number(r.owed_by_others);
        const owedToOthers = Number(r.owed_to_others);
        return {
          storeId: r.store_id,
          storeName: r.store_id ? (names.get(r.store_id) ?? r.store_id) : '线上（未指定门店）',
          toppedUp: Number(r.topped_up),
          bonusGranted: Number(r.bonus_granted),
          principalSpent: Number(r.principal_spent),
          bonusSpent: Number(r.bonus_spent),
          owedByOthers,
          owedToOthers,
          net: owedByOthers - owedToOthers,
          principalRefunded: Number(r.principal_refunded),
        };
      })
      .sort((a, b) => a.storeName.localeCompare(b.storeName, 'zh-CN'));
    return { from: from.toISOString(), to: to.toISOString(), items, outstanding: await this.rows.outstanding(this.db, storeId) };
  }
}
