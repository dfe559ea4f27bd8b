import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
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
  @HttpCode(200)
  identify(@CurrentStaff() staff: StaffPrincipal, @Body() body: IdentifyDto): Promise<IdentifyResponse> {
    return this.till.identify(staff, body.memberCode);
  }

  /** Fallback when the member's phone is dead: member number + last 4 phone digits. Audited. */
  @Post('identify-by-member-no')
  @Roles('manager')
  @HttpCode(200)
  identifyByMemberNo(@CurrentStaff() staff: StaffPrincipal, @Body() body: IdentifyByMemberNoDto): Promise<IdentifyResponse> {
    return this.till.identifyByMemberNo(staff, body.memberNo, body.phoneLast4);
  }

  /** 201 when recorded, 200 when this was a replay of the same request. */
  @Post('orders')
  @Roles('cashier', 'manager')
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
