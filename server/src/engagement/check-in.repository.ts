// The checkin table's SQL (engagement/ owns it).
import { Injectable } from '@nestjs/common';
import type { ExportRow } from '@huiyuan/shared';
import type { EntityManager } from 'typeorm';
import { exportRows } from '../common/export-rows.js';

@Injectable()
export class CheckInRepository {
  /** Every check-in of the member, oldest first. */
  history(db: Pick<EntityManager, 'query'>, memberId: string): Promise<{ date: string; made_up: boolean }[]> {
    return db.query('SELECT date, made_up FROM checkin WHERE member_id = $1 ORDER BY date', [memberId]);
  }

  exportFor(tx: EntityManager, memberId: string): Promise<ExportRow[]> {
    return exportRows(tx, 'SELECT * FROM checkin WHERE member_id = $1 ORDER BY date, id', [memberId]);
  }

  async insert(
    tx: EntityManager,
    c: { memberId: string; date: string; madeUp: boolean; streak: number; points: number; cost: number; rewards: unknown[] },
    now: Date,
  ): Promise<string> {
    const rows: { id: string }[] = await tx.query(
      `INSERT INTO checkin (member_id, date, made_up, streak, points_awarded, cost_points, rewards, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [c.memberId, c.date, c.madeUp, c.streak, c.points, c.cost, JSON.stringify(c.rewards), now],
    );
    return rows[0]!.id;
  }
}
