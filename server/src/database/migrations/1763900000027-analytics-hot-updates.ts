// The recurrence counts' primary keys carried their counter (INCLUDE "members" / "orders") so the
// KPI reads were index-only scans; but a counter in an index makes every increment a non-HOT update
// (a new heap tuple and a new index entry, each WAL-logged), and the till increments two order
// recurrence rows per order and four recurrence rows on a member's first order of a day (six on their first ever):
// in `pnpm bench cashier` 153k of 153k order-recurrence updates were non-HOT while every other
// rollup's were HOT. Without the counter in the key's index the increments are HOT updates and
// the reads fetch the counter from the heap (docs/performance.md).
import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = [
  ['analytics_recurrence', '"scope_id", "kind", "day", "prev_day", "shard"', 'members'],
  ['analytics_order_recurrence', '"scope_id", "day", "prev_day", "prev2_day", "shard"', 'orders'],
] as const;

export class AnalyticsHotUpdates1763900000027 implements MigrationInterface {
  name = 'AnalyticsHotUpdates1763900000027';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, keys] of TABLES) {
      await q.query(`ALTER TABLE "${table}" DROP CONSTRAINT "PK_${table}"`);
      await q.query(`ALTER TABLE "${table}" ADD CONSTRAINT "PK_${table}" PRIMARY KEY (${keys})`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, keys, counter] of TABLES) {
      await q.query(`ALTER TABLE "${table}" DROP CONSTRAINT "PK_${table}"`);
      await q.query(`ALTER TABLE "${table}" ADD CONSTRAINT "PK_${table}" PRIMARY KEY (${keys}) INCLUDE ("${counter}")`);
    }
  }
}
