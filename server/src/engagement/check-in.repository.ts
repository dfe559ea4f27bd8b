// The checkin table's SQL (engagement/ owns it).
import { Injectable } from '@nestjs/common';
import type { CheckInRewardView, ExportRow } from '@huiyuan/shared';
import type { EntityManager } from 'typeorm';
import { exportRows } from '../common/export-rows.js';

export interface CheckInPageRow {
  id: string;
  date: string;
  streak: number;
  made_up: boolean;
  points_awarded: number;
  cost_points: number;
  rewards: CheckInRewardView[];
  created_at: Date;
}

@Injectable()
export class CheckInRepository {
  /** Every check-in of the member, oldest first. */
  history(db: Pick<EntityManager, 'query'>, memberId: string): Promise<{ date: string; made_up: boolean }[]> {
    return db.query('SELECT date, made_up FROM checkin WHERE member_id = $1 ORDER BY date', [memberId]);
  }

  /** A page of the member's check-ins, newest date first, keyset on (date, id) below `before`. */
  page(
    db: Pick<EntityManager, 'query'>,
    memberId: string,
    before: { date: string; id: string } | null,
    limit: number,
  ): Promise<CheckInPageRow[]> {
    return db.query(
      `SELECT id, date, streak, made_up, points_awarded, cost_points, rewards, created_at
         FROM checkin
        WHERE member_id = $1 AND ($2::date IS NULL OR (date, id) < ($2::date, $3::uuid))
        ORDER BY date DESC, id DESC
        LIMIT $4`,
      [memberId, before?.date ?? null, before?.id ?? null, limit],
    );
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
