import { ApiProperty } from '@nestjs/swagger';
import type { PointsAdjustmentRequest } from '@huiyuan/shared';
import { IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';
import { PageQuery } from '../../common/page-query.dto.js';

export class PointsHistoryQuery extends PageQuery {}

export class PointsAdjustmentDto implements PointsAdjustmentRequest {
  @ApiProperty({ description: 'points to add (positive) or take (negative)', example: 200 })
  @IsInt()
  @Min(-1_000_000)
  @Max(1_000_000)
  delta: number;

  @ApiProperty({ example: '客诉补偿' })
  @IsString()
  @Length(1, 100)
  reason: string;

  @ApiProperty({ description: 'the same key never adjusts twice', example: 'ticket-4711' })
  @Matches(/^[A-Za-z0-9_.:-]{1,64}$/, { message: 'idempotencyKey must be 1-64 characters A-Z a-z 0-9 _ . : -' })
  idempotencyKey: string;
}
