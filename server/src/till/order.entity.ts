import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Member } from '../members/member.entity.js';
import { Store } from '../stores/store.entity.js';

/** A purchase recorded at a till, idempotent on (store, orderNo). Amounts in fen. */
@Entity('member_order')
@Index('member_order_store_order_no_key', ['storeId', 'orderNo'], { unique: true })
@Index('member_order_member_idx', ['memberId', 'createdAt'])
@Check('member_order_amount_positive', '"amount" > 0')
@Check(
  'member_order_payable_adds_up',
  '"payable" = "amount" - "member_price_discount" - "coupon_discount" - "points_discount" AND "payable" >= 0',
)
// What was paid, by tender (stored value and the rest, paid outside: cash, card, WeChat Pay).
@Check('member_order_tenders_add_up', '"balance_paid" >= 0 AND "balance_paid" <= "payable"')
// Refunds never exceed what was paid, and never reverse more than the order earned or redeemed.
@Check('member_order_refunds_bounded', '"refunded_amount" >= 0 AND "refunded_amount" <= "payable"')
@Check(
  'member_order_reversal_bounded',
  '"points_reversed" + "points_shortfall" <= "points_earned" AND "growth_reversed" <= "growth_earned"',
)
@Check('member_order_return_bounded', '"redeemed_returned" <= "points_redeemed"')
export class Order {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  storeId: string;

  @ManyToOne(() => Store, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'store_id' })
  store?: Store;

  @Column('text')
  orderNo: string;

  @Column('uuid')
  memberId: string;

  @ManyToOne(() => Member, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_id' })
  member?: Member;

  @Column('uuid')
  staffId: string;

  @Column('integer')
  amount: number;

  /** Taken off by the member price (tier or paid membership rate): not money paid, never refunded. */
  @Column('integer', { default: 0 })
  memberPriceDiscount: number;

  @Column('integer', { default: 0 })
  couponDiscount: number;

  @Column('integer', { default: 0 })
  pointsRedeemed: number;

  @Column('integer', { default: 0 })
  pointsDiscount: number;

  @Column('integer')
  payable: number;

  /** Paid from stored value; payable − balancePaid was paid externally. */
  @Column('integer', { default: 0 })
  balancePaid: number;

  @Column('integer', { default: 0 })
  pointsEarned: number;

  @Column('integer', { default: 0 })
  growthEarned: number;

  @Column('integer', { default: 0 })
  refundedAmount: number;

  @Column('integer', { default: 0 })
  pointsReversed: number;

  @Column('integer', { default: 0 })
  pointsShortfall: number;

  @Column('integer', { default: 0 })
  growthReversed: number;

  @Column('integer', { default: 0 })
  redeemedReturned: number;

  /** SHA-256 of the request body: a replay must match it, else ORDER_NO_CONFLICT. */
  @Column('text')
  requestHash: string;

  /** The response of the first request, returned verbatim to replays. */
  @Column('jsonb')
  response: object;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** The programme version the order was priced and earned with. */
  @Column('integer')
  programmeVersion: number;
}
