import type { ReferralRewardReason, ReferralRewardStatus } from '@huiyuan/shared';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Member } from '../members/member.entity.js';

/**
 * One side's reward of one referral: the inviter's and the friend's are separate rows, created
 * when the friend's first qualifying order is seen, released by the referral job after the
 * refund window (shared/src/rules/referral.ts holds the state machine). Unique per
 * (invitee, beneficiary): a friend earns each side at most once.
 */
@Entity('referral_reward')
@Index('referral_reward_invitee_beneficiary_key', ['inviteeId', 'beneficiary'], { unique: true })
@Index('referral_reward_inviter_idx', ['inviterId', 'status'])
@Index('referral_reward_status_release_idx', ['status', 'releaseAt'])
@Check('referral_reward_status_known', `"status" IN ('pending', 'on_hold', 'released', 'cancelled')`)
@Check('referral_reward_beneficiary_known', `"beneficiary" IN ('inviter', 'invitee')`)
@Check('referral_reward_amounts', '"points" >= 0 AND "refunded_fen" >= 0')
export class ReferralReward {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  inviterId: string;

  @ManyToOne(() => Member, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'inviter_id' })
  inviter?: Member;

  @Column('uuid')
  inviteeId: string;

  @ManyToOne(() => Member, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'invitee_id' })
  invitee?: Member;

  @Column('text')
  beneficiary: 'inviter' | 'invitee';

  @Column('text')
  status: ReferralRewardStatus;

  @Column('text', { nullable: true })
  reason: ReferralRewardReason | null;

  /** Points to credit on release (from the settings when the record was created). */
  @Column('integer', { default: 0 })
  points: number;

  @Column('uuid', { nullable: true })
  couponTemplateId: string | null;

  @Column('uuid', { nullable: true })
  couponId: string | null;

  /** The friend's qualifying order (member_order.id). */
  @Column('uuid', { nullable: true })
  orderId: string | null;

  @Column('timestamptz', { nullable: true })
  paidAt: Date | null;

  @Column('integer', { nullable: true })
  paidFen: number | null;

  /** Refunded inside the window. */
  @Column('integer', { default: 0 })
  refundedFen: number;

  @Column('timestamptz', { nullable: true })
  releaseAt: Date | null;

  @Column('timestamptz', { nullable: true })
  releasedAt: Date | null;

  /** The admin who approved or rejected a held reward. */
  @Column('uuid', { nullable: true })
  decidedBy: string | null;

  @Column('timestamptz', { nullable: true })
  decidedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
