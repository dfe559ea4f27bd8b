import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AdminLotteryListResponse, AdminLotteryView, LotteryReport } from '@huiyuan/shared';
import { ApiErrors, ApiResult } from '../common/api-docs.js';
import { CurrentStaff, Roles, type StaffPrincipal } from '../common/auth.js';
import { Idempotent } from '../common/idempotency.js';
import { CreateLotteryDto, UpdateLotteryDto } from './dto/lottery.dto.js';
import { LotteryService } from './lottery.service.js';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/lotteries')
export class AdminLotteriesController {
  constructor(private readonly lotteries: LotteryService) {}

  @Post()
  @Roles('admin')
  @Idempotent()
  @ApiOperation({
    summary: 'Create a lottery',
    description:
      '抽奖 with its prizes; Idempotency-Key replays the first response. Odds = weight / Σ weights, published in basis points. A physical prize gets a hidden gift coupon template (its claim code).',
  })
  @ApiResult('AdminLotteryView', 201)
  create(@CurrentStaff() actor: StaffPrincipal, @Body() body: CreateLotteryDto): Promise<AdminLotteryView> {
    return this.lotteries.create(actor, body);
  }

  @Get()
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'List lotteries', description: 'Every lottery, newest start first (managers read only).' })
  @ApiResult('AdminLotteryListResponse')
  async list(): Promise<AdminLotteryListResponse> {
    return { items: await this.lotteries.list() };
  }

  @Get(':id')
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'Read a lottery', description: 'With its prizes, stock left and odds.' })
  @ApiResult('AdminLotteryView')
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<AdminLotteryView> {
    return this.lotteries.get(id);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({
    summary: 'Change a lottery',
    description:
      'Anything before the start (prizes are replaced as a whole); afterwards only the wording, a later endsAt and higher ' +
      'limits: prizes, odds, cost or start → 409 LOTTERY_STARTED.',
  })
  @ApiResult('AdminLotteryView')
  @ApiErrors('LOTTERY_STARTED')
  update(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateLotteryDto,
  ): Promise<AdminLotteryView> {
    return this.lotteries.update(actor, id, body);
  }

  @Post(':id/pause')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Pause a lottery', description: 'No draws until resumed (idempotent).' })
  @ApiResult('AdminLotteryView')
  pause(@CurrentStaff() actor: StaffPrincipal, @Param('id', new ParseUUIDPipe()) id: string): Promise<AdminLotteryView> {
    return this.lotteries.setStatus(actor, id, 'paused');
  }

  @Post(':id/resume')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume a paused lottery', description: 'An ended one stays ended.' })
  @ApiResult('AdminLotteryView')
  resume(@CurrentStaff() actor: StaffPrincipal, @Param('id', new ParseUUIDPipe()) id: string): Promise<AdminLotteryView> {
    return this.lotteries.setStatus(actor, id, 'active');
  }

  @Post(':id/end')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'End a lottery', description: 'For good (idempotent).' })
  @ApiResult('AdminLotteryView')
  end(@CurrentStaff() actor: StaffPrincipal, @Param('id', new ParseUUIDPipe()) id: string): Promise<AdminLotteryView> {
    return this.lotteries.setStatus(actor, id, 'ended');
  }

  @Get(':id/report')
  @Roles('admin', 'manager')
  @ApiOperation({
    summary: 'Report on a lottery',
    description: 'Draws, members, winners per prize, points spent and granted, budget left, fallbacks.',
  })
  @ApiResult('LotteryReport')
  report(@Param('id', new ParseUUIDPipe()) id: string): Promise<LotteryReport> {
    return this.lotteries.report(id);
  }
}
