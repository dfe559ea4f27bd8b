import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CheckInSettingsView, ReferralRewardListResponse, ReferralRewardView, ReferralSettingsView } from '@huiyuan/shared';
import { ApiErrors, ApiResult } from '../common/api-docs.js';
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
  @ApiOperation({ summary: 'Read the check-in settings', description: 'Cycle, streak scope, reward rules, make-ups, reminder.' })
  @ApiResult('CheckInSettingsView')
  checkInConfig(): Promise<CheckInSettingsView> {
    return this.settings.checkIn();
  }

  @Put('checkin-config')
  @Roles('admin')
  @ApiOperation({
    summary: 'Replace the check-in settings',
    description: 'Audited. 400 VALIDATION_FAILED with every problem in details (coupon rewards need a template offering it).',
  })
  @ApiResult('CheckInSettingsView')
  putCheckInConfig(@CurrentStaff() actor: StaffPrincipal, @Body() body: CheckInSettingsDto): Promise<CheckInSettingsView> {
    return this.settings.putCheckIn(actor, { ...body });
  }

  @Get('referral-config')
  @Roles('admin')
  @ApiOperation({ summary: 'Read the referral settings', description: 'Both sides’ rewards, the release rule and the limits.' })
  @ApiResult('ReferralSettingsView')
  referralConfig(): Promise<ReferralSettingsView> {
    return this.settings.referral();
  }

  @Put('referral-config')
  @Roles('admin')
  @ApiOperation({
    summary: 'Replace the referral settings',
    description: 'Audited. 400 VALIDATION_FAILED with every problem in details.',
  })
  @ApiResult('ReferralSettingsView')
  putReferralConfig(@CurrentStaff() actor: StaffPrincipal, @Body() body: ReferralSettingsDto): Promise<ReferralSettingsView> {
    return this.settings.putReferral(actor, { ...body });
  }

  @Get('referral-rewards')
  @Roles('admin')
  @ApiOperation({
    summary: 'List referral rewards',
    description: '?status=pending|on_hold|released|cancelled (on_hold: waiting for review).',
  })
  @ApiResult('ReferralRewardListResponse')
  async list(@Query() q: ReferralRewardsQueryDto): Promise<ReferralRewardListResponse> {
    return { items: await this.rewards.list(q.status) };
  }

  @Post('referral-rewards/:id/approve')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve a held referral reward', description: 'Only a reward on hold (else 409 CONFLICT); audited.' })
  @ApiResult('ReferralRewardView')
  @ApiErrors('CONFLICT')
  approve(@CurrentStaff() actor: StaffPrincipal, @Param('id', new ParseUUIDPipe()) id: string): Promise<ReferralRewardView> {
    return this.rewards.approve(actor, id);
  }

  @Post('referral-rewards/:id/reject')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject a held referral reward', description: 'Only a reward on hold (else 409 CONFLICT); audited.' })
  @ApiResult('ReferralRewardView')
  @ApiErrors('CONFLICT')
  reject(@CurrentStaff() actor: StaffPrincipal, @Param('id', new ParseUUIDPipe()) id: string): Promise<ReferralRewardView> {
    return this.rewards.reject(actor, id);
  }
}
