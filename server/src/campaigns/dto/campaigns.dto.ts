// Campaign and automation DTOs: shapes only. The action, trigger, holdout, budget and schedule
// are checked by the shared rules (rules/campaigns.ts, rules/automations.ts), which name each
// field at fault (400 VALIDATION_FAILED with details).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type {
  AutomationTrigger,
  CampaignAction,
  CampaignBudget,
  CreateAutomationRequest,
  CreateCampaignRequest,
  UpdateAutomationRequest,
} from '@huiyuan/shared';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { apiSchema } from '../../common/api-docs.js';

const ACTION_DOC = {
  description:
    "`{ type: 'coupon', templateId }` | `{ type: 'points', points }` | `{ type: 'message', templateId, page?, data }` (a WeChat subscribe message, only to members holding a grant for the template)",
  example: { type: 'points', points: 100 },
  ...apiSchema('CampaignAction'),
};

export class CampaignBudgetDto implements CampaignBudget {
  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  maxMembers?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1, description: 'points actions only' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  maxPoints?: number | null;
}

export class CreateCampaignDto implements CreateCampaignRequest {
  @ApiProperty({ example: '沉睡会员唤醒', minLength: 1, maxLength: 64 })
  @IsString()
  @Length(1, 64)
  name: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  segmentId: string;

  @ApiProperty(ACTION_DOC)
  @IsObject()
  action: CampaignAction;

  @ApiPropertyOptional({ minimum: 0, maximum: 5000, description: 'share of the segment held out, basis points (1000 = 10 %)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(5000)
  holdoutBp?: number;

  @ApiPropertyOptional({ type: CampaignBudgetDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CampaignBudgetDto)
  budget?: CampaignBudgetDto;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 1,
    maximum: 365,
    description: 'at most one campaign action per member per this many days, across campaigns',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  frequencyCapDays?: number | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'date-time', description: 'start then instead of at launch' })
  @IsOptional()
  @IsISO8601({ strict: true })
  scheduleAt?: string | null;
}

export class CampaignReportQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 90, default: 14, description: 'days after the launch' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(90)
  days?: number;
}

const TRIGGER_DOC = {
  description:
    '`{ code, args }`: registered, first_order, tier_upgraded `{ tiers? }`, became_silent, birthday, points_expiring `{ days }`',
  example: { code: 'first_order', args: {} },
  ...apiSchema('AutomationTrigger'),
};

export class CreateAutomationDto implements CreateAutomationRequest {
  @ApiProperty({ example: '首单后送积分', minLength: 1, maxLength: 64 })
  @IsString()
  @Length(1, 64)
  name: string;

  @ApiProperty(TRIGGER_DOC)
  @IsObject()
  trigger: AutomationTrigger;

  @ApiProperty(ACTION_DOC)
  @IsObject()
  action: CampaignAction;

  @ApiPropertyOptional({ minimum: 0, maximum: 43200, default: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(43_200)
  delayMinutes?: number;

  @ApiProperty()
  @IsBoolean()
  enabled: boolean;
}

export class UpdateAutomationDto implements UpdateAutomationRequest {
  @ApiPropertyOptional({ minLength: 1, maxLength: 64 })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  name?: string;

  @ApiPropertyOptional(TRIGGER_DOC)
  @IsOptional()
  @IsObject()
  trigger?: AutomationTrigger;

  @ApiPropertyOptional(ACTION_DOC)
  @IsOptional()
  @IsObject()
  action?: CampaignAction;

  @ApiPropertyOptional({ minimum: 0, maximum: 43200 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(43_200)
  delayMinutes?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}
