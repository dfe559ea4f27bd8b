// The recommendation statistics (issue 12 item 4; docs/recommendations.md), recomputed nightly
// from the till's order lines by the `recommendations` job, replaced in one transaction. No row
// describes one member: every figure counts at least RECOMMENDATION_PARAMS.minCoBuyers members
// (pairs) or is a sum over orders (popularity).
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Every SKU sold in the window: its latest name and category, buyers, popularity over all stores. */
@Entity('item_catalog')
@Index('item_catalog_popularity_idx', ['popularity'])
export class ItemCatalog {
  @PrimaryColumn('text')
  sku: string;

  @Column('text')
  name: string;

  @Column('text', { nullable: true })
  category: string | null;

  /** Members who bought it (within the window). */
  @Column('integer')
  buyers: number;

  /** Σ over its orders of 0.5^(age / popularityHalfLifeDays), all stores. */
  @Column('double precision')
  popularity: number;

  /** Buyers who bought it on two or more orders. */
  @Column('integer')
  repeatBuyers: number;

  /** Its repeat rate, shrunk toward its category's (shared itemRepeatRate): docs/recommendations.md. */
  @Column('double precision')
  repeatRate: number;

  @Column('timestamptz')
  computedAt: Date;
}

/** Members who bought `sku` also bought `otherSku`: the best neighboursPerItem per sku. */
@Entity('item_pair_score')
export class ItemPairScore {
  @PrimaryColumn('text')
  sku: string;

  @PrimaryColumn('text')
  otherSku: string;

  @Column('integer')
  coBuyers: number;

  /** pairScore(coBuyers, buyers(sku), buyers(otherSku)). */
  @Column('double precision')
  score: number;
}

/** Recency-weighted popularity per store: the best popularPerStore items of each store. */
@Entity('store_item_popularity')
@Index('store_item_popularity_rank_idx', ['storeId', 'score'])
export class StoreItemPopularity {
  @PrimaryColumn('uuid')
  storeId: string;

  @PrimaryColumn('text')
  sku: string;

  /** Orders at the store containing the item (within the window). */
  @Column('integer')
  orders: number;

  @Column('double precision')
  score: number;
}
