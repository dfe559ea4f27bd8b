import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { LotteryDrawResult, LotteryListResponse, LotteryView, MyLotteryDrawsResponse } from '@huiyuan/shared';
import { ApiErrors, ApiResult } from '../common/api-docs.js';
import type { FastifyReply } from 'fastify';
import { CurrentMember, Roles, type MemberPrincipal } from '../common/auth.js';
import { DrawLotteryDto, MyLotteryDrawsQuery } from './dto/lottery.dto.js';
import { LotteryDrawService } from './lottery-draw.service.js';
import { LotteryService } from './lottery.service.js';

@ApiTags('lottery')
@ApiBearerAuth()
@Controller('lotteries')
export class LotteriesController {
  constructor(
    private readonly lotteries: LotteryService,
    private readonly draws: LotteryDrawService,
  ) {}

  @Get()
  @Roles('member')
  @ApiOperation({
    summary: 'List active lotteries',
    description: 'Running or upcoming, with published odds and the draws the caller has left today.',
  })
  @ApiResult('LotteryListResponse')
  async list(@CurrentMember() m: MemberPrincipal): Promise<LotteryListResponse> {
    return { items: await this.lotteries.listFor(m.id) };
  }

  @Get(':id')
  @Roles('member')
  @ApiOperation({
    summary: 'Read a lottery',
    description: 'Its prizes with odds (basis points, Σ = 10000), the cost per draw and remainingToday.',
  })
  @ApiResult('LotteryView')
  get(@CurrentMember() m: MemberPrincipal, @Param('id', new ParseUUIDPipe()) id: string): Promise<LotteryView> {
    return this.lotteries.getFor(m.id, id);
  }

  @Post(':id/draws')
  @Roles('member')
  @ApiOperation({
    summary: 'Draw once',
    description:
      'A free entry is used first, else costPoints are charged. 422 LOTTERY_LIMIT_REACHED | INSUFFICIENT_POINTS | ' +
      'LOTTERY_NOT_ACTIVE; unknown lottery 404; a requestId already used for another lottery → 409.',
  })
  @ApiResult('LotteryDrawResult', 201, { replay: 'requestId repeats an earlier draw: its result, nothing charged twice' })
  @ApiErrors('LOTTERY_LIMIT_REACHED', 'INSUFFICIENT_POINTS', 'LOTTERY_NOT_ACTIVE', 'IDEMPOTENCY_KEY_CONFLICT')
  async draw(
    @CurrentMember() m: MemberPrincipal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: DrawLotteryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LotteryDrawResult> {
    const result = await this.draws.draw(m.id, id, body.requestId);
    void reply.status(result.created ? 201 : 200);
    return result.body;
  }
}

@ApiTags('member')
@ApiBearerAuth()
@Controller('me')
export class MyLotteryDrawsController {
  constructor(private readonly draws: LotteryDrawService) {}

  @Get('lottery-draws')
  @Roles('member')
  @ApiOperation({
    summary: 'List my lottery draws',
    description: 'Newest first, with the prizes (claim codes of physical prizes); nextCursor for more.',
  })
  @ApiResult('MyLotteryDrawsResponse')
  list(@CurrentMember() m: MemberPrincipal, @Query() q: MyLotteryDrawsQuery): Promise<MyLotteryDrawsResponse> {
    return this.draws.drawsOf(m.id, q.cursor, q.limit ?? 20);
  }
}
