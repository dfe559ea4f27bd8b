// The member_notification table's SQL (notifications/ owns it).
import { Injectable } from '@nestjs/common';
import type { ExportRow } from '@huiyuan/shared';
import type { EntityManager } from 'typeorm';
import { exportRows } from '../common/export-rows.js';
import { deferSql, returning } from '../common/sql.js';

export interface NotificationRow {
  id: string;
  kind: string;
  title: string;
  body: string;
  created_at: Date;
  read_at: Date | null;
}

@Injectable()
export class NotificationRepository {
  /** Inserts unless the member already has one with this business key; whether it did. */
  async insert(
    tx: EntityManager,
    n: { memberId: string; kind: string; title: string; body: string; businessKey: string },
  ): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `INSERT INTO member_notification (member_id, kind, title, body, business_key) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (member_id, business_key) DO NOTHING RETURNING id`,
      [n.memberId, n.kind, n.title, n.body, n.businessKey],
    );
    return rows.length > 0;
  }

  /** As insert, queued with the transaction's next statement (no round trip of its own, no answer). */
  queueInsert(
    tx: EntityManager,
    n: { memberId: string; kind: string; title: string; body: string; businessKey: string },
  ): Promise<void> {
    return deferSql(
      tx,
      `INSERT INTO member_notification (member_id, kind, title, body, business_key) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (member_id, business_key) DO NOTHING`,
      [n.memberId, n.kind, n.title, n.body, n.businessKey],
    );
  }

  newest(tx: EntityManager, memberId: string, limit: number): Promise<NotificationRow[]> {
    return tx.query(
      `SELECT id, kind, title, body, created_at, read_at FROM member_notification WHERE member_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
      [memberId, limit],
    );
  }

  async markRead(tx: EntityManager, memberId: string, id: string): Promise<boolean> {
    const rows = await returning<{ id: string }>(
      tx,
      'UPDATE member_notification SET read_at = COALESCE(read_at, now()) WHERE id = $1 AND member_id = $2 RETURNING id',
      [id, memberId],
    );
    return rows.length > 0;
  }

  exportFor(tx: EntityManager, memberId: string): Promise<ExportRow[]> {
    return exportRows(tx, 'SELECT * FROM member_notification WHERE member_id = $1 ORDER BY created_at, id', [memberId]);
  }

  async deleteFor(tx: EntityManager, memberId: string): Promise<void> {
    await tx.query('DELETE FROM member_notification WHERE member_id = $1', [memberId]);
  }
}
