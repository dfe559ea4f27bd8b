// The stored-value module's tables (储值, docs/stored-value.md). A top-up, once paid, is a lot
// with its principal and bonus apart; the account row caches Σ lots per member and carries the
// conditional guard (CHECK ≥ 0); every change is an append-only entry with a business key unique
// per member, so a replayed notification, order or refund never moves money twice.
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { SpendOrder, StoredValueEntryKind, TopUpStatus } from '@huiyuan/shared';
import { Member } from '../members/member.entity.js';
import { Store } from '../stores/store.entity.js';

@Entity('stored_value_plan')
@Check('stored_value_plan_amount_range', '"amount" >= 100 AND "bonus" >= 0 AND "bonus" <= "amount"')
export class StoredValuePlan {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  title: string;

  @Column('integer')
  amount: number;

  @Column('integer')
  bonus: number;

  @Column('boolean', { default: true })
  active: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** One row (id 1): the spend order and the bonus expiry, editable by admins. */
@Entity('stored_value_setting')
@Check('stored_value_setting_single', '"id" = 1')
@Check('stored_value_setting_spend_order_known', `"spend_order" IN ('proportional', 'principal_first', 'bonus_first')`)
export class StoredValueSetting {
  @PrimaryColumn('smallint')
  id: number;

  @Column('text')
  spendOrder: SpendOrder;

  @Column('integer', { nullable: true })
  bonusExpiryDays: number | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

@Entity('stored_value_account')
@Check('stored_value_account_never_negative', '"principal" >= 0 AND "bonus" >= 0')
export class StoredValueAccount {
  @PrimaryColumn('uuid')
  memberId: string;

  @ManyToOne(() => Member, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_id' })
  member?: Member;

  @Column('bigint', { default: 0 })
  principal: string;

  @Column('bigint', { default: 0 })
  bonus: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

@Entity('stored_value_top_up')
@Check('stored_value_top_up_status_known', `"status" IN ('pending', 'paid', 'closed', 'refunded', 'partially_refunded')`)
@Check(
  'stored_value_top_up_left_range',
  '"principal_left" >= 0 AND "principal_left" <= "amount" AND "bonus_left" >= 0 AND "bonus_left" <= "bonus"',
)
@Check(
  'stored_value_top_up_refund_range',
  '"principal_refunded" >= 0 AND "principal_refunded" + "principal_left" <= "amount" AND "bonus_clawed" <= "bonus"',
)
@Index('stored_value_top_up_member_request_key', ['memberId', 'requestId'], { unique: true })
@Index('stored_value_top_up_member_idx', ['memberId', 'createdAt'])
export class StoredValueTopUp {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  memberId: string;

  @ManyToOne(() => Member, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_id' })
  member?: Member;

  @Column('uuid')
  planId: string;

  @ManyToOne(() => StoredValuePlan, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'plan_id' })
  plan?: StoredValuePlan;

  @Column('text')
  title: string;

  /** The store the top-up is for (its settlement side); null = online, no store. */
  @Column('uuid', { nullable: true })
  storeId: string | null;

  @ManyToOne(() => Store, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'store_id' })
  store?: Store;

  @Column('text')
  requestId: string;

  @Column('integer')
  amount: number;

  @Column('integer')
  bonus: number;

  @Column('text', { default: 'pending' })
  status: TopUpStatus;

  @Column('uuid')
  paymentId: string;

  /** Left of this lot: 0 until paid. */
  @Column('integer', { default: 0 })
  principalLeft: number;

  @Column('integer', { default: 0 })
  bonusLeft: number;

  @Column('timestamptz', { nullable: true })
  bonusExpiresAt: Date | null;

  @Column('integer', { default: 0 })
  principalRefunded: number;

  /** Bonus clawed back by refunds, from the lot and from the money. */
  @Column('integer', { default: 0 })
  bonusClawed: number;

  @Column('timestamptz', { nullable: true })
  paidAt: Date | null;

  /** The first response (its payment arguments), answered again to a retry with the same requestId. */
  @Column('jsonb', { nullable: true })
  response: unknown;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

@Entity('stored_value_entry')
@Check(
  'stored_value_entry_kind_known',
  `"kind" IN ('top_up', 'spend', 'order_refund', 'top_up_refund', 'top_up_refund_reverted', 'bonus_expired')`,
)
@Check('stored_value_entry_after_never_negative', '"principal_after" >= 0 AND "bonus_after" >= 0')
@Index('stored_value_entry_member_key', ['memberId', 'businessKey'], { unique: true })
@Index('stored_value_entry_member_idx', ['memberId', 'createdAt', 'id'])
@Index('stored_value_entry_order_idx', ['orderId'])
@Index('stored_value_entry_created_idx', ['createdAt'])
export class StoredValueEntry {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  memberId: string;

  @ManyToOne(() => Member, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_id' })
  member?: Member;

  @Column('text')
  kind: StoredValueEntryKind;

  @Column('integer')
  principalDelta: number;

  @Column('integer')
  bonusDelta: number;

  @Column('bigint')
  principalAfter: string;

  @Column('bigint')
  bonusAfter: string;

  /** `top_up:<id>`, `order:<id>:spend`, `refund:<id>:return`, `top_up_refund:<id>`, `bonus_expired:<lot>`… */
  @Column('text')
  businessKey: string;

  /** Where it happened: the till's store for spends and returns, the top-up's store for top-ups. */
  @Column('uuid', { nullable: true })
  storeId: string | null;

  @Column('uuid', { nullable: true })
  orderId: string | null;

  @Column('text', { nullable: true })
  orderNo: string | null;

  @Column('uuid', { nullable: true })
  topUpId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** Which lots an order's spend took from, and what its refunds gave back to each. */
@Entity('stored_value_allocation')
@Check('stored_value_allocation_returned_range', '"principal_returned" <= "principal" AND "bonus_returned" <= "bonus"')
@Index('stored_value_allocation_order_idx', ['orderId'])
@Index('stored_value_allocation_lot_idx', ['lotId'])
export class StoredValueAllocation {
  @PrimaryColumn('uuid')
  entryId: string;

  @PrimaryColumn('uuid')
  lotId: string;

  @ManyToOne(() => StoredValueEntry, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'entry_id' })
  entry?: StoredValueEntry;

  @ManyToOne(() => StoredValueTopUp, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'lot_id' })
  lot?: StoredValueTopUp;

  @Column('uuid')
  orderId: string;

  /** The till's store (the spend side of the settlement). */
  @Column('uuid')
  storeId: string;

  @Column('integer')
  principal: number;

  @Column('integer')
  bonus: number;

  @Column('integer', { default: 0 })
  principalReturned: number;

  @Column('integer', { default: 0 })
  bonusReturned: number;
}

/**
 * What one order refund gave back to one lot, when, and at which store: the settlement dates a
 * return by its own time (a refund next month changes next month's figures, never a closed
 * period's). `bonus` includes bonus forfeited because it had expired: the order owes no more of it.
 */
@Entity('stored_value_return')
@Index('stored_value_return_created_idx', ['createdAt'])
export class StoredValueReturn {
  /** The refund's `order_refund` entry. */
  @PrimaryColumn('uuid')
  entryId: string;

  @PrimaryColumn('uuid')
  lotId: string;

  @ManyToOne(() => StoredValueEntry, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'entry_id' })
  entry?: StoredValueEntry;

  @ManyToOne(() => StoredValueTopUp, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'lot_id' })
  lot?: StoredValueTopUp;

  @Column('uuid')
  orderId: string;

  /** The store of the order (the spend side it is taken off). */
  @Column('uuid')
  storeId: string;

  @Column('integer')
  principal: number;

  @Column('integer')
  bonus: number;

  @Column('timestamptz')
  createdAt: Date;
}

/** A refund of a top-up's unspent principal (with its bonus clawed back). */
@Entity('stored_value_refund')
@Check('stored_value_refund_status_known', `"status" IN ('processing', 'succeeded', 'failed')`)
@Index('stored_value_refund_request_key', ['topUpId', 'requestId'], { unique: true })
export class StoredValueRefund {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  topUpId: string;

  @ManyToOne(() => StoredValueTopUp, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'top_up_id' })
  topUp?: StoredValueTopUp;

  @Column('uuid')
  memberId: string;

  @Column('text')
  requestId: string;

  @Column('integer')
  principal: number;

  @Column('integer')
  bonusFromLot: number;

  @Column('integer')
  bonusFromMoney: number;

  @Column('integer')
  money: number;

  @Column('text', { default: 'processing' })
  status: 'processing' | 'succeeded' | 'failed';

  /** The WeChat Pay refund (null when nothing goes back: all of it kept for a spent bonus). */
  @Column('uuid', { nullable: true })
  paymentRefundId: string | null;

  @Column('uuid', { nullable: true })
  staffId: string | null;

  @Column('text', { nullable: true })
  reason: string | null;

  @Column('jsonb')
  response: unknown;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
