// Operators run a scheduled job now (after changing a setting, or to catch up): the same
// idempotent method the schedule calls, run inline, audited — and see each job's schedule and
// latest queue runs.
import { Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { JobListResponse, JobRunResponse } from '@huiyuan/shared';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { ApiResult } from '../common/api-docs.js';
import { CurrentStaff, Roles, type StaffPrincipal } from '../common/auth.js';
import { DomainError } from '../common/domain-error.js';
import { inTransaction } from '../common/transaction.js';
import { JobRunsRepository } from './job-runs.repository.js';
import { JobsService } from './jobs.service.js';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/jobs')
export class JobsController {
  constructor(
    private readonly jobs: JobsService,
    private readonly audit: AuditService,
    @Inject(DataSource) private readonly db: DataSource,
    private readonly runs: JobRunsRepository,
  ) {}

  @Get()
  @Roles('admin')
  @ApiOperation({
    summary: 'List the scheduled jobs',
    description:
      'Every job with its cron (programme timezone) and its latest 5 queue runs (pg-boss state and times), newest first; ' +
      'runs are [] when this server does not run the queue (HUIYUAN_JOBS=0).',
  })
  @ApiResult('JobListResponse')
  async list(): Promise<JobListResponse> {
    const running = this.jobs.queueRunning;
    const names = this.jobs.definitions.map((d) => d.name);
    const rows = running ? await this.runs.latest(this.db, names, 5) : [];
    return {
      queueRunning: running,
      items: this.jobs.definitions.map((d) => ({
        name: d.name,
        cron: d.cron,
        runs: rows
          .filter((r) => r.name === d.name)
          .map((r) => ({
            id: r.id,
            state: r.state,
            createdAt: r.created_on.toISOString(),
            startedAt: r.started_on?.toISOString() ?? null,
            completedAt: r.completed_on?.toISOString() ?? null,
          })),
      })),
    };
  }

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
