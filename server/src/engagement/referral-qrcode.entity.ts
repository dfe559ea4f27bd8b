import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** The mini-program code (wxacode.getUnlimited PNG) of an invite code, fetched once from WeChat. */
@Entity('referral_qrcode')
export class ReferralQrCode {
  @PrimaryColumn('text')
  inviteCode: string;

  @Column('bytea')
  png: Buffer;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
