// The member_signup_signal table's SQL (engagement/ owns it).
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

@Injectable()
export class SignupSignalRepository {
  /** One row per member; a second insert for the member is a no-op. */
  async insert(
    tx: EntityManager,
    memberId: string,
    ipHash: Buffer | string | null,
    deviceHash: Buffer | string | null,
    riskRank: number | null,
  ): Promise<void> {
    await tx.query(
      'INSERT INTO member_signup_signal (member_id, ip, device_id, risk_rank) VALUES ($1, $2, $3, $4) ON CONFLICT (member_id) DO NOTHING',
      [memberId, ipHash, deviceHash, riskRank],
    );
  }
}
