import { Column, CreateDateColumn, Entity, Index, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { Member } from '../members/member.entity.js';

/**
 * Where a member registered from: the client address and device id of the login that created
 * the member. Referral abuse checks compare invitees of one inviter on these (anti-fraud only;
 * never shown to members, not logged).
 */
@Entity('member_signup_signal')
@Index('member_signup_signal_ip_idx', ['ip'])
@Index('member_signup_signal_device_idx', ['deviceId'])
export class SignupSignal {
  @PrimaryColumn('uuid')
  memberId: string;

  @OneToOne(() => Member, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_id' })
  member?: Member;

  @Column('text', { nullable: true })
  ip: string | null;

  @Column('text', { nullable: true })
  deviceId: string | null;

  /** WeChat's getuserriskrank for the sign-up (0–4, higher is riskier); null when not asked or unanswered. */
  @Column('integer', { nullable: true })
  riskRank: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
