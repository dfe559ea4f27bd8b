import type { GrantOutcome } from '@huiyuan/shared';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Member } from '../members/member.entity.js';

/**
 * One reward granted (or skipped) to a member under a business key. The unique key
 * (member_id, business_key) is what makes `RewardsService.grant` idempotent across concurrent
 * transactions: the second insert waits for the first transaction and then finds its row.
 */
@Entity('reward_grant')
@Index('reward_grant_member_key', ['memberId', 'businessKey'], { unique: true })
@Check('reward_grant_kind_known', `"kind" IN ('points', 'coupon', 'points_adjustment', 'lottery_entry')`)
@Check('reward_grant_status_known', `"status" IN ('granted', 'skipped')`)
export class RewardGrant {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  memberId: string;

  @ManyToOne(() => Member, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_id' })
  member?: Member;

  @Column('text')
  businessKey: string;

  @Column('text')
  kind: string;

  @Column('text')
  status: string;

  /** The reward as asked for. */
  @Column('jsonb')
  reward: unknown;

  /** What the first grant did; a replay answers this. */
  @Column('jsonb')
  outcome: GrantOutcome;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
