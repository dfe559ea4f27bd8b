import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One effect that must follow a commit (a WeChat message, later webhooks and campaign sends),
 * written in the transaction of the change it follows: committed together or not at all. The
 * relay (outbox.relay.ts) delivers it at least once to the handler of its topic.
 */
@Entity('outbox_message')
// The relay's claim: pending rows whose time has come, in id order.
@Index('outbox_message_due_idx', ['availableAt', 'id'], { where: `"status" = 'pending'` })
// A member's later row of a topic waits for an earlier pending one (ordering per member and topic).
@Index('outbox_message_member_pending_idx', ['memberId', 'topic', 'id'], {
  where: `"status" = 'pending' AND "member_id" IS NOT NULL`,
})
// A retried caller adds nothing twice.
@Index('outbox_message_dedupe_key', ['dedupeKey'], { unique: true })
@Check('outbox_message_status_known', `"status" IN ('pending', 'delivered', 'dead')`)
export class OutboxMessage {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column('text')
  topic: string;

  /** Rows of one member and topic are delivered in id order. No foreign key: erasure must not wait on it. */
  @Column('uuid', { nullable: true })
  memberId: string | null;

  @Column('jsonb')
  payload: unknown;

  @Column('text', { nullable: true })
  dedupeKey: string | null;

  @Column('text', { default: 'pending' })
  status: string;

  /** Delivery attempts started (a claim counts one). */
  @Column('integer', { default: 0 })
  attempts: number;

  /** Not before: the next retry, or the end of the current claim's lease. */
  @Column('timestamptz', { default: () => 'now()' })
  availableAt: Date;

  /** Set by each claim; only the holder of the current claim may settle the row. */
  @Column('uuid', { nullable: true })
  claimToken: string | null;

  @Column('text', { nullable: true })
  lastError: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  deliveredAt: Date | null;
}
