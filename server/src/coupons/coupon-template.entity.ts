import type { CouponChannel, CouponKind, CouponTemplateStatus, TierCode } from '@huiyuan/shared';
import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * What a coupon is and how many exist. `issued` counts coupons ever issued; the conditional
 * `UPDATE … SET issued = issued + 1 WHERE issued < total_stock` is what keeps stock from being
 * oversold, and the CHECK below is the last line of defence.
 */
@Entity('coupon_template')
@Check('coupon_template_kind_known', `"kind" IN ('cash', 'percent', 'gift')`)
@Check('coupon_template_status_known', `"status" IN ('active', 'paused')`)
@Check('coupon_template_stock_bounded', '"issued" >= 0 AND "issued" <= "total_stock"')
@Check('coupon_template_limit_positive', '"per_member_limit" >= 1')
@Check(
  'coupon_template_one_validity',
  '("valid_days" IS NOT NULL AND "valid_days" >= 1 AND "valid_from" IS NULL AND "valid_to" IS NULL) OR ("valid_days" IS NULL AND "valid_from" IS NOT NULL AND "valid_to" IS NOT NULL AND "valid_from" <= "valid_to")',
)
@Check('coupon_template_points_cost_positive', '"points_cost" IS NULL OR "points_cost" > 0')
@Check('coupon_template_shards_bounded', '"stock_shards" >= 1 AND "stock_shards" <= 64')
export class CouponTemplate {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  title: string;

  @Column('text', { nullable: true })
  description: string | null;

  @Column('text')
  kind: CouponKind;

  /** Minimum order amount in fen; 0 = none. */
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

  /** Stores where its coupons can be used; null = all. */
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

  @Column('integer')
  totalStock: number;

  /** Coupons issued from this row's stock; 0 for a sharded template (its shards count them). */
  @Column('integer', { default: 0 })
  issued: number;

  /** 1 = the stock is this row; N > 1 = the stock lives in N coupon_stock_shard rows (fixed at creation). */
  @Column('integer', { default: 1 })
  stockShards: number;

  @Column('integer')
  perMemberLimit: number;

  @Column('integer', { nullable: true })
  validDays: number | null;

  @Column('date', { nullable: true })
  validFrom: string | null;

  @Column('date', { nullable: true })
  validTo: string | null;

  @Column('integer', { nullable: true })
  pointsCost: number | null;

  @Column('text', { array: true })
  channels: CouponChannel[];

  @Column('text', { default: 'active' })
  status: CouponTemplateStatus;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
