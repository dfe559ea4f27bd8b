// SQL on the till's tables (member_order, order_item, order_refund, member_identification) that
// other modules need: referral refund windows, the tier review's growth per period.
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

@Injectable()
export class OrderRepository {
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

  /** Order numbers by order id (the points history names the order an entry came from). */
  async orderNos(db: Pick<EntityManager, 'query'>, ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; order_no: string }[] = await db.query(
      'SELECT id, order_no FROM member_order WHERE id = ANY($1::uuid[])',
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.order_no]));
  }
}
