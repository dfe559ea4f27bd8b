import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuditLog } from './audit-log.entity.js';
import { AuditLogRepository } from './audit-log.repository.js';

export interface AuditEntry {
  actorType: AuditLog['actorType'];
  actorId: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
}

@Injectable()
export class AuditService {
  constructor(private readonly rows: AuditLogRepository = new AuditLogRepository()) {}

  /** Written inside the caller's transaction so the action and its record commit together. */
  async record(tx: EntityManager, entry: AuditEntry): Promise<void> {
    await this.rows.insert(tx, {
      actorType: entry.actorType,
      actorId: entry.actorId,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      details: entry.details ?? {},
    });
  }
}
