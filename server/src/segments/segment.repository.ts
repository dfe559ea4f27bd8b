// The segment table's SQL, and segment membership evaluated in SQL: the shared conditions compose
// one WHERE over `member m` (values bound, never interpolated), counted, sampled and keyset-paged
// by member id here. Reads the member row and the analytics rollups the conditions name
// (module-boundaries.spec.ts, CROSS_MODULE_READS). docs/segments.md.
import { Injectable } from '@nestjs/common';
import {
  conditionSql,
  SEGMENT_MEMBERS_FROM,
  segmentSql,
  sqlParams,
  storeMembersSql,
  type CheckedConditions,
  type SegmentConditions,
  type SegmentSqlContext,
} from '@huiyuan/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { returning } from '../common/sql.js';

type Db = Pick<DataSource | EntityManager, 'query'>;

export interface SegmentRow {
  id: string;
  name: string;
  conditions: SegmentConditions;
  member_count: number | null;
  counted_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface SegmentMemberRow {
  id: string;
  member_no: string;
  nickname: string | null;
  tier_code: string;
  points: number;
  phone_masked: string | null;
  created_at: Date;
}

/** Who is evaluated: the conditions, today, and (a manager) the store whose members alone count. */
export interface Evaluation {
  checked: Pick<CheckedConditions, 'all' | 'any'>;
  ctx: SegmentSqlContext;
  storeId: string | null;
}

const COLUMNS = 'id, name, conditions, member_count, counted_at, created_at, updated_at';

/** The WHERE of a segment: active members, the store scope, the conditions. */
function where(e: Evaluation, p: ReturnType<typeof sqlParams>['p']): string {
  const scope = e.storeId === null ? '' : ` AND ${storeMembersSql(p([e.storeId], 'uuid[]'))}`;
  return `m.status = 'active'${scope} AND ${segmentSql(e.checked, p, e.ctx)}`;
}

@Injectable()
export class SegmentRepository {
  async insert(
    tx: Db,
    s: { name: string; conditions: SegmentConditions; memberCount: number; createdBy: string },
  ): Promise<SegmentRow> {
    const rows: SegmentRow[] = await tx.query(
      `INSERT INTO segment (name, conditions, member_count, counted_at, created_by) VALUES ($1, $2, $3, now(), $4) RETURNING ${COLUMNS}`,
      [s.name, JSON.stringify(s.conditions), s.memberCount, s.createdBy],
    );
    return rows[0]!;
  }

  list(db: Db): Promise<SegmentRow[]> {
    return db.query(`SELECT ${COLUMNS} FROM segment ORDER BY created_at, id`);
  }

  async get(db: Db, id: string): Promise<SegmentRow | undefined> {
    const rows: SegmentRow[] = await db.query(`SELECT ${COLUMNS} FROM segment WHERE id = $1`, [id]);
    return rows[0];
  }

  /** Locked for an edit. */
  async lock(tx: Db, id: string): Promise<SegmentRow | undefined> {
    const rows: SegmentRow[] = await tx.query(`SELECT ${COLUMNS} FROM segment WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0];
  }

  async update(
    tx: Db,
    id: string,
    s: { name: string; conditions: SegmentConditions; memberCount: number | null },
  ): Promise<SegmentRow> {
    const rows = await returning<SegmentRow>(
      tx,
      `UPDATE segment SET name = $2, conditions = $3::jsonb, member_count = COALESCE($4::int, member_count),
              counted_at = CASE WHEN $4::int IS NULL THEN counted_at ELSE now() END, updated_at = now()
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, s.name, JSON.stringify(s.conditions), s.memberCount],
    );
    return rows[0]!;
  }

  async remove(tx: Db, id: string): Promise<boolean> {
    const rows = await returning(tx, 'DELETE FROM segment WHERE id = $1 RETURNING id', [id]);
    return rows.length > 0;
  }

  /** Stores a recount unless the conditions were edited since it started (they are compared, not a timestamp). */
  async storeCount(db: Db, id: string, count: number, at: Date, counted: SegmentConditions): Promise<void> {
    await db.query('UPDATE segment SET member_count = $2, counted_at = $3 WHERE id = $1 AND conditions = $4::jsonb', [
      id,
      count,
      at,
      JSON.stringify(counted),
    ]);
  }

  // --- membership, in SQL -------------------------------------------------------------------
  /**
   * `SELECT m.id …` of the matching members as text and parameters, numbered after `leading` (the
   * caller's own parameters, $1 …): for a statement of another module that freezes a membership
   * (a campaign's INSERT … SELECT), so the members never travel through Node.
   */
  memberIdsSql(e: Evaluation, leading: unknown[]): { text: string; params: unknown[] } {
    const { params, p } = sqlParams(leading);
    return { text: `SELECT m.id FROM ${SEGMENT_MEMBERS_FROM} WHERE ${where(e, p)}`, params };
  }

  async count(db: Db, e: Evaluation): Promise<number> {
    const { params, p } = sqlParams();
    const rows: { n: number }[] = await db.query(
      `SELECT count(*)::int AS n FROM ${SEGMENT_MEMBERS_FROM} WHERE ${where(e, p)}`,
      params,
    );
    return rows[0]!.n;
  }

  /** Matching members after `afterId` by id (the keyset), at most `limit`. */
  page(db: Db, e: Evaluation, afterId: string | null, limit: number): Promise<SegmentMemberRow[]> {
    const { params, p } = sqlParams();
    const w = where(e, p);
    const after = afterId === null ? '' : ` AND m.id > ${p(afterId, 'uuid')}`;
    return db.query(
      `SELECT m.id, m.member_no, m.nickname, m.tier_code, m.points, m.phone_masked, m.created_at
         FROM ${SEGMENT_MEMBERS_FROM} WHERE ${w}${after} ORDER BY m.id LIMIT ${p(limit, 'int')}`,
      params,
    );
  }

  /**
   * Each condition's result for one member (`c0`, `c1` … in the order given), in one statement;
   * not in scope (and all false) for a member who is not active or outside the store scope.
   */
  async evaluateOne(
    db: Db,
    memberId: string,
    conditions: Pick<CheckedConditions, 'all'>['all'],
    ctx: SegmentSqlContext,
    storeId: string | null,
  ): Promise<{ inScope: boolean; results: boolean[] }> {
    const { params, p } = sqlParams([memberId]);
    const scope = storeId === null ? '' : ` AND ${storeMembersSql(p([storeId], 'uuid[]'))}`;
    const columns = [
      'TRUE AS in_scope',
      ...conditions.map((c, i) => `COALESCE((${conditionSql(c, p, ctx)}), false) AS c${i}`),
    ].join(', ');
    const rows: Record<string, boolean>[] = await db.query(
      `SELECT ${columns} FROM ${SEGMENT_MEMBERS_FROM} WHERE m.id = $1 AND m.status = 'active'${scope}`,
      params,
    );
    const row = rows[0];
    return { inScope: row !== undefined, results: conditions.map((_, i) => row?.[`c${i}`] === true) };
  }

  // --- the member 360 and a manager's scope -----------------------------------------------------
  /** Registered at the store (home store) or ordered there. */
  async memberInStore(db: Db, memberId: string, storeId: string): Promise<boolean> {
    const rows: unknown[] = await db.query(`SELECT 1 FROM member m WHERE m.id = $1 AND ${storeMembersSql('$2::uuid[]')}`, [
      memberId,
      [storeId],
    ]);
    return rows.length > 0;
  }

  /** Purchase stats over every store (net spend: paid − refunded). */
  async memberStats(
    db: Db,
    memberId: string,
  ): Promise<{ orders: number; spend: string; first_order_at: Date | null; last_order_at: Date | null }> {
    const rows: { orders: number; spend: string; first_order_at: Date | null; last_order_at: Date | null }[] = await db.query(
      `SELECT COALESCE(SUM(s.orders), 0)::int AS orders, COALESCE(SUM(s.spend - s.refunded), 0)::text AS spend,
              MIN(s.first_order_at) AS first_order_at, MAX(s.last_order_at) AS last_order_at
         FROM analytics_member_store s WHERE s.member_id = $1`,
      [memberId],
    );
    return rows[0]!;
  }

  async memberScore(
    db: Db,
    memberId: string,
  ): Promise<
    | {
        stage: string;
        recency_score: number | null;
        frequency_score: number | null;
        monetary_score: number | null;
        rfm_group: string | null;
      }
    | undefined
  > {
    const rows: {
      stage: string;
      recency_score: number | null;
      frequency_score: number | null;
      monetary_score: number | null;
      rfm_group: string | null;
    }[] = await db.query(
      'SELECT stage, recency_score, frequency_score, monetary_score, rfm_group FROM member_score WHERE member_id = $1',
      [memberId],
    );
    return rows[0];
  }
}
