// The rewards module's SQL: reward_grant, the record that makes `grant` idempotent.
import { Injectable } from '@nestjs/common';
import type { ExportRow, GrantOutcome, Reward } from '@huiyuan/shared';
import type { EntityManager } from 'typeorm';
import { exportRows } from '../common/export-rows.js';

@Injectable()
export class RewardsRepository {
  /**
   * Claims (member, key): the new row's id, or null when a row exists. A concurrent claim of the
   * same key waits here until the first transaction ends (unique index reward_grant_member_key).
   */
  async claim(tx: EntityManager, memberId: string, businessKey: string, reward: Reward, now: Date): Promise<string | null> {
    const rows: { id: string }[] = await tx.query(
      `INSERT INTO reward_grant (member_id, business_key, kind, status, reward, outcome, created_at)
       VALUES ($1, $2, $3, 'skipped', $4, '{}', $5)
       ON CONFLICT (member_id, business_key) DO NOTHING RETURNING id`,
      [memberId, businessKey, reward.kind, JSON.stringify(reward), now],
    );
    return rows[0]?.id ?? null;
  }

  /** The first grant of the key, locked for the rest of the transaction. */
  async lockExisting(
    tx: EntityManager,
    memberId: string,
    businessKey: string,
  ): Promise<{ id: string; status: string; reward: Reward; outcome: GrantOutcome }> {
    const [first]: { id: string; status: string; reward: Reward; outcome: GrantOutcome }[] = await tx.query(
      'SELECT id, status, reward, outcome FROM reward_grant WHERE member_id = $1 AND business_key = $2 FOR UPDATE',
      [memberId, businessKey],
    );
    return first!;
  }

  async record(tx: EntityManager, grantId: string, outcome: GrantOutcome): Promise<void> {
    await tx.query('UPDATE reward_grant SET status = $2, outcome = $3 WHERE id = $1', [
      grantId,
      outcome.status,
      JSON.stringify(outcome),
    ]);
  }

  async exportFor(tx: EntityManager, memberId: string): Promise<ExportRow[]> {
    return exportRows(tx, 'SELECT * FROM reward_grant WHERE member_id = $1 ORDER BY created_at, business_key', [memberId]);
  }
}
