import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { MyOrdersResponse } from '@huiyuan/shared';
import { ApiResult } from '../common/api-docs.js';
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
    summary: 'List my orders',
    description:
      'Newest first, 20 a page (or ?limit=); nextCursor for the next. Each order with its store, amount, payable, ' +
      'points earned, fen refunded so far and items.',
  })
  @ApiResult('MyOrdersResponse')
  orders(@CurrentMember() m: MemberPrincipal, @Query() q: MyOrdersQuery): Promise<MyOrdersResponse> {
    return this.till.ordersOf(m.id, q.cursor, q.limit ?? 20);
  }
}
