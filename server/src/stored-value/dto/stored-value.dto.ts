// Stored-value DTOs: shapes and ranges; what a plan or setting may be is the shared rule's
// (storedValuePlanProblems / storedValueSettingsProblems), checked in the service with its details.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  SPEND_ORDERS,
  TOP_UP_MAX_FEN,
  type CreateStoredValuePlanRequest,
  type CreateTopUpRequest,
  type SpendOrder,
  type StoredValueSettingsResponse,
  type TopUpRefundRequest,
  type UpdateStoredValuePlanRequest,
} from '@huiyuan/shared';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { PageQuery } from '../../common/page-query.dto.js';

const KEY = /^[A-Za-z0-9_.:-]{1,64}$/;

export class CreateStoredValuePlanDto implements CreateStoredValuePlanRequest {
  @ApiProperty({ example: '充 100 送 10' })
  @IsString()
  @MaxLength(200)
  title: string;

  @ApiProperty({ description: 'fen the member pays', minimum: 100, maximum: TOP_UP_MAX_FEN, example: 10000 })
  @IsInt()
  @Min(0)
  @Max(TOP_UP_MAX_FEN * 10)
  amount: number;

  @ApiProperty({ description: 'fen added on top (≤ amount)', minimum: 0, example: 1000 })
  @IsInt()
  @Min(0)
  @Max(TOP_UP_MAX_FEN * 10)
  bonus: number;
}

export class UpdateStoredValuePlanDto implements UpdateStoredValuePlanRequest {
  @ApiPropertyOptional({ example: '充 100 送 12（限时）' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional({ description: 'false: no longer offered (top-ups already made are kept)' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class StoredValueSettingsDto implements StoredValueSettingsResponse {
  @ApiProperty({ enum: SPEND_ORDERS, example: 'proportional' })
  @IsIn(SPEND_ORDERS)
  spendOrder: SpendOrder;

  @ApiProperty({
    nullable: true,
    type: Number,
    minimum: 1,
    maximum: 3660,
    example: 365,
    description: 'null: the bonus never expires',
  })
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(3660)
  bonusExpiryDays: number | null;
}

export class CreateTopUpDto implements CreateTopUpRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  planId: string;

  @ApiProperty({ description: 'client retry key: the same key answers the first top-up', example: 'tu-7f3a' })
  @Matches(KEY, { message: 'requestId must be 1-64 characters A-Z a-z 0-9 _ . : -' })
  requestId: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'the store the top-up is for (settlement); default the member’s home store',
  })
  @IsOptional()
  @IsUUID()
  storeId?: string;
}

export class TopUpRefundDto implements TopUpRefundRequest {
  @ApiPropertyOptional({ description: 'principal to refund, fen; default all that is left of the top-up', example: 5000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(TOP_UP_MAX_FEN)
  principal?: number;

  @ApiPropertyOptional({ example: '顾客搬家，申请退款' })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  reason?: string;

  @ApiProperty({ description: 'retry key: the same key answers the first refund', example: 'rf-19a2' })
  @Matches(KEY, { message: 'requestId must be 1-64 characters A-Z a-z 0-9 _ . : -' })
  requestId: string;
}

export class StoredValueEntriesQuery extends PageQuery {}

export class SettlementQuery {
  @ApiProperty({ example: '2026-12-01T00:00:00+08:00', description: 'start (inclusive), ISO 8601' })
  @IsISO8601({ strict: true })
  from: string;

  @ApiProperty({ example: '2027-01-01T00:00:00+08:00', description: 'end (exclusive), ISO 8601; at most 366 days after from' })
  @IsISO8601({ strict: true })
  to: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'one store (managers: their own, always)' })
  @IsOptional()
  @IsUUID()
  storeId?: string;
}
