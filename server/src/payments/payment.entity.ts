// The payments module's tables: every WeChat Pay order we open (a top-up, a membership purchase)
// and every refund of one. A payment is credited once: the first verified notification (or order
// query) that moves it from pending/closed to paid wins, under the row's lock; the transaction id is
// unique, so the same WeChat transaction can never settle two of our payments.
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Member } from '../members/member.entity.js';

export type PaymentPurpose = 'stored_value_top_up' | 'membership';
export type PaymentStatus = 'pending' | 'paid' | 'closed';
/**
 * pending: asked for, not yet accepted by WeChat Pay; processing: accepted, not yet paid out;
 * abnormal: WeChat Pay could not pay it out (the member's card closed…) — held for the merchant
 * platform, the money neither paid out nor given back; succeeded / failed: ended.
 */
export type PaymentRefundStatus = 'pending' | 'processing' | 'abnormal' | 'succeeded' | 'failed';

@Entity('payment')
@Check('payment_purpose_known', `"purpose" IN ('stored_value_top_up', 'membership')`)
@Check('payment_status_known', `"status" IN ('pending', 'paid', 'closed')`)
@Check('payment_amount_positive', '"amount" > 0')
@Check('payment_refunded_range', '"refunded" >= 0 AND "refunded" <= "amount"')
@Check('payment_paid_has_transaction', `"status" <> 'paid' OR "transaction_id" IS NOT NULL`)
@Index('payment_out_trade_no_key', ['outTradeNo'], { unique: true })
@Index('payment_transaction_id_key', ['transactionId'], { unique: true })
@Index('payment_pending_idx', ['status', 'createdAt'])
@Index('payment_member_idx', ['memberId', 'createdAt'])
export class Payment {
  @PrimaryColumn('uuid')
  id: string;

  /** Ours, sent to WeChat Pay: 6–32 of [0-9A-Za-z_-]. */
  @Column('text')
  outTradeNo: string;

  @Column('uuid')
  memberId: string;

  @ManyToOne(() => Member, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_id' })
  member?: Member;

  @Column('text')
  purpose: PaymentPurpose;

  /** The top-up or membership purchase this pays for (its own module's id). */
  @Column('uuid')
  referenceId: string;

  @Column('integer')
  amount: number;

  @Column('text')
  description: string;

  @Column('text', { default: 'pending' })
  status: PaymentStatus;

  @Column('text', { nullable: true })
  prepayId: string | null;

  @Column('text', { nullable: true })
  transactionId: string | null;

  /** Σ refunds asked for (pending, processing or succeeded): never more than the amount. */
  @Column('integer', { default: 0 })
  refunded: number;

  /** WeChat Pay's time_expire: unpaid after this, the sync job closes the order. */
  @Column('timestamptz')
  expiresAt: Date;

  @Column('timestamptz', { nullable: true })
  paidAt: Date | null;

  /** When the sync job last asked WeChat Pay about it (it takes the least recently asked first). */
  @Column('timestamptz', { nullable: true })
  syncedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

@Entity('payment_refund')
@Check('payment_refund_status_known', `"status" IN ('pending', 'processing', 'abnormal', 'succeeded', 'failed')`)
@Check('payment_refund_amount_positive', '"amount" > 0')
@Index('payment_refund_out_refund_no_key', ['outRefundNo'], { unique: true })
@Index('payment_refund_open_idx', ['status', 'createdAt'])
@Index('payment_refund_payment_idx', ['paymentId'])
export class PaymentRefund {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  paymentId: string;

  @ManyToOne(() => Payment, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'payment_id' })
  payment?: Payment;

  @Column('text')
  outRefundNo: string;

  @Column('integer')
  amount: number;

  @Column('text', { default: 'pending' })
  status: PaymentRefundStatus;

  @Column('text', { nullable: true })
  refundId: string | null;

  @Column('text', { nullable: true })
  reason: string | null;

  /** Why WeChat Pay refused it (its error code), for the console. */
  @Column('text', { nullable: true })
  failure: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  settledAt: Date | null;

  /** When the sync job last asked WeChat Pay about it (or sent it again). */
  @Column('timestamptz', { nullable: true })
  syncedAt: Date | null;
}
