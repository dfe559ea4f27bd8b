import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type {
  CreateOrderRequest,
  CreateRefundRequest,
  IdentifyByMemberNoRequest,
  IdentifyRequest,
  OrderItem,
} from '@huiyuan/shared';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../../common/page-query.dto.js';

/** ¥1,000,000 in fen: a till order above this is a typo. */
export const MAX_ORDER_FEN = 100_000_000;
const BUSINESS_NO = /^[A-Za-z0-9_.:-]{1,64}$/;

export class IdentifyDto implements IdentifyRequest {
  @ApiProperty({ description: 'the 18-digit code scanned from the member card', example: '661234567890123456' })
  @IsString()
  @Length(1, 64)
  memberCode: string;
}

export class IdentifyByMemberNoDto implements IdentifyByMemberNoRequest {
  @ApiProperty({ example: '2625130279' })
  @Matches(/^\d{10}$/, { message: 'memberNo must be 10 digits' })
  memberNo: string;

  @ApiProperty({ example: '8000' })
  @Matches(/^\d{4}$/, { message: 'phoneLast4 must be 4 digits' })
  phoneLast4: string;
}

export class OrderItemDto implements OrderItem {
  @ApiProperty({ example: 'LATTE-L' })
  @IsString()
  @Length(1, 64)
  sku: string;

  @ApiProperty({ example: '拿铁（大杯）' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiPropertyOptional({ example: 'coffee' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  category?: string;

  @ApiProperty({ example: 2 })
  @IsInt()
  @Min(1)
  @Max(10_000)
  quantity: number;

  @ApiProperty({ description: 'fen per unit', example: 1900 })
  @IsInt()
  @Min(0)
  @Max(MAX_ORDER_FEN)
  unitPrice: number;
}

export class CreateOrderDto implements CreateOrderRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  memberId: string;

  @ApiProperty({ description: "the store's own order number; unique per store (idempotency key)", example: 'POS-20261123-0001' })
  @Matches(BUSINESS_NO, { message: 'orderNo must be 1-64 characters A-Z a-z 0-9 _ . : -' })
  orderNo: string;

  @ApiProperty({ description: 'order amount in fen before coupons and points', example: 3800 })
  @IsInt()
  @Min(1)
  @Max(MAX_ORDER_FEN)
  amount: number;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsString({ each: true })
  @Length(1, 32, { each: true })
  couponCodes?: string[];

  @ApiPropertyOptional({ description: 'points used as payment (100 points = ¥1 by default)', example: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  pointsToRedeem?: number;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'identification.id from POST /cashier/identify (or identify-by-member-no), valid 10 minutes at this store and ' +
      'reusable within them; required when the order spends points, coupons or balance, else 403 MEMBER_NOT_PRESENT. ' +
      'Not part of the idempotency key: a replay answers the same after it expired.',
  })
  @IsOptional()
  @IsUUID()
  identificationId?: string;

  @ApiPropertyOptional({
    description:
      'stored value to pay with, in fen. Stored value does not exist yet: any amount > 0 answers 422 ' +
      'INSUFFICIENT_BALANCE (after the presence check).',
    example: 0,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_ORDER_FEN)
  payWithBalance?: number;

  @ApiPropertyOptional({
    type: [OrderItemDto],
    description: 'what was bought; Σ quantity × unitPrice must equal amount, else 400 ITEMS_TOTAL_MISMATCH',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => OrderItemDto)
  items?: OrderItemDto[];
}

export class MyOrdersQuery extends PageQuery {}

export class CreateRefundDto implements CreateRefundRequest {
  @ApiProperty({ description: 'unique per order (idempotency key)', example: 'R-0001' })
  @Matches(BUSINESS_NO, { message: 'refundNo must be 1-64 characters A-Z a-z 0-9 _ . : -' })
  refundNo: string;

  @ApiProperty({ description: 'refunded amount in fen', example: 1900 })
  @IsInt()
  @Min(1)
  @Max(MAX_ORDER_FEN)
  amount: number;
}
