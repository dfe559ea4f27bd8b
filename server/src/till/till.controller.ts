import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { IdentifyResponse, OrderResponse, RefundResponse } from '@huiyuan/shared';
import { ApiErrors, ApiResult } from '../common/api-docs.js';
import type { FastifyReply } from 'fastify';
import { CurrentStaff, Roles, type StaffPrincipal } from '../common/auth.js';
import { DomainError } from '../common/domain-error.js';
import { CreateOrderDto, CreateRefundDto, IdentifyByMemberNoDto, IdentifyDto } from './dto/till.dto.js';
import { TillService } from './till.service.js';

@ApiTags('cashier')
@ApiBearerAuth()
@Controller('cashier')
export class TillController {
  constructor(private readonly till: TillService) {}

  @Post('identify')
  @Roles('cashier', 'manager')
  @ApiOperation({
    summary: 'Identify a member by their member code',
    description:
      'Consumes the code (a used one → 422 MEMBER_CODE_USED, an old one 422 MEMBER_CODE_EXPIRED). Also returns ' +
      'identification { id, expiresAt }: 10 minutes at this store, needed by spending orders.',
  })
  @ApiResult('IdentifyResponse')
  @ApiErrors('MEMBER_CODE_EXPIRED', 'MEMBER_CODE_USED', 'MEMBER_CODE_INVALID', 'NOT_FOUND', 'STORE_SCOPE', 'RATE_LIMITED')
  @HttpCode(200)
  identify(@CurrentStaff() staff: StaffPrincipal, @Body() body: IdentifyDto): Promise<IdentifyResponse> {
    return this.till.identify(staff, body.memberCode);
  }

  /** Fallback when the member's phone is dead: member number + last 4 phone digits. Audited. */
  @Post('identify-by-member-no')
  @Roles('manager')
  @ApiOperation({
    summary: 'Identify a member by member number and phone digits',
    description:
      'Managers, when the member’s phone is dead: member number + last 4 digits of the bound phone (no match → 404). ' +
      'Audited; failed look-ups are rate limited. Returns an identification like POST /cashier/identify.',
  })
  @ApiResult('IdentifyResponse')
  @ApiErrors('NOT_FOUND', 'STORE_SCOPE', 'RATE_LIMITED')
  @HttpCode(200)
  identifyByMemberNo(@CurrentStaff() staff: StaffPrincipal, @Body() body: IdentifyByMemberNoDto): Promise<IdentifyResponse> {
    return this.till.identifyByMemberNo(staff, body.memberNo, body.phoneLast4);
  }

  /** 201 when recorded, 200 when this was a replay of the same request. */
  @Post('orders')
  @Roles('cashier', 'manager')
  @ApiOperation({
    summary: 'Record a till order',
    description:
      'Idempotent on the store’s orderNo: the same request again answers 200 with the first result; the same orderNo with ' +
      'another body → 409 ORDER_NO_CONFLICT. Unknown memberId → 404. ' +
      'Priced by shared priceOrder: member price (tier discountRateBp) → coupons → points → stored value → external; ' +
      'the response has discounts { memberPrice, coupons, points } (their sum is discount) and tenders { balance, external }, ' +
      'points earned on balance + external. items, when given, must add up to amount (400 ITEMS_TOTAL_MISMATCH). ' +
      'Spending points, coupons or balance needs identificationId of the member at this store (403 MEMBER_NOT_PRESENT); ' +
      'earning-only orders do not. payWithBalance > 0 → 422 INSUFFICIENT_BALANCE until stored value exists.',
  })
  @ApiResult('OrderResponse', 201, { description: 'Recorded', replay: 'A replay of the same request: the first result' })
  @ApiErrors(
    'ITEMS_TOTAL_MISMATCH',
    'MEMBER_NOT_PRESENT',
    'STORE_SCOPE',
    'NOT_FOUND',
    'ORDER_NO_CONFLICT',
    'MEMBER_NOT_ACTIVE',
    'INSUFFICIENT_POINTS',
    'POINTS_REDEEM_NOT_ALLOWED',
    'INSUFFICIENT_BALANCE',
    'COUPON_ALREADY_USED',
    'COUPON_EXPIRED',
    'COUPON_NOT_APPLICABLE',
    'CURRENCY_MISMATCH',
  )
  async createOrder(
    @CurrentStaff() staff: StaffPrincipal,
    @Body() body: CreateOrderDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrderResponse> {
    const result = await this.till.createOrder(staff, body);
    void reply.status(result.created ? 201 : 200);
    return result.body;
  }

  @Post('orders/:orderNo/refunds')
  @Roles('cashier', 'manager')
  @ApiOperation({
    summary: 'Refund (part of) a till order',
    description:
      'Idempotent on refundNo (the same refundNo with another amount → 409 REFUND_NO_CONFLICT). Reverses the points the ' +
      'refunded part earned, returns points used as payment in proportion, and gives the coupons back (those still valid) ' +
      'once the order is fully refunded. ' +
      'More than was paid → 422 REFUND_EXCEEDS_PAID; an order of another store → 404.',
  })
  @ApiParam({
    name: 'orderNo',
    description: 'the store’s order number',
    schema: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{1,64}$' },
  })
  @ApiResult('RefundResponse', 201, { description: 'Refunded', replay: 'A replay of the same refund: the first result' })
  @ApiErrors('STORE_SCOPE', 'REFUND_NO_CONFLICT', 'REFUND_EXCEEDS_PAID')
  async refund(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('orderNo') orderNo: string,
    @Body() body: CreateRefundDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RefundResponse> {
    if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(orderNo))
      throw DomainError.validation('orderNo must be 1-64 characters A-Z a-z 0-9 _ . : -');
    const result = await this.till.refund(staff, orderNo, body);
    void reply.status(result.created ? 201 : 200);
    return result.body;
  }
}
