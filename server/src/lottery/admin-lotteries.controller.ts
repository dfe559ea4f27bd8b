import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AdminLotteryView, LotteryReport } from '@huiyuan/shared';
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
    summary: 'Create a lottery (抽奖) with its prizes (Idempotency-Key replays the first response)',
    description:
      'Odds = weight / Σ weights, published in basis points. A physical prize gets a hidden gift coupon template (its claim code).',
  })
  create(@CurrentStaff() actor: StaffPrincipal, @Body() body: CreateLotteryDto): Promise<AdminLotteryView> {
    return this.lotteries.create(actor, body);
  }

  @Get()
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'Every lottery, newest start first (managers read only)' })
  async list(): Promise<{ items: AdminLotteryView[] }> {
    return { items: await this.lotteries.list() };
  }

  @Get(':id')
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'One lottery with its prizes, stock left and odds' })
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<AdminLotteryView> {
    return this.lotteries.get(id);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({
    summary: 'Edit a lottery: anything before the start; afterwards prizes/odds/cost → 409 LOTTERY_STARTED',
  })
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
  @ApiOperation({ summary: 'Pause draws (idempotent)' })
  pause(@CurrentStaff() actor: StaffPrincipal, @Param('id', new ParseUUIDPipe()) id: string): Promise<AdminLotteryView> {
    return this.lotteries.setStatus(actor, id, 'paused');
  }

  @Post(':id/resume')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume a paused lottery (an ended one stays ended)' })
  resume(@CurrentStaff() actor: StaffPrincipal, @Param('id', new ParseUUIDPipe()) id: string): Promise<AdminLotteryView> {
    return this.lotteries.setStatus(actor, id, 'active');
  }

  @Post(':id/end')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'End a lottery for good (idempotent)' })
  end(@CurrentStaff() actor: StaffPrincipal, @Param('id', new ParseUUIDPipe()) id: string): Promise<AdminLotteryView> {
    return this.lotteries.setStatus(actor, id, 'ended');
  }

  @Get(':id/report')
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'Draws, winners per prize, points spent, points granted and budget left' })
  report(@Param('id', new ParseUUIDPipe()) id: string): Promise<LotteryReport> {
    return this.lotteries.report(id);
  }
}
