// The feedback table (反馈, docs/feedback.md): what a member sent, where it belongs, and how the
// store answered. content and reply are personal data: exported with the member and set to null
// on erasure (erased_at), while category, rating, status and times stay for the statistics.
import type { FeedbackCategory, FeedbackStatus } from '@huiyuan/shared';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Staff } from '../identity/staff.entity.js';
import { Member } from '../members/member.entity.js';
import { Store } from '../stores/store.entity.js';
import { Order } from '../till/order.entity.js';

@Entity('feedback')
@Check('feedback_category_known', `"category" IN ('service', 'product', 'environment', 'other')`)
@Check('feedback_status_known', `"status" IN ('open', 'replied', 'closed')`)
@Check('feedback_rating_range', '"rating" IS NULL OR "rating" BETWEEN 1 AND 5')
@Check('feedback_content_length', '"content" IS NULL OR char_length("content") BETWEEN 1 AND 500')
@Check('feedback_reply_length', '"reply" IS NULL OR char_length("reply") BETWEEN 1 AND 500')
@Check('feedback_content_kept', '"content" IS NOT NULL OR "erased_at" IS NOT NULL')
/** A retried create (same member and requestId) finds the first row instead of adding one. */
@Index('feedback_member_request_key', ['memberId', 'requestId'], { unique: true })
@Index('feedback_member_created_idx', ['memberId', 'createdAt', 'id'])
@Index('feedback_store_created_idx', ['storeId', 'createdAt', 'id'])
@Index('feedback_status_created_idx', ['status', 'createdAt', 'id'])
export class Feedback {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  memberId: string;

  @ManyToOne(() => Member, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id' })
  member?: Member;

  /** The order's store, else the member's home store, else null (admins only). */
  @Column('uuid', { nullable: true })
  storeId: string | null;

  @ManyToOne(() => Store, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'store_id' })
  store?: Store;

  @Column('uuid', { nullable: true })
  orderId: string | null;

  @ManyToOne(() => Order, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'order_id' })
  order?: Order;

  @Column('text', { nullable: true })
  orderNo: string | null;

  @Column('text', { nullable: true })
  requestId: string | null;

  @Column('text')
  category: FeedbackCategory;

  @Column('text', { nullable: true })
  content: string | null;

  @Column('smallint', { nullable: true })
  rating: number | null;

  @Column('text', { default: 'open' })
  status: FeedbackStatus;

  @Column('uuid', { nullable: true })
  ownerStaffId: string | null;

  @ManyToOne(() => Staff, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'owner_staff_id' })
  owner?: Staff;

  @Column('text', { nullable: true })
  reply: string | null;

  @Column('uuid', { nullable: true })
  repliedBy: string | null;

  @ManyToOne(() => Staff, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'replied_by' })
  replier?: Staff;

  @Column('timestamptz', { nullable: true })
  repliedAt: Date | null;

  /** The first reply's time, kept when a reply is replaced: the inbox's reply-age figure. */
  @Column('timestamptz', { nullable: true })
  firstRepliedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  closedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  erasedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
