// The coupon_template table's SQL (coupons/ owns it).
import { Injectable } from '@nestjs/common';
import {
  takeFromShards,
  type CouponChannel,
  type CouponTemplateStatus,
  type CreateCouponTemplateRequest,
  type UpdateCouponTemplateRequest,
} from '@huiyuan/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { returning, sql } from '../common/sql.js';
import type { CouponRow, TemplateRow } from './coupon-views.js';

/**
 * Coupons issued of template `t` in all: its row's own count plus, for a sharded template, its
 * shards' (the row's stays 0 then). Every read of a template's `issued` goes through this.
 */
export const TEMPLATE_ISSUED = `(t.issued + CASE WHEN t.stock_shards > 1
    THEN (SELECT COALESCE(sum(s.issued), 0) FROM coupon_stock_shard s WHERE s.template_id = t.id)::int ELSE 0 END)`;

/** Selects a template as TemplateRow (issued summed over its shards); alias the table `t`. */
export const TEMPLATE_COLUMNS = `t.id, t.title, t.description, t.kind, t.threshold, t.amount_off, t.percent_off, t.max_off, t.stackable,
  t.store_ids, t.min_tier, t.valid_weekdays, t.valid_time_from, t.valid_time_to, t.total_stock, ${TEMPLATE_ISSUED} AS issued, t.per_member_limit, t.valid_days, t.valid_from,
  t.valid_to, t.points_cost, t.channels, t.status, t.stock_shards, t.created_at, t.updated_at, t.updated_at::text AS revision`;

export interface ShardRow {
  shard: number;
  stock: number;
  issued: number;
}

@Injectable()
export class CouponTemplateRepository {
  async insert(
    tx: EntityManager,
    req: CreateCouponTemplateRequest,
    stores: string[],
    actorId: string | null,
  ): Promise<TemplateRow> {
    const [row]: TemplateRow[] = await tx.query(
      `INSERT INTO coupon_template (title, description, kind, threshold, amount_off, percent_off, max_off, stackable, store_ids,
           min_tier, total_stock, per_member_limit, valid_days, valid_from, valid_to, points_cost, channels, created_by, stock_shards,
           valid_weekdays, valid_time_from, valid_time_to)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)
         RETURNING *, updated_at::text AS revision`,
      [
        req.title.trim(),
        req.description ?? null,
        req.kind,
        req.threshold ?? 0,
        req.amountOff ?? null,
        req.percentOff ?? null,
        req.maxOff ?? null,
        req.stackable ?? false,
        stores.length > 0 ? stores : null,
        req.minTier ?? null,
        req.totalStock,
        req.perMemberLimit,
        req.validDays ?? null,
        req.validFrom ?? null,
        req.validTo ?? null,
        req.pointsCost ?? null,
        req.channels,
        actorId,
        req.stockShards ?? 1,
        req.validWeekdays && req.validWeekdays.length > 0 ? req.validWeekdays : null,
        req.validTimeFrom ?? null,
        req.validTimeTo ?? null,
      ],
    );
    return row!;
  }

  /** The shard rows of a new sharded template, shard i holding `stock[i]`. */
  async insertShards(tx: EntityManager, templateId: string, stock: number[]): Promise<void> {
    await tx.query(
      `INSERT INTO coupon_stock_shard (template_id, shard, stock)
         SELECT $1, (n - 1)::smallint, s FROM unnest($2::int[]) WITH ORDINALITY AS u(s, n)`,
      [templateId, stock],
    );
  }

  /** A sharded template's shards, locked (in shard order, as every multi-shard lock is taken). */
  lockShards(tx: EntityManager, templateId: string): Promise<ShardRow[]> {
    return tx.query('SELECT shard, stock, issued FROM coupon_stock_shard WHERE template_id = $1 ORDER BY shard FOR UPDATE', [
      templateId,
    ]);
  }

  /** New stock per shard (the caller keeps Σ = total_stock and stock ≥ issued: resizeShardStock). */
  async setShardStock(tx: EntityManager, templateId: string, stock: { shard: number; stock: number }[]): Promise<void> {
    await tx.query(
      `UPDATE coupon_stock_shard s SET stock = u.stock
         FROM unnest($2::int[], $3::int[]) AS u(shard, stock) WHERE s.template_id = $1 AND s.shard = u.shard`,
      [templateId, stock.map((x) => x.shard), stock.map((x) => x.stock)],
    );
  }
  /** Templates by status / channel / usable in `storeId` (null: every store), newest first. */
  list(
    db: Pick<EntityManager, 'query'>,
    f: { status: CouponTemplateStatus | null; channel: CouponChannel | null; storeId: string | null },
  ): Promise<TemplateRow[]> {
    return db.query(
      `SELECT ${TEMPLATE_COLUMNS} FROM coupon_template t
        WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR $2 = ANY(channels))
          AND ($3::uuid IS NULL OR store_ids IS NULL OR $3 = ANY(store_ids))
        ORDER BY created_at DESC, id DESC LIMIT 500`,
      [f.status, f.channel, f.storeId],
    );
  }

  async byIdInScope(db: Pick<EntityManager, 'query'>, id: string, storeId: string | null): Promise<TemplateRow | undefined> {
    const rows: TemplateRow[] = await db.query(
      `SELECT ${TEMPLATE_COLUMNS} FROM coupon_template t
        WHERE id = $1 AND ($2::uuid IS NULL OR store_ids IS NULL OR $2 = ANY(store_ids))`,
      [id, storeId],
    );
    return rows[0];
  }

  async lock(tx: EntityManager, id: string): Promise<TemplateRow | undefined> {
    const [current]: TemplateRow[] = await tx.query(
      `SELECT ${TEMPLATE_COLUMNS} FROM coupon_template t WHERE id = $1 FOR UPDATE OF t`,
      [id],
    );
    return current;
  }

  /** The safe edits (see couponTemplateEditProblems). */
  async update(tx: EntityManager, id: string, patch: UpdateCouponTemplateRequest): Promise<TemplateRow> {
    const [row]: TemplateRow[] = await returning<TemplateRow>(
      tx,
      `UPDATE coupon_template t SET title = COALESCE($2, title),
                description = CASE WHEN $3::boolean THEN $4 ELSE description END,
                total_stock = COALESCE($5, total_stock), per_member_limit = COALESCE($6, per_member_limit),
                valid_to = COALESCE($7::date, valid_to), updated_at = now()
          WHERE id = $1 RETURNING ${TEMPLATE_COLUMNS}`,
      [
        id,
        patch.title?.trim() ?? null,
        patch.description !== undefined,
        patch.description ?? null,
        patch.totalStock ?? null,
        patch.perMemberLimit ?? null,
        patch.validTo ?? null,
      ],
    );
    return row!;
  }

  async setStatus(tx: EntityManager, id: string, status: CouponTemplateStatus): Promise<TemplateRow | undefined> {
    const [row] = await returning<TemplateRow>(
      tx,
      `UPDATE coupon_template t SET status = $2, updated_at = now() WHERE id = $1 RETURNING ${TEMPLATE_COLUMNS}`,
      [id, status],
    );
    return row;
  }

  /** Active birthday templates with stock left, oldest first. */
  birthdayTemplates(db: Pick<EntityManager, 'query'>): Promise<{ id: string; title: string }[]> {
    return db.query(
      `SELECT id, title FROM coupon_template t
        WHERE status = 'active' AND 'birthday' = ANY(channels) AND ${TEMPLATE_ISSUED} < total_stock ORDER BY created_at, id`,
    );
  }

  // --- issuing (CouponIssuerService) ---------------------------------------------------------
  async byId(db: Pick<EntityManager, 'query'>, id: string): Promise<TemplateRow | null> {
    const rows: TemplateRow[] = await db.query(`SELECT ${TEMPLATE_COLUMNS} FROM coupon_template t WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** Active templates offered as welcome gifts with stock left, oldest first. */
  async welcomeTemplateIds(db: Pick<EntityManager, 'query'>): Promise<string[]> {
    const rows: { id: string }[] = await db.query(
      `SELECT id FROM coupon_template t
        WHERE status = 'active' AND 'welcome' = ANY(channels) AND ${TEMPLATE_ISSUED} < total_stock ORDER BY created_at, id`,
    );
    return rows.map((r) => r.id);
  }

  /**
   * Takes `count` from an active template's stock; false (nothing taken) when the stock cannot
   * cover it or the template is not active. Invariant: issued ≤ total_stock. Concurrent issuers
   * queue on this row; each re-checks the condition against the committed value once it holds the
   * lock (no oversell).
   */
  async takeStock(tx: EntityManager, id: string, count: number, shards = 1): Promise<boolean> {
    if (shards > 1) return this.takeShardStock(tx, id, count);
    const taken = await returning<{ issued: number }>(
      tx,
      `UPDATE coupon_template SET issued = issued + $2
        WHERE id = $1 AND status = 'active' AND issued + $2 <= total_stock
        RETURNING issued`,
      [id, count],
    );
    return taken.length > 0;
  }

  /**
   * `takeStock` for a sharded template: the shards are locked in shard order (so two multi-unit
   * takers cannot deadlock; a claim holds one shard at a time), the units taken from the fullest
   * (takeFromShards), all or nothing.
   */
  private async takeShardStock(tx: EntityManager, id: string, count: number): Promise<boolean> {
    const rows: (ShardRow & { active: boolean })[] = await tx.query(
      `SELECT s.shard, s.stock, s.issued, t.status = 'active' AS active
         FROM coupon_stock_shard s JOIN coupon_template t ON t.id = s.template_id
        WHERE s.template_id = $1 ORDER BY s.shard FOR UPDATE OF s`,
      [id],
    );
    if (rows.length === 0 || !rows[0]!.active) return false;
    const plan = takeFromShards(rows, count);
    if (!plan) return false;
    const updated = await returning<{ shard: number }>(
      tx,
      `UPDATE coupon_stock_shard s SET issued = s.issued + u.take
         FROM unnest($2::int[], $3::int[]) AS u(shard, take)
        WHERE s.template_id = $1 AND s.shard = u.shard AND s.issued + u.take <= s.stock RETURNING s.shard`,
      [id, plan.map((p) => p.shard), plan.map((p) => p.take)],
    );
    if (updated.length !== plan.length) throw new Error('coupon stock shards changed under their lock');
    return true;
  }

  /**
   * The lean claim (claim centre and points mall): ONE statement takes a unit of stock (a shard of
   * a sharded template, else the template row), counts the member's claim and inserts the coupon,
   * returning the coupon as the wallet shows it — or, when nothing was taken, why. See CLAIM_SQL.
   */
  async claim(db: DataSource | EntityManager, c: LeanClaim): Promise<LeanClaimRow | undefined> {
    const rows = await sql<LeanClaimRow>(db, c.shards > 1 ? CLAIM_SQL.sharded : CLAIM_SQL.row, [
      c.templateId,
      c.memberId,
      c.limit,
      c.couponId,
      c.code,
      c.channel,
      c.issueKey,
      c.validFrom,
      c.expiresAt,
      c.pointsPaid,
      c.now,
      c.revision,
      ...(c.shards > 1 ? [c.start] : []),
    ]);
    return rows[0];
  }

  /** The template's channels, or undefined for no such template. */
  async channels(tx: Pick<EntityManager, 'query'>, id: string): Promise<string[] | undefined> {
    const rows: { channels: string[] }[] = await tx.query('SELECT channels FROM coupon_template WHERE id = $1', [id]);
    return rows[0]?.channels;
  }
}

export interface LeanClaim {
  templateId: string;
  memberId: string;
  limit: number;
  couponId: string;
  code: string;
  channel: CouponChannel;
  issueKey: string;
  validFrom: Date;
  expiresAt: Date;
  pointsPaid: number;
  now: Date;
  /** The template version the caller checked its rules against (TemplateRow.revision). */
  revision: string;
  shards: number;
  /** Where a sharded claim starts looking (random): claims spread over the shards. */
  start: number;
}

/** The coupon (null columns when nothing was issued) and, for a refusal, what the statement saw. */
export type LeanClaimRow = { [K in Exclude<keyof CouponRow, 'status' | 'title' | 'description'>]: CouponRow[K] | null } & {
  coupon_status: CouponRow['status'] | null;
  title: string;
  description: string | null;
  took: number;
  status: CouponTemplateStatus;
  fresh: boolean;
  /** Only when nothing was issued (not evaluated otherwise). */
  at_limit: boolean | null;
  has_stock: boolean | null;
};

// The lean claim, one statement (docs/coupons.md "The lean claim"):
//  1. stock — a unit of the template row, or of one shard: `pick` locks the first shard with stock
//     left, from a random start, that no other claim holds (SKIP LOCKED); only when every shard
//     with stock is held does `wait` queue on one (and, if that one runs dry meanwhile, move on
//     to the next: LIMIT 1 over FOR UPDATE rechecks each row). Only for an active template at the
//     version the caller checked (`updated_at` = $12) and a member below the limit on this
//     statement's snapshot — so an ordinary refusal locks and writes nothing;
//  2. the per-member counter, moved only if a unit was taken. A concurrent claim of the SAME
//     member that reached the limit first makes this upsert break `coupon_claim_within_limit`:
//     the statement fails as a whole (nothing written) and the service answers LIMIT_REACHED;
//  3. the coupon, with the template's terms copied — only if counted. A repeated requestId breaks
//     `coupon_member_issue_key` (again: the whole statement fails, nothing is written).
// Lock order: [member, points mall only] → stock row → counter row → new coupon, on every claim.
const LIMIT_OK = `NOT EXISTS (SELECT 1 FROM coupon_claim k WHERE k.member_id = $2 AND k.template_id = $1 AND k.claimed >= $3)`;
const TEMPLATE_OK = `EXISTS (SELECT 1 FROM coupon_template t WHERE t.id = $1 AND t.status = 'active' AND t.updated_at = $12::timestamptz)`;
const CLAIM_TAIL = `,
  counted AS (
    INSERT INTO coupon_claim (member_id, template_id, claimed, claim_limit) SELECT $2::uuid, $1::uuid, 1, $3::int FROM took
    ON CONFLICT (member_id, template_id) DO UPDATE SET claimed = coupon_claim.claimed + 1, claim_limit = EXCLUDED.claim_limit
    RETURNING claimed),
  ins AS (
    INSERT INTO coupon (id, code, template_id, member_id, channel, issue_key, kind, threshold, amount_off, percent_off, max_off,
                        stackable, store_ids, min_tier, valid_weekdays, valid_time_from, valid_time_to, valid_from, expires_at,
                        points_paid, claimed_at)
    SELECT $4::uuid, $5::text, t.id, $2::uuid, $6::text, $7::text, t.kind, t.threshold, t.amount_off, t.percent_off, t.max_off,
           t.stackable, t.store_ids, t.min_tier, t.valid_weekdays, t.valid_time_from, t.valid_time_to, $8::timestamptz, $9::timestamptz, $10::int, $11::timestamptz
      FROM counted, coupon_template t WHERE t.id = $1
    RETURNING id, code, template_id, member_id, channel, status, kind, threshold, amount_off, percent_off, max_off, stackable,
              store_ids, min_tier, valid_weekdays, valid_time_from, valid_time_to, valid_from, expires_at, used_at, used_order_id,
              claimed_at)
SELECT (SELECT count(*) FROM took)::int AS took, t.status, t.updated_at = $12::timestamptz AS fresh,
       CASE WHEN i.id IS NULL THEN NOT ${LIMIT_OK} END AS at_limit, CASE WHEN i.id IS NULL THEN HAS_STOCK END AS has_stock,
       i.id, i.code, i.template_id, i.member_id, i.channel, i.status AS coupon_status, i.kind, i.threshold, i.amount_off,
       i.percent_off, i.max_off, i.stackable, i.store_ids, i.min_tier, i.valid_weekdays, i.valid_time_from, i.valid_time_to,
       i.valid_from, i.expires_at, i.used_at, i.used_order_id,
       i.claimed_at, t.title, t.description
  FROM coupon_template t LEFT JOIN ins i ON true WHERE t.id = $1`;

export const CLAIM_SQL = {
  row: `WITH took AS (
    UPDATE coupon_template SET issued = issued + 1
     WHERE id = $1 AND status = 'active' AND updated_at = $12::timestamptz AND issued < total_stock AND ${LIMIT_OK}
    RETURNING id)${CLAIM_TAIL.replace('HAS_STOCK', 't.issued < t.total_stock')}`,
  sharded: `WITH pick AS (
    SELECT shard FROM coupon_stock_shard WHERE template_id = $1 AND issued < stock AND ${TEMPLATE_OK} AND ${LIMIT_OK}
     ORDER BY (shard + $13::int) % 64 LIMIT 1 FOR UPDATE SKIP LOCKED),
  wait AS (
    SELECT shard FROM coupon_stock_shard WHERE template_id = $1 AND issued < stock AND NOT EXISTS (SELECT 1 FROM pick)
       AND ${TEMPLATE_OK} AND ${LIMIT_OK}
     ORDER BY (shard + $13::int) % 64 LIMIT 1 FOR UPDATE),
  took AS (
    UPDATE coupon_stock_shard s SET issued = s.issued + 1
      FROM (SELECT shard FROM pick UNION ALL SELECT shard FROM wait) p
     WHERE s.template_id = $1 AND s.shard = p.shard AND s.issued < s.stock
    RETURNING s.shard)${CLAIM_TAIL.replace(
      'HAS_STOCK',
      'EXISTS (SELECT 1 FROM coupon_stock_shard s WHERE s.template_id = $1 AND s.issued < s.stock)',
    )}`,
};
