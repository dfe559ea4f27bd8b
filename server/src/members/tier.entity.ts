import type { Benefit, TierCode } from '@huiyuan/shared';
import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/** Programme tiers (普通/银卡/金卡/白金): configuration rows, seeded by a migration. */
@Entity('tier')
@Check('tier_thresholds_non_negative', '"growth_threshold" >= 0 AND "keep_growth" >= 0')
export class Tier {
  @PrimaryColumn('text')
  code: TierCode;

  @Column('text')
  name: string;

  @Column('integer')
  growthThreshold: number;

  @Column('integer')
  keepGrowth: number;

  @Column('integer')
  pointsMultiplierBp: number;

  @Column('integer')
  discountRateBp: number;

  @Column('jsonb')
  benefits: Benefit[];
}
