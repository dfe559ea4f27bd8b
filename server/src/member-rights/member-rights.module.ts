import { Module } from '@nestjs/common';
import { CouponsModule } from '../coupons/coupons.module.js';
import { EngagementModule } from '../engagement/engagement.module.js';
import { LoyaltyModule } from '../loyalty/loyalty.module.js';
import { LotteryModule } from '../lottery/lottery.module.js';
import { MembersModule } from '../members/members.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { RewardsModule } from '../rewards/rewards.module.js';
import { SegmentsModule } from '../segments/segments.module.js';
import { TillModule } from '../till/till.module.js';
import { FeedbackModule } from '../feedback/feedback.module.js';
import { MemberRightsController } from './member-rights.controller.js';
import { MemberRightsService } from './member-rights.service.js';

/** Members' data rights: export, erasure, declining consent, the never-consented purge. */
@Module({
  imports: [
    MembersModule,
    LoyaltyModule,
    TillModule,
    CouponsModule,
    EngagementModule,
    NotificationsModule,
    RewardsModule,
    LotteryModule,
    SegmentsModule,
    FeedbackModule,
  ],
  controllers: [MemberRightsController],
  providers: [MemberRightsService],
  exports: [MemberRightsService],
})
export class MemberRightsModule {}
