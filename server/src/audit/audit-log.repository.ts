// The audit_log table's SQL (audit/ owns it).
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditLog } from './audit-log.entity.js';

@Injectable()
export class AuditLogRepository {
  async insert(tx: EntityManager, row: Omit<AuditLog, 'id' | 'createdAt'>): Promise<void> {
    await tx.insert(AuditLog, row as never);
  }
}
