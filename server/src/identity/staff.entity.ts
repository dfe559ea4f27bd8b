import type { StaffRole } from '@huiyuan/shared';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Store } from '../stores/store.entity.js';

@Entity('staff')
@Check('staff_role_known', `"role" IN ('cashier', 'manager', 'admin')`)
// An admin belongs to no store; cashiers and managers to exactly one.
@Check('staff_store_matches_role', `("role" = 'admin') = ("store_id" IS NULL)`)
export class Staff {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('staff_username_key', { unique: true })
  @Column('text')
  username: string;

  /** scrypt$N$r$p$salt$hash (see password.ts). */
  @Column('text')
  passwordHash: string;

  @Column('text')
  role: StaffRole;

  @Column('uuid', { nullable: true })
  storeId: string | null;

  @ManyToOne(() => Store, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'store_id' })
  store?: Store;

  /** The API's `status: 'disabled'` (see docs/architecture.md, "Staff accounts and sessions"). */
  @Column('boolean', { default: false })
  disabled: boolean;

  /** Bumped to end every session of the account; JWTs carry the version they were signed with. */
  @Column('integer', { default: 0 })
  tokenVersion: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
