import type { CheckInRewardView } from '@huiyuan/shared';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Member } from '../members/member.entity.js';

/**
 * One check-in (签到) of a member on one local date in the programme timezone. The unique key
 * (member_id, date) is what makes "one per day" hold under concurrency and across instances;
 * it leads with member_id so it stays enforceable when sharded by member.
 */
@Entity('checkin')
@Index('checkin_member_date_key', ['memberId', 'date'], { unique: true })
@Check('checkin_amounts_non_negative', '"points_awarded" >= 0 AND "cost_points" >= 0 AND "streak" >= 1')
// A cost is only ever paid for a make-up (补签).
@Check('checkin_cost_only_for_make_up', '"made_up" OR "cost_points" = 0')
export class CheckIn {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  memberId: string;

  @ManyToOne(() => Member, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_id' })
  member?: Member;

  /** Local date (YYYY-MM-DD) in the programme timezone. */
  @Column('date')
  date: string;

  @Column('boolean', { default: false })
  madeUp: boolean;

  /** The streak ending on `date` when it was recorded. */
  @Column('integer')
  streak: number;

  @Column('integer', { default: 0 })
  pointsAwarded: number;

  /** Points paid for a make-up. */
  @Column('integer', { default: 0 })
  costPoints: number;

  /** The rewards as the rule decided them; coupon rewards get their coupon id once issued. */
  @Column('jsonb', { default: () => "'[]'" })
  rewards: CheckInRewardView[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
