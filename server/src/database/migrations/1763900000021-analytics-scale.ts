// KPI reads at 1M members / 10M orders (issue 11 item 7): each member's first / last order day and
// last active day, and the recurrence counts that give exact distinct-member figures (active
// members, churn, lifecycle, members at a date) without scanning members. docs/metrics.md.
// Fill them with `pnpm analytics:rebuild` after upgrading (as for every rollup).
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AnalyticsScale1763900000021 implements MigrationInterface {
  name = 'AnalyticsScale1763900000021';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "analytics_member" ADD "first_order_on" date`);
    await q.query(`ALTER TABLE "analytics_member" ADD "last_order_on" date`);
    await q.query(`ALTER TABLE "analytics_member" ADD "last_active_on" date`);
    await q.query(
      `CREATE TABLE "analytics_recurrence" ("scope_id" uuid NOT NULL, "kind" smallint NOT NULL, "day" date NOT NULL, "prev_day" date NOT NULL, "shard" smallint NOT NULL, "members" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_analytics_recurrence" PRIMARY KEY ("scope_id", "kind", "day", "prev_day", "shard") INCLUDE ("members"))`,
    );
    // The buyers and repurchasers of a store's period read (store_id, day, member_id, orders):
    // carried in the primary key's index, they are an index-only scan instead of one heap page
    // per row (the keys and the recurrence's counts change only on today's rows).
    await q.query(`ALTER TABLE "analytics_member_day" DROP CONSTRAINT "PK_e677696517583d45df88ba1a7e4"`);
    await q.query(
      `ALTER TABLE "analytics_member_day" ADD CONSTRAINT "PK_e677696517583d45df88ba1a7e4" PRIMARY KEY ("store_id", "day", "member_id") INCLUDE ("orders")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "analytics_member_day" DROP CONSTRAINT "PK_e677696517583d45df88ba1a7e4"`);
    await q.query(
      `ALTER TABLE "analytics_member_day" ADD CONSTRAINT "PK_e677696517583d45df88ba1a7e4" PRIMARY KEY ("store_id", "day", "member_id")`,
    );
    await q.query(`DROP TABLE "analytics_recurrence"`);
    await q.query(`ALTER TABLE "analytics_member" DROP COLUMN "last_active_on"`);
    await q.query(`ALTER TABLE "analytics_member" DROP COLUMN "last_order_on"`);
    await q.query(`ALTER TABLE "analytics_member" DROP COLUMN "first_order_on"`);
  }
}
