import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Staff } from '../identity/staff.entity.js';

/**
 * An `Idempotency-Key` a staff account sent on an admin create, written in the same transaction
 * as the create itself: the primary key makes a second identical request wait for the first and
 * then replay `response` (kept as `json`, not `jsonb`, so the replay has the same key order).
 */
@Entity('idempotency_key')
export class IdempotencyKey {
  @PrimaryColumn('uuid')
  staffId: string;

  @ManyToOne(() => Staff, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'staff_id' })
  staff?: Staff;

  @PrimaryColumn('varchar', { length: 255 })
  key: string;

  /** sha256 of method, path and the canonical JSON body: another body under the key is refused. */
  @Column('text')
  requestHash: string;

  @Column('json', { nullable: true })
  response: unknown;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
