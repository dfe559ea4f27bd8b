import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type {
  AdminFeedbackItem,
  AdminFeedbackPage,
  CreateFeedbackResponse,
  FeedbackStatsResponse,
  MyFeedbackPage,
} from '@huiyuan/shared';
import { ApiErrors, ApiResult } from '../common/api-docs.js';
import { CurrentMember, CurrentStaff, Roles, StoreScoped, type MemberPrincipal, type StaffPrincipal } from '../common/auth.js';
import {
  AdminFeedbackQuery,
  CreateFeedbackDto,
  FeedbackStatsQuery,
  MyFeedbackQuery,
  ReplyFeedbackDto,
  UpdateFeedbackDto,
} from './dto/feedback.dto.js';
import { FeedbackService } from './feedback.service.js';

@ApiTags('member')
@ApiBearerAuth()
@Controller('me/feedback')
export class MyFeedbackController {
  constructor(private readonly feedback: FeedbackService) {}

  @Post()
  @Roles('member')
  @ApiOperation({
    summary: 'Send feedback',
    description:
      '反馈: category, text (1–500 characters after trimming), optional 1–5 rating and one of your own orders (its store ' +
      'gets it; else your home store). An order that is not yours → 422 FEEDBACK_ORDER_NOT_FOUND, as an unknown one. ' +
      'requestId repeats answer the first (200); at most 10 a day per member → 429 RATE_LIMITED.',
  })
  @ApiResult('CreateFeedbackResponse', 201, {
    replay: 'requestId repeats an earlier create: the same item, nothing stored twice',
  })
  @ApiErrors('FEEDBACK_ORDER_NOT_FOUND', 'IDEMPOTENCY_KEY_CONFLICT', 'RATE_LIMITED')
  async create(
    @CurrentMember() m: MemberPrincipal,
    @Body() body: CreateFeedbackDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CreateFeedbackResponse> {
    const result = await this.feedback.create(m.id, body);
    void reply.status(result.created ? 201 : 200);
    return result.body;
  }

  @Get()
  @Roles('member')
  @ApiOperation({
    summary: 'List my feedback',
    description: 'Newest first, with status and the store’s reply; nextCursor for more.',
  })
  @ApiResult('MyFeedbackPage')
  list(@CurrentMember() m: MemberPrincipal, @Query() q: MyFeedbackQuery): Promise<MyFeedbackPage> {
    return this.feedback.listMine(m.id, q.cursor, q.limit ?? 20);
  }
}

@ApiTags('admin', 'feedback')
@ApiBearerAuth()
@Controller('admin/feedback')
export class AdminFeedbackController {
  constructor(private readonly feedback: FeedbackService) {}

  @Get()
  @Roles('admin', 'manager')
  @StoreScoped('query.storeId')
  @ApiOperation({
    summary: 'List feedback (the inbox)',
    description:
      'Newest first, filtered by status, store, category, owner or unassigned; nextCursor for more. Admins: every store ' +
      'or one; managers: their own store (another storeId → 403 STORE_SCOPE).',
  })
  @ApiResult('AdminFeedbackPage')
  list(@CurrentStaff() staff: StaffPrincipal, @Query() q: AdminFeedbackQuery): Promise<AdminFeedbackPage> {
    return this.feedback.inbox(staff, q);
  }

  @Get(':id')
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'Read one feedback item', description: 'Another store’s item answers 404 to a manager.' })
  @ApiResult('AdminFeedbackItem')
  get(@CurrentStaff() staff: StaffPrincipal, @Param('id', new ParseUUIDPipe()) id: string): Promise<AdminFeedbackItem> {
    return this.feedback.get(staff, id);
  }

  @Post(':id/reply')
  @Roles('admin', 'manager')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Reply to feedback',
    description:
      'The reply (replacing an earlier one) and status replied or closed; the member sees it in GET /me/feedback and gets ' +
      'a notification. Closed feedback → 409 FEEDBACK_STATUS_CONFLICT. Audited without the text.',
  })
  @ApiResult('AdminFeedbackItem')
  @ApiErrors('FEEDBACK_STATUS_CONFLICT')
  reply(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ReplyFeedbackDto,
  ): Promise<AdminFeedbackItem> {
    return this.feedback.reply(staff, id, body);
  }

  @Patch(':id')
  @Roles('admin', 'manager')
  @ApiOperation({
    summary: 'Assign, close or reopen feedback',
    description:
      'ownerStaffId: an active admin or a manager of its store (else 422 FEEDBACK_OWNER_INVALID), null for nobody; ' +
      'status closed closes without a reply, open reopens a closed item (admins only: a manager → 403). Audited.',
  })
  @ApiResult('AdminFeedbackItem')
  @ApiErrors('FEEDBACK_STATUS_CONFLICT', 'FEEDBACK_OWNER_INVALID')
  update(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateFeedbackDto,
  ): Promise<AdminFeedbackItem> {
    return this.feedback.update(staff, id, body);
  }
}

@ApiTags('admin', 'analytics')
@ApiBearerAuth()
@Controller('admin/analytics')
export class FeedbackAnalyticsController {
  constructor(private readonly feedback: FeedbackService) {}

  @Get('feedback')
  @Roles('admin', 'manager')
  @StoreScoped('query.storeId')
  @ApiOperation({
    summary: 'Read feedback figures per store',
    description:
      'Over feedback created in the period (local dates): count, open, replied, closed, rated, averageRating (null when ' +
      'none rated) and the median seconds to the first reply, per store and in total. Managers: their own store.',
  })
  @ApiResult('FeedbackStatsResponse')
  @ApiErrors('INVALID_PERIOD', 'PERIOD_TOO_LONG', 'NOT_FOUND')
  stats(@CurrentStaff() staff: StaffPrincipal, @Query() q: FeedbackStatsQuery): Promise<FeedbackStatsResponse> {
    return this.feedback.stats(staff, q);
  }
}
