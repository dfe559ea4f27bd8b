import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { PointsEntry } from './points-entry.entity.js';
import { PointsLot } from './points-lot.entity.js';

/** Which lots a debit (spend, reversal, expiry) consumed, and how much of each. */
@Entity('points_allocation')
@Check('points_allocation_positive', '"points" > 0')
@Index('points_allocation_lot_idx', ['lotId'])
export class PointsAllocation {
  @PrimaryColumn('uuid')
  entryId: string;

  @PrimaryColumn('uuid')
  lotId: string;

  @ManyToOne(() => PointsEntry, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'entry_id' })
  entry?: PointsEntry;

  @ManyToOne(() => PointsLot, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'lot_id' })
  lot?: PointsLot;

  @Column('integer')
  points: number;
}
