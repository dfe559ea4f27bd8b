import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Member } from '../members/member.entity.js';

/** A credit of points with its own expiry; spending and expiry consume `remaining`. */
@Entity('points_lot')
@Check('points_lot_amount_positive', '"amount" > 0')
// The last defence of the ledger: a lot can never be over-consumed.
@Check('points_lot_remaining_in_range', '"remaining" >= 0 AND "remaining" <= "amount"')
@Index('points_lot_member_live_idx', ['memberId', 'expiresAt'], { where: '"remaining" > 0' })
export class PointsLot {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  memberId: string;

  @ManyToOne(() => Member, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_id' })
  member?: Member;

  /** The entry that created this lot. */
  @Column('uuid')
  entryId: string;

  @Column('integer')
  amount: number;

  @Column('integer')
  remaining: number;

  @Column('timestamptz')
  earnedAt: Date;

  /** null = never expires. */
  @Column('timestamptz', { nullable: true })
  expiresAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
