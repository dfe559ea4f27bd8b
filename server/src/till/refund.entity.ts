import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Order } from './order.entity.js';

/** A partial or full refund of an order, idempotent on (order, refundNo). */
@Entity('order_refund')
@Index('order_refund_order_refund_no_key', ['orderId', 'refundNo'], { unique: true })
@Check('order_refund_amount_positive', '"amount" > 0')
export class Refund {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  orderId: string;

  @ManyToOne(() => Order, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'order_id' })
  order?: Order;

  @Column('text')
  refundNo: string;

  @Column('integer')
  amount: number;

  @Column('integer', { default: 0 })
  pointsReversed: number;

  @Column('integer', { default: 0 })
  pointsShortfall: number;

  @Column('integer', { default: 0 })
  growthReversed: number;

  @Column('integer', { default: 0 })
  pointsReturned: number;

  @Column('integer', { default: 0 })
  pointsForfeited: number;

  @Column('uuid')
  staffId: string;

  @Column('text')
  requestHash: string;

  @Column('jsonb')
  response: object;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
