// All SQL of the lottery module (lottery, lottery_prize, lottery_draw, lottery_entry). Other
// modules' data (points, coupons, rewards) is reached through their services, never here.
//
// Lock order inside a draw, the same on every path: member row (ledger lock, taken by the
// service) → lottery_entry row → lottery_prize row (stock) → lottery row (budget) → the coupon
// template row (inside the rewards pipeline). The prize and lottery rows are the hot spots of a
// popular lottery: each is locked only by the draws that picked a limited prize.
import { Injectable } from '@nestjs/common';
import type { ExportRow, LotteryPrizeKind, LotteryStatus } from '@huiyuan/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { exportRows } from '../common/export-rows.js';
import { returning, sql } from '../common/sql.js';

type Db = DataSource | EntityManager;

export interface LotteryRow {
  id: string;
  title: string;
  description: string | null;
  starts_at: Date;
  ends_at: Date;
  status: LotteryStatus;
  cost_points: number;
  per_member_daily: number;
  per_member_total: number;
  budget_points: number | null;
  points_granted: number;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface PrizeRow {
  id: string;
  lottery_id: string;
  position: number;
  title: string;
  kind: LotteryPrizeKind;
  points: number | null;
  template_id: string | null;
  stock: number;
  remaining: number | null;
  weight: number;
  claim_days: number | null;
}

export interface DrawRow {
  id: string;
  lottery_id: string;
  member_id: string;
  request_id: string;
  local_date: string;
  random: number;
  total_weight: number;
  picked_prize_id: string;
  prize_id: string | null;
  fallback: 'out_of_stock' | 'budget_exhausted' | 'grant_skipped' | null;
  cost_points: number;
  free_entry: boolean;
  points: number | null;
  coupon_id: string | null;
  created_at: Date;
  /** Joined: the awarded prize and the lottery. */
  prize_title?: string | null;
  prize_kind?: LotteryPrizeKind | null;
  lottery_title?: string;
}

export interface NewLottery {
  title: string;
  description: string | null;
  startsAt: Date;
  endsAt: Date;
  costPoints: number;
  perMemberDaily: number;
  perMemberTotal: number;
  budgetPoints: number | null;
  createdBy: string | null;
}

export interface NewPrize {
  position: number;
  title: string;
  kind: LotteryPrizeKind;
  points: number | null;
  templateId: string | null;
  stock: number;
  weight: number;
  claimDays: number | null;
  limitedStock: boolean;
}

const DRAW_COLUMNS = `d.id, d.lottery_id, d.member_id, d.request_id, to_char(d.local_date, 'YYYY-MM-DD') AS local_date, d.random,
  d.total_weight, d.picked_prize_id, d.prize_id, d.fallback, d.cost_points, d.free_entry, d.points, d.coupon_id, d.created_at,
  p.title AS prize_title, p.kind AS prize_kind, l.title AS lottery_title`;
const DRAW_FROM = 'lottery_draw d JOIN lottery l ON l.id = d.lottery_id LEFT JOIN lottery_prize p ON p.id = d.prize_id';

@Injectable()
export class LotteryRepository {
  // ───────────── lotteries and prizes ─────────────

  async insertLottery(tx: EntityManager, l: NewLottery): Promise<LotteryRow> {
    const [row] = await returning<LotteryRow>(
      tx,
      `INSERT INTO lottery (title, description, starts_at, ends_at, cost_points, per_member_daily, per_member_total, budget_points, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
      [
        l.title,
        l.description,
        l.startsAt,
        l.endsAt,
        l.costPoints,
        l.perMemberDaily,
        l.perMemberTotal,
        l.budgetPoints,
        l.createdBy,
      ],
    );
    return row!;
  }

  async insertPrizes(tx: EntityManager, lotteryId: string, prizes: NewPrize[]): Promise<void> {
    await tx.query(
      `INSERT INTO lottery_prize (lottery_id, position, title, kind, points, template_id, stock, remaining, weight, claim_days)
       SELECT $1, p.position, p.title, p.kind, p.points, p.template_id, p.stock, CASE WHEN p.limited THEN p.stock END, p.weight, p.claim_days
         FROM unnest($2::int[], $3::text[], $4::text[], $5::int[], $6::uuid[], $7::int[], $8::int[], $9::int[], $10::boolean[])
           AS p(position, title, kind, points, template_id, stock, weight, claim_days, limited)`,
      [
        lotteryId,
        prizes.map((p) => p.position),
        prizes.map((p) => p.title),
        prizes.map((p) => p.kind),
        prizes.map((p) => p.points),
        prizes.map((p) => p.templateId),
        prizes.map((p) => p.stock),
        prizes.map((p) => p.weight),
        prizes.map((p) => p.claimDays),
        prizes.map((p) => p.limitedStock),
      ],
    );
  }

  /** Before the start only (no draw refers to them yet). */
  async deletePrizes(tx: EntityManager, lotteryId: string): Promise<void> {
    await tx.query('DELETE FROM lottery_prize WHERE lottery_id = $1', [lotteryId]);
  }

  async lottery(db: Db, id: string, opts: { forUpdate?: boolean } = {}): Promise<LotteryRow | null> {
    const rows = await sql<LotteryRow>(db, `SELECT * FROM lottery WHERE id = $1${opts.forUpdate ? ' FOR UPDATE' : ''}`, [id]);
    return rows[0] ?? null;
  }

  async lotteries(db: Db, filter: { openAt?: Date; status?: LotteryStatus } = {}): Promise<LotteryRow[]> {
    return sql<LotteryRow>(
      db,
      `SELECT * FROM lottery
        WHERE ($1::text IS NULL OR status = $1) AND ($2::timestamptz IS NULL OR ends_at > $2)
        ORDER BY starts_at DESC, id DESC LIMIT 200`,
      [filter.status ?? null, filter.openAt ?? null],
    );
  }

  async prizes(db: Db, lotteryIds: string[]): Promise<PrizeRow[]> {
    if (lotteryIds.length === 0) return [];
    return sql<PrizeRow>(db, 'SELECT * FROM lottery_prize WHERE lottery_id = ANY($1::uuid[]) ORDER BY lottery_id, position', [
      lotteryIds,
    ]);
  }

  async updateLottery(
    tx: EntityManager,
    id: string,
    l: Omit<NewLottery, 'createdBy'> & { status?: LotteryStatus },
  ): Promise<LotteryRow> {
    const [row] = await returning<LotteryRow>(
      tx,
      `UPDATE lottery SET title = $2, description = $3, starts_at = $4, ends_at = $5, cost_points = $6, per_member_daily = $7,
              per_member_total = $8, budget_points = $9, updated_at = now()
        WHERE id = $1 RETURNING *`,
      [id, l.title, l.description, l.startsAt, l.endsAt, l.costPoints, l.perMemberDaily, l.perMemberTotal, l.budgetPoints],
    );
    return row!;
  }

  /** An ended lottery stays ended. Null when the lottery does not exist. */
  async setStatus(tx: EntityManager, id: string, status: LotteryStatus): Promise<LotteryRow | null> {
    const [row] = await returning<LotteryRow>(
      tx,
      `UPDATE lottery SET status = CASE WHEN status = 'ended' THEN status ELSE $2 END, updated_at = now() WHERE id = $1 RETURNING *`,
      [id, status],
    );
    return row ?? null;
  }

  // ───────────── the draw ─────────────

  async drawByRequest(tx: EntityManager, memberId: string, requestId: string): Promise<DrawRow | null> {
    const rows = await sql<DrawRow>(tx, `SELECT ${DRAW_COLUMNS} FROM ${DRAW_FROM} WHERE d.member_id = $1 AND d.request_id = $2`, [
      memberId,
      requestId,
    ]);
    return rows[0] ?? null;
  }

  /** Draws of the member in this lottery today and in all (counted under the member lock). */
  async drawCounts(db: Db, lotteryId: string, memberId: string, today: string): Promise<{ today: number; total: number }> {
    const [row] = await sql<{ today: number; total: number }>(
      db,
      `SELECT COUNT(*) FILTER (WHERE local_date = $3::date)::int AS today, COUNT(*)::int AS total
         FROM lottery_draw WHERE lottery_id = $1 AND member_id = $2`,
      [lotteryId, memberId, today],
    );
    return row!;
  }

  /** Draw counts of one member in several lotteries (the member's lottery list). */
  async drawCountsFor(
    db: Db,
    lotteryIds: string[],
    memberId: string,
    today: string,
  ): Promise<Map<string, { today: number; total: number }>> {
    if (lotteryIds.length === 0) return new Map();
    const rows = await sql<{ lottery_id: string; today: number; total: number }>(
      db,
      `SELECT lottery_id, COUNT(*) FILTER (WHERE local_date = $3::date)::int AS today, COUNT(*)::int AS total
         FROM lottery_draw WHERE lottery_id = ANY($1::uuid[]) AND member_id = $2 GROUP BY lottery_id`,
      [lotteryIds, memberId, today],
    );
    return new Map(rows.map((r) => [r.lottery_id, { today: r.today, total: r.total }]));
  }

  /** Invariant: remaining ≥ 0 — one unit, only while there is one. False when the stock is gone. */
  async takeStock(tx: EntityManager, prizeId: string): Promise<boolean> {
    const rows = await sql<{ id: string }>(
      tx,
      'UPDATE lottery_prize SET remaining = remaining - 1 WHERE id = $1 AND remaining > 0 RETURNING id',
      [prizeId],
    );
    return rows.length === 1;
  }

  /** Invariant: points_granted ≤ budget_points (lotteries with a budget only). False when the points would exceed it. */
  async chargeBudget(tx: EntityManager, lotteryId: string, points: number): Promise<boolean> {
    const rows = await sql<{ id: string }>(
      tx,
      `UPDATE lottery SET points_granted = points_granted + $2
        WHERE id = $1 AND (budget_points IS NULL OR points_granted + $2 <= budget_points) RETURNING id`,
      [lotteryId, points],
    );
    return rows.length === 1;
  }

  async insertDraw(
    tx: EntityManager,
    d: Omit<DrawRow, 'created_at' | 'prize_title' | 'prize_kind' | 'lottery_title'>,
    now: Date,
  ): Promise<void> {
    await sql(
      tx,
      `INSERT INTO lottery_draw (id, lottery_id, member_id, request_id, local_date, random, total_weight, picked_prize_id, prize_id,
                                 fallback, cost_points, free_entry, points, coupon_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [
        d.id,
        d.lottery_id,
        d.member_id,
        d.request_id,
        d.local_date,
        d.random,
        d.total_weight,
        d.picked_prize_id,
        d.prize_id,
        d.fallback,
        d.cost_points,
        d.free_entry,
        d.points,
        d.coupon_id,
        now,
      ],
    );
  }

  /** The member's draws, newest first, keyset on (created_at, id). */
  async drawsOf(db: Db, memberId: string, after: { t: string; id: string } | null, limit: number): Promise<DrawRow[]> {
    return sql<DrawRow>(
      db,
      `SELECT ${DRAW_COLUMNS} FROM ${DRAW_FROM}
        WHERE d.member_id = $1 AND ($2::timestamptz IS NULL OR (d.created_at, d.id) < ($2::timestamptz, $3::uuid))
        ORDER BY d.created_at DESC, d.id DESC LIMIT $4`,
      [memberId, after?.t ?? null, after?.id ?? null, limit],
    );
  }

  // ───────────── free entries ─────────────

  async creditEntries(tx: EntityManager, lotteryId: string, memberId: string, entries: number): Promise<void> {
    await sql(
      tx,
      `INSERT INTO lottery_entry (lottery_id, member_id, granted, used) VALUES ($1, $2, $3, 0)
       ON CONFLICT (lottery_id, member_id) DO UPDATE SET granted = lottery_entry.granted + EXCLUDED.granted, updated_at = now()`,
      [lotteryId, memberId, entries],
    );
  }

  /** Invariant: used ≤ granted. True when a free entry was taken for this draw. */
  async useEntry(tx: EntityManager, lotteryId: string, memberId: string): Promise<boolean> {
    const rows = await sql<{ used: number }>(
      tx,
      `UPDATE lottery_entry SET used = used + 1, updated_at = now()
        WHERE lottery_id = $1 AND member_id = $2 AND used < granted RETURNING used`,
      [lotteryId, memberId],
    );
    return rows.length === 1;
  }

  async freeEntries(db: Db, lotteryIds: string[], memberId: string): Promise<Map<string, number>> {
    if (lotteryIds.length === 0) return new Map();
    const rows = await sql<{ lottery_id: string; left: number }>(
      db,
      'SELECT lottery_id, granted - used AS left FROM lottery_entry WHERE lottery_id = ANY($1::uuid[]) AND member_id = $2',
      [lotteryIds, memberId],
    );
    return new Map(rows.map((r) => [r.lottery_id, r.left]));
  }

  // ───────────── report ─────────────

  async report(
    db: Db,
    lotteryId: string,
  ): Promise<{
    draws: number;
    members: number;
    points_spent: number;
    points_granted: number;
    free_entries_used: number;
    fallbacks: Record<string, number>;
    winners: Map<string, number>;
  }> {
    const [totals] = await sql<{
      draws: number;
      members: number;
      points_spent: number;
      points_granted: number;
      free_entries_used: number;
    }>(
      db,
      `SELECT COUNT(*)::int AS draws, COUNT(DISTINCT member_id)::int AS members, COALESCE(SUM(cost_points), 0)::int AS points_spent,
              COALESCE(SUM(points), 0)::int AS points_granted, COUNT(*) FILTER (WHERE free_entry)::int AS free_entries_used
         FROM lottery_draw WHERE lottery_id = $1`,
      [lotteryId],
    );
    const byPrize = await sql<{ prize_id: string; n: number }>(
      db,
      'SELECT prize_id, COUNT(*)::int AS n FROM lottery_draw WHERE lottery_id = $1 AND prize_id IS NOT NULL GROUP BY prize_id',
      [lotteryId],
    );
    const byFallback = await sql<{ fallback: string; n: number }>(
      db,
      'SELECT fallback, COUNT(*)::int AS n FROM lottery_draw WHERE lottery_id = $1 AND fallback IS NOT NULL GROUP BY fallback',
      [lotteryId],
    );
    return {
      ...totals!,
      fallbacks: Object.fromEntries(byFallback.map((r) => [r.fallback, r.n])),
      winners: new Map(byPrize.map((r) => [r.prize_id, r.n])),
    };
  }

  /** The member's rows for GET /me/export. */
  async exportRows(tx: EntityManager, memberId: string): Promise<{ draws: ExportRow[]; entries: ExportRow[] }> {
    return {
      draws: await exportRows(tx, 'SELECT * FROM lottery_draw WHERE member_id = $1 ORDER BY created_at, id', [memberId]),
      entries: await exportRows(tx, 'SELECT * FROM lottery_entry WHERE member_id = $1 ORDER BY lottery_id', [memberId]),
    };
  }
}
