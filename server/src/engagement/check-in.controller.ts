import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type {
  CheckInCalendarResponse,
  CheckInResponse,
  MakeUpCheckInResponse,
  SubscriptionQuotasResponse,
  SubscriptionQuotaView,
} from '@huiyuan/shared';
import { ApiErrors, ApiResult } from '../common/api-docs.js';
import { CurrentMember, Roles, type MemberPrincipal } from '../common/auth.js';
import { CheckInService } from './check-in.service.js';
import { CheckInCalendarQuery, MakeUpCheckInDto, SubscribeDto } from './dto/engagement.dto.js';
import { SubscriptionsService } from './subscriptions.service.js';

@ApiTags('member')
@ApiBearerAuth()
@Controller('me')
export class MemberCheckInController {
  constructor(
    private readonly checkIns: CheckInService,
    private readonly subscriptions: SubscriptionsService,
  ) {}

  @Post('checkins')
  @Roles('member')
  @ApiOperation({
    summary: 'Check in today',
    description: 'Once per local date (again → 409 ALREADY_CHECKED_IN); the rewards of the day are granted at once.',
  })
  @ApiResult('CheckInResponse', 201)
  @ApiErrors('ALREADY_CHECKED_IN', 'MEMBER_NOT_ACTIVE')
  checkIn(@CurrentMember() m: MemberPrincipal): Promise<CheckInResponse> {
    return this.checkIns.checkIn(m.id);
  }

  @Post('checkins/make-up')
  @Roles('member')
  @ApiOperation({
    summary: 'Make up a missed check-in',
    description:
      '补签: a missed day of the current cycle, before today, for makeUp.costPoints points; at most makeUp.perCycle per ' +
      'cycle. Earns the base points and any cumulative milestone, never a streak bonus.',
  })
  @ApiResult('MakeUpCheckInResponse', 201)
  @ApiErrors('ALREADY_CHECKED_IN', 'MAKE_UP_NOT_ALLOWED', 'MAKE_UP_LIMIT_REACHED', 'INSUFFICIENT_POINTS', 'MEMBER_NOT_ACTIVE')
  makeUp(@CurrentMember() m: MemberPrincipal, @Body() body: MakeUpCheckInDto): Promise<MakeUpCheckInResponse> {
    return this.checkIns.makeUp(m.id, body.date);
  }

  @Get('checkins')
  @Roles('member')
  @ApiOperation({
    summary: 'Read my check-in calendar',
    description: 'A month (?month=YYYY-MM; default this month): each day’s status, streak, make-ups left, next milestone.',
  })
  @ApiResult('CheckInCalendarResponse')
  calendar(@CurrentMember() m: MemberPrincipal, @Query() q: CheckInCalendarQuery): Promise<CheckInCalendarResponse> {
    return this.checkIns.calendar(m.id, q.month);
  }

  @Post('subscriptions')
  @Roles('member')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record a subscription prompt’s answer',
    description: 'The member accepted (one more send allowed) or refused a one-time subscription message template.',
  })
  @ApiResult('SubscriptionQuotaView')
  subscribe(@CurrentMember() m: MemberPrincipal, @Body() body: SubscribeDto): Promise<SubscriptionQuotaView> {
    return this.subscriptions.record(m.id, body);
  }

  @Get('subscriptions')
  @Roles('member')
  @ApiOperation({ summary: 'List my subscription quotas', description: 'Sends still allowed per message template.' })
  @ApiResult('SubscriptionQuotasResponse')
  async quotas(@CurrentMember() m: MemberPrincipal): Promise<SubscriptionQuotasResponse> {
    return { items: await this.subscriptions.quotas(m.id) };
  }
}
