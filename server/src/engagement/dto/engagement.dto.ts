// Request DTOs of check-in, subscriptions and referral. The settings documents are checked
// field by field by the shared rules (checkInSettingsProblems, referralSettingsProblems); the
// DTOs here only pin the top-level shape so unknown top-level fields are refused early.
import { apiSchema } from '../../common/api-docs.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CHECKIN_REWARD_CODES,
  type CheckInRewardRuleConfig,
  type CheckInSettings,
  type MakeUpCheckInRequest,
  type ReferralRewardSpec,
  type ReferralRewardStatus,
  type ReferralSettings,
  type SubscribeRequest,
} from '@huiyuan/shared';
import { IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, ValidateIf } from 'class-validator';
import { PageQuery } from '../../common/page-query.dto.js';
import { IsLocalDate, IsLocalMonth } from '../../common/validation.js';

export class MakeUpCheckInDto implements MakeUpCheckInRequest {
  @ApiProperty({ description: 'a missed local date of the current cycle', example: '2026-03-02' })
  @IsString()
  @IsLocalDate()
  date: string;
}

export class CheckInCalendarQuery {
  @ApiPropertyOptional({ description: 'YYYY-MM; default the current local month', example: '2026-03' })
  @IsOptional()
  @IsString()
  @IsLocalMonth()
  month?: string;
}

export class SubscribeDto implements SubscribeRequest {
  @ApiProperty({ description: 'WeChat subscribe-message template id' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,128}$/, { message: 'templateId must be 1-128 characters A-Z a-z 0-9 _ -' })
  templateId: string;

  @ApiProperty({ description: 'what wx.requestSubscribeMessage answered for this template (accept → true)' })
  @IsBoolean()
  accepted: boolean;
}

export class CheckInSettingsDto implements CheckInSettings {
  @ApiProperty({ enum: ['week', 'month'] })
  @IsIn(['week', 'month'])
  cycle: 'week' | 'month';

  @ApiProperty({ enum: ['cycle', 'continuous'] })
  @IsIn(['cycle', 'continuous'])
  streakScope: 'cycle' | 'continuous';

  @ApiProperty({
    description: `reward rules { code, args }, code one of ${CHECKIN_REWARD_CODES.join(', ')}: base_points {points}, streak_bonus {day, points, repeat?}, cumulative_milestone {days, points?, couponTemplateId?}`,
    ...apiSchema('CheckInRewardRuleConfig', true),
  })
  @IsArray()
  rewards: CheckInRewardRuleConfig[];

  @ApiProperty({ description: '{ perCycle, costPoints }', ...apiSchema('CheckInMakeUpSettings') })
  @IsObject()
  makeUp: { perCycle: number; costPoints: number };

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'subscribe-message template of the daily reminder; null: no reminders',
  })
  @ValidateIf((o: CheckInSettingsDto) => o.reminderTemplateId !== null)
  @IsString()
  reminderTemplateId: string | null;
}

export class ReferralSettingsDto implements ReferralSettings {
  @ApiProperty({ enum: ['new_members_only', 'all_members'] })
  @IsIn(['new_members_only', 'all_members'])
  binding: 'new_members_only' | 'all_members';

  @ApiProperty({ example: 7 })
  @IsInt()
  refundWindowDays: number;

  @ApiProperty({ example: 1 })
  @IsInt()
  minOrderFen: number;

  @ApiProperty({ description: '{ holdOnInviterDevice, maxSameDevice, maxSameIp }', ...apiSchema('ReferralAbuseSettings') })
  @IsObject()
  abuse: ReferralSettings['abuse'];

  @ApiProperty({ description: '{ perInviterPerDay, perInviterPerMonth }', ...apiSchema('ReferralCapsSettings') })
  @IsObject()
  caps: ReferralSettings['caps'];

  @ApiProperty({
    description: '{ inviter: { points, couponTemplateId }, invitee: { points, couponTemplateId } }',
    ...apiSchema('ReferralRewardsSettings'),
  })
  @IsObject()
  rewards: { inviter: ReferralRewardSpec; invitee: ReferralRewardSpec };
}

export class ReferralRewardsQueryDto {
  @ApiPropertyOptional({ enum: ['pending', 'on_hold', 'released', 'cancelled'] })
  @IsOptional()
  @IsIn(['pending', 'on_hold', 'released', 'cancelled'])
  status?: ReferralRewardStatus;
}

/** `GET /admin/members/:id/checkins` and `/referrals`: `?cursor=&limit=` (20 by default). */
export class MemberEngagementPageQuery extends PageQuery {}
