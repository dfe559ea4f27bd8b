// The membership module's SQL (membership_plan, membership, membership_purchase).
import { Injectable } from '@nestjs/common';
import type { MembershipPurchaseStatus } from '@huiyuan/shared';
import type { EntityManager } from 'typeorm';
import { returning } from '../common/sql.js';
import { exportRows } from '../common/export-rows.js';
import type { ExportRow } from '@huiyuan/shared';

type Db = Pick<EntityManager, 'query'>;

export interface MembershipPlanRow {
  id: string;
  title: string;
  price: number;
  term_days: number;
  trial: boolean;
  discount_rate_bp: number;
  points_multiplier_bp: number;
  monthly_coupon_template_id: string | null;
  active: boolean;
  created_at: Date;
}

export interface MembershipRow {
  member_id: string;
  plan_id: string;
  title: string;
  expires_at: Date;
  discount_rate_bp: number;
  points_multiplier_bp: number;
  monthly_coupon_template_id: string | null;
  expiry_noticed_for: Date | null;
}

export interface PurchaseRow {
  id: string;
  member_id: string;
  plan_id: string;
  title: string;
  request_id: string;
  trial: boolean;
  price: number;
  term_days: number;
  status: MembershipPurchaseStatus;
  payment_id: string | null;
  starts_at: Date;
  ends_at: Date;
  refunded: number;
  response: unknown;
  created_at: Date;
}

@Injectable()
export class MembershipRepository {
  async insertPlan(db: Db, p: Omit<MembershipPlanRow, 'active' | 'created_at'>): Promise<MembershipPlanRow> {
    const [row] = await returning<MembershipPlanRow>(
      db,
      `INSERT INTO membership_plan (id, title, price, term_days, trial, discount_rate_bp, points_multiplier_bp, monthly_coupon_template_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
      [p.id, p.title, p.price, p.term_days, p.trial, p.discount_rate_bp, p.points_multiplier_bp, p.monthly_coupon_template_id],
    );
    return row!;
  }

  plans(db: Db, activeOnly: boolean): Promise<MembershipPlanRow[]> {
    return db.query(
      `SELECT * FROM membership_plan ${activeOnly ? 'WHERE active' : ''} ORDER BY active DESC, trial DESC, term_days, created_at`,
    );
  }

  async plan(db: Db, id: string): Promise<MembershipPlanRow | null> {
    const rows: MembershipPlanRow[] = await db.query(`SELECT * FROM membership_plan WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async updatePlan(db: Db, id: string, p: { title?: string; active?: boolean }): Promise<MembershipPlanRow | null> {
    const [row] = await returning<MembershipPlanRow>(
      db,
      `UPDATE membership_plan SET title = COALESCE($2, title), active = COALESCE($3, active) WHERE id = $1 RETURNING *`,
      [id, p.title ?? null, p.active ?? null],
    );
    return row ?? null;
  }

  async membership(db: Db, memberId: string): Promise<MembershipRow | null> {
    const rows: MembershipRow[] = await db.query(`SELECT * FROM membership WHERE member_id = $1`, [memberId]);
    return rows[0] ?? null;
  }

  async saveMembership(db: Db, m: Omit<MembershipRow, 'expiry_noticed_for'>): Promise<void> {
    await db.query(
      `INSERT INTO membership AS ms (member_id, plan_id, title, expires_at, discount_rate_bp, points_multiplier_bp, monthly_coupon_template_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (member_id) DO UPDATE SET plan_id = EXCLUDED.plan_id, title = EXCLUDED.title, expires_at = EXCLUDED.expires_at,
              discount_rate_bp = EXCLUDED.discount_rate_bp, points_multiplier_bp = EXCLUDED.points_multiplier_bp,
              monthly_coupon_template_id = EXCLUDED.monthly_coupon_template_id, updated_at = now()`,
      [m.member_id, m.plan_id, m.title, m.expires_at, m.discount_rate_bp, m.points_multiplier_bp, m.monthly_coupon_template_id],
    );
  }

  async endMembership(db: Db, memberId: string, at: Date): Promise<void> {
    await db.query(`UPDATE membership SET expires_at = LEAST(expires_at, $2), updated_at = now() WHERE member_id = $1`, [
      memberId,
      at,
    ]);
  }

  async trialUsed(db: Db, memberId: string): Promise<boolean> {
    const rows = await db.query(`SELECT 1 FROM membership_purchase WHERE member_id = $1 AND trial AND status <> 'closed'`, [
      memberId,
    ]);
    return rows.length > 0;
  }

  async insertPurchase(db: Db, p: Omit<PurchaseRow, 'refunded' | 'response' | 'created_at'> & { now: Date }): Promise<void> {
    await db.query(
      `INSERT INTO membership_purchase (id, member_id, plan_id, title, request_id, trial, price, term_days, status, payment_id, starts_at, ends_at,
                                        created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)`,
      [
        p.id,
        p.member_id,
        p.plan_id,
        p.title,
        p.request_id,
        p.trial,
        p.price,
        p.term_days,
        p.status,
        p.payment_id,
        p.starts_at,
        p.ends_at,
        p.now,
      ],
    );
  }

  async purchaseByRequest(db: Db, memberId: string, requestId: string): Promise<PurchaseRow | null> {
    const rows: PurchaseRow[] = await db.query(`SELECT * FROM membership_purchase WHERE member_id = $1 AND request_id = $2`, [
      memberId,
      requestId,
    ]);
    return rows[0] ?? null;
  }

  async purchase(db: Db, id: string): Promise<PurchaseRow | null> {
    const rows: PurchaseRow[] = await db.query(`SELECT * FROM membership_purchase WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async setPurchaseResponse(db: Db, id: string, response: unknown): Promise<void> {
    await db.query(`UPDATE membership_purchase SET response = $2 WHERE id = $1 AND response IS NULL`, [
      id,
      JSON.stringify(response),
    ]);
  }

  /** pending/closed → active with its (re)computed term: the row when this call did it. */
  async activate(db: Db, id: string, startsAt: Date, endsAt: Date): Promise<PurchaseRow | null> {
    const [row] = await returning<PurchaseRow>(
      db,
      `UPDATE membership_purchase SET status = 'active', starts_at = $2, ends_at = $3, updated_at = now()
        WHERE id = $1 AND status IN ('pending', 'closed') RETURNING *`,
      [id, startsAt, endsAt],
    );
    return row ?? null;
  }

  /** A purchase that never ran: its term is empty (ends when it starts). */
  async voidTerm(db: Db, id: string): Promise<void> {
    await db.query(`UPDATE membership_purchase SET ends_at = starts_at, updated_at = now() WHERE id = $1`, [id]);
  }

  async setStatus(
    db: Db,
    id: string,
    status: MembershipPurchaseStatus,
    from: readonly MembershipPurchaseStatus[],
  ): Promise<void> {
    await db.query(`UPDATE membership_purchase SET status = $2, updated_at = now() WHERE id = $1 AND status = ANY($3::text[])`, [
      id,
      status,
      from,
    ]);
  }

  async addRefunded(db: Db, id: string, amount: number, status: MembershipPurchaseStatus): Promise<void> {
    await db.query(`UPDATE membership_purchase SET refunded = refunded + $2, status = $3, updated_at = now() WHERE id = $1`, [
      id,
      amount,
      status,
    ]);
  }

  exportFor(tx: EntityManager, memberId: string): Promise<ExportRow[]> {
    return exportRows(
      tx,
      `SELECT id, plan_id, title, trial, price, term_days, status, starts_at, ends_at, refunded, created_at
         FROM membership_purchase WHERE member_id = $1 ORDER BY created_at, id`,
      [memberId],
    );
  }

  purchasesOf(db: Db, memberId: string, limit = 50): Promise<PurchaseRow[]> {
    return db.query(`SELECT * FROM membership_purchase WHERE member_id = $1 ORDER BY created_at DESC LIMIT $2`, [
      memberId,
      limit,
    ]);
  }

  /** Paid terms that are active (running or still to come): what a pro-rata refund looks at. */
  refundablePurchases(db: Db, memberId: string, now: Date): Promise<PurchaseRow[]> {
    return db.query(
      `SELECT * FROM membership_purchase WHERE member_id = $1 AND status = 'active' AND NOT trial AND ends_at > $2 AND refunded < price
        ORDER BY starts_at`,
      [memberId, now],
    );
  }

  /** Running memberships with a monthly pack (the monthly-coupons job), by member id after `after`. */
  withMonthlyPack(
    db: Db,
    now: Date,
    after: string | null,
    limit: number,
  ): Promise<{ member_id: string; monthly_coupon_template_id: string }[]> {
    return db.query(
      `SELECT member_id, monthly_coupon_template_id FROM membership
        WHERE expires_at > $1 AND monthly_coupon_template_id IS NOT NULL AND ($2::uuid IS NULL OR member_id > $2)
        ORDER BY member_id LIMIT $3`,
      [now, after, limit],
    );
  }

  /** Memberships that ended by `now` and whose ending the member has not been told of. */
  endedUnnoticed(db: Db, now: Date, limit: number): Promise<MembershipRow[]> {
    return db.query(
      `SELECT * FROM membership WHERE expires_at <= $1 AND expiry_noticed_for IS DISTINCT FROM expires_at ORDER BY expires_at LIMIT $2`,
      [now, limit],
    );
  }

  /** Marks the ending noticed; false when it was already (or the term was renewed since). */
  async markNoticed(db: Db, memberId: string, now: Date): Promise<boolean> {
    const rows = await returning(
      db,
      `UPDATE membership SET expiry_noticed_for = expires_at
        WHERE member_id = $1 AND expires_at <= $2 AND expiry_noticed_for IS DISTINCT FROM expires_at RETURNING member_id`,
      [memberId, now],
    );
    return rows.length > 0;
  }
}
