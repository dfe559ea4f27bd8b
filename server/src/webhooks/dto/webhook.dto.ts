// Webhook DTOs: shapes; where a URL may point is the shared rule's (webhookUrlProblem).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  WEBHOOK_EVENT_TYPES,
  type CreateWebhookRequest,
  type UpdateWebhookRequest,
  type WebhookEndpointStatus,
  type WebhookEventType,
} from '@huiyuan/shared';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, Length, ValidateIf } from 'class-validator';
import { PageQuery } from '../../common/page-query.dto.js';

export class CreateWebhookDto implements CreateWebhookRequest {
  @ApiProperty({
    example: 'https://crm.example.com/huiyuan/webhooks',
    description: 'https in production; never a private address',
  })
  @IsString()
  @Length(1, 2000)
  url: string;

  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true, example: ['order.recorded', 'points.changed'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  events: WebhookEventType[];

  @ApiPropertyOptional({ nullable: true, example: 'CRM 同步' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @Length(0, 200)
  description?: string | null;
}

export class UpdateWebhookDto implements UpdateWebhookRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  url?: string;

  @ApiPropertyOptional({ enum: WEBHOOK_EVENT_TYPES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  events?: WebhookEventType[];

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @Length(0, 200)
  description?: string | null;

  @ApiPropertyOptional({ enum: ['active', 'disabled'] })
  @IsOptional()
  @IsIn(['active', 'disabled'])
  status?: WebhookEndpointStatus;
}

export class WebhookDeliveriesQuery extends PageQuery {}
