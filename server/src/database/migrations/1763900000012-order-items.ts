// Pricing pipeline (shared priceOrder): orders record the member-price discount and the stored
// value paid; the payable check includes the member price. Orders may carry items.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OrderItems1763900000012 implements MigrationInterface {
  name = 'OrderItems1763900000012';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "member_order" ADD "member_price_discount" integer NOT NULL DEFAULT '0'`);
    await q.query(`ALTER TABLE "member_order" ADD "balance_paid" integer NOT NULL DEFAULT '0'`);
    await q.query(`ALTER TABLE "member_order" DROP CONSTRAINT "member_order_payable_adds_up"`);
    await q.query(
      `ALTER TABLE "member_order" ADD CONSTRAINT "member_order_payable_adds_up" CHECK ("payable" = "amount" - "member_price_discount" - "coupon_discount" - "points_discount" AND "payable" >= 0)`,
    );
    await q.query(
      `ALTER TABLE "member_order" ADD CONSTRAINT "member_order_tenders_add_up" CHECK ("balance_paid" >= 0 AND "balance_paid" <= "payable")`,
    );
    await q.query(
      `CREATE TABLE "order_item" ("id" uuid NOT NULL, "order_id" uuid NOT NULL, "line" integer NOT NULL, "sku" text NOT NULL, "name" text NOT NULL, "category" text, "quantity" integer NOT NULL, "unit_price" integer NOT NULL, CONSTRAINT "order_item_quantity_positive" CHECK ("quantity" > 0), CONSTRAINT "order_item_unit_price_non_negative" CHECK ("unit_price" >= 0), CONSTRAINT "PK_order_item" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "order_item_order_line_key" ON "order_item" ("order_id", "line") `);
    await q.query(
      `ALTER TABLE "order_item" ADD CONSTRAINT "FK_e9674a6053adbaa1057848cddfa" FOREIGN KEY ("order_id") REFERENCES "member_order"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "order_item" CASCADE`);
    await q.query(`ALTER TABLE "member_order" DROP CONSTRAINT "member_order_tenders_add_up"`);
    await q.query(`ALTER TABLE "member_order" DROP CONSTRAINT "member_order_payable_adds_up"`);
    await q.query(
      `ALTER TABLE "member_order" ADD CONSTRAINT "member_order_payable_adds_up" CHECK ("payable" = "amount" - "coupon_discount" - "points_discount" AND "payable" >= 0)`,
    );
    await q.query(`ALTER TABLE "member_order" DROP COLUMN "balance_paid"`);
    await q.query(`ALTER TABLE "member_order" DROP COLUMN "member_price_discount"`);
  }
}
