import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Member } from '../members/member.entity.js';

/** Messages for the member (积分即将过期, 升级 …); unique per business key so jobs can re-run. */
@Entity('member_notification')
@Index('member_notification_member_key', ['memberId', 'businessKey'], { unique: true })
@Index('member_notification_member_created_idx', ['memberId', 'createdAt'])
export class MemberNotification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  memberId: string;

  @ManyToOne(() => Member, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id' })
  member?: Member;

  @Column('text')
  kind: string;

  @Column('text')
  title: string;

  @Column('text')
  body: string;

  @Column('text')
  businessKey: string;

  @Column('timestamptz', { nullable: true })
  readAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
