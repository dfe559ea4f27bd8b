import { Module } from '@nestjs/common';
import { CouponsModule } from '../coupons/coupons.module.js';
import { LotteryEntriesModule } from '../lottery/lottery-entries.module.js';
import { LoyaltyModule } from '../loyalty/loyalty.module.js';
import { MembersModule } from '../members/members.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { RewardsRepository } from './rewards.repository.js';
import { RewardsService } from './rewards.service.js';

/**
 * The one rewards pipeline (points, coupons, admin adjustments; next prizes), used by check-in,
 * referral, the automations and the admin adjustment. LoyaltyModule's PointsService reaches it
 * through ModuleRef (this module imports LoyaltyModule, so the other way would be a cycle).
 */
@Module({
  imports: [LoyaltyModule, CouponsModule, MembersModule, NotificationsModule, LotteryEntriesModule],
  providers: [RewardsService, RewardsRepository],
  exports: [RewardsService],
})
export class RewardsModule {}
