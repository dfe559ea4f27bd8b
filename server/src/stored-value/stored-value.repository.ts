// The stored-value module's SQL (stored_value_* tables). Every balance change runs under the
// member's lock (the ledger's SELECT … FOR UPDATE on member) and through a conditional update of
// the account (`principal >= $n`), so concurrent payments can never overdraw; the CHECKs (≥ 0)
// are the last line.
import { Injectable } from '@nestjs/common';
import type { SpendOrder, StoredValueEntryKind, StoredValueLot, TopUpStatus } from '@huiyuan/shared';
import type { EntityManager } from 'typeorm';
import { deferSql, returning, sql } from '../common/sql.js';
import { exportRows } from '../common/export-rows.js';
import type { ExportRow } from '@huiyuan/shared';

type Db = Pick<EntityManager, 'query'>;

export interface PlanRow {
  id: string;
  title: string;
  amount: number;
  bonus: number;
  active: boolean;
  created_at: Date;
}

export interface TopUpRow {
  id: string;
  member_id: string;
  plan_id: string;
  title: string;
  store_id: string | null;
  request_id: string;
  amount: number;
  bonus: number;
  status: TopUpStatus;
  payment_id: string;
  principal_left: number;
  bonus_left: number;
  bonus_expires_at: Date | null;
  principal_refunded: number;
  bonus_clawed: number;
  paid_at: Date | null;
  response: unknown;
  created_at: Date;
}

export interface EntryRow {
  id: string;
  kind: StoredValueEntryKind;
  principal_delta: number;
  bonus_delta: number;
  principal_after: string;
  bonus_after: string;
  store_id: string | null;
  order_no: string | null;
  created_at: Date;
}

export interface AllocationRow {
  entry_id: string;
  lot_id: string;
  principal: number;
  bonus: number;
  principal_returned: number;
  bonus_returned: number;
  bonus_expires_at: Date | null;
}

export interface NewEntry {
  id: string;
  memberId: string;
  kind: StoredValueEntryKind;
  principalDelta: number;
  bonusDelta: number;
  principalAfter: number;
  bonusAfter: number;
  businessKey: string;
  storeId: string | null;
  orderId?: string | null;
  orderNo?: string | null;
  topUpId?: string | null;
  now: Date;
}

@Injectable()
export class StoredValueRepository {
  // --- plans and setting ---------------------------------------------------------------------
  async insertPlan(db: Db, p: { id: string; title: string; amount: number; bonus: number }): Promise<PlanRow> {
    const [row] = await returning<PlanRow>(
      db,
      `INSERT INTO stored_value_plan (id, title, amount, bonus) VALUES ($1, $2, $3, $4) RETURNING *`,
      [p.id, p.title, p.amount, p.bonus],
    );
    return row!;
  }

  plans(db: Db, activeOnly: boolean): Promise<PlanRow[]> {
    return db.query(
      `SELECT * FROM stored_value_plan ${activeOnly ? 'WHERE active' : ''} ORDER BY active DESC, amount, created_at`,
    );
  }

  async plan(db: Db, id: string): Promise<PlanRow | null> {
    const rows: PlanRow[] = await db.query(`SELECT * FROM stored_value_plan WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async updatePlan(db: Db, id: string, p: { title?: string; active?: boolean }): Promise<PlanRow | null> {
    const [row] = await returning<PlanRow>(
      db,
      `UPDATE stored_value_plan SET title = COALESCE($2, title), active = COALESCE($3, active) WHERE id = $1 RETURNING *`,
      [id, p.title ?? null, p.active ?? null],
    );
    return row ?? null;
  }

  async settings(db: Db): Promise<{ spend_order: SpendOrder; bonus_expiry_days: number | null }> {
    const [row] = await db.query(`SELECT spend_order, bonus_expiry_days FROM stored_value_setting WHERE id = 1`);
    return row;
  }

  async saveSettings(db: Db, s: { spendOrder: SpendOrder; bonusExpiryDays: number | null }): Promise<void> {
    await db.query(`UPDATE stored_value_setting SET spend_order = $1, bonus_expiry_days = $2, updated_at = now() WHERE id = 1`, [
      s.spendOrder,
      s.bonusExpiryDays,
    ]);
  }

  // --- top-ups (lots) -------------------------------------------------------------------------
  async insertTopUp(
    tx: Db,
    t: { id: string; memberId: string; plan: PlanRow; storeId: string | null; requestId: string; paymentId: string; now: Date },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO stored_value_top_up (id, member_id, plan_id, title, store_id, request_id, amount, bonus, payment_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [t.id, t.memberId, t.plan.id, t.plan.title, t.storeId, t.requestId, t.plan.amount, t.plan.bonus, t.paymentId, t.now],
    );
  }

  async topUpByRequest(db: Db, memberId: string, requestId: string): Promise<TopUpRow | null> {
    const rows: TopUpRow[] = await db.query(`SELECT * FROM stored_value_top_up WHERE member_id = $1 AND request_id = $2`, [
      memberId,
      requestId,
    ]);
    return rows[0] ?? null;
  }

  async topUp(db: Db, id: string): Promise<TopUpRow | null> {
    const rows: TopUpRow[] = await db.query(`SELECT * FROM stored_value_top_up WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async setTopUpResponse(db: Db, id: string, response: unknown): Promise<void> {
    await db.query(`UPDATE stored_value_top_up SET response = $2 WHERE id = $1 AND response IS NULL`, [
      id,
      JSON.stringify(response),
    ]);
  }

  /** pending/closed → paid, its lot filled: the row when this call did it. */
  async markTopUpPaid(tx: Db, id: string, bonusExpiresAt: Date | null, at: Date): Promise<TopUpRow | null> {
    const [row] = await returning<TopUpRow>(
      tx,
      `UPDATE stored_value_top_up SET status = 'paid', principal_left = amount, bonus_left = bonus, bonus_expires_at = $2, paid_at = $3
        WHERE id = $1 AND status IN ('pending', 'closed') RETURNING *`,
      [id, bonusExpiresAt, at],
    );
    return row ?? null;
  }

  async markTopUpClosed(tx: Db, id: string): Promise<void> {
    await tx.query(`UPDATE stored_value_top_up SET status = 'closed' WHERE id = $1 AND status = 'pending'`, [id]);
  }

  /** The member's lots with something left (the caller holds the member lock), and the setting, in one round trip. */
  async lotsAndSettings(
    tx: EntityManager,
    memberId: string,
  ): Promise<{ lots: StoredValueLot[]; spendOrder: SpendOrder; bonusExpiryDays: number | null }> {
    const rows = await sql<{
      spend_order: SpendOrder;
      bonus_expiry_days: number | null;
      id: string | null;
      principal_left: number;
      bonus_left: number;
      bonus_expires_at: Date | null;
      paid_at: Date;
    }>(
      tx,
      `SELECT s.spend_order, s.bonus_expiry_days, l.id, l.principal_left, l.bonus_left, l.bonus_expires_at, l.paid_at
         FROM stored_value_setting s
         LEFT JOIN stored_value_top_up l ON l.member_id = $1 AND l.paid_at IS NOT NULL AND (l.principal_left > 0 OR l.bonus_left > 0)
        WHERE s.id = 1`,
      [memberId],
    );
    const first = rows[0]!;
    return {
      spendOrder: first.spend_order,
      bonusExpiryDays: first.bonus_expiry_days,
      lots: rows
        .filter((r) => r.id !== null)
        .map((r) => ({
          id: r.id!,
          principalLeft: r.principal_left,
          bonusLeft: r.bonus_left,
          bonusExpiresAt: r.bonus_expires_at,
          createdAt: r.paid_at,
        })),
    };
  }

  /** Changes lots by signed amounts, in one statement (deferred: the CHECKs guard it). */
  async moveLots(tx: EntityManager, moves: readonly { lotId: string; principal: number; bonus: number }[]): Promise<void> {
    if (moves.length === 0) return;
    await deferSql(
      tx,
      `UPDATE stored_value_top_up t SET principal_left = t.principal_left + v.p, bonus_left = t.bonus_left + v.b
         FROM (SELECT unnest($1::uuid[]) AS id, unnest($2::int[]) AS p, unnest($3::int[]) AS b) v
        WHERE t.id = v.id`,
      [moves.map((m) => m.lotId), moves.map((m) => m.principal), moves.map((m) => m.bonus)],
    );
  }

  /** A top-up refund's changes to its lot. */
  async refundLot(
    tx: Db,
    id: string,
    r: { principal: number; bonusFromLot: number; bonusClawed: number; status: TopUpStatus },
  ): Promise<void> {
    await tx.query(
      `UPDATE stored_value_top_up SET principal_left = principal_left - $2, bonus_left = bonus_left - $3,
              principal_refunded = principal_refunded + $2, bonus_clawed = bonus_clawed + $4, status = $5
        WHERE id = $1`,
      [id, r.principal, r.bonusFromLot, r.bonusClawed, r.status],
    );
  }

  /** A failed refund gives its lot back what it took. */
  async revertRefundLot(tx: Db, id: string, r: { principal: number; bonusFromLot: number; bonusClawed: number }): Promise<void> {
    await tx.query(
      `UPDATE stored_value_top_up SET principal_left = principal_left + $2, bonus_left = bonus_left + $3,
              principal_refunded = principal_refunded - $2, bonus_clawed = bonus_clawed - $4,
              status = CASE WHEN principal_refunded - $2 = 0 THEN 'paid' ELSE 'partially_refunded' END
        WHERE id = $1`,
      [id, r.principal, r.bonusFromLot, r.bonusClawed],
    );
  }

  // --- the account ----------------------------------------------------------------------------
  /**
   * Adds signed amounts to the member's account, creating it on the first top-up. A debit only
   * applies while the account covers it (the conditional update): null when it does not.
   */
  async moveAccount(
    tx: EntityManager,
    memberId: string,
    principal: number,
    bonus: number,
  ): Promise<{ principal: number; bonus: number } | null> {
    // A credit may create the account; a debit only updates it. (PostgreSQL checks the CHECKs on
    // the row an upsert proposes before it sees the conflict, so a debit cannot be an upsert.)
    const rows =
      principal >= 0 && bonus >= 0
        ? await sql<{ principal: string; bonus: string }>(
            tx,
            `INSERT INTO stored_value_account AS a (member_id, principal, bonus) VALUES ($1, $2, $3)
             ON CONFLICT (member_id) DO UPDATE SET principal = a.principal + EXCLUDED.principal, bonus = a.bonus + EXCLUDED.bonus, updated_at = now()
             RETURNING principal, bonus`,
            [memberId, principal, bonus],
          )
        : await sql<{ principal: string; bonus: string }>(
            tx,
            `UPDATE stored_value_account SET principal = principal + $2, bonus = bonus + $3, updated_at = now()
              WHERE member_id = $1 AND principal + $2 >= 0 AND bonus + $3 >= 0
             RETURNING principal, bonus`,
            [memberId, principal, bonus],
          );
    const row = rows[0];
    return row ? { principal: Number(row.principal), bonus: Number(row.bonus) } : null;
  }

  async account(db: Db, memberId: string): Promise<{ principal: number; bonus: number }> {
    const rows: { principal: string; bonus: string }[] = await db.query(
      `SELECT principal, bonus FROM stored_value_account WHERE member_id = $1`,
      [memberId],
    );
    return { principal: Number(rows[0]?.principal ?? 0), bonus: Number(rows[0]?.bonus ?? 0) };
  }

  // --- entries and allocations ----------------------------------------------------------------
  async insertEntry(tx: EntityManager, e: NewEntry): Promise<void> {
    await deferSql(
      tx,
      `INSERT INTO stored_value_entry (id, member_id, kind, principal_delta, bonus_delta, principal_after, bonus_after, business_key,
                                       store_id, order_id, order_no, top_up_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        e.id,
        e.memberId,
        e.kind,
        e.principalDelta,
        e.bonusDelta,
        e.principalAfter,
        e.bonusAfter,
        e.businessKey,
        e.storeId,
        e.orderId ?? null,
        e.orderNo ?? null,
        e.topUpId ?? null,
        e.now,
      ],
    );
  }

  async entryExists(tx: EntityManager, memberId: string, businessKey: string): Promise<boolean> {
    const rows = await sql<{ one: number }>(
      tx,
      `SELECT 1 AS one FROM stored_value_entry WHERE member_id = $1 AND business_key = $2`,
      [memberId, businessKey],
    );
    return rows.length > 0;
  }

  async insertAllocations(
    tx: EntityManager,
    entryId: string,
    orderId: string,
    storeId: string,
    takes: readonly { lotId: string; principal: number; bonus: number }[],
  ): Promise<void> {
    await deferSql(
      tx,
      `INSERT INTO stored_value_allocation (entry_id, lot_id, order_id, store_id, principal, bonus)
       SELECT $1, unnest($2::uuid[]), $3, $4, unnest($5::int[]), unnest($6::int[])`,
      [entryId, takes.map((t) => t.lotId), orderId, storeId, takes.map((t) => t.principal), takes.map((t) => t.bonus)],
    );
  }

  /** What an order's spend took from each lot, with the lot's bonus expiry now (oldest take first). */
  allocationsOfOrder(tx: EntityManager, orderId: string): Promise<AllocationRow[]> {
    return sql<AllocationRow>(
      tx,
      `SELECT a.entry_id, a.lot_id, a.principal, a.bonus, a.principal_returned, a.bonus_returned, t.bonus_expires_at
         FROM stored_value_allocation a JOIN stored_value_top_up t ON t.id = a.lot_id
        WHERE a.order_id = $1 ORDER BY t.paid_at, a.lot_id`,
      [orderId],
    );
  }

  async markReturned(
    tx: EntityManager,
    entryId: string,
    returns: readonly { lotId: string; principal: number; bonus: number }[],
  ): Promise<void> {
    if (returns.length === 0) return;
    await deferSql(
      tx,
      `UPDATE stored_value_allocation a SET principal_returned = a.principal_returned + v.p, bonus_returned = a.bonus_returned + v.b
         FROM (SELECT unnest($2::uuid[]) AS id, unnest($3::int[]) AS p, unnest($4::int[]) AS b) v
        WHERE a.entry_id = $1 AND a.lot_id = v.id`,
      [entryId, returns.map((r) => r.lotId), returns.map((r) => r.principal), returns.map((r) => r.bonus)],
    );
  }

  /** What one order refund gave back to each lot, dated (the settlement reads these). */
  async insertReturns(
    tx: EntityManager,
    r: { entryId: string; orderId: string; storeId: string; at: Date },
    returns: readonly { lotId: string; principal: number; bonus: number }[],
  ): Promise<void> {
    const kept = returns.filter((x) => x.principal + x.bonus > 0);
    if (kept.length === 0) return;
    await deferSql(
      tx,
      `INSERT INTO stored_value_return (entry_id, lot_id, order_id, store_id, principal, bonus, created_at)
       SELECT $1, v.id, $2, $3, v.p, v.b, $4 FROM (SELECT unnest($5::uuid[]) AS id, unnest($6::int[]) AS p, unnest($7::int[]) AS b) v`,
      [r.entryId, r.orderId, r.storeId, r.at, kept.map((x) => x.lotId), kept.map((x) => x.principal), kept.map((x) => x.bonus)],
    );
  }

  // --- top-up refunds ---------------------------------------------------------------------------
  async insertRefund(
    tx: Db,
    r: {
      id: string;
      topUpId: string;
      memberId: string;
      requestId: string;
      principal: number;
      bonusFromLot: number;
      bonusFromMoney: number;
      money: number;
      status: 'processing' | 'succeeded';
      paymentRefundId: string | null;
      staffId: string | null;
      reason: string | null;
      response: unknown;
      now: Date;
    },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO stored_value_refund (id, top_up_id, member_id, request_id, principal, bonus_from_lot, bonus_from_money, money, status,
                                        payment_refund_id, staff_id, reason, response, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        r.id,
        r.topUpId,
        r.memberId,
        r.requestId,
        r.principal,
        r.bonusFromLot,
        r.bonusFromMoney,
        r.money,
        r.status,
        r.paymentRefundId,
        r.staffId,
        r.reason,
        JSON.stringify(r.response),
        r.now,
      ],
    );
  }

  async refundByRequest(
    db: Db,
    topUpId: string,
    requestId: string,
  ): Promise<{ response: unknown; status: string; id: string } | null> {
    const rows: { response: unknown; status: string; id: string }[] = await db.query(
      `SELECT id, response, status FROM stored_value_refund WHERE top_up_id = $1 AND request_id = $2`,
      [topUpId, requestId],
    );
    return rows[0] ?? null;
  }

  async refundByPaymentRefund(
    db: Db,
    paymentRefundId: string,
  ): Promise<{
    id: string;
    top_up_id: string;
    member_id: string;
    principal: number;
    bonus_from_lot: number;
    bonus_from_money: number;
  } | null> {
    const rows = await db.query(`SELECT * FROM stored_value_refund WHERE payment_refund_id = $1`, [paymentRefundId]);
    return rows[0] ?? null;
  }

  async setRefundStatus(db: Db, id: string, status: 'succeeded' | 'failed'): Promise<void> {
    await db.query(`UPDATE stored_value_refund SET status = $2 WHERE id = $1`, [id, status]);
  }

  // --- the member's export (GET /me/export) ------------------------------------------------------
  async exportFor(
    tx: EntityManager,
    memberId: string,
  ): Promise<{ topUps: ExportRow[]; entries: ExportRow[]; refunds: ExportRow[] }> {
    return {
      topUps: await exportRows(
        tx,
        `SELECT id, title, store_id, amount, bonus, status, principal_left, bonus_left, bonus_expires_at, principal_refunded,
                bonus_clawed, paid_at, created_at FROM stored_value_top_up WHERE member_id = $1 ORDER BY created_at, id`,
        [memberId],
      ),
      entries: await exportRows(
        tx,
        `SELECT id, kind, principal_delta, bonus_delta, principal_after, bonus_after, store_id, order_no, created_at
           FROM stored_value_entry WHERE member_id = $1 ORDER BY created_at, id`,
        [memberId],
      ),
      refunds: await exportRows(
        tx,
        `SELECT id, top_up_id, principal, bonus_from_lot, bonus_from_money, money, status, reason, created_at
           FROM stored_value_refund WHERE member_id = $1 ORDER BY created_at, id`,
        [memberId],
      ),
    };
  }

  // --- reads -------------------------------------------------------------------------------------
  entriesPage(db: Db, memberId: string, after: { at: Date; id: string } | null, limit: number): Promise<EntryRow[]> {
    return db.query(
      `SELECT id, kind, principal_delta, bonus_delta, principal_after, bonus_after, store_id, order_no, created_at
         FROM stored_value_entry
        WHERE member_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3::uuid))
        ORDER BY created_at DESC, id DESC LIMIT $4`,
      [memberId, after?.at ?? null, after?.id ?? '00000000-0000-0000-0000-000000000000', limit],
    );
  }

  topUpsOf(db: Db, memberId: string, limit: number): Promise<TopUpRow[]> {
    return db.query(`SELECT * FROM stored_value_top_up WHERE member_id = $1 ORDER BY created_at DESC LIMIT $2`, [
      memberId,
      limit,
    ]);
  }

  /** Lots whose bonus expired by `now` with bonus left (the bonus-expiry job), oldest first. */
  expiredBonusLots(db: Db, now: Date, limit: number): Promise<{ id: string; member_id: string; store_id: string | null }[]> {
    return db.query(
      `SELECT id, member_id, store_id FROM stored_value_top_up
        WHERE bonus_left > 0 AND bonus_expires_at IS NOT NULL AND bonus_expires_at <= $1 ORDER BY bonus_expires_at LIMIT $2`,
      [now, limit],
    );
  }

  async lotBonusLeft(tx: EntityManager, id: string): Promise<number> {
    const rows = await sql<{ bonus_left: number }>(tx, `SELECT bonus_left FROM stored_value_top_up WHERE id = $1`, [id]);
    return rows[0]?.bonus_left ?? 0;
  }

  /** The settlement between stores for top-ups paid and spends made in [from, to). */
  async settlement(
    db: Db,
    from: Date,
    to: Date,
  ): Promise<
    {
      store_id: string | null;
      topped_up: string;
      bonus_granted: string;
      principal_spent: string;
      bonus_spent: string;
      owed_by_others: string;
      owed_to_others: string;
      principal_refunded: string;
    }[]
  > {
    return db.query(
      `WITH tops AS (
         SELECT store_id, SUM(amount) AS topped_up, SUM(bonus) AS bonus_granted FROM stored_value_top_up
          WHERE paid_at >= $1 AND paid_at < $2 GROUP BY store_id
       ), spends AS (
         -- Spends in the period, less returns in the period: each dated by its own time, so a
         -- refund next month is next month's and a closed period's figures never change.
         SELECT a.store_id, a.principal, a.bonus, t.store_id AS lot_store
           FROM stored_value_allocation a
           JOIN stored_value_entry e ON e.id = a.entry_id
           JOIN stored_value_top_up t ON t.id = a.lot_id
          WHERE e.created_at >= $1 AND e.created_at < $2
         UNION ALL
         SELECT r.store_id, -r.principal, -r.bonus, t.store_id
           FROM stored_value_return r JOIN stored_value_top_up t ON t.id = r.lot_id
          WHERE r.created_at >= $1 AND r.created_at < $2
       ), spent AS (
         SELECT store_id, SUM(principal) AS principal_spent, SUM(bonus) AS bonus_spent,
                SUM(principal) FILTER (WHERE lot_store IS DISTINCT FROM store_id) AS owed_by_others
           FROM spends GROUP BY store_id
       ), lent AS (
         SELECT lot_store AS store_id, SUM(principal) AS owed_to_others FROM spends
          WHERE lot_store IS DISTINCT FROM store_id GROUP BY lot_store
       ), refunded AS (
         SELECT t.store_id, SUM(r.principal) AS principal_refunded FROM stored_value_refund r JOIN stored_value_top_up t ON t.id = r.top_up_id
          WHERE r.status <> 'failed' AND r.created_at >= $1 AND r.created_at < $2 GROUP BY t.store_id
       ), stores AS (
         SELECT store_id FROM tops UNION SELECT store_id FROM spent UNION SELECT store_id FROM lent UNION SELECT store_id FROM refunded
       )
       SELECT s.store_id, COALESCE(tops.topped_up, 0) AS topped_up, COALESCE(tops.bonus_granted, 0) AS bonus_granted,
              COALESCE(spent.principal_spent, 0) AS principal_spent, COALESCE(spent.bonus_spent, 0) AS bonus_spent,
              COALESCE(spent.owed_by_others, 0) AS owed_by_others, COALESCE(lent.owed_to_others, 0) AS owed_to_others,
              COALESCE(refunded.principal_refunded, 0) AS principal_refunded
         FROM stores s
         LEFT JOIN tops ON tops.store_id IS NOT DISTINCT FROM s.store_id
         LEFT JOIN spent ON spent.store_id IS NOT DISTINCT FROM s.store_id
         LEFT JOIN lent ON lent.store_id IS NOT DISTINCT FROM s.store_id
         LEFT JOIN refunded ON refunded.store_id IS NOT DISTINCT FROM s.store_id`,
      [from, to],
    );
  }

  /** Σ balances now: all members', or what is left of the top-ups paid at one store. */
  async outstanding(db: Db, storeId?: string): Promise<{ principal: number; bonus: number }> {
    const [row] = storeId
      ? await db.query(
          `SELECT COALESCE(SUM(principal_left), 0) AS principal, COALESCE(SUM(bonus_left), 0) AS bonus
             FROM stored_value_top_up WHERE store_id = $1`,
          [storeId],
        )
      : await db.query(
          `SELECT COALESCE(SUM(principal), 0) AS principal, COALESCE(SUM(bonus), 0) AS bonus FROM stored_value_account`,
        );
    return { principal: Number(row.principal), bonus: Number(row.bonus) };
  }
}
