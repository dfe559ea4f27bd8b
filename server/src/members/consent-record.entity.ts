import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Member } from './member.entity.js';

export type ConsentAction = 'accept' | 'withdraw';

/**
 * Append-only history of privacy-policy acceptances and withdrawals (PIPL art. 14–15: consent,
 * and its withdrawal, are provable). Kept after erasure: it holds no personal data beyond the
 * pseudonymous member id.
 */
@Entity('consent_record')
@Index('consent_record_member_idx', ['memberId', 'recordedAt'])
@Check('consent_record_action_known', `"action" IN ('accept', 'withdraw')`)
export class ConsentRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  memberId: string;

  @ManyToOne(() => Member, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id' })
  member?: Member;

  @Column('text')
  version: string;

  @Column('text', { default: 'accept' })
  action: ConsentAction;

  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;
}
