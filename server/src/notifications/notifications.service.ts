// Member notifications (积分即将过期, 会员升级 …). Written inside the caller's transaction; the
// business key makes a job that runs twice write each notification once.
import { Injectable } from '@nestjs/common';
import type { ExportRow, MemberNotification as NotificationView } from '@huiyuan/shared';
import type { EntityManager } from 'typeorm';
import { NotificationRepository } from './notification.repository.js';

export interface NewNotification {
  memberId: string;
  kind: string;
  title: string;
  body: string;
  businessKey: string;
}

@Injectable()
export class NotificationsService {
  constructor(private readonly rows: NotificationRepository) {}

  async add(tx: EntityManager, n: NewNotification): Promise<boolean> {
    return this.rows.insert(tx, n);
  }

  /** As add, when the caller needs no answer: sent with the transaction's next statement (batches of many). */
  async queue(tx: EntityManager, n: NewNotification): Promise<void> {
    await this.rows.queueInsert(tx, n);
  }

  async list(tx: EntityManager, memberId: string, limit = 50): Promise<NotificationView[]> {
    const rows = await this.rows.newest(tx, memberId, limit);
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
    return this.rows.markRead(tx, memberId, id);
  }

  /** Every notification of the member, for GET /me/export. */
  async exportFor(tx: EntityManager, memberId: string): Promise<ExportRow[]> {
    return this.rows.exportFor(tx, memberId);
  }

  /** Erasure: the messages are personal and nothing financial depends on them. */
  async forget(tx: EntityManager, memberId: string): Promise<void> {
    await this.rows.deleteFor(tx, memberId);
  }
}
