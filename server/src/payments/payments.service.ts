// Payments through WeChat Pay (docs/stored-value.md "Payments"): open an order in the caller's
// transaction, prepay it after the commit, and settle it exactly once — from a verified
// notification, from an order query (the member's app asking, or the sync job), never from the
// client's word. Features register what a paid payment means for them (a top-up is credited, a
// membership term starts) and run it in the transaction that marks the payment paid, so "paid"
// and "credited" commit together or not at all. Refunds are asked for in the feature's
// transaction (an outbox row) and sent to WeChat Pay after the commit, retried until they end.
import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { PaymentArguments, PaymentStatusResponse } from '@huiyuan/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import { inTransaction } from '../common/transaction.js';
import { MemberRepository } from '../members/member.repository.js';
import { OutboxService } from '../outbox/outbox.service.js';
import type { PaymentPurpose } from './payment.entity.js';
import { PAYMENT_GATEWAY, type GatewayRefund, type GatewayTransaction, type PaymentGateway } from './payment-gateway.js';
import { PaymentsRepository, type PaymentRefundRow, type PaymentRow } from './payments.repository.js';

export const PAYMENT_REFUND_TOPIC = 'payments.refund';
/** WeChat Pay's time_expire for our orders: unpaid after this, the sync job closes them. */
export const PAYMENT_TTL_MS = 30 * 60_000;
/** The sync job leaves fresh payments to their notification for this long before it asks. */
export const SYNC_AFTER_MS = 60_000;
/**
 * A refund still `pending` this long after it was asked for has not been accepted by WeChat Pay
 * although the outbox kept trying (or gave up): the sync job asks about it and sends it again.
 */
export const PENDING_REFUND_SYNC_AFTER_MS = 15 * 60_000;
/** The sync job asks about the same payment or refund at most this often. */
export const SYNC_EVERY_MS = 60_000;

/** What a paid payment, or an ended refund, means for the feature that opened it. */
export interface PaymentPurposeHandler {
  /** In the transaction that marks the payment paid (once per payment). */
  paid(tx: EntityManager, payment: PaymentRow, at: Date): Promise<void>;
  /** A refund ended (once per refund); `failed`: WeChat Pay refused it, give back what the refund took. */
  refundEnded(tx: EntityManager, refund: PaymentRefundRow, payment: PaymentRow, outcome: 'succeeded' | 'failed'): Promise<void>;
  /** The order was closed unpaid. */
  closed?(tx: EntityManager, payment: PaymentRow): Promise<void>;
}

/** The sandbox's 模拟支付: makes the fake WeChat Pay send its signed notification for a prepay. */
export interface PaymentSandbox {
  readonly enabled: boolean;
  pay(prepayId: string): Promise<unknown>;
}
export const PAYMENT_SANDBOX = Symbol('PAYMENT_SANDBOX');

/**
 * WeChat Pay's refusals of a refund that no retry can change — the order cannot be refunded (too
 * old, already refunded, unknown) or the request itself is wrong — so the refund ends `failed` and
 * the feature gives back what it took. Every other error is retried, and the balance stays taken
 * meanwhile: NOT_ENOUGH (the merchant account's balance, topped up later), SIGN_ERROR, NO_AUTH,
 * APPID_MCHID_NOT_MATCH (our configuration, fixed later), SYSTEM_ERROR, FREQUENCY_LIMITED, network.
 */
const FINAL_REFUND_REFUSALS: ReadonlySet<string> = new Set([
  'INVALID_REQUEST',
  'PARAM_ERROR',
  'ORDER_NOT_EXIST',
  'RESOURCE_NOT_EXISTS',
  'USER_ACCOUNT_ABNORMAL',
]);

function finalRefundRefusal(err: unknown): string | null {
  const code = (err as { code?: unknown })?.code;
  return (err as Error)?.name === 'WechatPayApiError' && typeof code === 'string' && FINAL_REFUND_REFUSALS.has(code)
    ? code
    : null;
}

/** A prepay WeChat Pay refuses because the order can no longer be paid. */
function orderNoLongerPayable(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return (err as Error)?.name === 'WechatPayApiError' && (code === 'ORDER_CLOSED' || code === 'ORDERPAID');
}

/** Trade states of an unpaid order that will not become paid by waiting (WeChat Pay's close ends them). */
const UNPAID_STATES: ReadonlySet<GatewayTransaction['tradeState']> = new Set(['NOTPAY', 'PAYERROR']);
const ENDED_UNPAID_STATES: ReadonlySet<GatewayTransaction['tradeState']> = new Set(['CLOSED', 'REVOKED']);

/** Ours: HY + local-free UTC date + 16 hex = 26 characters of [0-9A-Z], as WeChat Pay allows (6–32). */
function newTradeNo(prefix: 'HY' | 'HR', now: Date): string {
  const day = now.toISOString().slice(0, 10).replace(/-/g, '');
  return `${prefix}${day}${randomBytes(8).toString('hex').toUpperCase()}`;
}

@Injectable()
export class PaymentsService implements OnModuleInit {
  private readonly logger = new Logger('PaymentsService');
  private readonly handlers = new Map<PaymentPurpose, PaymentPurposeHandler>();

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly rows: PaymentsRepository,
    private readonly members: MemberRepository,
    private readonly outbox: OutboxService,
    @Inject(PAYMENT_GATEWAY) private readonly gateway: PaymentGateway,
    @Inject(PAYMENT_SANDBOX) private readonly sandbox: PaymentSandbox,
  ) {}

  onModuleInit(): void {
    this.outbox.register(PAYMENT_REFUND_TOPIC, async (m) => {
      await this.sendRefund((m.payload as { refundId: string }).refundId);
    });
  }

  /** Registered by stored-value/ and membership/ at start. */
  register(purpose: PaymentPurpose, handler: PaymentPurposeHandler): void {
    this.handlers.set(purpose, handler);
  }

  private handler(purpose: PaymentPurpose): PaymentPurposeHandler {
    const h = this.handlers.get(purpose);
    if (!h) throw new Error(`no payment handler for ${purpose}`);
    return h;
  }

  /** Opens a payment in the caller's transaction (nothing is sent yet: `prepay` after the commit). */
  async open(
    tx: EntityManager,
    p: { memberId: string; purpose: PaymentPurpose; referenceId: string; amount: number; description: string; now: Date },
  ): Promise<{ id: string; outTradeNo: string }> {
    const id = randomUUID();
    const outTradeNo = newTradeNo('HY', p.now);
    await this.rows.insert(tx, { ...p, id, outTradeNo, expiresAt: new Date(p.now.getTime() + PAYMENT_TTL_MS) });
    return { id, outTradeNo };
  }

  /**
   * The JSAPI prepay of a payment (once: a retry reuses its prepay id) and the signed arguments of
   * `wx.requestPayment`. WeChat Pay unreachable → 502 PAYMENT_UNAVAILABLE; the caller's retry with
   * the same request id prepays the same order again. A payment past its `expires_at`, closed, or
   * paid cannot be paid (again) → 409 PAYMENT_EXPIRED: the member starts a new one.
   */
  async prepay(paymentId: string, now = new Date()): Promise<PaymentArguments> {
    const payment = await this.rows.byId(this.db, paymentId);
    if (!payment) throw DomainError.notFound('payment');
    if (payment.status !== 'pending' || payment.expires_at.getTime() <= now.getTime()) {
      throw new DomainError('PAYMENT_EXPIRED', 'this payment can no longer be paid; start a new one with a new requestId');
    }
    let prepayId = payment.prepay_id;
    if (!prepayId) {
      const openid = (await this.members.openidsOf(this.db, [payment.member_id])).get(payment.member_id);
      if (!openid) throw new DomainError('MEMBER_NOT_ACTIVE', 'this membership is not active');
      try {
        ({ prepayId } = await this.gateway.jsapiPrepay({
          outTradeNo: payment.out_trade_no,
          description: payment.description,
          amountFen: payment.amount,
          openid,
          timeExpire: payment.expires_at,
        }));
      } catch (err) {
        this.logger.warn(
          `prepay ${payment.out_trade_no} failed: ${(err as Error).name} ${(err as { code?: string }).code ?? ''}`,
        );
        if (orderNoLongerPayable(err)) {
          throw new DomainError('PAYMENT_EXPIRED', 'this payment can no longer be paid; start a new one with a new requestId');
        }
        throw new DomainError('PAYMENT_UNAVAILABLE', 'WeChat Pay did not answer; try again with the same requestId');
      }
      await this.rows.setPrepayId(this.db, payment.id, prepayId);
    }
    return { ...this.gateway.paymentArguments(prepayId), outTradeNo: payment.out_trade_no };
  }

  /**
   * POST /payments/wechat/notify: verifies the signature (platform key, serial, 5-minute window),
   * decrypts the resource, then settles. Anything unverifiable → 401 PAYMENT_NOTIFICATION_INVALID
   * and nothing credited. A verified notification for an order we do not know, or already settled,
   * is acknowledged and changes nothing.
   */
  async handleNotification(headers: Record<string, string | string[] | undefined>, rawBody: string | undefined): Promise<void> {
    let n;
    try {
      n = this.gateway.parseNotification(headers, rawBody ?? '');
    } catch (err) {
      const reason = (err as { reason?: string }).reason ?? 'malformed';
      this.logger.warn(`refused a WeChat Pay notification: ${reason}`);
      throw new DomainError('PAYMENT_NOTIFICATION_INVALID', `notification refused: ${reason}`, [{ reason }]);
    }
    if (n.transaction) await this.settle(n.transaction);
    else if (n.refund) await this.refundReported(n.refund);
  }

  /** Settles a transaction WeChat Pay reported (notification or query): true when this call credited it. */
  async settle(t: GatewayTransaction): Promise<boolean> {
    // REFUND: paid, and (part of) it refunded since — paid all the same.
    if ((t.tradeState !== 'SUCCESS' && t.tradeState !== 'REFUND') || !t.transactionId) return false;
    const at = t.successTime ? new Date(t.successTime) : new Date();
    const paidAt = Number.isNaN(at.getTime()) ? new Date() : at;
    const known = await this.rows.byOutTradeNo(this.db, t.outTradeNo);
    if (!known) {
      this.logger.warn(`WeChat Pay reported an order we never opened: ${t.outTradeNo}`);
      return false;
    }
    return inTransaction(this.db, async (tx) => {
      // The member first, as every path that touches a payment does (docs/stored-value.md, "Locks").
      await this.members.lockRow(tx, known.member_id);
      const payment = await this.rows.markPaid(tx, t.outTradeNo, t.transactionId!, t.amountTotal, paidAt);
      if (!payment) {
        const known = await this.rows.byOutTradeNo(tx, t.outTradeNo);
        if (!known) this.logger.warn(`WeChat Pay reported an order we never opened: ${t.outTradeNo}`);
        else if (known.status !== 'paid' || known.transaction_id !== t.transactionId)
          this.logger.error(`WeChat Pay reported ${t.outTradeNo} paid with ${t.amountTotal} fen; we asked ${known.amount}`);
        return false;
      }
      await this.handler(payment.purpose).paid(tx, payment, paidAt);
      return true;
    });
  }

  /** Asks WeChat Pay about one payment and settles it; closes it when it expired unpaid. */
  async sync(payment: PaymentRow, now = new Date()): Promise<PaymentRow['status']> {
    if (payment.status === 'paid') return 'paid';
    const t = await this.gateway.queryByOutTradeNo(payment.out_trade_no);
    if (t && (t.tradeState === 'SUCCESS' || t.tradeState === 'REFUND')) {
      await this.settle(t);
      return 'paid';
    }
    const expired = payment.status === 'pending' && payment.expires_at.getTime() <= now.getTime();
    // Expired and not paid — never opened at WeChat Pay, unpaid, a failed payment, or ended there:
    // closed at WeChat Pay when it is still open, so nobody can pay it after we give up on it.
    if (expired && (!t || UNPAID_STATES.has(t.tradeState) || ENDED_UNPAID_STATES.has(t.tradeState))) {
      if (t && UNPAID_STATES.has(t.tradeState)) await this.gateway.close(payment.out_trade_no);
      await inTransaction(this.db, async (tx) => {
        if (await this.rows.markClosed(tx, payment.id)) await this.handler(payment.purpose).closed?.(tx, payment);
      });
      return 'closed';
    }
    return payment.status;
  }

  /** GET /me/payments/:outTradeNo — the member's own payment; a pending one is asked about first. */
  async statusFor(memberId: string, outTradeNo: string, now = new Date()): Promise<PaymentStatusResponse> {
    const payment = await this.rows.byOutTradeNo(this.db, outTradeNo);
    if (!payment || payment.member_id !== memberId) throw DomainError.notFound('payment');
    let status = payment.status;
    if (status === 'pending') {
      try {
        status = await this.sync(payment, now);
      } catch {
        // WeChat Pay unreachable: the notification or the sync job settles it later.
      }
    }
    return { outTradeNo, status, purpose: payment.purpose, amount: payment.amount };
  }

  /** The sandbox's 模拟支付 for the member's own prepay; 404 outside the sandbox. */
  async sandboxPay(memberId: string, prepayId: string): Promise<PaymentStatusResponse> {
    if (!this.sandbox.enabled) throw DomainError.notFound('route');
    const payment = await this.rows.byPrepayId(this.db, prepayId);
    if (!payment || payment.member_id !== memberId) throw DomainError.notFound('payment');
    if (payment.status === 'pending') await this.sandbox.pay(prepayId);
    return this.statusFor(memberId, payment.out_trade_no);
  }

  /**
   * Asks for a refund of `amount` of a paid payment, in the caller's transaction: reserved on the
   * payment (Σ refunds ≤ amount, a conditional update), recorded, and sent after the commit.
   */
  async requestRefund(
    tx: EntityManager,
    r: { paymentId: string; memberId: string; amount: number; reason: string | null; now: Date },
  ): Promise<string> {
    if (!(await this.rows.reserveRefund(tx, r.paymentId, r.amount))) {
      throw new DomainError('VALIDATION_FAILED', 'refunds would exceed what was paid');
    }
    const id = randomUUID();
    await this.rows.insertRefund(tx, {
      id,
      paymentId: r.paymentId,
      outRefundNo: newTradeNo('HR', r.now),
      amount: r.amount,
      reason: r.reason,
      now: r.now,
    });
    await this.outbox.add(tx, {
      topic: PAYMENT_REFUND_TOPIC,
      memberId: r.memberId,
      payload: { refundId: id },
      dedupeKey: `${PAYMENT_REFUND_TOPIC}:${id}`,
    });
    return id;
  }

  async refundStatus(db: Pick<EntityManager, 'query'>, refundId: string): Promise<PaymentRefundRow['status'] | null> {
    return (await this.rows.refundById(db, refundId))?.status ?? null;
  }

  /**
   * The outbox handler: sends one refund (same out_refund_no on every retry: WeChat Pay dedupes it).
   * Throws to be retried; a final refusal ends the refund failed.
   */
  private async sendRefund(refundId: string): Promise<void> {
    const refund = await this.rows.refundById(this.db, refundId);
    if (!refund || refund.status !== 'pending') return;
    const payment = (await this.rows.byId(this.db, refund.payment_id))!;
    let answer: GatewayRefund;
    try {
      answer = await this.gateway.refund({
        outTradeNo: payment.out_trade_no,
        outRefundNo: refund.out_refund_no,
        refundFen: refund.amount,
        totalFen: payment.amount,
        ...(refund.reason ? { reason: refund.reason } : {}),
      });
    } catch (err) {
      const refused = finalRefundRefusal(err);
      if (!refused) throw err; // NOT_ENOUGH, SIGN_ERROR, SYSTEM_ERROR, network…: tried again later
      await this.endRefund(refund, 'failed', { failure: refused });
      return;
    }
    await this.applyRefundAnswer(refund, payment, answer);
  }

  /**
   * What WeChat Pay said about one of our refunds (its answer, a query, a notification). The answer
   * must be about this refund of this order for the amount we asked, else it changes nothing.
   */
  private async applyRefundAnswer(refund: PaymentRefundRow, payment: PaymentRow, answer: GatewayRefund): Promise<void> {
    if (
      answer.outRefundNo !== refund.out_refund_no ||
      answer.outTradeNo !== payment.out_trade_no ||
      answer.amountRefund !== refund.amount
    ) {
      this.logger.error(
        `WeChat Pay reported refund ${answer.outRefundNo} of ${answer.amountRefund} fen on ${answer.outTradeNo}; ` +
          `we asked ${refund.amount} fen on ${payment.out_trade_no}: ignored`,
      );
      return;
    }
    const at = new Date();
    switch (answer.status) {
      case 'SUCCESS':
        return this.endRefund(refund, 'succeeded', { refundId: answer.refundId });
      case 'CLOSED':
        // Closed by WeChat Pay without paying it out: the money stays with the merchant.
        return this.endRefund(refund, 'failed', { refundId: answer.refundId, failure: 'CLOSED' });
      case 'PROCESSING':
        await inTransaction(this.db, (tx) =>
          this.rows.settleRefund(tx, refund.id, 'processing', { refundId: answer.refundId, at }),
        );
        return;
      case 'ABNORMAL': {
        // Not paid out (the member's bank card closed…) and not returned either: the merchant
        // finishes it on the merchant platform (or by the abnormal-refund API); we hold it and keep asking.
        const moved = await inTransaction(this.db, (tx) =>
          this.rows.settleRefund(tx, refund.id, 'abnormal', { refundId: answer.refundId, failure: 'ABNORMAL', at }),
        );
        if (moved)
          this.logger.error(`refund ${refund.out_refund_no} is ABNORMAL at WeChat Pay: finish it on the merchant platform`);
        return;
      }
    }
  }

  /** A refund notification (REFUND.SUCCESS / ABNORMAL / CLOSED). */
  private async refundReported(r: GatewayRefund): Promise<void> {
    const refund = await this.rows.refundByOutRefundNo(this.db, r.outRefundNo);
    if (!refund) {
      this.logger.warn(`WeChat Pay reported a refund we never asked for: ${r.outRefundNo}`);
      return;
    }
    const payment = (await this.rows.byId(this.db, refund.payment_id))!;
    await this.applyRefundAnswer(refund, payment, r);
  }

  /**
   * Ends a refund once; the feature hears of it in the same transaction. The member's lock comes
   * first (as in every path that asks for a refund), then the refund, then the payment.
   */
  private async endRefund(
    refund: PaymentRefundRow,
    outcome: 'succeeded' | 'failed',
    f: { refundId?: string; failure?: string },
  ): Promise<void> {
    const memberId = (await this.rows.byId(this.db, refund.payment_id))!.member_id;
    await inTransaction(this.db, async (tx) => {
      await this.members.lockRow(tx, memberId);
      const moved = await this.rows.settleRefund(tx, refund.id, outcome, { ...f, at: new Date() });
      if (!moved) return;
      const payment = (await this.rows.byId(tx, moved.payment_id))!;
      if (outcome === 'failed') await this.rows.releaseRefund(tx, payment.id, moved.amount);
      await this.handler(payment.purpose).refundEnded(tx, moved, payment, outcome);
    });
  }

  /**
   * The `payments-sync` job (every minute). Pending payments older than a minute are asked about
   * (a lost notification is settled, an expired unpaid order closed). Refunds WeChat Pay accepted
   * but has not finished (processing, abnormal) are asked about; refunds it never accepted
   * (pending for 15 minutes: the outbox kept failing or gave up) are asked about and, unknown
   * there, sent again under the same out_refund_no. Each run takes the least recently asked
   * first, so nothing starves. Safe on several instances: every change is a conditional update.
   */
  async syncDue(now = new Date(), limit = 100): Promise<{ settled: number; closed: number; refunds: number }> {
    let settled = 0;
    let closed = 0;
    const askedBefore = new Date(now.getTime() - SYNC_EVERY_MS);
    const payments = await this.rows.pendingDueForSync(this.db, new Date(now.getTime() - SYNC_AFTER_MS), askedBefore, limit);
    for (const p of payments) {
      await this.rows.markSynced(this.db, p.id, now);
      try {
        const status = await this.sync(p, now);
        if (status === 'paid') settled++;
        if (status === 'closed') closed++;
      } catch (err) {
        this.logger.warn(`sync of ${p.out_trade_no} failed: ${(err as Error).name}`);
      }
    }
    let refunds = 0;
    const due = await this.rows.refundsDueForSync(this.db, {
      acceptedBefore: new Date(now.getTime() - SYNC_AFTER_MS),
      pendingBefore: new Date(now.getTime() - PENDING_REFUND_SYNC_AFTER_MS),
      askedBefore,
      limit,
    });
    for (const r of due) {
      await this.rows.markRefundSynced(this.db, r.id, now);
      try {
        const answer = await this.gateway.queryRefund(r.out_refund_no);
        if (!answer) {
          // WeChat Pay never accepted it: send it again (the outbox may have given up on it).
          if (r.status === 'pending') await this.sendRefund(r.id);
          else this.logger.error(`WeChat Pay does not know refund ${r.out_refund_no}, which it had accepted`);
        } else {
          const payment = (await this.rows.byId(this.db, r.payment_id))!;
          await this.applyRefundAnswer(r, payment, answer);
        }
        if ((await this.rows.refundById(this.db, r.id))?.status !== r.status) refunds++;
      } catch (err) {
        this.logger.warn(
          `refund sync ${r.out_refund_no} failed: ${(err as Error).name} ${(err as { code?: string }).code ?? ''}`,
        );
      }
    }
    return { settled, closed, refunds };
  }
}
