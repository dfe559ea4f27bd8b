import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { CheckInCalendarResponse, CheckInResponse, MakeUpCheckInResponse, SubscriptionQuotaView } from '@huiyuan/shared';
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
  checkIn(@CurrentMember() m: MemberPrincipal): Promise<CheckInResponse> {
    return this.checkIns.checkIn(m.id);
  }

  @Post('checkins/make-up')
  @Roles('member')
  makeUp(@CurrentMember() m: MemberPrincipal, @Body() body: MakeUpCheckInDto): Promise<MakeUpCheckInResponse> {
    return this.checkIns.makeUp(m.id, body.date);
  }

  @Get('checkins')
  @Roles('member')
  calendar(@CurrentMember() m: MemberPrincipal, @Query() q: CheckInCalendarQuery): Promise<CheckInCalendarResponse> {
    return this.checkIns.calendar(m.id, q.month);
  }

  @Post('subscriptions')
  @Roles('member')
  @HttpCode(200)
  subscribe(@CurrentMember() m: MemberPrincipal, @Body() body: SubscribeDto): Promise<SubscriptionQuotaView> {
    return this.subscriptions.record(m.id, body);
  }

  @Get('subscriptions')
  @Roles('member')
  async quotas(@CurrentMember() m: MemberPrincipal): Promise<{ items: SubscriptionQuotaView[] }> {
    return { items: await this.subscriptions.quotas(m.id) };
  }
}
