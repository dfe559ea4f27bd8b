import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { HealthResponse, ReadinessResponse } from '@huiyuan/shared';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
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
  @ApiOperation({ summary: 'Liveness: the process answers; reports whether the database does' })
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
  @ApiOperation({ summary: 'Readiness for a load balancer: 200 when migrations ran and the database answers, else 503' })
  @ApiResponse({ status: 200, description: '{ status: "ready", db: "up", migrations: "applied" }' })
  @ApiResponse({ status: 503, description: '{ status: "unavailable", db, migrations }' })
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
