import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { MyOrdersResponse } from '@huiyuan/shared';
import { CurrentMember, Roles, type MemberPrincipal } from '../common/auth.js';
import { MyOrdersQuery } from './dto/till.dto.js';
import { TillService } from './till.service.js';

@ApiTags('member')
@ApiBearerAuth()
@Controller('me')
export class MemberOrdersController {
  constructor(private readonly till: TillService) {}

  @Get('orders')
  @Roles('member')
  @ApiOperation({
    summary: "The member's order history, newest first (20 a page or ?limit=; nextCursor for the next)",
    description: 'Each order with its store, amount, payable, points earned, fen refunded so far and items.',
  })
  orders(@CurrentMember() m: MemberPrincipal, @Query() q: MyOrdersQuery): Promise<MyOrdersResponse> {
    return this.till.ordersOf(m.id, q.cursor, q.limit ?? 20);
  }
}
