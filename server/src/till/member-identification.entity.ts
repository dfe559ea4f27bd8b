import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Member } from '../members/member.entity.js';
import { Store } from '../stores/store.entity.js';

/**
 * Proof that a member was identified at a store's till (their rotating code, or the manager
 * fallback), valid until `expiresAt` (10 minutes). Spending orders must name one (docs/member-code.md).
 */
@Entity('member_identification')
@Check('member_identification_expires_after_created', '"expires_at" > "created_at"')
@Check('member_identification_method_known', `"method" IN ('member_code', 'member_no')`)
export class MemberIdentification {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  memberId: string;

  @ManyToOne(() => Member, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_id' })
  member?: Member;

  @Column('uuid')
  storeId: string;

  @ManyToOne(() => Store, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'store_id' })
  store?: Store;

  /** The staff member who identified them. */
  @Column('uuid')
  staffId: string;

  @Column('text')
  method: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz')
  expiresAt: Date;
}
