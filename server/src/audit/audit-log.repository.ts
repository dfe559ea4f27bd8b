// The audit_log table's SQL (audit/ owns it).
import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditLog } from './audit-log.entity.js';

@Injectable()
export class AuditLogRepository {
  async insert(tx: EntityManager, row: Omit<AuditLog, 'id' | 'createdAt'>): Promise<void> {
    await tx.insert(AuditLog, row as never);
  }

  /** A page newest first, keyset on (created_at, id) below `before`, optionally one action or actor. */
  page(db: Pick<DataSource | EntityManager, 'query'>, q: AuditLogPageQuery): Promise<AuditLogRow[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (q.action) {
      params.push(q.action);
      where.push(`action = $${params.length}`);
    }
    if (q.actorId) {
      params.push(q.actorId);
      where.push(`actor_id = $${params.length}::uuid`);
    }
    if (q.before) {
      params.push(q.before.t, q.before.id);
      where.push(`(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(q.limit);
    return db.query(
      `SELECT id, actor_type, actor_id, action, target_type, target_id, details, created_at
         FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY created_at DESC, id DESC
        LIMIT $${params.length}`,
      params,
    );
  }
}

export interface AuditLogPageQuery {
  before?: { t: string; id: string };
  action?: string;
  actorId?: string;
  limit: number;
}

export interface AuditLogRow {
  id: string;
  actor_type: AuditLog['actorType'];
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  details: Record<string, unknown>;
  created_at: Date;
}
