import { Module } from '@nestjs/common';
import { CouponsModule } from '../coupons/coupons.module.js';
import { LoyaltyModule } from '../loyalty/loyalty.module.js';
import { RewardsModule } from '../rewards/rewards.module.js';
import { AdminLotteriesController } from './admin-lotteries.controller.js';
import { LotteriesController, MyLotteryDrawsController } from './lotteries.controller.js';
import { LotteryDrawService } from './lottery-draw.service.js';
import { LotteryEntriesModule } from './lottery-entries.module.js';
import { LotteryService } from './lottery.service.js';

/** Lottery (抽奖): admin lotteries, the member's draws; prizes granted through the rewards pipeline. */
@Module({
  imports: [LoyaltyModule, CouponsModule, RewardsModule, LotteryEntriesModule],
  controllers: [AdminLotteriesController, LotteriesController, MyLotteryDrawsController],
  providers: [LotteryService, LotteryDrawService],
  exports: [LotteryService, LotteryDrawService],
})
export class LotteryModule {}
