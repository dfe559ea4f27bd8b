// Paid-membership DTOs: shapes and ranges; what a plan may be is the shared rule's (membershipPlanProblems).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CreateMembershipPlanRequest, CreateMembershipPurchaseRequest, MembershipRefundRequest } from '@huiyuan/shared';
import { IsBoolean, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';

const KEY = /^[A-Za-z0-9_.:-]{1,64}$/;

export class CreateMembershipPlanDto implements CreateMembershipPlanRequest {
  @ApiProperty({ example: 'PLUS 月卡' })
  @IsString()
  @MaxLength(200)
  title: string;

  @ApiProperty({ description: 'fen; 0 for a trial', example: 1500 })
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  price: number;

  @ApiProperty({ minimum: 1, maximum: 3660, example: 30 })
  @IsInt()
  @Min(0)
  @Max(100_000)
  termDays: number;

  @ApiPropertyOptional({ description: 'a free trial (price 0), once per member' })
  @IsOptional()
  @IsBoolean()
  trial?: boolean;

  @ApiPropertyOptional({
    description: 'member price rate, 1000–10000 (9500 = 95 折); the better of it and the tier’s applies',
    example: 9500,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000)
  discountRateBp?: number;

  @ApiPropertyOptional({ description: 'points multiplier, 10000–100000 (15000 = ×1.5), on top of the tier’s', example: 15000 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  pointsMultiplierBp?: number;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'a coupon template (channel membership) granted once a month',
  })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsUUID()
  monthlyCouponTemplateId?: string | null;
}

export class UpdateMembershipPlanDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class CreateMembershipPurchaseDto implements CreateMembershipPurchaseRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  planId: string;

  @ApiProperty({ description: 'client retry key: the same key answers the first purchase', example: 'mp-51c0' })
  @Matches(KEY, { message: 'requestId must be 1-64 characters A-Z a-z 0-9 _ . : -' })
  requestId: string;
}

export class MembershipRefundDto implements MembershipRefundRequest {
  @ApiPropertyOptional({ example: '会员申请退款' })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  reason?: string;
}
