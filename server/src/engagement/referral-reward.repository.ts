// SQL on referral_reward (engagement/ owns it).
import { Injectable } from '@nestjs/common';
import type { ReferralRewardStatus } from '@huiyuan/shared';
import type { EntityManager } from 'typeorm';

@Injectable()
export class ReferralRewardRepository {
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
