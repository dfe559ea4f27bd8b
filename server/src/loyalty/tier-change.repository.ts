// The tier_change table's SQL (loyalty/ owns it).
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

@Injectable()
export class TierChangeRepository {
  /** Records a tier change; returns its id. */
  async insert(tx: EntityManager, memberId: string, fromTier: string, toTier: string, reason: string): Promise<string> {
    const rows: { id: string }[] = await tx.query(
      'INSERT INTO tier_change (member_id, from_tier, to_tier, reason) VALUES ($1, $2, $3, $4) RETURNING id',
      [memberId, fromTier, toTier, reason],
    );
    return rows[0]!.id;
  }
}
