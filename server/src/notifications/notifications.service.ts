// Member notifications (积分即将过期, 会员升级 …). Written inside the caller's transaction; the
// business key makes a job that runs twice write each notification once.
import { Injectable } from '@nestjs/common';
import type { ExportRow, MemberNotification as NotificationView } from '@huiyuan/shared';
import type { EntityManager } from 'typeorm';
import { exportRows } from '../common/export-rows.js';
import { returning } from '../common/sql.js';

export interface NewNotification {
  memberId: string;
  kind: string;
  title: string;
  body: string;
  businessKey: string;
}

@Injectable()
export class NotificationsService {
  async add(tx: EntityManager, n: NewNotification): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `INSERT INTO member_notification (member_id, kind, title, body, business_key) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (member_id, business_key) DO NOTHING RETURNING id`,
      [n.memberId, n.kind, n.title, n.body, n.businessKey],
    );
    return rows.length > 0;
  }

  async list(tx: EntityManager, memberId: string, limit = 50): Promise<NotificationView[]> {
    const rows: { id: string; kind: string; title: string; body: string; created_at: Date; read_at: Date | null }[] =
      await tx.query(
        `SELECT id, kind, title, body, created_at, read_at FROM member_notification WHERE member_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
        [memberId, limit],
      );
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      title: r.title,
      body: r.body,
      createdAt: r.created_at.toISOString(),
      readAt: r.read_at?.toISOString() ?? null,
    }));
  }

  async markRead(tx: EntityManager, memberId: string, id: string): Promise<boolean> {
    const rows = await returning<{ id: string }>(
      tx,
      'UPDATE member_notification SET read_at = COALESCE(read_at, now()) WHERE id = $1 AND member_id = $2 RETURNING id',
      [id, memberId],
    );
    return rows.length > 0;
  }

  /** Every notification of the member, for GET /me/export. */
  async exportFor(tx: EntityManager, memberId: string): Promise<ExportRow[]> {
    return exportRows(tx, 'SELECT * FROM member_notification WHERE member_id = $1 ORDER BY created_at, id', [memberId]);
  }

  /** Erasure: the messages are personal and nothing financial depends on them. */
  async forget(tx: EntityManager, memberId: string): Promise<void> {
    await tx.query('DELETE FROM member_notification WHERE member_id = $1', [memberId]);
  }
}
