import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type {
  MemberCodeResponse,
  MemberCodeSeedResponse,
  MemberNotification,
  Page,
  PointsHistoryItem,
  PointsSummary,
} from '@huiyuan/shared';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { CurrentMember, CurrentStaff, Roles, type MemberPrincipal, type StaffPrincipal } from '../common/auth.js';
import { DomainError } from '../common/domain-error.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { PointsAdjustmentDto, PointsHistoryQuery } from './dto/loyalty.dto.js';
import { MemberCodeService } from './member-code.service.js';
import { PointsService } from './points.service.js';

@ApiTags('member')
@ApiBearerAuth()
@Controller('me')
export class MemberLoyaltyController {
  constructor(
    private readonly points: PointsService,
    private readonly codes: MemberCodeService,
    private readonly notifications: NotificationsService,
    private readonly db: DataSource,
  ) {}

  @Get('points')
  @Roles('member')
  history(@CurrentMember() m: MemberPrincipal, @Query() q: PointsHistoryQuery): Promise<Page<PointsHistoryItem>> {
    return this.points.history(m.id, q.cursor, q.limit ?? 20);
  }

  @Get('points/summary')
  @Roles('member')
  summary(@CurrentMember() m: MemberPrincipal): Promise<PointsSummary> {
    return this.points.summary(m.id);
  }

  @Get('code')
  @Roles('member')
  code(@CurrentMember() m: MemberPrincipal): Promise<MemberCodeResponse> {
    return this.codes.currentCode(m.id);
  }

  @Get('code-seed')
  @Roles('member')
  codeSeed(@CurrentMember() m: MemberPrincipal): Promise<MemberCodeSeedResponse> {
    return this.codes.seed(m.id);
  }

  @Get('notifications')
  @Roles('member')
  async listNotifications(@CurrentMember() m: MemberPrincipal): Promise<{ items: MemberNotification[] }> {
    return { items: await this.notifications.list(this.db.manager, m.id) };
  }

  @Post('notifications/:id/read')
  @Roles('member')
  @HttpCode(204)
  async markRead(@CurrentMember() m: MemberPrincipal, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    if (!(await this.notifications.markRead(this.db.manager, m.id, id))) throw DomainError.notFound('notification');
  }
}

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/members')
export class AdminPointsController {
  constructor(private readonly points: PointsService) {}

  @Post(':id/points-adjustments')
  @Roles('admin')
  async adjust(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: PointsAdjustmentDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ entryId: string; delta: number; balanceAfter: number }> {
    const result = await this.points.adjust(actor, id, body);
    void reply.status(result.created ? 201 : 200);
    return result.body;
  }
}
