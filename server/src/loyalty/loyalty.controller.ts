import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type {
  MemberCodeResponse,
  MemberCodeSeedResponse,
  MemberNotificationsResponse,
  PointsAdjustmentResponse,
  PointsHistoryResponse,
  PointsSummary,
} from '@huiyuan/shared';
import { ApiErrors, ApiNoContent, ApiResult } from '../common/api-docs.js';
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
  @ApiOperation({
    summary: 'List my points ledger',
    description: 'Newest first, 20 a page (or ?limit=); nextCursor for the next page. Credits carry their expiry.',
  })
  @ApiResult('PointsHistoryResponse')
  history(@CurrentMember() m: MemberPrincipal, @Query() q: PointsHistoryQuery): Promise<PointsHistoryResponse> {
    return this.points.history(m.id, q.cursor, q.limit ?? 20);
  }

  @Get('points/summary')
  @Roles('member')
  @ApiOperation({
    summary: 'Read my points balance',
    description: 'With the points expiring in the next 30 days and any points debt.',
  })
  @ApiResult('PointsSummary')
  summary(@CurrentMember() m: MemberPrincipal): Promise<PointsSummary> {
    return this.points.summary(m.id);
  }

  @Get('code')
  @Roles('member')
  @ApiOperation({
    summary: 'Get my member code',
    description: 'A rotating 18-digit code for the till; a code once used is never handed out again.',
  })
  @ApiResult('MemberCodeResponse')
  code(@CurrentMember() m: MemberPrincipal): Promise<MemberCodeResponse> {
    return this.codes.currentCode(m.id);
  }

  @Get('code-seed')
  @Roles('member')
  @ApiOperation({
    summary: 'Get my member-code seed',
    description: 'Lets the phone compute member codes offline (shared memberCodeAt), with the server time.',
  })
  @ApiResult('MemberCodeSeedResponse')
  codeSeed(@CurrentMember() m: MemberPrincipal): Promise<MemberCodeSeedResponse> {
    return this.codes.seed(m.id);
  }

  @Get('notifications')
  @Roles('member')
  @ApiOperation({ summary: 'List my notifications', description: 'Points expiring, tier changes, points adjustments …' })
  @ApiResult('MemberNotificationsResponse')
  async listNotifications(@CurrentMember() m: MemberPrincipal): Promise<MemberNotificationsResponse> {
    return { items: await this.notifications.list(this.db.manager, m.id) };
  }

  @Post('notifications/:id/read')
  @Roles('member')
  @HttpCode(204)
  @ApiOperation({ summary: 'Mark a notification read' })
  @ApiNoContent('Marked read')
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
  @ApiOperation({
    summary: 'Adjust a member’s points',
    description:
      'A credit or a debit (delta ≠ 0, else 400 POINTS_ADJUSTMENT_INVALID) with a reason; audited, and the member is notified. ' +
      'Idempotent on idempotencyKey. A debit beyond the balance → 422 INSUFFICIENT_POINTS.',
  })
  @ApiResult('PointsAdjustmentResponse', 201, {
    replay: 'The idempotencyKey repeats an earlier adjustment: its result, nothing changed',
  })
  @ApiErrors('POINTS_ADJUSTMENT_INVALID', 'INSUFFICIENT_POINTS', 'IDEMPOTENCY_KEY_CONFLICT')
  async adjust(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: PointsAdjustmentDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PointsAdjustmentResponse> {
    const result = await this.points.adjust(actor, id, body);
    void reply.status(result.created ? 201 : 200);
    return result.body;
  }
}
