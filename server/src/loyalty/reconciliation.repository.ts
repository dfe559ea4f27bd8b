// Reconciliation's SQL: the invariants of the points ledger, coupon stock and stored value, checked over the
// whole database. It compares records of several modules on purpose (loyalty's ledger with the
// cached balances on member, orders with refunds, coupon counters with coupons): the one place
// allowed to, listed in module-boundaries.spec.ts.
import { Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

export interface Violation {
  check: string;
  subject: string;
  detail: string;
}

/** Each query returns (subject, detail) rows for every violation of its invariant. */
export const INVARIANTS: { check: string; sql: string }[] = [
  {
    check: 'member balance = sum of lot remainders',
    sql: `SELECT m.id::text AS subject, m.points || ' vs ' || COALESCE(l.sum, 0) AS detail
            FROM member m LEFT JOIN (SELECT member_id, SUM(remaining) AS sum FROM points_lot GROUP BY member_id) l ON l.member_id = m.id
           WHERE m.points <> COALESCE(l.sum, 0)`,
  },
  {
    check: 'member balance = sum of entry deltas',
    sql: `SELECT m.id::text, m.points || ' vs ' || COALESCE(e.sum, 0)
            FROM member m LEFT JOIN (SELECT member_id, SUM(delta) AS sum FROM points_entry GROUP BY member_id) e ON e.member_id = m.id
           WHERE m.points <> COALESCE(e.sum, 0)`,
  },
  {
    check: 'lot remaining = amount − allocations',
    sql: `SELECT l.id::text, l.remaining || ' vs ' || (l.amount - COALESCE(a.sum, 0))
            FROM points_lot l LEFT JOIN (SELECT lot_id, SUM(points) AS sum FROM points_allocation GROUP BY lot_id) a ON a.lot_id = l.id
           WHERE l.remaining <> l.amount - COALESCE(a.sum, 0)`,
  },
  {
    check: 'debit entry = its allocations',
    sql: `SELECT e.id::text, e.delta || ' vs -' || COALESCE(a.sum, 0)
            FROM points_entry e LEFT JOIN (SELECT entry_id, SUM(points) AS sum FROM points_allocation GROUP BY entry_id) a ON a.entry_id = e.id
           WHERE e.delta < 0 AND -e.delta <> COALESCE(a.sum, 0)`,
  },
  {
    check: 'credit entry = its lots',
    sql: `SELECT e.id::text, e.delta || ' vs ' || COALESCE(l.sum, 0)
            FROM points_entry e LEFT JOIN (SELECT entry_id, SUM(amount) AS sum FROM points_lot GROUP BY entry_id) l ON l.entry_id = e.id
           WHERE e.delta >= 0 AND e.delta <> COALESCE(l.sum, 0)`,
  },
  {
    check: 'member debt = shortfalls − debt paid',
    sql: `SELECT m.id::text, m.points_debt || ' vs ' || COALESCE(e.sum, 0)
            FROM member m LEFT JOIN (SELECT member_id, SUM(shortfall - debt_paid) AS sum FROM points_entry GROUP BY member_id) e ON e.member_id = m.id
           WHERE m.points_debt <> COALESCE(e.sum, 0)`,
  },
  {
    check: 'order refunds add up',
    sql: `SELECT o.id::text, o.refunded_amount || '/' || o.points_reversed || '/' || o.points_shortfall || ' vs ' ||
                 COALESCE(r.amount, 0) || '/' || COALESCE(r.reversed, 0) || '/' || COALESCE(r.shortfall, 0)
            FROM member_order o LEFT JOIN (SELECT order_id, SUM(amount) AS amount, SUM(points_reversed) AS reversed, SUM(points_shortfall) AS shortfall
                                             FROM order_refund GROUP BY order_id) r ON r.order_id = o.id
           WHERE o.refunded_amount <> COALESCE(r.amount, 0) OR o.points_reversed <> COALESCE(r.reversed, 0)
              OR o.points_shortfall <> COALESCE(r.shortfall, 0)`,
  },
  {
    check: 'order earned points = its earn entry',
    sql: `SELECT o.id::text, o.points_earned || ' vs ' || COALESCE(e.delta + e.debt_paid, 0)
            FROM member_order o LEFT JOIN points_entry e ON e.member_id = o.member_id AND e.business_key = 'order:' || o.id || ':earn'
           WHERE o.points_earned <> COALESCE(e.delta + e.debt_paid, 0)`,
  },
  {
    check: 'order redeemed points = its spend entry',
    sql: `SELECT o.id::text, o.points_redeemed || ' vs ' || COALESCE(-e.delta, 0)
            FROM member_order o LEFT JOIN points_entry e ON e.member_id = o.member_id AND e.business_key = 'order:' || o.id || ':redeem'
           WHERE o.points_redeemed <> COALESCE(-e.delta, 0)`,
  },
  {
    check: 'coupon template issued = its coupons, within stock',
    // A sharded template's issued is its shards' (its row's stays 0).
    sql: `SELECT t.id::text, (t.issued + COALESCE(s.issued, 0)) || ' vs ' || COALESCE(c.n, 0) || ' (stock ' || t.total_stock || ')'
            FROM coupon_template t LEFT JOIN (SELECT template_id, COUNT(*) AS n FROM coupon GROUP BY template_id) c ON c.template_id = t.id
                 LEFT JOIN (SELECT template_id, SUM(issued) AS issued FROM coupon_stock_shard GROUP BY template_id) s ON s.template_id = t.id
           WHERE t.issued + COALESCE(s.issued, 0) <> COALESCE(c.n, 0) OR t.issued + COALESCE(s.issued, 0) > t.total_stock`,
  },
  {
    check: 'sharded coupon stock: one row per shard, Σ shard stock = total stock (so Σ left = stock − issued)',
    sql: `SELECT t.id::text, t.stock_shards || ' shards, row issued ' || t.issued || ', ' || COALESCE(s.n, 0) || ' rows, Σ stock ' ||
                 COALESCE(s.stock, 0) || ' vs ' || t.total_stock
            FROM coupon_template t LEFT JOIN (SELECT template_id, COUNT(*) AS n, SUM(stock) AS stock FROM coupon_stock_shard GROUP BY template_id) s
              ON s.template_id = t.id
           WHERE (t.stock_shards > 1 AND (t.issued <> 0 OR s.n IS DISTINCT FROM t.stock_shards OR s.stock IS DISTINCT FROM t.total_stock))
              OR (t.stock_shards = 1 AND s.n IS NOT NULL)`,
  },
  {
    check: 'per-member claim counter = claimed coupons, within the limit',
    sql: `SELECT k.member_id || '/' || k.template_id, k.claimed || ' vs ' || COALESCE(c.n, 0)
            FROM coupon_claim k LEFT JOIN (SELECT member_id, template_id, COUNT(*) AS n FROM coupon
                                            WHERE channel IN ('center', 'points') GROUP BY member_id, template_id) c
              ON c.member_id = k.member_id AND c.template_id = k.template_id
           WHERE k.claimed <> COALESCE(c.n, 0) OR k.claimed > k.claim_limit`,
  },
  // --- stored value (docs/stored-value.md "Reconciliation") -----------------------------------
  {
    check: 'stored-value account = sum of its lots',
    sql: `SELECT COALESCE(a.member_id, l.member_id)::text, COALESCE(a.principal, 0) || '+' || COALESCE(a.bonus, 0) || ' vs ' || COALESCE(l.p, 0) || '+' || COALESCE(l.b, 0)
            FROM stored_value_account a
            FULL JOIN (SELECT member_id, SUM(principal_left) AS p, SUM(bonus_left) AS b FROM stored_value_top_up GROUP BY member_id) l
              ON l.member_id = a.member_id
           WHERE COALESCE(a.principal, 0) <> COALESCE(l.p, 0) OR COALESCE(a.bonus, 0) <> COALESCE(l.b, 0)`,
  },
  {
    check: 'stored-value account = sum of its entries',
    sql: `SELECT COALESCE(a.member_id, e.member_id)::text, COALESCE(a.principal, 0) || '+' || COALESCE(a.bonus, 0) || ' vs ' || COALESCE(e.p, 0) || '+' || COALESCE(e.b, 0)
            FROM stored_value_account a
            FULL JOIN (SELECT member_id, SUM(principal_delta) AS p, SUM(bonus_delta) AS b FROM stored_value_entry GROUP BY member_id) e
              ON e.member_id = a.member_id
           WHERE COALESCE(a.principal, 0) <> COALESCE(e.p, 0) OR COALESCE(a.bonus, 0) <> COALESCE(e.b, 0)`,
  },
  {
    check: 'Σ balances = top-ups − spends + order refunds − top-up refunds + reverted − expired bonus',
    sql: `SELECT 'all', b.total || ' vs ' || k.total
            FROM (SELECT COALESCE(SUM(principal + bonus), 0) AS total FROM stored_value_account) b,
                 (SELECT COALESCE(SUM(principal_delta + bonus_delta) FILTER (WHERE kind = 'top_up'), 0)
                       + COALESCE(SUM(principal_delta + bonus_delta) FILTER (WHERE kind = 'spend'), 0)
                       + COALESCE(SUM(principal_delta + bonus_delta) FILTER (WHERE kind = 'order_refund'), 0)
                       + COALESCE(SUM(principal_delta + bonus_delta) FILTER (WHERE kind = 'top_up_refund'), 0)
                       + COALESCE(SUM(principal_delta + bonus_delta) FILTER (WHERE kind = 'top_up_refund_reverted'), 0)
                       + COALESCE(SUM(principal_delta + bonus_delta) FILTER (WHERE kind = 'bonus_expired'), 0) AS total
                    FROM stored_value_entry) k
           WHERE b.total <> k.total`,
  },
  {
    check: 'lot principal left = amount − spent + returned − refunded',
    sql: `SELECT t.id::text, t.principal_left || ' vs ' || (CASE WHEN t.paid_at IS NULL THEN 0 ELSE t.amount END - COALESCE(a.net, 0) - t.principal_refunded)
            FROM stored_value_top_up t
            LEFT JOIN (SELECT lot_id, SUM(principal - principal_returned) AS net FROM stored_value_allocation GROUP BY lot_id) a ON a.lot_id = t.id
           WHERE t.principal_left <> CASE WHEN t.paid_at IS NULL THEN 0 ELSE t.amount END - COALESCE(a.net, 0) - t.principal_refunded`,
  },
  {
    check: 'top-up principal refunded = its refunds not failed',
    sql: `SELECT t.id::text, t.principal_refunded || ' vs ' || COALESCE(r.sum, 0)
            FROM stored_value_top_up t
            LEFT JOIN (SELECT top_up_id, SUM(principal) AS sum FROM stored_value_refund WHERE status <> 'failed' GROUP BY top_up_id) r
              ON r.top_up_id = t.id
           WHERE t.principal_refunded <> COALESCE(r.sum, 0)`,
  },
  {
    check: 'spend entry = its allocations',
    sql: `SELECT e.id::text, (e.principal_delta || '/' || e.bonus_delta) || ' vs -' || COALESCE(a.p, 0) || '/-' || COALESCE(a.b, 0)
            FROM stored_value_entry e
            LEFT JOIN (SELECT entry_id, SUM(principal) AS p, SUM(bonus) AS b FROM stored_value_allocation GROUP BY entry_id) a ON a.entry_id = e.id
           WHERE e.kind = 'spend' AND (-e.principal_delta <> COALESCE(a.p, 0) OR -e.bonus_delta <> COALESCE(a.b, 0))`,
  },
  {
    check: 'order balance paid = its spend entry',
    sql: `SELECT o.id::text, o.balance_paid || ' vs ' || COALESCE(-(e.principal_delta + e.bonus_delta), 0)
            FROM member_order o LEFT JOIN stored_value_entry e ON e.order_id = o.id AND e.kind = 'spend'
           WHERE o.balance_paid <> COALESCE(-(e.principal_delta + e.bonus_delta), 0)`,
  },
  {
    check: 'a top-up is credited exactly when its payment is paid',
    sql: `SELECT t.id::text, t.status || ' / payment ' || p.status
            FROM stored_value_top_up t JOIN payment p ON p.id = t.payment_id
           WHERE (t.paid_at IS NOT NULL) <> (p.status = 'paid')
              OR (t.paid_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM stored_value_entry e WHERE e.top_up_id = t.id AND e.kind = 'top_up'))`,
  },
  {
    check: 'a paid membership term is active exactly when its payment is paid',
    sql: `SELECT m.id::text, m.status || ' / payment ' || p.status
            FROM membership_purchase m JOIN payment p ON p.id = m.payment_id
           WHERE (m.status IN ('active', 'refunded')) <> (p.status = 'paid')`,
  },
  {
    check: 'payment refunded = its refunds not failed',
    sql: `SELECT p.id::text, p.refunded || ' vs ' || COALESCE(r.sum, 0)
            FROM payment p LEFT JOIN (SELECT payment_id, SUM(amount) AS sum FROM payment_refund WHERE status <> 'failed' GROUP BY payment_id) r
              ON r.payment_id = p.id
           WHERE p.refunded <> COALESCE(r.sum, 0)`,
  },
];

@Injectable()
export class ReconciliationRepository {
  /** Up to 20 (subject, detail) rows violating one invariant. */
  violationsOf(db: DataSource, invariantSql: string): Promise<{ subject: string; detail: string }[]> {
    return db.query(`SELECT * FROM (${invariantSql}) AS v(subject, detail) LIMIT 20`);
  }
}
