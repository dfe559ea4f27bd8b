// Sharded coupon stock (issue 10): a template may split its stock over N rows of
// coupon_stock_shard so that the claims of one hot flash-sale offer lock different rows.
// Existing templates keep stock_shards = 1 (their stock stays on the template row). docs/coupons.md.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CouponStockShards1763900000023 implements MigrationInterface {
  name = 'CouponStockShards1763900000023';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "coupon_stock_shard" ("template_id" uuid NOT NULL, "shard" smallint NOT NULL, "stock" integer NOT NULL, "issued" integer NOT NULL DEFAULT '0', CONSTRAINT "coupon_stock_shard_bounded" CHECK ("issued" >= 0 AND "issued" <= "stock"), CONSTRAINT "PK_5bb49b79ce7505ad2557a531cf0" PRIMARY KEY ("template_id", "shard"))`,
    );
    await q.query(`ALTER TABLE "coupon_template" ADD "stock_shards" integer NOT NULL DEFAULT '1'`);
    await q.query(
      `ALTER TABLE "coupon_template" ADD CONSTRAINT "coupon_template_shards_bounded" CHECK ("stock_shards" >= 1 AND "stock_shards" <= 64)`,
    );
    await q.query(
      `ALTER TABLE "coupon_stock_shard" ADD CONSTRAINT "FK_49f9e3bc1f45f416873a4e142de" FOREIGN KEY ("template_id") REFERENCES "coupon_template"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "coupon_stock_shard"`);
    await q.query(`ALTER TABLE "coupon_template" DROP CONSTRAINT "coupon_template_shards_bounded"`);
    await q.query(`ALTER TABLE "coupon_template" DROP COLUMN "stock_shards"`);
  }
}
