// The lottery's tables: the lottery, its prizes (stock and weight), every draw (reproducible: the
// random value is kept) and the free entries granted to members.
import type { LotteryPrizeKind, LotteryStatus } from '@huiyuan/shared';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { CouponTemplate } from '../coupons/coupon-template.entity.js';
import { Member } from '../members/member.entity.js';

/**
 * One lottery. With a budget, `points_granted` counts the points of points prizes awarded; the conditional
 * `UPDATE … WHERE points_granted + $n <= budget_points` keeps it within the budget and the CHECK
 * is the last line of defence.
 */
@Entity('lottery')
@Check('lottery_status_known', `"status" IN ('active', 'paused', 'ended')`)
@Check('lottery_window_ordered', '"starts_at" < "ends_at"')
@Check('lottery_cost_non_negative', '"cost_points" >= 0')
@Check('lottery_limits_positive', '"per_member_daily" >= 1 AND "per_member_total" >= "per_member_daily"')
@Check('lottery_budget_bounded', '"points_granted" >= 0 AND ("budget_points" IS NULL OR "points_granted" <= "budget_points")')
export class Lottery {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  title: string;

  @Column('text', { nullable: true })
  description: string | null;

  @Column('timestamptz')
  startsAt: Date;

  @Column('timestamptz')
  endsAt: Date;

  @Column('text', { default: 'active' })
  status: LotteryStatus;

  @Column('integer')
  costPoints: number;

  @Column('integer')
  perMemberDaily: number;

  @Column('integer')
  perMemberTotal: number;

  @Column('integer', { nullable: true })
  budgetPoints: number | null;

  @Column('integer', { default: 0 })
  pointsGranted: number;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/**
 * A prize. `remaining` is the stock left (null for a `none` prize, never used up). Invariant:
 * winners + remaining = stock; the draw takes a unit with `UPDATE … SET remaining = remaining - 1
 * WHERE id = $1 AND remaining > 0`, and the CHECK keeps it within 0…stock.
 */
@Entity('lottery_prize')
@Index('lottery_prize_position', ['lotteryId', 'position'], { unique: true })
@Check('lottery_prize_kind_known', `"kind" IN ('points', 'coupon', 'physical', 'none')`)
@Check('lottery_prize_weight_positive', '"weight" >= 1')
@Check('lottery_prize_remaining_bounded', '"remaining" IS NULL OR ("remaining" >= 0 AND "remaining" <= "stock")')
@Check('lottery_prize_points_positive', '"points" IS NULL OR "points" >= 1')
export class LotteryPrize {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  lotteryId: string;

  @ManyToOne(() => Lottery, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lottery_id' })
  lottery?: Lottery;

  /** Order on the 九宫格 (0…7) and in the cumulative weights of the draw. */
  @Column('integer')
  position: number;

  @Column('text')
  title: string;

  @Column('text')
  kind: LotteryPrizeKind;

  @Column('integer', { nullable: true })
  points: number | null;

  /** Coupon prize: the template granted; physical prize: its gift template (claim code). */
  @Column('uuid', { nullable: true })
  templateId: string | null;

  @ManyToOne(() => CouponTemplate, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'template_id' })
  template?: CouponTemplate;

  @Column('integer')
  stock: number;

  @Column('integer', { nullable: true })
  remaining: number | null;

  @Column('integer')
  weight: number;

  @Column('integer', { nullable: true })
  claimDays: number | null;
}

/**
 * One draw. Unique per (member, request_id): a replayed request finds the first draw. `random` is
 * the value in [0, total_weight) that picked `picked_prize_id`; `prize_id` is what was awarded
 * (null or a `none` prize after a fallback, whose reason is `fallback`).
 */
@Entity('lottery_draw')
@Index('lottery_draw_member_request', ['memberId', 'requestId'], { unique: true })
@Index('lottery_draw_member_day_idx', ['lotteryId', 'memberId', 'localDate'])
@Index('lottery_draw_member_created_idx', ['memberId', 'createdAt', 'id'])
@Index('lottery_draw_prize_idx', ['lotteryId', 'prizeId'])
@Check('lottery_draw_fallback_known', `"fallback" IS NULL OR "fallback" IN ('out_of_stock', 'budget_exhausted', 'grant_skipped')`)
@Check('lottery_draw_random_in_range', '"random" >= 0 AND "random" < "total_weight"')
@Check('lottery_draw_cost_non_negative', '"cost_points" >= 0')
export class LotteryDraw {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  lotteryId: string;

  @ManyToOne(() => Lottery, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'lottery_id' })
  lottery?: Lottery;

  @Column('uuid')
  memberId: string;

  @ManyToOne(() => Member, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_id' })
  member?: Member;

  @Column('text')
  requestId: string;

  /** The programme-timezone day of the draw (the daily limit counts these). */
  @Column('date')
  localDate: string;

  @Column('integer')
  random: number;

  @Column('integer')
  totalWeight: number;

  @Column('uuid')
  pickedPrizeId: string;

  @ManyToOne(() => LotteryPrize, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'picked_prize_id' })
  pickedPrize?: LotteryPrize;

  @Column('uuid', { nullable: true })
  prizeId: string | null;

  @ManyToOne(() => LotteryPrize, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'prize_id' })
  prize?: LotteryPrize;

  @Column('text', { nullable: true })
  fallback: string | null;

  @Column('integer')
  costPoints: number;

  @Column('boolean', { default: false })
  freeEntry: boolean;

  /** Points prize credited. */
  @Column('integer', { nullable: true })
  points: number | null;

  /** Coupon or physical prize: the coupon granted. */
  @Column('uuid', { nullable: true })
  couponId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** Free entries of a member for one lottery (reward kind `lottery_entry`); used ≤ granted. */
@Entity('lottery_entry')
@Check('lottery_entry_bounded', '"used" >= 0 AND "used" <= "granted"')
export class LotteryEntry {
  @PrimaryColumn('uuid')
  lotteryId: string;

  @ManyToOne(() => Lottery, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lottery_id' })
  lottery?: Lottery;

  @PrimaryColumn('uuid')
  memberId: string;

  @ManyToOne(() => Member, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_id' })
  member?: Member;

  @Column('integer', { default: 0 })
  granted: number;

  @Column('integer', { default: 0 })
  used: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
