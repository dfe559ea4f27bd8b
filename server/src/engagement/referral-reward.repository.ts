// SQL on referral_reward (engagement/ owns it), and the read of the friends' first qualifying
// orders that creates its rows (joins member and member_order; see CROSS_MODULE_READS).
import { Injectable } from '@nestjs/common';
import type { ExportRow, ReferralRewardState, ReferralRewardStatus } from '@huiyuan/shared';
import type { EntityManager } from 'typeorm';
import { exportRows } from '../common/export-rows.js';
import { returning } from '../common/sql.js';

export interface RewardRow {
  id: string;
  inviter_id: string;
  invitee_id: string;
  beneficiary: 'inviter' | 'invitee';
  status: ReferralRewardStatus;
  reason: ReferralRewardState['reason'];
  points: number;
  coupon_template_id: string | null;
  coupon_id: string | null;
  order_id: string | null;
  paid_at: Date | null;
  paid_fen: number | null;
  refunded_fen: number;
  release_at: Date | null;
  released_at: Date | null;
  created_at: Date;
}

/** A bound friend's first qualifying order, not yet rewarded. */
export interface FirstOrderRow {
  invitee_id: string;
  inviter_id: string;
  order_id: string;
  paid_at: Date;
  payable: number;
}

type Db = Pick<EntityManager, 'query'>;

@Injectable()
export class ReferralRewardRepository {
  // --- the rewards' life cycle (ReferralRewardsService) ----------------------------------------
  /** Open rewards (pending or on hold, with a qualifying order), by release time. */
  openIds(db: Db): Promise<{ id: string }[]> {
    return db.query(
      `SELECT id FROM referral_reward WHERE status IN ('pending', 'on_hold') AND order_id IS NOT NULL ORDER BY release_at, id`,
    );
  }

  /**
   * Bound friends (all, one inviter's, or one friend) whose first order of at least `minOrderFen`
   * up to `now` exists and who have no reward rows yet.
   */
  firstQualifyingOrders(
    db: Db,
    minOrderFen: number,
    inviterId: string | null,
    now: Date,
    inviteeId: string | null,
  ): Promise<FirstOrderRow[]> {
    return db.query(
      `SELECT m.id AS invitee_id, m.referrer_id AS inviter_id, o.id AS order_id, o.created_at AS paid_at, o.payable
         FROM member m
         JOIN LATERAL (SELECT id, created_at, payable FROM member_order
                        WHERE member_id = m.id AND payable >= $1 AND created_at <= $3
                        ORDER BY created_at, id LIMIT 1) o ON true
        WHERE m.referrer_id IS NOT NULL AND ($2::uuid IS NULL OR m.referrer_id = $2) AND ($4::uuid IS NULL OR m.id = $4)
          AND NOT EXISTS (SELECT 1 FROM referral_reward r WHERE r.invitee_id = m.id)`,
      [minOrderFen, inviterId, now, inviteeId],
    );
  }

  /** One side's pending reward of a friend; false when the row existed already. */
  async insertPending(
    tx: EntityManager,
    r: {
      inviterId: string;
      inviteeId: string;
      beneficiary: 'inviter' | 'invitee';
      status: ReferralRewardStatus;
      points: number;
      couponTemplateId: string | null;
      orderId: string;
      paidAt: Date;
      paidFen: number;
      releaseAt: Date | null;
      now: Date;
    },
  ): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `INSERT INTO referral_reward (inviter_id, invitee_id, beneficiary, status, points, coupon_template_id, order_id, paid_at, paid_fen, release_at, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
           ON CONFLICT (invitee_id, beneficiary) DO NOTHING RETURNING id`,
      [
        r.inviterId,
        r.inviteeId,
        r.beneficiary,
        r.status,
        r.points,
        r.couponTemplateId,
        r.orderId,
        r.paidAt,
        r.paidFen,
        r.releaseAt,
        r.now,
      ],
    );
    return rows.length > 0;
  }

  /** Both sides' rewards of the given friends (the member 360's referrals). */
  ofInvitees(db: Db, inviteeIds: readonly string[]): Promise<RewardRow[]> {
    if (inviteeIds.length === 0) return Promise.resolve([]);
    return db.query('SELECT * FROM referral_reward WHERE invitee_id = ANY($1::uuid[])', [inviteeIds]);
  }

  /** Rewards by status (all when null), newest first, 200 at most. */
  list(db: Db, status: ReferralRewardStatus | null): Promise<RewardRow[]> {
    return db.query(
      `SELECT * FROM referral_reward WHERE ($1::text IS NULL OR status = $1) ORDER BY created_at DESC, id LIMIT 200`,
      [status],
    );
  }

  async byId(db: Db, id: string): Promise<RewardRow | undefined> {
    const [fresh] = (await db.query('SELECT * FROM referral_reward WHERE id = $1', [id])) as RewardRow[];
    return fresh;
  }

  /** Who a reward is for, read without a lock (to lock the beneficiary's member row first). */
  async peek(db: Db, id: string): Promise<Pick<RewardRow, 'beneficiary' | 'inviter_id' | 'invitee_id'> | undefined> {
    const [peek] = (await db.query('SELECT beneficiary, inviter_id, invitee_id FROM referral_reward WHERE id = $1', [
      id,
    ])) as RewardRow[];
    return peek;
  }

  async lock(tx: EntityManager, id: string): Promise<RewardRow | undefined> {
    const [row] = (await tx.query('SELECT * FROM referral_reward WHERE id = $1 FOR UPDATE', [id])) as RewardRow[];
    return row;
  }

  /** The inviter's released inviter-side rewards released in [dayStart, dayEnd) and [monthStart, dayEnd). */
  async releasedCounts(tx: Db, inviterId: string, dayStart: Date, dayEnd: Date, monthStart: Date) {
    const [c] = (await tx.query(
      `SELECT count(*) FILTER (WHERE released_at >= $2 AND released_at < $3)::int AS today,
              count(*) FILTER (WHERE released_at >= $4 AND released_at < $3)::int AS month
         FROM referral_reward WHERE inviter_id = $1 AND beneficiary = 'inviter' AND status = 'released'`,
      [inviterId, dayStart, dayEnd, monthStart],
    )) as { today: number; month: number }[];
    return c;
  }

  /** Writes a reward's new state (decidedBy: the reviewer, when a person decided). */
  async update(
    tx: EntityManager,
    id: string,
    u: {
      status: ReferralRewardStatus;
      reason: ReferralRewardState['reason'];
      refundedFen: number;
      releasedAt: Date | null;
      decidedBy: string | null;
      now: Date;
    },
  ): Promise<RewardRow | undefined> {
    const [saved] = await returning<RewardRow>(
      tx,
      `UPDATE referral_reward SET status = $2, reason = $3, refunded_fen = $4, released_at = $5,
              decided_by = COALESCE($6, decided_by), decided_at = CASE WHEN $6::uuid IS NULL THEN decided_at ELSE $7 END, updated_at = $7
        WHERE id = $1 RETURNING *`,
      [id, u.status, u.reason, u.refundedFen, u.releasedAt, u.decidedBy, u.now],
    );
    return saved;
  }

  async setCoupon(tx: EntityManager, id: string, couponId: string): Promise<void> {
    await tx.query('UPDATE referral_reward SET coupon_id = $2 WHERE id = $1', [id, couponId]);
  }

  /** GET /me/export: rewards where the member is the inviter ('given') or the invitee ('received'). */
  exportFor(tx: EntityManager, memberId: string): Promise<ExportRow[]> {
    return exportRows(
      tx,
      `SELECT id, CASE WHEN inviter_id = $1 THEN 'given' ELSE 'received' END AS side, beneficiary, status, reason, points,
              coupon_id, paid_fen, refunded_fen, release_at, released_at, created_at
         FROM referral_reward WHERE inviter_id = $1 OR invitee_id = $1 ORDER BY created_at, id`,
      [memberId],
    );
  }

  /** Erasure: the member's rewards not yet released are cancelled; how many. */
  async cancelUnreleasedFor(tx: EntityManager, memberId: string): Promise<number> {
    const rows = await returning<{ id: string }>(
      tx,
      `UPDATE referral_reward SET status = 'cancelled', reason = 'member_erased', updated_at = now()
        WHERE status IN ('pending', 'on_hold')
          AND ((beneficiary = 'inviter' AND inviter_id = $1) OR (beneficiary = 'invitee' AND invitee_id = $1))
        RETURNING id`,
      [memberId],
    );
    return rows.length;
  }

  // --- the referral page (ReferralService) ----------------------------------------------------
  /** The inviter's released and pending reward totals. */
  async inviterSums(db: Pick<EntityManager, 'query'>, inviterId: string) {
    const [sums] = (await db.query(
      `SELECT COALESCE(SUM(points) FILTER (WHERE status = 'released'), 0)::int AS points,
              count(coupon_id) FILTER (WHERE status = 'released')::int AS coupons,
              COALESCE(SUM(points) FILTER (WHERE status IN ('pending', 'on_hold')), 0)::int AS pending_points,
              count(coupon_template_id) FILTER (WHERE status IN ('pending', 'on_hold'))::int AS pending_coupons
         FROM referral_reward WHERE inviter_id = $1 AND beneficiary = 'inviter'`,
      [inviterId],
    )) as { points: number; coupons: number; pending_points: number; pending_coupons: number }[];
    return sums!;
  }

  /** The status of the inviter's reward for each of `inviteeIds` that has one. */
  async inviterRewardStatuses(
    db: Pick<EntityManager, 'query'>,
    inviteeIds: string[],
  ): Promise<Map<string, ReferralRewardStatus>> {
    if (inviteeIds.length === 0) return new Map();
    const rows: { invitee_id: string; status: ReferralRewardStatus }[] = await db.query(
      `SELECT invitee_id, status FROM referral_reward WHERE invitee_id = ANY($1::uuid[]) AND beneficiary = 'inviter'`,
      [inviteeIds],
    );
    return new Map(rows.map((r) => [r.invitee_id, r.status]));
  }
}
