import type { CouponChannel, CouponKind, CouponStatus, TierCode } from '@huiyuan/shared';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Member } from '../members/member.entity.js';
import { CouponTemplate } from './coupon-template.entity.js';

/**
 * One member's coupon. The discount terms are copied from the template at issue, so the coupon
 * means what it meant when the member got it. `issue_key` is unique per member: the business key
 * that makes welcome, birthday and grant issuance (and client-keyed claims) idempotent.
 * Used exactly once: `UPDATE … SET status = 'used' WHERE status = 'available'`.
 */
@Entity('coupon')
@Index('coupon_code_key', ['code'], { unique: true })
@Index('coupon_member_issue_key', ['memberId', 'issueKey'], { unique: true })
@Index('coupon_member_status_idx', ['memberId', 'status', 'expiresAt'])
@Index('coupon_template_idx', ['templateId'])
@Index('coupon_used_order_idx', ['usedOrderId'])
@Index('coupon_available_expiry_idx', ['expiresAt'], { where: `"status" = 'available'` })
@Check('coupon_status_known', `"status" IN ('available', 'used', 'expired')`)
@Check('coupon_kind_known', `"kind" IN ('cash', 'percent', 'gift')`)
@Check(
  'coupon_channel_known',
  `"channel" IN ('center', 'points', 'welcome', 'birthday', 'referral', 'reactivation', 'grant', 'lottery', 'campaign', 'automation', 'membership')`,
)
@Check('coupon_used_has_time', `("status" = 'used') = ("used_at" IS NOT NULL)`)
@Check('coupon_validity_ordered', '"valid_from" < "expires_at"')
export class Coupon {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** 15 characters (14 random from a CSPRNG + a mod-31 check character); unguessable. */
  @Column('text')
  code: string;

  @Column('uuid')
  templateId: string;

  @ManyToOne(() => CouponTemplate, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'template_id' })
  template?: CouponTemplate;

  @Column('uuid')
  memberId: string;

  @ManyToOne(() => Member, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_id' })
  member?: Member;

  @Column('text')
  channel: CouponChannel;

  @Column('text')
  issueKey: string;

  @Column('text', { default: 'available' })
  status: CouponStatus;

  @Column('text')
  kind: CouponKind;

  @Column('integer', { default: 0 })
  threshold: number;

  @Column('integer', { nullable: true })
  amountOff: number | null;

  @Column('integer', { nullable: true })
  percentOff: number | null;

  @Column('integer', { nullable: true })
  maxOff: number | null;

  @Column('boolean', { default: false })
  stackable: boolean;

  @Column('uuid', { array: true, nullable: true })
  storeIds: string[] | null;

  @Column('text', { nullable: true })
  minTier: TierCode | null;

  /** Usable only on these ISO weekdays (1 = Monday … 7 = Sunday, programme timezone); null = every day. */
  @Column('smallint', { array: true, nullable: true })
  validWeekdays: number[] | null;

  /** Usable from this local time each day (HH:MM, inclusive); null = all day. */
  @Column('text', { nullable: true })
  validTimeFrom: string | null;

  /** Usable until this local time (HH:MM, exclusive; 24:00 = midnight). */
  @Column('text', { nullable: true })
  validTimeTo: string | null;

  @Column('timestamptz')
  validFrom: Date;

  /** First instant it is no longer usable (exclusive). */
  @Column('timestamptz')
  expiresAt: Date;

  /** Points paid for it in the points mall (0 otherwise). */
  @Column('integer', { default: 0 })
  pointsPaid: number;

  @Column('timestamptz', { nullable: true })
  usedAt: Date | null;

  /** The order it took money off (null for a gift redeemed on its own, or after a restore). */
  @Column('uuid', { nullable: true })
  usedOrderId: string | null;

  @Column('uuid', { nullable: true })
  usedStoreId: string | null;

  @Column('uuid', { nullable: true })
  usedByStaffId: string | null;

  /** Times a full refund gave it back. */
  @Column('integer', { default: 0 })
  restoredCount: number;

  @CreateDateColumn({ type: 'timestamptz' })
  claimedAt: Date;
}
