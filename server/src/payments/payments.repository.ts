// The payments module's SQL (payment, payment_refund).
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { returning } from '../common/sql.js';
import { exportRows } from '../common/export-rows.js';
import type { ExportRow } from '@huiyuan/shared';
import type { PaymentPurpose, PaymentRefundStatus, PaymentStatus } from './payment.entity.js';

type Db = Pick<EntityManager, 'query'>;

export interface PaymentRow {
  id: string;
  out_trade_no: string;
  member_id: string;
  purpose: PaymentPurpose;
  reference_id: string;
  amount: number;
  description: string;
  status: PaymentStatus;
  prepay_id: string | null;
  transaction_id: string | null;
  refunded: number;
  expires_at: Date;
  paid_at: Date | null;
  created_at: Date;
}

export interface PaymentRefundRow {
  id: string;
  payment_id: string;
  out_refund_no: string;
  amount: number;
  status: PaymentRefundStatus;
  refund_id: string | null;
  reason: string | null;
  failure: string | null;
  created_at: Date;
  settled_at: Date | null;
}

const PAYMENT_COLUMNS = `id, out_trade_no, member_id, purpose, reference_id, amount, description, status, prepay_id,
  transaction_id, refunded, expires_at, paid_at, created_at`;

@Injectable()
export class PaymentsRepository {
  async insert(
    tx: Db,
    p: {
      id: string;
      outTradeNo: string;
      memberId: string;
      purpose: PaymentPurpose;
      referenceId: string;
      amount: number;
      description: string;
      expiresAt: Date;
      now: Date;
    },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO payment (id, out_trade_no, member_id, purpose, reference_id, amount, description, expires_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`,
      [p.id, p.outTradeNo, p.memberId, p.purpose, p.referenceId, p.amount, p.description, p.expiresAt, p.now],
    );
  }

  async byId(db: Db, id: string): Promise<PaymentRow | null> {
    const rows: PaymentRow[] = await db.query(`SELECT ${PAYMENT_COLUMNS} FROM payment WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async byOutTradeNo(db: Db, outTradeNo: string): Promise<PaymentRow | null> {
    const rows: PaymentRow[] = await db.query(`SELECT ${PAYMENT_COLUMNS} FROM payment WHERE out_trade_no = $1`, [outTradeNo]);
    return rows[0] ?? null;
  }

  async byPrepayId(db: Db, prepayId: string): Promise<PaymentRow | null> {
    const rows: PaymentRow[] = await db.query(`SELECT ${PAYMENT_COLUMNS} FROM payment WHERE prepay_id = $1`, [prepayId]);
    return rows[0] ?? null;
  }

  /** Records the prepay id (a retried prepay of the same order gets the same one from WeChat Pay). */
  async setPrepayId(db: Db, id: string, prepayId: string): Promise<void> {
    await db.query(`UPDATE payment SET prepay_id = $2, updated_at = now() WHERE id = $1`, [id, prepayId]);
  }

  /**
   * The one transition to paid: only from pending or closed (a member may pay in the instant the
   * sync job closes the order: WeChat Pay then still reports SUCCESS, and the money is theirs), only
   * for the amount we asked. Concurrent notifications queue on the row lock; the first one returns
   * the row, every later one finds it paid and returns nothing.
   */
  async markPaid(tx: Db, outTradeNo: string, transactionId: string, amount: number, at: Date): Promise<PaymentRow | null> {
    const rows = await returning<PaymentRow>(
      tx,
      `UPDATE payment SET status = 'paid', transaction_id = $2, paid_at = $4, updated_at = now()
        WHERE out_trade_no = $1 AND status <> 'paid' AND amount = $3
        RETURNING ${PAYMENT_COLUMNS}`,
      [outTradeNo, transactionId, amount, at],
    );
    return rows[0] ?? null;
  }

  async markClosed(tx: Db, id: string): Promise<boolean> {
    const rows = await returning(
      tx,
      `UPDATE payment SET status = 'closed', updated_at = now() WHERE id = $1 AND status = 'pending' RETURNING id`,
      [id],
    );
    return rows.length > 0;
  }

  /**
   * The sync job's next pending payments: created before `createdBefore` and not asked about since
   * `askedBefore`, the least recently asked first — so payments WeChat Pay keeps answering the same
   * way about cannot crowd the others out of a run.
   */
  async pendingDueForSync(db: Db, createdBefore: Date, askedBefore: Date, limit: number): Promise<PaymentRow[]> {
    return db.query(
      `SELECT ${PAYMENT_COLUMNS} FROM payment
        WHERE status = 'pending' AND created_at < $1 AND (synced_at IS NULL OR synced_at < $2)
        ORDER BY synced_at NULLS FIRST, created_at LIMIT $3`,
      [createdBefore, askedBefore, limit],
    );
  }

  async markSynced(db: Db, id: string, at: Date): Promise<void> {
    await db.query(`UPDATE payment SET synced_at = $2 WHERE id = $1`, [id, at]);
  }

  /** Adds a refund to the payment when it fits (Σ refunds ≤ amount); false when it does not. */
  async reserveRefund(tx: Db, paymentId: string, amount: number): Promise<boolean> {
    const rows = await returning(
      tx,
      `UPDATE payment SET refunded = refunded + $2, updated_at = now()
        WHERE id = $1 AND status = 'paid' AND refunded + $2 <= amount RETURNING id`,
      [paymentId, amount],
    );
    return rows.length > 0;
  }

  async releaseRefund(tx: Db, paymentId: string, amount: number): Promise<void> {
    await tx.query(`UPDATE payment SET refunded = refunded - $2, updated_at = now() WHERE id = $1`, [paymentId, amount]);
  }

  async insertRefund(
    tx: Db,
    r: { id: string; paymentId: string; outRefundNo: string; amount: number; reason: string | null; now: Date },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO payment_refund (id, payment_id, out_refund_no, amount, reason, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [r.id, r.paymentId, r.outRefundNo, r.amount, r.reason, r.now],
    );
  }

  async refundById(db: Db, id: string): Promise<PaymentRefundRow | null> {
    const rows: PaymentRefundRow[] = await db.query(`SELECT * FROM payment_refund WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async refundByOutRefundNo(db: Db, outRefundNo: string): Promise<PaymentRefundRow | null> {
    const rows: PaymentRefundRow[] = await db.query(`SELECT * FROM payment_refund WHERE out_refund_no = $1`, [outRefundNo]);
    return rows[0] ?? null;
  }

  /**
   * Moves an open refund on; returns the row when this call moved it (only one caller ends it).
   * An abnormal refund may still end either way, or go back to processing (the merchant platform
   * sent it again).
   */
  async settleRefund(
    tx: Db,
    id: string,
    to: 'processing' | 'abnormal' | 'succeeded' | 'failed',
    f: { refundId?: string | null; failure?: string | null; at: Date },
  ): Promise<PaymentRefundRow | null> {
    const from =
      to === 'processing'
        ? ['pending', 'abnormal']
        : to === 'abnormal'
          ? ['pending', 'processing']
          : ['pending', 'processing', 'abnormal'];
    const rows = await returning<PaymentRefundRow>(
      tx,
      `UPDATE payment_refund SET status = $2, refund_id = COALESCE($3, refund_id), failure = $4,
              settled_at = CASE WHEN $2 IN ('processing', 'abnormal') THEN NULL ELSE $5::timestamptz END
        WHERE id = $1 AND status = ANY($6::text[]) RETURNING *`,
      [id, to, f.refundId ?? null, f.failure ?? null, f.at, from],
    );
    return rows[0] ?? null;
  }

  /** The member's WeChat Pay orders and their refunds (amounts, states, our numbers; no openid). */
  exportFor(tx: EntityManager, memberId: string): Promise<ExportRow[]> {
    return exportRows(
      tx,
      `SELECT p.id, p.out_trade_no, p.purpose, p.amount, p.description, p.status, p.transaction_id, p.refunded, p.paid_at, p.created_at
         FROM payment p WHERE p.member_id = $1 ORDER BY p.created_at, p.id`,
      [memberId],
    );
  }

  /**
   * The sync job's open refunds, the least recently asked first: processing and abnormal ones
   * created before `acceptedBefore`, and pending ones (their outbox row may have given up) created
   * before `pendingBefore`; none asked about since `askedBefore`.
   */
  async refundsDueForSync(
    db: Db,
    p: { acceptedBefore: Date; pendingBefore: Date; askedBefore: Date; limit: number },
  ): Promise<PaymentRefundRow[]> {
    return db.query(
      `SELECT * FROM payment_refund
        WHERE ((status IN ('processing', 'abnormal') AND created_at < $1) OR (status = 'pending' AND created_at < $2))
          AND (synced_at IS NULL OR synced_at < $3)
        ORDER BY synced_at NULLS FIRST, created_at LIMIT $4`,
      [p.acceptedBefore, p.pendingBefore, p.askedBefore, p.limit],
    );
  }

  async markRefundSynced(db: Db, id: string, at: Date): Promise<void> {
    await db.query(`UPDATE payment_refund SET synced_at = $2 WHERE id = $1`, [id, at]);
  }
}
