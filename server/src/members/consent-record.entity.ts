import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Member } from './member.entity.js';

/** Append-only history of privacy-policy acceptances (PIPL art. 14: consent is provable). */
@Entity('consent_record')
@Index('consent_record_member_version_key', ['memberId', 'version'], { unique: true })
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

  @CreateDateColumn({ type: 'timestamptz' })
  acceptedAt: Date;
}
