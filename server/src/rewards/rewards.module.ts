import { Module } from '@nestjs/common';
import { CouponsModule } from '../coupons/coupons.module.js';
import { LoyaltyModule } from '../loyalty/loyalty.module.js';
import { RewardsService } from './rewards.service.js';

/** The one rewards pipeline (points, coupons; next prizes), used by check-in, referral and the automations. */
@Module({
  imports: [LoyaltyModule, CouponsModule],
  providers: [RewardsService],
  exports: [RewardsService],
})
export class RewardsModule {}
