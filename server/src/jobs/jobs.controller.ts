// Operators run a scheduled job now (after changing a setting, or to catch up): the same
// idempotent method the schedule calls, run inline, audited.
import { Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { JobRunResponse } from '@huiyuan/shared';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { ApiResult } from '../common/api-docs.js';
import { CurrentStaff, Roles, type StaffPrincipal } from '../common/auth.js';
import { DomainError } from '../common/domain-error.js';
import { inTransaction } from '../common/transaction.js';
import { JobsService } from './jobs.service.js';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/jobs')
export class JobsController {
  constructor(
    private readonly jobs: JobsService,
    private readonly audit: AuditService,
    @Inject(DataSource) private readonly db: DataSource,
  ) {}

  @Post(':name/run')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Run a scheduled job now',
    description:
      'The same idempotent run the schedule makes, inline (e.g. member-scores after changing the lifecycle thresholds); ' +
      'audited. An unknown job name → 404.',
  })
  @ApiResult('JobRunResponse')
  async run(@CurrentStaff() actor: StaffPrincipal, @Param('name') name: string): Promise<JobRunResponse> {
    const job = this.jobs.definitions.find((d) => d.name === name);
    if (!job) throw DomainError.notFound('job');
    const started = Date.now();
    const result = await job.run();
    const ms = Date.now() - started;
    await inTransaction(this.db, (tx) =>
      this.audit.record(tx, {
        actorType: 'staff',
        actorId: actor.id,
        action: 'job.run',
        targetType: 'job',
        targetId: name,
        details: { ms },
      }),
    );
    return { job: name, ms, result: result ?? null };
  }
}
