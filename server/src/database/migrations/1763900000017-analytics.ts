// Analytics rollups (issue 11): store × day counters (sharded), one row per member (home store,
// registration), member × store purchase stats, member × store × day activity. docs/metrics.md.
// Run `pnpm analytics:rebuild` once after upgrading to fill them from the existing rows.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Analytics1763900000017 implements MigrationInterface {
  name = 'Analytics1763900000017';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "analytics_store_day" ("store_id" uuid NOT NULL, "day" date NOT NULL, "shard" smallint NOT NULL, "registrations" integer NOT NULL DEFAULT '0', "orders" integer NOT NULL DEFAULT '0', "gmv" bigint NOT NULL DEFAULT '0', "refunds" integer NOT NULL DEFAULT '0', "refunded" bigint NOT NULL DEFAULT '0', "check_ins" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_e63f51048cd7862c1b730e1e99a" PRIMARY KEY ("store_id", "day", "shard"))`,
    );
    await q.query(
      `CREATE TABLE "analytics_member" ("member_id" uuid NOT NULL, "home_store_id" uuid NOT NULL, "registered_at" TIMESTAMP WITH TIME ZONE NOT NULL, "registered_on" date NOT NULL, CONSTRAINT "PK_ba75b02b6bb46ddffcc43d5a723" PRIMARY KEY ("member_id"))`,
    );
    await q.query(`CREATE INDEX "analytics_member_home_idx" ON "analytics_member" ("home_store_id", "registered_on")`);
    await q.query(
      `CREATE TABLE "analytics_member_store" ("member_id" uuid NOT NULL, "store_id" uuid NOT NULL, "first_order_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_order_at" TIMESTAMP WITH TIME ZONE NOT NULL, "first_order_on" date NOT NULL, "last_order_on" date NOT NULL, "orders" integer NOT NULL DEFAULT '0', "spend" bigint NOT NULL DEFAULT '0', "refunded" bigint NOT NULL DEFAULT '0', CONSTRAINT "PK_fe93f516c390bd529690f2c020c" PRIMARY KEY ("member_id", "store_id"))`,
    );
    await q.query(`CREATE INDEX "analytics_member_store_store_idx" ON "analytics_member_store" ("store_id", "last_order_on")`);
    await q.query(
      `CREATE TABLE "analytics_member_day" ("store_id" uuid NOT NULL, "day" date NOT NULL, "member_id" uuid NOT NULL, "orders" integer NOT NULL DEFAULT '0', "paid" bigint NOT NULL DEFAULT '0', "check_ins" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_e677696517583d45df88ba1a7e4" PRIMARY KEY ("store_id", "day", "member_id"))`,
    );
    await q.query(`CREATE INDEX "analytics_member_day_day_idx" ON "analytics_member_day" ("day", "member_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "analytics_member_day"`);
    await q.query(`DROP TABLE "analytics_member_store"`);
    await q.query(`DROP TABLE "analytics_member"`);
    await q.query(`DROP TABLE "analytics_store_day"`);
  }
}
