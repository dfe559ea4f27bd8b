import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ClaimCouponRequest, CouponStatus, GrantCouponsRequest, RedeemCouponRequest } from '@huiyuan/shared';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';

const KEY = /^[A-Za-z0-9_.:-]{1,64}$/;

export class ClaimCouponDto implements ClaimCouponRequest {
  @ApiPropertyOptional({ description: 'client retry key: the same key returns the first claim', example: 'c-8f3a21' })
  @IsOptional()
  @Matches(KEY, { message: 'requestId must be 1-64 characters A-Z a-z 0-9 _ . : -' })
  requestId?: string;
}

export class CenterQuery {
  @ApiPropertyOptional({ enum: ['center', 'points'], description: 'center = free offers, points = the points mall' })
  @IsOptional()
  @IsIn(['center', 'points'])
  channel?: 'center' | 'points';
}

export class WalletQuery {
  @ApiPropertyOptional({ enum: ['available', 'used', 'expired'] })
  @IsOptional()
  @IsIn(['available', 'used', 'expired'])
  status?: CouponStatus;
}

export class GrantCouponsDto implements GrantCouponsRequest {
  @ApiProperty({ type: [String], format: 'uuid' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsUUID(undefined, { each: true })
  memberIds: string[];

  @ApiProperty({ description: 'the same key never grants twice to a member', example: 'campaign-618' })
  @Matches(KEY, { message: 'idempotencyKey must be 1-64 characters A-Z a-z 0-9 _ . : -' })
  idempotencyKey: string;
}

export class RedeemCouponDto implements RedeemCouponRequest {
  @ApiProperty({ example: 'ABCDE-FGHJK-MNPQR' })
  @IsString()
  @Length(1, 32)
  couponCode: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'the identified member: the coupon must be theirs' })
  @IsOptional()
  @IsUUID()
  memberId?: string;
}
