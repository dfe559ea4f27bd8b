// The SQL of lifecycle thresholds and the nightly member scores (issue 11 item 3; docs/metrics.md
// "Lifecycle" and "RFM"). The scores are computed set-based from the rollups (analytics_member,
// analytics_member_store) — never by loading members into Node — with CASE expressions built
// from the shared rule tables (shared/src/rules/rfm.ts), so the SQL and `scoreBuyers` /
// `lifecycleStage` cannot drift apart silently (test/member-scores.e2e-spec.ts compares them).
import { Injectable } from '@nestjs/common';
import {
  FREQUENCY_BANDS,
  MONETARY_BAND_FEN,
  RECENCY_BAND_DAYS,
  RFM_GROUPS,
  RFM_HIGH,
  RFM_MIN_BUYERS_FOR_QUINTILES,
  type LifecycleThresholds,
} from '@huiyuan/shared';
import type { EntityManager } from 'typeorm';
import { returning } from '../common/sql.js';

type Db = Pick<EntityManager, 'query'>;

const int = (n: number) => {
  if (!Number.isSafeInteger(n)) throw new Error(`not an integer: ${n}`);
  return String(n);
};

/** F: the highest band whose lower bound `orders` reaches (FREQUENCY_BANDS[i] → score i + 1). */
const frequencySql = (orders: string) =>
  `CASE ${FREQUENCY_BANDS.map((b, i) => ({ b, score: i + 1 }))
    .slice(1)
    .reverse()
    .map(({ b, score }) => `WHEN ${orders} >= ${int(b)} THEN ${score}`)
    .join(' ')} ELSE 1 END`;
/** R for small populations: fewer days than RECENCY_BAND_DAYS[i] → 5 − i. */
const recencyBandSql = (days: string) =>
  `CASE ${RECENCY_BAND_DAYS.map((b, i) => `WHEN ${days} < ${int(b)} THEN ${5 - i}`).join(' ')} ELSE 1 END`;
/** M for small populations: at least MONETARY_BAND_FEN[i] → i + 2. */
const monetaryBandSql = (spend: string) =>
  `CASE ${MONETARY_BAND_FEN.map((b, i) => ({ b, score: i + 2 }))
    .reverse()
    .map(({ b, score }) => `WHEN ${spend} >= ${int(b)} THEN ${score}`)
    .join(' ')} ELSE 1 END`;
/** The group code of (r, f, m); NULL when the member has no scores (never ordered). */
const groupSql = (r: string, f: string, m: string) => {
  const cond = (col: string, level: 'high' | 'low', high: number) => `${col} ${level === 'high' ? '>=' : '<'} ${int(high)}`;
  const whens = RFM_GROUPS.map(
    (g) =>
      `WHEN ${cond(r, g.r, RFM_HIGH.r)} AND ${cond(f, g.f, RFM_HIGH.f)} AND ${cond(m, g.m, RFM_HIGH.m)} THEN '${g.code.replace(/[^a-z_]/g, '')}'`,
  );
  return `CASE ${whens.join(' ')} ELSE NULL END`;
};

/** The scoring run's snapshot, a temporary table of the job's own session. */
const RUN = 'member_score_run';

/**
 * One statement, so one snapshot of the rollups (read committed: the statement's): every buyer's
 * aggregate over their stores, the quintile ranks over all buyers, then every member's stage and
 * scores. Quintile = 1 + ⌊5 × (buyers with a strictly worse value) / buyers⌋, i.e. rank() − 1
 * over the value: equal values share a rank, so ties get equal scores (ntile() would split them).
 * $1 as-of local date, $2 newDays, $3 silentAfterDays, $4 churnedAfterDays.
 */
const SNAPSHOT = `
INSERT INTO ${RUN} (seq, member_id, stage, recency_score, frequency_score, monetary_score, rfm_group)
WITH b AS (
  SELECT member_id, min(first_order_on) AS first_on, max(last_order_on) AS last_on,
         sum(orders)::bigint AS orders, sum(spend - refunded)::bigint AS spend
    FROM analytics_member_store GROUP BY member_id
), q AS (
  SELECT b.*, ($1::date - b.last_on) AS days, count(*) OVER () AS n,
         rank() OVER (ORDER BY b.last_on) - 1 AS r_below,
         rank() OVER (ORDER BY b.spend) - 1 AS m_below
    FROM b
), s AS (
  SELECT member_id, first_on, last_on,
         (CASE WHEN n >= ${int(RFM_MIN_BUYERS_FOR_QUINTILES)} THEN 1 + (5 * r_below) / n ELSE ${recencyBandSql('days')} END)::smallint AS r,
         (${frequencySql('orders')})::smallint AS f,
         (CASE WHEN n >= ${int(RFM_MIN_BUYERS_FOR_QUINTILES)} THEN 1 + (5 * m_below) / n ELSE ${monetaryBandSql('spend')} END)::smallint AS m
    FROM q
)
SELECT row_number() OVER (ORDER BY m.member_id), m.member_id,
       CASE WHEN s.member_id IS NULL THEN
              CASE WHEN $1::date - m.registered_on < $2 THEN 'new'
                   WHEN $1::date - m.registered_on < $4 THEN 'silent' ELSE 'churned' END
            WHEN $1::date - s.first_on < $2 THEN 'new'
            WHEN $1::date - s.last_on < $3 THEN 'active'
            WHEN $1::date - s.last_on < $4 THEN 'silent' ELSE 'churned' END,
       s.r, s.f, s.m, ${groupSql('s.r', 's.f', 's.m')}
  FROM analytics_member m LEFT JOIN s ON s.member_id = m.member_id`;

/**
 * One batch of the snapshot (seq in ($1, $2]) into member_score, in one statement: the changes
 * against the previous scores (a member scored for the first time records none), then the upsert
 * — of new rows and rows whose stage or scores differ only: most members score the same as last
 * night, and rewriting (or even locking) 1M identical rows nightly would cost most of the run.
 * Every CTE sees the scores as they were before the statement. $3 as-of date, $4 computed at.
 */
const APPLY = `
WITH run AS (SELECT * FROM ${RUN} WHERE seq > $1 AND seq <= $2),
old AS (SELECT s.member_id, s.stage, s.recency_score, s.frequency_score, s.monetary_score, s.rfm_group
          FROM member_score s JOIN run r ON r.member_id = s.member_id),
todo AS (SELECT r.* FROM run r LEFT JOIN old o ON o.member_id = r.member_id
          WHERE o.member_id IS NULL
             OR (o.stage, o.recency_score, o.frequency_score, o.monetary_score, o.rfm_group)
                IS DISTINCT FROM (r.stage, r.recency_score, r.frequency_score, r.monetary_score, r.rfm_group)),
ch AS (
  INSERT INTO member_score_change (member_id, kind, from_value, to_value, changed_on)
  SELECT r.member_id, 'stage', o.stage, r.stage, $3::date FROM todo r JOIN old o ON o.member_id = r.member_id
   WHERE o.stage <> r.stage
  UNION ALL
  SELECT r.member_id, 'rfm_group', o.rfm_group, r.rfm_group, $3::date FROM todo r JOIN old o ON o.member_id = r.member_id
   WHERE o.rfm_group IS DISTINCT FROM r.rfm_group
  RETURNING id, member_id, kind, from_value, to_value
), up AS (
  INSERT INTO member_score AS t (member_id, stage, stage_since, recency_score, frequency_score, monetary_score, rfm_group, computed_at)
  SELECT member_id, stage, $3::date, recency_score, frequency_score, monetary_score, rfm_group, $4 FROM todo
  ON CONFLICT (member_id) DO UPDATE SET
    stage_since = CASE WHEN t.stage = EXCLUDED.stage THEN t.stage_since ELSE EXCLUDED.stage_since END,
    stage = EXCLUDED.stage, recency_score = EXCLUDED.recency_score, frequency_score = EXCLUDED.frequency_score,
    monetary_score = EXCLUDED.monetary_score, rfm_group = EXCLUDED.rfm_group, computed_at = EXCLUDED.computed_at
  RETURNING (xmax = 0) AS inserted
)
SELECT (SELECT count(*) FROM up) AS written,
       (SELECT count(*) FROM up WHERE inserted) AS initialised,
       (SELECT count(*) FROM ch WHERE kind = 'rfm_group') AS group_changes,
       (SELECT coalesce(json_agg(json_build_object('id', id, 'memberId', member_id, 'from', from_value, 'to', to_value)), '[]')
          FROM ch WHERE kind = 'stage') AS stage_changes`;

export interface StageChange {
  id: string;
  memberId: string;
  from: string;
  to: string;
}

export interface ScoreRow {
  memberId: string;
  stage: string;
  stageSince: string;
  r: number | null;
  f: number | null;
  m: number | null;
  group: string | null;
}

/** Session-level lock: one scoring run at a time (the schedule and an operator's run-now). */
const RUN_LOCK_KEY = '7263540019';

@Injectable()
export class ScoresRepository {
  // ---- lifecycle_setting ----

  async thresholds(db: Db): Promise<(LifecycleThresholds & { updatedBy: string | null; updatedAt: Date }) | null> {
    const rows: Record<string, unknown>[] = await db.query(
      'SELECT new_days, silent_after_days, churned_after_days, updated_by, updated_at FROM lifecycle_setting WHERE id = 1',
    );
    const r = rows[0];
    if (!r) return null;
    return {
      newDays: Number(r.new_days),
      silentAfterDays: Number(r.silent_after_days),
      churnedAfterDays: Number(r.churned_after_days),
      updatedBy: (r.updated_by as string | null) ?? null,
      updatedAt: r.updated_at as Date,
    };
  }

  async saveThresholds(tx: EntityManager, t: LifecycleThresholds, staffId: string): Promise<void> {
    await tx.query(
      `INSERT INTO lifecycle_setting (id, new_days, silent_after_days, churned_after_days, updated_by, updated_at)
       VALUES (1, $1, $2, $3, $4, now())
       ON CONFLICT (id) DO UPDATE SET new_days = EXCLUDED.new_days, silent_after_days = EXCLUDED.silent_after_days,
         churned_after_days = EXCLUDED.churned_after_days, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [t.newDays, t.silentAfterDays, t.churnedAfterDays, staffId],
    );
  }

  // ---- the scoring run (all on one session: the snapshot is a temporary table) ----

  async tryLock(session: Db): Promise<boolean> {
    const [row]: { locked: boolean }[] = await session.query('SELECT pg_try_advisory_lock($1::bigint) AS locked', [RUN_LOCK_KEY]);
    return row?.locked === true;
  }

  async unlock(session: Db): Promise<void> {
    await session.query('SELECT pg_advisory_unlock($1::bigint)', [RUN_LOCK_KEY]);
  }

  /**
   * Snapshot every member's stage and scores as of `asOf` into the session's temporary table
   * (reads the rollups under MVCC: no lock the till's writers wait for). Returns members and buyers.
   */
  async snapshot(session: Db, asOf: string, t: LifecycleThresholds): Promise<{ members: number; buyers: number }> {
    await session.query(`DROP TABLE IF EXISTS ${RUN}`);
    await session.query(
      `CREATE TEMPORARY TABLE ${RUN} (seq bigint NOT NULL, member_id uuid NOT NULL, stage text NOT NULL,
         recency_score smallint, frequency_score smallint, monetary_score smallint, rfm_group text)`,
    );
    await session.query(SNAPSHOT, [asOf, t.newDays, t.silentAfterDays, t.churnedAfterDays]);
    await session.query(`CREATE UNIQUE INDEX ON ${RUN} (seq)`);
    await session.query(`ANALYZE ${RUN}`);
    const [row]: Record<string, unknown>[] = await session.query(
      `SELECT count(*) AS members, count(recency_score) AS buyers FROM ${RUN}`,
    );
    return { members: Number(row?.members ?? 0), buyers: Number(row?.buyers ?? 0) };
  }

  async dropSnapshot(session: Db): Promise<void> {
    await session.query(`DROP TABLE IF EXISTS ${RUN}`);
  }

  /** Applies snapshot rows seq in (after, upTo] (call inside a transaction of the same session). */
  async applyBatch(
    tx: EntityManager,
    after: number,
    upTo: number,
    asOf: string,
    at: Date,
  ): Promise<{ written: number; initialised: number; groupChanges: number; stageChanges: StageChange[] }> {
    const [row]: Record<string, unknown>[] = await tx.query(APPLY, [after, upTo, asOf, at]);
    const stageChanges = (typeof row?.stage_changes === 'string' ? JSON.parse(row.stage_changes) : row?.stage_changes) as
      StageChange[] | undefined;
    return {
      written: Number(row?.written ?? 0),
      initialised: Number(row?.initialised ?? 0),
      groupChanges: Number(row?.group_changes ?? 0),
      stageChanges: stageChanges ?? [],
    };
  }

  /** Scores of members no longer in the rollups (removed for never consenting). */
  async deleteOrphans(db: Db): Promise<number> {
    const rows = await returning<{ member_id: string }>(
      db,
      `DELETE FROM member_score s WHERE NOT EXISTS (SELECT 1 FROM analytics_member m WHERE m.member_id = s.member_id)
       RETURNING s.member_id`,
      [],
    );
    return rows.length;
  }

  // ---- reads (tests, the member 360) ----

  async scores(db: Db): Promise<ScoreRow[]> {
    const rows: Record<string, unknown>[] = await db.query(
      `SELECT member_id, stage, to_char(stage_since, 'YYYY-MM-DD') AS stage_since, recency_score, frequency_score,
              monetary_score, rfm_group
         FROM member_score ORDER BY member_id`,
    );
    return rows.map((r) => ({
      memberId: r.member_id as string,
      stage: r.stage as string,
      stageSince: r.stage_since as string,
      r: r.recency_score === null ? null : Number(r.recency_score),
      f: r.frequency_score === null ? null : Number(r.frequency_score),
      m: r.monetary_score === null ? null : Number(r.monetary_score),
      group: (r.rfm_group as string | null) ?? null,
    }));
  }

  async changes(
    db: Db,
    memberId?: string,
  ): Promise<{ id: string; memberId: string; kind: string; from: string | null; to: string | null; on: string }[]> {
    const rows: Record<string, unknown>[] = await db.query(
      `SELECT id, member_id, kind, from_value, to_value, to_char(changed_on, 'YYYY-MM-DD') AS changed_on
         FROM member_score_change WHERE ($1::uuid IS NULL OR member_id = $1) ORDER BY created_at, kind, member_id`,
      [memberId ?? null],
    );
    return rows.map((r) => ({
      id: r.id as string,
      memberId: r.member_id as string,
      kind: r.kind as string,
      from: (r.from_value as string | null) ?? null,
      to: (r.to_value as string | null) ?? null,
      on: r.changed_on as string,
    }));
  }
}
