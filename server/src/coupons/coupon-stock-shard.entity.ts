import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CouponTemplate } from './coupon-template.entity.js';

/**
 * One slice of a sharded template's stock (`coupon_template.stock_shards` > 1): a claim takes a
 * unit from a shard with stock left (`UPDATE … SET issued = issued + 1 WHERE issued < stock`),
 * so concurrent claims of one hot template lock different rows. Σ stock = the template's
 * `total_stock`; Σ issued = its coupons (the template row's own `issued` stays 0 for a sharded
 * template). The CHECK is the last line of defence against overselling a shard.
 */
@Entity('coupon_stock_shard')
@Check('coupon_stock_shard_bounded', '"issued" >= 0 AND "issued" <= "stock"')
export class CouponStockShard {
  @PrimaryColumn('uuid')
  templateId: string;

  @PrimaryColumn('smallint')
  shard: number;

  @ManyToOne(() => CouponTemplate, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'template_id' })
  template?: CouponTemplate;

  @Column('integer')
  stock: number;

  @Column('integer', { default: 0 })
  issued: number;
}
