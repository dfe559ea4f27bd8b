// Segment counts over 1M members (issue 11 target: preview ≤ 1 s). The planner estimated
// `(spend - refunded) BETWEEN …` at 0.5 % of the members (no statistics on an expression) and
// probed member_score and member once per candidate (363k nested-loop probes, 4.2 s); statistics
// on the expression give it the real share and hash joins. The partial index on active members'
// ids lets a segment whose conditions read no member column skip the wide member rows (an
// index-only scan of ~30 MB instead of 236 MB). docs/segments.md.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SegmentScans1763900000025 implements MigrationInterface {
  name = 'SegmentScans1763900000025';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE STATISTICS IF NOT EXISTS "analytics_member_net_spend_stats" ON ("spend" - "refunded") FROM "analytics_member"`,
    );
    await q.query(`CREATE INDEX "member_active_id_idx" ON "member" ("id") WHERE "status" = 'active'`);
    await q.query(`ANALYZE "analytics_member"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "member_active_id_idx"`);
    await q.query(`DROP STATISTICS IF EXISTS "analytics_member_net_spend_stats"`);
  }
}
