import { Check, Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Admin-editable engagement settings, one JSON document per key, validated by the shared rules before saving. */
@Entity('engagement_setting')
@Check('engagement_setting_key_known', `"key" IN ('checkin', 'referral')`)
export class EngagementSetting {
  @PrimaryColumn('text')
  key: 'checkin' | 'referral';

  @Column('jsonb')
  value: object;

  @Column('uuid', { nullable: true })
  updatedBy: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
