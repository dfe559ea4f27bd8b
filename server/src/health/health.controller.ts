import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { HealthResponse, ReadinessResponse } from '@huiyuan/shared';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { ApiResult, schemaRef } from '../common/api-docs.js';
import { Public } from '../common/auth.js';
import { isDatabaseUnavailable } from '../database/availability.js';
import { SchemaMigrationRepository } from '../database/schema-migration.repository.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly schema: SchemaMigrationRepository,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Check liveness', description: 'The process answers; the body says whether the database does.' })
  @ApiResult('HealthResponse', 200, { description: 'The process is up (db: up)' })
  @ApiResponse({
    status: 503,
    description: 'The database does not answer (status: degraded, db: down)',
    schema: schemaRef('HealthResponse'),
  })
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthResponse> {
    try {
      await this.schema.ping(this.db);
      return { status: 'ok', db: 'up' };
    } catch {
      void reply.status(503);
      return { status: 'degraded', db: 'down' };
    }
  }

  @Get('ready')
  @Public()
  @ApiOperation({
    summary: 'Check readiness',
    description: 'For a load balancer: 200 when this instance’s migrations ran and the database answers, else 503.',
  })
  @ApiResult('ReadinessResponse', 200, { description: 'Ready: { status: "ready", db: "up", migrations: "applied" }' })
  @ApiResponse({
    status: 503,
    description: 'Not ready: { status: "unavailable", db, migrations }',
    schema: schemaRef('ReadinessResponse'),
  })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessResponse> {
    let pending: boolean;
    try {
      // One read of schema_migration answers both "does the database answer" and "is our schema in place".
      const applied = new Set(await this.schema.appliedNames(this.db));
      pending = this.db.migrations.some((m) => !applied.has(m.name ?? m.constructor.name));
    } catch (err) {
      void reply.status(503);
      return isDatabaseUnavailable(err)
        ? { status: 'unavailable', db: 'down', migrations: 'unknown' }
        : { status: 'unavailable', db: 'up', migrations: 'pending' }; // e.g. no schema_migration table yet
    }
    if (pending) {
      void reply.status(503);
      return { status: 'unavailable', db: 'up', migrations: 'pending' };
    }
    return { status: 'ready', db: 'up', migrations: 'applied' };
  }
}
