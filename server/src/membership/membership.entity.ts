// The membership module's tables (付费会员, docs/stored-value.md "Paid membership"): plans, each
// member's membership (the benefits bought, copied from the plan, and when it ends) and every
// purchase (a term, stacked on the one before). One free trial per member: a partial unique index.
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { MembershipPurchaseStatus } from '@huiyuan/shared';
import { CouponTemplate } from '../coupons/coupon-template.entity.js';
import { Member } from '../members/member.entity.js';

@Entity('membership_plan')
@Check('membership_plan_price_range', `("trial" AND "price" = 0) OR (NOT "trial" AND "price" > 0)`)
@Check('membership_plan_term_range', '"term_days" BETWEEN 1 AND 3660')
@Check('membership_plan_rates', '"discount_rate_bp" BETWEEN 1000 AND 10000 AND "points_multiplier_bp" BETWEEN 10000 AND 100000')
export class MembershipPlan {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  title: string;

  @Column('integer')
  price: number;

  @Column('integer')
  termDays: number;

  @Column('boolean', { default: false })
  trial: boolean;

  @Column('integer', { default: 10000 })
  discountRateBp: number;

  @Column('integer', { default: 10000 })
  pointsMultiplierBp: number;

  @Column('uuid', { nullable: true })
  monthlyCouponTemplateId: string | null;

  @ManyToOne(() => CouponTemplate, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'monthly_coupon_template_id' })
  monthlyCouponTemplate?: CouponTemplate;

  @Column('boolean', { default: true })
  active: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** The member's membership: read with the till's member lock (one LEFT JOIN), so it costs no round trip. */
@Entity('membership')
export class Membership {
  @PrimaryColumn('uuid')
  memberId: string;

  @ManyToOne(() => Member, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id' })
  member?: Member;

  @Column('uuid')
  planId: string;

  @ManyToOne(() => MembershipPlan, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'plan_id' })
  plan?: MembershipPlan;

  @Column('text')
  title: string;

  @Column('timestamptz')
  expiresAt: Date;

  @Column('integer')
  discountRateBp: number;

  @Column('integer')
  pointsMultiplierBp: number;

  @Column('uuid', { nullable: true })
  monthlyCouponTemplateId: string | null;

  /** The expiry job has told the member about this `expires_at` (so it tells once per ending). */
  @Column('timestamptz', { nullable: true })
  expiryNoticedFor: Date | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

@Entity('membership_purchase')
@Check('membership_purchase_status_known', `"status" IN ('pending', 'active', 'closed', 'refunded')`)
@Check('membership_purchase_refunded_range', '"refunded" >= 0 AND "refunded" <= "price"')
@Index('membership_purchase_member_request_key', ['memberId', 'requestId'], { unique: true })
@Index('membership_purchase_one_trial_key', ['memberId'], { unique: true, where: `"trial" AND "status" <> 'closed'` })
@Index('membership_purchase_member_idx', ['memberId', 'createdAt'])
export class MembershipPurchase {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  memberId: string;

  @ManyToOne(() => Member, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_id' })
  member?: Member;

  @Column('uuid')
  planId: string;

  @ManyToOne(() => MembershipPlan, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'plan_id' })
  plan?: MembershipPlan;

  @Column('text')
  title: string;

  @Column('text')
  requestId: string;

  @Column('boolean')
  trial: boolean;

  @Column('integer')
  price: number;

  @Column('integer')
  termDays: number;

  @Column('text', { default: 'pending' })
  status: MembershipPurchaseStatus;

  @Column('uuid', { nullable: true })
  paymentId: string | null;

  /** The term: set (again) when the purchase becomes active, stacked on the membership then. */
  @Column('timestamptz')
  startsAt: Date;

  @Column('timestamptz')
  endsAt: Date;

  @Column('integer', { default: 0 })
  refunded: number;

  @Column('jsonb', { nullable: true })
  response: unknown;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
