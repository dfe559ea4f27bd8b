import { Module } from '@nestjs/common';
import { CouponsModule } from '../coupons/coupons.module.js';
import { LotteryEntriesModule } from '../lottery/lottery-entries.module.js';
import { LoyaltyModule } from '../loyalty/loyalty.module.js';
import { MembersModule } from '../members/members.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { RewardsService } from './rewards.service.js';

/** The one rewards pipeline (points, coupons; next prizes), used by check-in, referral and the automations. */
@Module({
  imports: [LoyaltyModule, CouponsModule, MembersModule, NotificationsModule, LotteryEntriesModule],
  providers: [RewardsService],
  exports: [RewardsService],
})
export class RewardsModule {}
