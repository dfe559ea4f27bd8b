import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  COUPON_CHANNELS,
  COUPON_KIND_CODES,
  type CouponChannel,
  type CouponKind,
  type CouponTemplateStatus,
  type CreateCouponTemplateRequest,
  type TierCode,
  type UpdateCouponTemplateRequest,
} from '@huiyuan/shared';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { IsLocalDate } from '../../common/validation.js';

const MAX_FEN = 100_000_000;
const CLOCK = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const TIERS: TierCode[] = ['normal', 'silver', 'gold', 'platinum'];

export class CreateCouponTemplateDto implements CreateCouponTemplateRequest {
  @ApiProperty({ example: '满100减20' })
  @IsString()
  @Length(1, 60)
  title: string;

  @ApiPropertyOptional({ nullable: true, example: '全场通用，不与其他优惠同享' })
  @IsOptional()
  @IsString()
  @Length(0, 500)
  description?: string | null;

  @ApiProperty({ enum: COUPON_KIND_CODES })
  @IsIn(COUPON_KIND_CODES)
  kind: CouponKind;

  @ApiPropertyOptional({ description: 'minimum order amount in fen (0 = none)', example: 10000 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  threshold?: number;

  @ApiPropertyOptional({ description: 'cash: fen off', example: 2000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_FEN)
  amountOff?: number;

  @ApiPropertyOptional({ description: 'percent: whole percent off (20 = 8折)', example: 20 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(99)
  percentOff?: number;

  @ApiPropertyOptional({ description: 'percent: largest discount in fen', example: 3000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_FEN)
  maxOff?: number;

  @ApiProperty({ example: 1000 })
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  totalStock: number;

  @ApiProperty({ example: 1 })
  @IsInt()
  @Min(1)
  @Max(1000)
  perMemberLimit: number;

  @ApiPropertyOptional({ description: 'valid N local days counting the claim day (or give validFrom + validTo)', example: 7 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  validDays?: number;

  @ApiPropertyOptional({ example: '2025-06-01' })
  @IsOptional()
  @IsLocalDate()
  validFrom?: string;

  @ApiPropertyOptional({ example: '2025-06-30' })
  @IsOptional()
  @IsLocalDate()
  validTo?: string;

  @ApiPropertyOptional({ description: 'points per coupon in the points mall (channel points)', example: 500 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  pointsCost?: number;

  @ApiProperty({ enum: COUPON_CHANNELS, isArray: true, example: ['center'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(COUPON_CHANNELS.length)
  @IsIn(COUPON_CHANNELS, { each: true })
  channels: CouponChannel[];

  @ApiPropertyOptional({ description: 'stores where it can be used; absent = all', type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID(undefined, { each: true })
  stores?: string[];

  @ApiPropertyOptional({ enum: TIERS })
  @IsOptional()
  @IsIn(TIERS)
  minTier?: TierCode;

  @ApiPropertyOptional({
    type: [Number],
    description: 'usable only on these ISO weekdays (1 = Monday … 7 = Sunday, programme timezone); absent = every day',
    example: [3],
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(7)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(7, { each: true })
  validWeekdays?: number[];

  @ApiPropertyOptional({
    description: 'usable from this local time each day, HH:MM (inclusive); with validTimeTo',
    example: '10:00',
  })
  @IsOptional()
  @Matches(CLOCK)
  validTimeFrom?: string;

  @ApiPropertyOptional({ description: 'usable until this local time, HH:MM (exclusive; 24:00 = midnight)', example: '14:00' })
  @IsOptional()
  @Matches(CLOCK)
  validTimeTo?: string;

  @ApiPropertyOptional({ description: 'may share an order with other stackable coupons', default: false })
  @IsOptional()
  @IsBoolean()
  stackable?: boolean;

  @ApiPropertyOptional({
    description:
      'rows the stock is split over, for a hot flash-sale offer (claims lock different rows); fixed once created, ≤ totalStock',
    default: 1,
    minimum: 1,
    maximum: 64,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(64)
  stockShards?: number;
}

/** Only what is safe to change after coupons were issued. */
export class UpdateCouponTemplateDto implements UpdateCouponTemplateRequest {
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

  @ApiPropertyOptional({ description: 'up, or down to what is already issued' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  totalStock?: number;

  @ApiPropertyOptional({ description: 'only upwards' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  perMemberLimit?: number;

  @ApiPropertyOptional({ description: 'window templates only; only later' })
  @IsOptional()
  @IsLocalDate()
  validTo?: string;
}

export class CouponTemplateQuery {
  @ApiPropertyOptional({ enum: ['active', 'paused'] })
  @IsOptional()
  @IsIn(['active', 'paused'])
  status?: CouponTemplateStatus;

  @ApiPropertyOptional({ enum: COUPON_CHANNELS })
  @IsOptional()
  @IsIn(COUPON_CHANNELS)
  channel?: CouponChannel;
}
