import { Module } from '@nestjs/common';
import { AuditLogController } from './audit-log.controller.js';

/** The audit log's read side (the writes are AuditService, provided to every module by the core). */
@Module({ controllers: [AuditLogController] })
export class AuditModule {}
