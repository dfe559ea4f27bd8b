import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { CheckInSettingsView, ReferralRewardView, ReferralSettingsView } from '@huiyuan/shared';
import { CurrentStaff, Roles, type StaffPrincipal } from '../common/auth.js';
import { CheckInSettingsDto, ReferralRewardsQueryDto, ReferralSettingsDto } from './dto/engagement.dto.js';
import { EngagementSettingsService } from './engagement-settings.service.js';
import { ReferralRewardsService } from './referral-rewards.service.js';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin')
export class AdminEngagementController {
  constructor(
    private readonly settings: EngagementSettingsService,
    private readonly rewards: ReferralRewardsService,
  ) {}

  @Get('checkin-config')
  @Roles('admin')
  checkInConfig(): Promise<CheckInSettingsView> {
    return this.settings.checkIn();
  }

  @Put('checkin-config')
  @Roles('admin')
  putCheckInConfig(@CurrentStaff() actor: StaffPrincipal, @Body() body: CheckInSettingsDto): Promise<CheckInSettingsView> {
    return this.settings.putCheckIn(actor, { ...body });
  }

  @Get('referral-config')
  @Roles('admin')
  referralConfig(): Promise<ReferralSettingsView> {
    return this.settings.referral();
  }

  @Put('referral-config')
  @Roles('admin')
  putReferralConfig(@CurrentStaff() actor: StaffPrincipal, @Body() body: ReferralSettingsDto): Promise<ReferralSettingsView> {
    return this.settings.putReferral(actor, { ...body });
  }

  @Get('referral-rewards')
  @Roles('admin')
  async list(@Query() q: ReferralRewardsQueryDto): Promise<{ items: ReferralRewardView[] }> {
    return { items: await this.rewards.list(q.status) };
  }

  @Post('referral-rewards/:id/approve')
  @Roles('admin')
  @HttpCode(200)
  approve(@CurrentStaff() actor: StaffPrincipal, @Param('id', new ParseUUIDPipe()) id: string): Promise<ReferralRewardView> {
    return this.rewards.approve(actor, id);
  }

  @Post('referral-rewards/:id/reject')
  @Roles('admin')
  @HttpCode(200)
  reject(@CurrentStaff() actor: StaffPrincipal, @Param('id', new ParseUUIDPipe()) id: string): Promise<ReferralRewardView> {
    return this.rewards.reject(actor, id);
  }
}
