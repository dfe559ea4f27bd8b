// Recommendation statistics (issue 12 item 4; docs/recommendations.md): the catalogue with global
// popularity and category repeat rates, item-to-item co-purchase pairs, and recency-weighted
// popularity per store — all recomputed nightly from the till's order lines.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Recommendations1763900000031 implements MigrationInterface {
  name = 'Recommendations1763900000031';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "item_catalog" ("sku" text NOT NULL, "name" text NOT NULL, "category" text, "buyers" integer NOT NULL, "repeat_buyers" integer NOT NULL, "popularity" double precision NOT NULL, "repeat_rate" double precision NOT NULL, "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_ad7518df96a6b7fd2bff0d1cfdd" PRIMARY KEY ("sku"))`,
    );
    await q.query(`CREATE INDEX "item_catalog_popularity_idx" ON "item_catalog" ("popularity")`);
    await q.query(
      `CREATE TABLE "item_pair_score" ("sku" text NOT NULL, "other_sku" text NOT NULL, "co_buyers" integer NOT NULL, "score" double precision NOT NULL, CONSTRAINT "PK_b5a407d02c9b659c9bd8ce458cc" PRIMARY KEY ("sku", "other_sku"))`,
    );
    await q.query(
      `CREATE TABLE "store_item_popularity" ("store_id" uuid NOT NULL, "sku" text NOT NULL, "orders" integer NOT NULL, "score" double precision NOT NULL, CONSTRAINT "PK_30584a7bc6c40f6451055f0bb68" PRIMARY KEY ("store_id", "sku"))`,
    );
    await q.query(`CREATE INDEX "store_item_popularity_rank_idx" ON "store_item_popularity" ("store_id", "score")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "store_item_popularity"`);
    await q.query(`DROP TABLE "item_pair_score"`);
    await q.query(`DROP TABLE "item_catalog"`);
  }
}
