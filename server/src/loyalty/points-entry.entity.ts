import type { PointsEntryKind } from '@huiyuan/shared';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Member } from '../members/member.entity.js';

/**
 * The append-only points ledger. Every entry carries a business key that is unique per member
 * (order id, refund id, lot id, idempotency key …), so a replayed event never double-credits.
 */
@Entity('points_entry')
@Index('points_entry_member_business_key', ['memberId', 'businessKey'], { unique: true })
@Index('points_entry_member_created_idx', ['memberId', 'createdAt'])
@Check('points_entry_balance_non_negative', '"balance_after" >= 0')
@Check('points_entry_shortfall_non_negative', '"shortfall" >= 0 AND "debt_paid" >= 0')
@Check(
  'points_entry_kind_known',
  `"kind" IN ('earn', 'spend', 'refund_reversal', 'redeem_return', 'expire', 'adjust', 'checkin', 'referral', 'exchange', 'checkin_makeup', 'lottery', 'lottery_prize', 'campaign', 'automation')`,
)
export class PointsEntry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  memberId: string;

  @ManyToOne(() => Member, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_id' })
  member?: Member;

  @Column('text')
  kind: PointsEntryKind;

  /** Change of the spendable balance (after paying any debt, for credits). */
  @Column('integer')
  delta: number;

  @Column('integer')
  balanceAfter: number;

  @Column('text')
  businessKey: string;

  /** Points a reversal could not take back (they were spent): added to the member's debt. */
  @Column('integer', { default: 0 })
  shortfall: number;

  /** Points of a credit that went to paying the member's debt instead of a lot. */
  @Column('integer', { default: 0 })
  debtPaid: number;

  @Column('uuid', { nullable: true })
  orderId: string | null;

  @Column('uuid', { nullable: true })
  refundId: string | null;

  /** Staff member behind an adjustment. */
  @Column('uuid', { nullable: true })
  staffId: string | null;

  /** Free text for adjustments (shown to staff, not the member). */
  @Column('text', { nullable: true })
  note: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
