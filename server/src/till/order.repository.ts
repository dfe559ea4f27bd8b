// SQL on the till's tables member_order, order_item and order_refund (member_identification has
// its own repository): the till's orders and refunds, and what other modules need — referral
// refund windows, the tier review's growth per period.
import { Injectable } from '@nestjs/common';
import type { ExportRow, OrderResponse, RefundResponse } from '@huiyuan/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { exportRows } from '../common/export-rows.js';
import { deferSql, sql } from '../common/sql.js';

type Db = DataSource | EntityManager;

/** A member_order row as a refund reads it. */
export interface OrderRow {
  id: string;
  member_id: string;
  store_id: string;
  order_no: string;
  payable: number;
  /** Of payable, what stored value paid. */
  balance_paid: number;
  points_earned: number;
  growth_earned: number;
  points_redeemed: number;
  refunded_amount: number;
  points_reversed: number;
  points_shortfall: number;
  growth_reversed: number;
  redeemed_returned: number;
  request_hash: string;
  response: OrderResponse;
}

/** A line of GET /me/orders. */
export interface MemberOrderPageRow {
  id: string;
  order_no: string;
  store_id: string;
  amount: number;
  payable: number;
  points_earned: number;
  refunded_amount: number;
  created_at: Date;
}

export interface OrderItemRow {
  order_id: string;
  sku: string;
  name: string;
  category: string | null;
  quantity: number;
  unit_price: number;
}

/** A line of the member's recent orders (recommendations' seeds). */
export interface RecentLineRow {
  sku: string;
  name: string;
  category: string | null;
  store_id: string;
  created_at: Date;
}

@Injectable()
export class OrderRepository {
  // --- orders (TillService) -------------------------------------------------------------------
  /** The recorded order with this store's order number: its request hash and response. */
  async replayOf(db: Db, storeId: string, orderNo: string) {
    const rows: { request_hash: string; response: OrderResponse }[] = await sql(
      db,
      'SELECT request_hash, response FROM member_order WHERE store_id = $1 AND order_no = $2',
      [storeId, orderNo],
    );
    return rows[0];
  }

  /** Queued for the transaction's next round trip (deferSql): a taken order number fails it there. */
  async insert(
    tx: EntityManager,
    o: {
      id: string;
      storeId: string;
      orderNo: string;
      memberId: string;
      staffId: string;
      amount: number;
      memberPriceDiscount: number;
      couponDiscount: number;
      pointsRedeemed: number;
      pointsDiscount: number;
      payable: number;
      balancePaid: number;
      pointsEarned: number;
      growthEarned: number;
      requestHash: string;
      response: OrderResponse;
      createdAt: Date;
      programmeVersion: number;
    },
  ): Promise<void> {
    await deferSql(
      tx,
      `INSERT INTO member_order (id, store_id, order_no, member_id, staff_id, amount, member_price_discount, coupon_discount,
         points_redeemed, points_discount, payable, balance_paid, points_earned, growth_earned, request_hash, response,
         created_at, programme_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
      [
        o.id,
        o.storeId,
        o.orderNo,
        o.memberId,
        o.staffId,
        o.amount,
        o.memberPriceDiscount,
        o.couponDiscount,
        o.pointsRedeemed,
        o.pointsDiscount,
        o.payable,
        o.balancePaid,
        o.pointsEarned,
        o.growthEarned,
        o.requestHash,
        o.response,
        o.createdAt,
        o.programmeVersion,
      ],
    );
  }

  /** The order's lines, numbered from 0 in the order given. */
  async insertItems(
    tx: EntityManager,
    orderId: string,
    items: { sku: string; name: string; category?: string | null; quantity: number; unitPrice: number }[],
  ): Promise<void> {
    await deferSql(
      tx,
      `INSERT INTO order_item (id, order_id, line, sku, name, category, quantity, unit_price)
         SELECT gen_random_uuid(), $1, t.line - 1, t.sku, t.name, t.category, t.quantity, t.unit_price
           FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::int[])
                WITH ORDINALITY AS t(sku, name, category, quantity, unit_price, line)`,
      [
        orderId,
        items.map((i) => i.sku),
        items.map((i) => i.name),
        items.map((i) => i.category ?? null),
        items.map((i) => i.quantity),
        items.map((i) => i.unitPrice),
      ],
    );
  }

  /** The id of this store's order with that order number. */
  async idOf(db: Db, storeId: string, orderNo: string): Promise<string | undefined> {
    const orders: { id: string }[] = await sql(db, 'SELECT id FROM member_order WHERE store_id = $1 AND order_no = $2', [
      storeId,
      orderNo,
    ]);
    return orders[0]?.id;
  }

  /** The member an (existing) order belongs to. */
  async memberOf(tx: EntityManager, orderId: string): Promise<string> {
    return (await sql<{ member_id: string }>(tx, 'SELECT member_id FROM member_order WHERE id = $1', [orderId]))[0]!.member_id;
  }

  /** An existing order, fresh. */
  async byId(tx: EntityManager, orderId: string): Promise<OrderRow> {
    return (await sql<OrderRow>(tx, 'SELECT * FROM member_order WHERE id = $1', [orderId]))[0]!;
  }

  /** The member's orders, newest first, after the keyset cursor; `limit` rows at most. */
  page(db: Db, memberId: string, after: { t: string | Date; id: string } | null, limit: number): Promise<MemberOrderPageRow[]> {
    return sql(
      db,
      `SELECT o.id, o.order_no, o.store_id, o.amount, o.payable, o.points_earned, o.refunded_amount, o.created_at
         FROM member_order o
        WHERE o.member_id = $1 AND ($2::timestamptz IS NULL OR (o.created_at, o.id) < ($2::timestamptz, $3::uuid))
        ORDER BY o.created_at DESC, o.id DESC
        LIMIT $4`,
      [memberId, after?.t ?? null, after?.id ?? null, limit],
    );
  }

  /** The lines of these orders, by order and line. */
  itemsOf(db: Db, orderIds: string[]): Promise<OrderItemRow[]> {
    return sql(
      db,
      `SELECT order_id, sku, name, category, quantity, unit_price FROM order_item WHERE order_id = ANY($1::uuid[]) ORDER BY order_id, line`,
      [orderIds],
    );
  }

  // --- refunds (TillService) ------------------------------------------------------------------
  /** The recorded refund of the order with this refund number: its request hash and response. */
  async refundReplayOf(db: Db, orderId: string, refundNo: string) {
    const rows: { request_hash: string; response: RefundResponse }[] = await sql(
      db,
      'SELECT request_hash, response FROM order_refund WHERE order_id = $1 AND refund_no = $2',
      [orderId, refundNo],
    );
    return rows[0];
  }

  /** Adds a refund's figures to the order's running totals. */
  async addRefund(
    tx: EntityManager,
    orderId: string,
    r: { amount: number; pointsReversed: number; pointsShortfall: number; growthReversed: number; redeemedReturned: number },
  ): Promise<void> {
    await sql(
      tx,
      `UPDATE member_order SET refunded_amount = refunded_amount + $2, points_reversed = points_reversed + $3,
              points_shortfall = points_shortfall + $4, growth_reversed = growth_reversed + $5,
              redeemed_returned = redeemed_returned + $6
        WHERE id = $1`,
      [orderId, r.amount, r.pointsReversed, r.pointsShortfall, r.growthReversed, r.redeemedReturned],
    );
  }

  async insertRefund(
    tx: EntityManager,
    r: {
      id: string;
      orderId: string;
      refundNo: string;
      amount: number;
      pointsReversed: number;
      pointsShortfall: number;
      growthReversed: number;
      pointsReturned: number;
      pointsForfeited: number;
      staffId: string;
      requestHash: string;
      response: RefundResponse;
      createdAt: Date;
    },
  ): Promise<void> {
    await sql(
      tx,
      `INSERT INTO order_refund (id, order_id, refund_no, amount, points_reversed, points_shortfall, growth_reversed,
         points_returned, points_forfeited, staff_id, request_hash, response, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        r.id,
        r.orderId,
        r.refundNo,
        r.amount,
        r.pointsReversed,
        r.pointsShortfall,
        r.growthReversed,
        r.pointsReturned,
        r.pointsForfeited,
        r.staffId,
        r.requestHash,
        r.response,
        r.createdAt,
      ],
    );
  }

  // --- GET /me/export -------------------------------------------------------------------------
  exportOrders(tx: EntityManager, memberId: string): Promise<ExportRow[]> {
    return exportRows(tx, `SELECT o.* FROM member_order o WHERE o.member_id = $1 ORDER BY o.created_at, o.id`, [memberId]);
  }

  exportRefunds(tx: EntityManager, memberId: string): Promise<ExportRow[]> {
    return exportRows(
      tx,
      `SELECT r.* FROM order_refund r JOIN member_order o ON o.id = r.order_id WHERE o.member_id = $1 ORDER BY r.created_at, r.id`,
      [memberId],
    );
  }

  exportItems(tx: EntityManager, memberId: string): Promise<ExportRow[]> {
    return exportRows(
      tx,
      `SELECT i.* FROM order_item i JOIN member_order o ON o.id = i.order_id WHERE o.member_id = $1 ORDER BY o.created_at, o.id, i.line`,
      [memberId],
    );
  }

  // --- for other modules ----------------------------------------------------------------------
  /** Refunds of an order made before `before`: their total and the last one's time. */
  async refundedBefore(tx: Pick<EntityManager, 'query'>, orderId: string, before: Date) {
    const [r] = (await tx.query(
      `SELECT COALESCE(SUM(amount), 0)::int AS total, MAX(created_at) AS last FROM order_refund WHERE order_id = $1 AND created_at < $2`,
      [orderId, before],
    )) as { total: number; last: Date | null }[];
    return r;
  }

  /** Net growth a member's orders earned in (from, to]. */
  async growthBetween(tx: Pick<EntityManager, 'query'>, memberId: string, from: Date, to: Date) {
    const [period]: { growth: number }[] = await tx.query(
      `SELECT COALESCE(SUM(growth_earned - growth_reversed), 0)::int AS growth FROM member_order
            WHERE member_id = $1 AND created_at > $2 AND created_at <= $3`,
      [memberId, from, to],
    );
    return period!;
  }

  /**
   * The member's most recent order lines since `since`, newest first, refunded orders (any refund:
   * a refund does not say which lines went back) left out: the seeds of GET /me/recommendations.
   * One index range (member_order_member_idx), then the lines by order.
   */
  async recentLinesOf(db: Db, memberId: string, since: Date, limit: number): Promise<RecentLineRow[]> {
    return sql<RecentLineRow>(
      db,
      `SELECT i.sku, i.name, i.category, o.store_id, o.created_at
         FROM member_order o JOIN order_item i ON i.order_id = o.id
        WHERE o.member_id = $1 AND o.created_at >= $2 AND o.refunded_amount = 0
        ORDER BY o.created_at DESC, o.id, i.line LIMIT $3`,
      [memberId, since, limit],
    );
  }

  /** Order numbers by order id (the points history names the order an entry came from). */
  async orderNos(db: Pick<EntityManager, 'query'>, ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; order_no: string }[] = await db.query(
      'SELECT id, order_no FROM member_order WHERE id = ANY($1::uuid[])',
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.order_no]));
  }

  /** The member's own order with this number (the newest, should two stores share a number), for feedback. */
  async memberOrderByNo(db: Db, memberId: string, orderNo: string): Promise<{ id: string; store_id: string } | undefined> {
    const rows: { id: string; store_id: string }[] = await sql(
      db,
      'SELECT id, store_id FROM member_order WHERE member_id = $1 AND order_no = $2 ORDER BY created_at DESC, id DESC LIMIT 1',
      [memberId, orderNo],
    );
    return rows[0];
  }
}
