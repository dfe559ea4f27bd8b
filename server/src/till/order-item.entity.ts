import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Order } from './order.entity.js';

/** A line of an order (SKU, name, category, quantity, unit price in fen), in the order it was sent. */
@Entity('order_item')
@Index('order_item_order_line_key', ['orderId', 'line'], { unique: true })
@Index('order_item_category_idx', ['category', 'orderId'])
@Check('order_item_quantity_positive', '"quantity" > 0')
@Check('order_item_unit_price_non_negative', '"unit_price" >= 0')
export class OrderItem {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  orderId: string;

  @ManyToOne(() => Order, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'order_id' })
  order?: Order;

  /** 0-based position in the request. */
  @Column('integer')
  line: number;

  @Column('text')
  sku: string;

  @Column('text')
  name: string;

  @Column('text', { nullable: true })
  category: string | null;

  @Column('integer')
  quantity: number;

  @Column('integer')
  unitPrice: number;
}
