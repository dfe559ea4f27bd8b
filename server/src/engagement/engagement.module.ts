import { Module } from '@nestjs/common';
import { CouponsModule } from '../coupons/coupons.module.js';
import { LoyaltyModule } from '../loyalty/loyalty.module.js';
import { MembersModule } from '../members/members.module.js';
import { OutboxModule } from '../outbox/outbox.module.js';
import { RewardsModule } from '../rewards/rewards.module.js';
import { AdminEngagementController } from './admin-engagement.controller.js';
import { AdminMemberEngagementController } from './admin-member-engagement.controller.js';
import { MemberCheckInController } from './check-in.controller.js';
import { CheckInService } from './check-in.service.js';
import { EngagementSettingsService } from './engagement-settings.service.js';
import { MemberEngagementService } from './member-engagement.service.js';
import { MemberReferralController } from './referral.controller.js';
import { ReferralRewardsService } from './referral-rewards.service.js';
import { ReferralService } from './referral.service.js';
import { SignupSignalsService } from './signup-signals.service.js';
import { SubscriptionsRepository } from './subscriptions.repository.js';
import { SubscriptionsService } from './subscriptions.service.js';

/** Check-in (签到有礼) and referral (邀请有礼). */
@Module({
  imports: [LoyaltyModule, CouponsModule, RewardsModule, MembersModule, OutboxModule],
  controllers: [MemberCheckInController, MemberReferralController, AdminEngagementController, AdminMemberEngagementController],
  providers: [
    EngagementSettingsService,
    CheckInService,
    SubscriptionsService,
    SubscriptionsRepository,
    ReferralService,
    ReferralRewardsService,
    SignupSignalsService,
    MemberEngagementService,
  ],
  exports: [CheckInService, SubscriptionsService, ReferralRewardsService, ReferralService, SignupSignalsService],
})
export class EngagementModule {}
