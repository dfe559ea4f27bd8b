import { Module } from '@nestjs/common';
import { LoyaltyModule } from '../loyalty/loyalty.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { PaymentsModule } from '../payments/payments.module.js';
import { ProgrammeModule } from '../programme/programme.module.js';
import { RewardsModule } from '../rewards/rewards.module.js';
import { SegmentsModule } from '../segments/segments.module.js';
import { AdminMembershipController, MembershipController } from './membership.controller.js';
import { MembershipService } from './membership.service.js';

/** Paid membership (付费会员): plans, purchases, stacking terms, benefits, monthly packs, refunds. */
@Module({
  imports: [PaymentsModule, LoyaltyModule, NotificationsModule, ProgrammeModule, RewardsModule, SegmentsModule],
  controllers: [MembershipController, AdminMembershipController],
  providers: [MembershipService],
  exports: [MembershipService],
})
export class MembershipModule {}
