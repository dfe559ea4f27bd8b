import type { TierCode } from '@huiyuan/shared';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Member } from './member.entity.js';

/** Every tier change of a member, with why it happened. */
@Entity('tier_change')
@Index('tier_change_member_idx', ['memberId', 'createdAt'])
export class TierChange {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  memberId: string;

  @ManyToOne(() => Member, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id' })
  member?: Member;

  @Column('text')
  fromTier: TierCode;

  @Column('text')
  toTier: TierCode;

  /** 'growth' (upgrade), 'review' (yearly 保级 review), 'refund', 'admin'. */
  @Column('text')
  reason: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
