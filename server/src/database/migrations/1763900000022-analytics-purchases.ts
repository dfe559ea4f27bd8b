// Purchase figures and segment ranges at 1M members / 10M orders (issue 11 targets): buyers and
// repurchasers of any period from per-order recurrence counts (analytics_order_recurrence) instead
// of count(DISTINCT member) over member × store × day rows, and each member's totals (orders,
// spend, refunded) on analytics_member so segment ranges are column filters. The member × store ×
// day rows had no reader left once the purchase figures moved: dropped, one write less per order.
// docs/metrics.md.
// Fill them with `pnpm analytics:rebuild` after upgrading (as for every rollup).
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AnalyticsPurchases1763900000022 implements MigrationInterface {
  name = 'AnalyticsPurchases1763900000022';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "analytics_member" ADD "prev_order_on" date`);
    await q.query(`ALTER TABLE "analytics_member" ADD "orders" integer NOT NULL DEFAULT '0'`);
    await q.query(`ALTER TABLE "analytics_member" ADD "spend" bigint NOT NULL DEFAULT '0'`);
    await q.query(`ALTER TABLE "analytics_member" ADD "refunded" bigint NOT NULL DEFAULT '0'`);
    await q.query(`ALTER TABLE "analytics_member_store" ADD "prev_order_on" date`);
    await q.query(
      `CREATE TABLE "analytics_order_recurrence" ("scope_id" uuid NOT NULL, "day" date NOT NULL, "prev_day" date NOT NULL, "prev2_day" date NOT NULL, "shard" smallint NOT NULL, "orders" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_analytics_order_recurrence" PRIMARY KEY ("scope_id", "day", "prev_day", "prev2_day", "shard") INCLUDE ("orders"))`,
    );
    await q.query(`DROP TABLE "analytics_member_day"`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Empty again: `pnpm analytics:rebuild` fills it (from the release before this one).
    await q.query(
      `CREATE TABLE "analytics_member_day" ("store_id" uuid NOT NULL, "day" date NOT NULL, "member_id" uuid NOT NULL, "orders" integer NOT NULL DEFAULT '0', "paid" bigint NOT NULL DEFAULT '0', "check_ins" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_e677696517583d45df88ba1a7e4" PRIMARY KEY ("store_id", "day", "member_id") INCLUDE ("orders"))`,
    );
    await q.query(`CREATE INDEX "analytics_member_day_day_idx" ON "analytics_member_day" ("day", "member_id")`);
    await q.query(`DROP TABLE "analytics_order_recurrence"`);
    await q.query(`ALTER TABLE "analytics_member_store" DROP COLUMN "prev_order_on"`);
    await q.query(`ALTER TABLE "analytics_member" DROP COLUMN "refunded"`);
    await q.query(`ALTER TABLE "analytics_member" DROP COLUMN "spend"`);
    await q.query(`ALTER TABLE "analytics_member" DROP COLUMN "orders"`);
    await q.query(`ALTER TABLE "analytics_member" DROP COLUMN "prev_order_on"`);
  }
}
