import { Module } from '@nestjs/common';
import { LotteryEntriesService } from './lottery-entries.service.js';
import { LotteryRepository } from './lottery.repository.js';

/** Free lottery entries and the lottery's repository: imported by the rewards pipeline and the lottery module. */
@Module({
  providers: [LotteryRepository, LotteryEntriesService],
  exports: [LotteryRepository, LotteryEntriesService],
})
export class LotteryEntriesModule {}
