import type { Programme } from '@huiyuan/shared';
import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/** One version of the programme; the current one is the highest. Rows are never updated. */
@Entity('programme_version')
@Check('programme_version_positive', '"version" >= 1')
export class ProgrammeVersion {
  @PrimaryColumn('integer', { primaryKeyConstraintName: 'programme_version_pkey' })
  version: number;

  @Column('jsonb')
  definition: Programme;

  @Column('timestamptz', { default: () => 'now()' })
  changedAt: Date;

  /** Staff id; null for the version the migration seeded. */
  @Column('uuid', { nullable: true })
  changedBy: string | null;
}
