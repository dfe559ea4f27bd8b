// The member_signup_signal table's SQL (engagement/ owns it), including the referral abuse
// signals, which count the inviter's friends (member) per device / IP in one statement.
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface ReferralSignalsRow {
  ip: string | null;
  device_id: string | null;
  risk_rank: number | null;
  inviter_device: string | null;
  same_device: number;
  same_ip: number;
}

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

  /**
   * The friend's sign-up signals, the inviter's device, and how many other friends of the
   * inviter signed up from the friend's device / IP.
   */
  async referralSignals(tx: Pick<EntityManager, 'query'>, inviterId: string, inviteeId: string) {
    const [s] = (await tx.query(
      `SELECT f.ip, f.device_id, f.risk_rank, i.device_id AS inviter_device,
              (SELECT count(*)::int FROM member o JOIN member_signup_signal os ON os.member_id = o.id
                WHERE o.referrer_id = $1 AND o.id <> $2 AND f.device_id IS NOT NULL AND os.device_id = f.device_id) AS same_device,
              (SELECT count(*)::int FROM member o JOIN member_signup_signal os ON os.member_id = o.id
                WHERE o.referrer_id = $1 AND o.id <> $2 AND f.ip IS NOT NULL AND os.ip = f.ip) AS same_ip
         FROM (SELECT 1) x
         LEFT JOIN member_signup_signal f ON f.member_id = $2
         LEFT JOIN member_signup_signal i ON i.member_id = $1`,
      [inviterId, inviteeId],
    )) as ReferralSignalsRow[];
    return s;
  }

  /** The member's signals as stored (digests), for GET /me/export. */
  async ofMember(tx: Pick<EntityManager, 'query'>, memberId: string) {
    const [signal]: { ip: string | null; device_id: string | null; created_at: Date }[] = await tx.query(
      'SELECT ip, device_id, created_at FROM member_signup_signal WHERE member_id = $1',
      [memberId],
    );
    return signal;
  }

  async delete(tx: EntityManager, memberId: string): Promise<void> {
    await tx.query('DELETE FROM member_signup_signal WHERE member_id = $1', [memberId]);
  }
}
