import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { IdentifyResponse, OrderResponse, RefundResponse } from '@huiyuan/shared';
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
    summary: 'Identify a member by their rotating code',
    description: 'Also returns identification { id, expiresAt }: 10 minutes at this store, needed by spending orders.',
  })
  @HttpCode(200)
  identify(@CurrentStaff() staff: StaffPrincipal, @Body() body: IdentifyDto): Promise<IdentifyResponse> {
    return this.till.identify(staff, body.memberCode);
  }

  /** Fallback when the member's phone is dead: member number + last 4 phone digits. Audited. */
  @Post('identify-by-member-no')
  @Roles('manager')
  @ApiOperation({
    summary: 'Identify a member by member number + last 4 phone digits (managers; audited)',
    description: 'Returns an identification like POST /cashier/identify.',
  })
  @HttpCode(200)
  identifyByMemberNo(@CurrentStaff() staff: StaffPrincipal, @Body() body: IdentifyByMemberNoDto): Promise<IdentifyResponse> {
    return this.till.identifyByMemberNo(staff, body.memberNo, body.phoneLast4);
  }

  /** 201 when recorded, 200 when this was a replay of the same request. */
  @Post('orders')
  @Roles('cashier', 'manager')
  @ApiOperation({
    summary: 'Record a purchase (idempotent on the store order number)',
    description:
      'Priced by shared priceOrder: member price (tier discountRateBp) → coupons → points → stored value → external; ' +
      'the response has discounts { memberPrice, coupons, points } (their sum is discount) and tenders { balance, external }, ' +
      'points earned on balance + external. items, when given, must add up to amount (400 ITEMS_TOTAL_MISMATCH). ' +
      'Spending points, coupons or balance needs identificationId of the member at this store (403 MEMBER_NOT_PRESENT); ' +
      'earning-only orders do not. payWithBalance > 0 → 422 INSUFFICIENT_BALANCE until stored value exists.',
  })
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
