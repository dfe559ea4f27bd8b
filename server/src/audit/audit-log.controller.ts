// The operators' accountability record, read back: GET /admin/audit-log (admins), newest first,
// keyset-paged, filtered by action or actor. Audit rows hold ids and counts, never personal data
// (docs/privacy.md), so they are answered as stored.
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuditLogPage } from '@huiyuan/shared';
import { DataSource } from 'typeorm';
import { ApiResult } from '../common/api-docs.js';
import { Roles } from '../common/auth.js';
import { decodeCursor, encodeCursor } from '../common/pagination.js';
import { AuditLogRepository } from './audit-log.repository.js';
import { AuditLogQueryDto } from './dto/audit-log-query.dto.js';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/audit-log')
export class AuditLogController {
  constructor(
    private readonly rows: AuditLogRepository,
    @Inject(DataSource) private readonly db: DataSource,
  ) {}

  @Get()
  @Roles('admin')
  @ApiOperation({
    summary: 'Read the audit log',
    description:
      'Staff (and system) actions newest first, keyset-paged by nextCursor; ?action= (e.g. lottery.create) and ?actorId= ' +
      'filter. Ids and counts only — audit rows hold no personal data.',
  })
  @ApiResult('AuditLogPage')
  async list(@Query() q: AuditLogQueryDto): Promise<AuditLogPage> {
    const limit = q.limit ?? 50;
    const rows = await this.rows.page(this.db, {
      limit: limit + 1,
      ...(q.cursor ? { before: decodeCursor(q.cursor) } : {}),
      ...(q.action ? { action: q.action } : {}),
      ...(q.actorId ? { actorId: q.actorId } : {}),
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({
        id: r.id,
        actorType: r.actor_type,
        actorId: r.actor_id,
        action: r.action,
        targetType: r.target_type,
        targetId: r.target_id,
        details: r.details,
        createdAt: r.created_at.toISOString(),
      })),
      nextCursor: rows.length > limit && last ? encodeCursor(last.created_at, last.id) : null,
    };
  }
}
