import type { Gender, TierCode } from '@huiyuan/shared';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Generated,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Store } from '../stores/store.entity.js';
import { Tier } from './tier.entity.js';

export type MemberStatus = 'active' | 'frozen' | 'deleted';

@Index('member_active_id_idx', ['id'], { where: `"status" = 'active'` })
@Entity('member')
@Check('member_points_non_negative', '"points" >= 0')
@Check('member_points_debt_non_negative', '"points_debt" >= 0')
@Check('member_growth_non_negative', '"growth" >= 0')
@Check('member_status_known', `"status" IN ('active', 'frozen', 'deleted')`)
@Check('member_gender_known', `"gender" IN ('male', 'female', 'unknown')`)
export class Member {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Printed on the card; 10 digits, the last a Luhn check digit. */
  @Index('member_member_no_key', { unique: true })
  @Column('text')
  memberNo: string;

  /** Small stable number embedded in the rotating member code so the server finds the member. */
  @Index('member_code_id_key', { unique: true })
  @Column('bigint')
  @Generated('increment')
  codeId: string;

  @Index('member_openid_key', { unique: true })
  @Column('text')
  openid: string;

  @Column('text', { nullable: true })
  unionid: string | null;

  /** WeChat session_key, AES-GCM encrypted; never leaves the server. */
  @Column('bytea', { nullable: true })
  sessionKeyCipher: Buffer | null;

  @Column('text', { nullable: true })
  nickname: string | null;

  @Column('text', { nullable: true })
  avatarUrl: string | null;

  @Column('date', { nullable: true })
  birthday: string | null;

  @Column('timestamptz', { nullable: true })
  birthdayChangedAt: Date | null;

  @Column('text', { default: 'unknown' })
  gender: Gender;

  @Column('bytea', { nullable: true })
  phoneCipher: Buffer | null;

  /** HMAC of the full phone number for lookups; unique so one phone binds one member. */
  @Index('member_phone_hmac_key', { unique: true })
  @Column('text', { nullable: true })
  phoneHmac: string | null;

  /** e.g. 138****8000, stored so lists never decrypt. */
  @Column('text', { nullable: true })
  phoneMasked: string | null;

  @Column('text', { default: 'normal' })
  tierCode: TierCode;

  @ManyToOne(() => Tier, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'tier_code' })
  tier?: Tier;

  @Column('integer', { default: 0 })
  growth: number;

  /** Spendable points balance; the ledger is the truth and reconciliation checks this. */
  @Column('integer', { default: 0 })
  points: number;

  /** Points owed after a refund took back more than the member still had (积分欠款). */
  @Column('integer', { default: 0 })
  pointsDebt: number;

  /** When the current tier was reached (anchors the yearly 保级 review). */
  @Column('timestamptz', { default: () => 'now()' })
  tierSince: Date;

  /** Local date of the last tier review, null before the first. */
  @Column('date', { nullable: true })
  tierReviewedOn: string | null;

  /** The last member code accepted at a till: (step, counter). Codes at or before it are used. */
  @Column('bigint', { default: -1 })
  codeLastStep: string;

  @Column('smallint', { default: 0 })
  codeLastCounter: number;

  /** Wrong codes for this member in a row; at 5 the dynamic code is locked for 10 minutes. */
  @Column('smallint', { default: 0 })
  codeFailures: number;

  @Column('timestamptz', { nullable: true })
  codeLockedUntil: Date | null;

  @Index('member_invite_code_key', { unique: true })
  @Column('text')
  inviteCode: string;

  @Index('member_referrer_id_idx')
  @Column('uuid', { nullable: true })
  referrerId: string | null;

  @ManyToOne(() => Member, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'referrer_id' })
  referrer?: Member;

  @Column('text')
  registrationChannel: string;

  @Column('uuid', { nullable: true })
  registrationStoreId: string | null;

  @ManyToOne(() => Store, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'registration_store_id' })
  registrationStore?: Store;

  @Column('text', { default: 'active' })
  status: MemberStatus;

  @Column('text', { nullable: true })
  consentVersion: string | null;

  @Column('timestamptz', { nullable: true })
  consentAt: Date | null;

  /** Bumped by logout to end every session of the member; JWTs carry the version they were signed with. */
  @Column('integer', { default: 0 })
  tokenVersion: number;

  /** Per-member secret for the rotating member code (20 random bytes). */
  @Column('bytea')
  codeSecret: Buffer;

  /** When the member erased their account (DELETE /me); the row stays as the ledgers' pseudonym. */
  @Column('timestamptz', { nullable: true })
  deletedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
