// Lottery DTOs: shapes and ranges; what a valid lottery is (window, odds, stock) is the shared rule's.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  LOTTERY_PRIZE_KIND_CODES,
  type CreateLotteryRequest,
  type DrawLotteryRequest,
  type LotteryPrizeInput,
  type LotteryPrizeKind,
  type UpdateLotteryRequest,
} from '@huiyuan/shared';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../../common/page-query.dto.js';

const KEY = /^[A-Za-z0-9_.:-]{1,64}$/;
const MAX_POINTS = 10_000_000;

export class LotteryPrizeDto implements LotteryPrizeInput {
  @ApiProperty({ example: '100 积分' })
  @IsString()
  @Length(1, 40)
  title: string;

  @ApiProperty({ enum: LOTTERY_PRIZE_KIND_CODES })
  @IsIn(LOTTERY_PRIZE_KIND_CODES)
  kind: LotteryPrizeKind;

  @ApiPropertyOptional({ description: 'points prize: points credited', example: 100 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_POINTS)
  points?: number;

  @ApiPropertyOptional({ description: 'coupon prize: a template offering the lottery channel', format: 'uuid' })
  @IsOptional()
  @IsUUID()
  templateId?: string;

  @ApiProperty({ description: 'units that can be won (ignored for kind none)', example: 10 })
  @IsInt()
  @Min(0)
  @Max(MAX_POINTS)
  stock: number;

  @ApiProperty({ description: 'relative weight; odds = weight / Σ weights', example: 10 })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  weight: number;

  @ApiPropertyOptional({ description: 'physical prize: local days the claim code stays redeemable (default 30)', example: 30 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  claimDays?: number;
}

export class CreateLotteryDto implements CreateLotteryRequest {
  @ApiProperty({ example: '周年庆抽奖' })
  @IsString()
  @Length(1, 60)
  title: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @Length(0, 500)
  description?: string | null;

  @ApiProperty({ example: '2026-12-01T00:00:00Z' })
  @IsISO8601({ strict: true })
  startsAt: string;

  @ApiProperty({ example: '2026-12-31T16:00:00Z' })
  @IsISO8601({ strict: true })
  endsAt: string;

  @ApiProperty({ description: 'points per draw (0 = free)', example: 10 })
  @IsInt()
  @Min(0)
  @Max(MAX_POINTS)
  costPoints: number;

  @ApiProperty({ example: 3 })
  @IsInt()
  @Min(1)
  @Max(10_000)
  perMemberDaily: number;

  @ApiProperty({ example: 30 })
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  perMemberTotal: number;

  @ApiPropertyOptional({ nullable: true, description: 'Σ points of points prizes never exceeds it', example: 100000 })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(2_000_000_000)
  budgetPoints?: number | null;

  @ApiProperty({ type: [LotteryPrizeDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(8)
  @ValidateNested({ each: true })
  @Type(() => LotteryPrizeDto)
  prizes: LotteryPrizeDto[];
}

export class UpdateLotteryDto implements UpdateLotteryRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 60)
  title?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @Length(0, 500)
  description?: string | null;

  @ApiPropertyOptional({ description: 'before the start only' })
  @IsOptional()
  @IsISO8601({ strict: true })
  startsAt?: string;

  @ApiPropertyOptional({ description: 'once started, only later' })
  @IsOptional()
  @IsISO8601({ strict: true })
  endsAt?: string;

  @ApiPropertyOptional({ description: 'before the start only' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_POINTS)
  costPoints?: number;

  @ApiPropertyOptional({ description: 'once started, only up' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  perMemberDaily?: number;

  @ApiPropertyOptional({ description: 'once started, only up' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  perMemberTotal?: number;

  @ApiPropertyOptional({ nullable: true, description: 'once started, only up' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(2_000_000_000)
  budgetPoints?: number | null;

  @ApiPropertyOptional({ type: [LotteryPrizeDto], description: 'before the start only: replaces the prizes (odds)' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(8)
  @ValidateNested({ each: true })
  @Type(() => LotteryPrizeDto)
  prizes?: LotteryPrizeDto[];
}

export class DrawLotteryDto implements DrawLotteryRequest {
  @ApiProperty({ description: 'client retry key: the same key returns the first draw', example: 'draw-2f9c1e' })
  @Matches(KEY, { message: 'requestId must be 1-64 characters A-Z a-z 0-9 _ . : -' })
  requestId: string;
}

export class MyLotteryDrawsQuery extends PageQuery {}
