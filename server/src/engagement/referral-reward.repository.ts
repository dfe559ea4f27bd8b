// SQL on referral_reward (engagement/ owns it).
import { Injectable } from '@nestjs/common';
import type { ReferralRewardStatus } from '@huiyuan/shared';
import type { EntityManager } from 'typeorm';

@Injectable()
export class ReferralRewardRepository {
  /** The status of the inviter's reward for each of `inviteeIds` that has one. */
  async inviterRewardStatuses(db: Pick<EntityManager, 'query'>, inviteeIds: string[]): Promise<Map<string, ReferralRewardStatus>> {
    if (inviteeIds.length === 0) return new Map();
    const rows: { invitee_id: string; status: ReferralRewardStatus }[] = await db.query(
      `SELECT invitee_id, status FROM referral_reward WHERE invitee_id = ANY($1::uuid[]) AND beneficiary = 'inviter'`,
      [inviteeIds],
    );
    return new Map(rows.map((r) => [r.invitee_id, r.status]));
  }
}
