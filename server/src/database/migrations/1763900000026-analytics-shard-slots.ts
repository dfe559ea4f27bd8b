// The shard a connection writes the hot analytics rows to (docs/metrics.md "Shards"). It was
// `pg_backend_pid() % 32`, which is distinct per connection only while a pool's connections have
// consecutive pids; a pool that reconnects after its idle timeout gets pids interleaved with
// other backends, and in one bench run a third of the till's connections were waiting on a row
// lock held by another connection of the same shard. Now each connection takes a free slot
// once: a session advisory lock (key ANALYTICS_SHARD_LOCK, slot) held while it lives, remembered
// in a session setting, so no two live connections of any instance share a shard while there
// are at most 64 of them (beyond that: pid % 64). Frozen here: 18553 is
// ANALYTICS_SHARD_LOCK and 64 ROLLUP_SHARDS in analytics.entity.ts.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AnalyticsShardSlots1763900000026 implements MigrationInterface {
  name = 'AnalyticsShardSlots1763900000026';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION analytics_shard() RETURNS smallint LANGUAGE plpgsql VOLATILE PARALLEL RESTRICTED AS $$
      DECLARE
        remembered text := current_setting('huiyuan.analytics_shard', true);
        slot int;
      BEGIN
        IF remembered IS NOT NULL AND remembered <> '' THEN
          RETURN remembered::smallint;
        END IF;
        -- A slot this session holds already: the setting is rolled back with the transaction that
        -- set it, the advisory lock is not.
        SELECT l.objid::int INTO slot FROM pg_locks l
         WHERE l.locktype = 'advisory' AND l.pid = pg_backend_pid() AND l.classid = 18553 AND l.objsubid = 2 AND l.granted
         ORDER BY l.objid LIMIT 1;
        IF slot IS NULL THEN
          FOR candidate IN 0..63 LOOP
            IF pg_try_advisory_lock(18553, candidate) THEN
              slot := candidate;
              EXIT;
            END IF;
          END LOOP;
        END IF;
        slot := COALESCE(slot, pg_backend_pid() % 64);
        PERFORM set_config('huiyuan.analytics_shard', slot::text, false);
        RETURN slot;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION analytics_shard()`);
  }
}
