import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Member } from '../members/member.entity.js';

/**
 * One-time WeChat subscribe-message grants (一次性订阅) of a member for one template. Each
 * accepted prompt allows exactly one send; a send is claimed by a conditional decrement before
 * WeChat is called, so sends never exceed grants (CHECK remaining ≥ 0 as the backstop).
 */
@Entity('subscribe_quota')
@Check('subscribe_quota_counts', '"remaining" >= 0 AND "granted" >= 0 AND "sent" >= 0 AND "sent" + "remaining" <= "granted"')
export class SubscribeQuota {
  @PrimaryColumn('uuid')
  memberId: string;

  @ManyToOne(() => Member, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_id' })
  member?: Member;

  @PrimaryColumn('text')
  templateId: string;

  @Column('integer', { default: 0 })
  granted: number;

  @Column('integer', { default: 0 })
  remaining: number;

  @Column('integer', { default: 0 })
  sent: number;

  /** Local date of the last send claimed (at most one reminder a day). */
  @Column('date', { nullable: true })
  lastSentOn: string | null;

  /** WeChat's errcode of the last failed send (43101: the user has no subscription left). */
  @Column('integer', { nullable: true })
  lastErrcode: number | null;

  @Column('timestamptz', { nullable: true })
  lastErrorAt: Date | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
