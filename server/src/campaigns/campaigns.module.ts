import { Module } from '@nestjs/common';
import { CouponsModule } from '../coupons/coupons.module.js';
import { EngagementModule } from '../engagement/engagement.module.js';
import { LoyaltyModule } from '../loyalty/loyalty.module.js';
import { MembersModule } from '../members/members.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { OutboxModule } from '../outbox/outbox.module.js';
import { ProgrammeModule } from '../programme/programme.module.js';
import { RewardsModule } from '../rewards/rewards.module.js';
import { SegmentsModule } from '../segments/segments.module.js';
import { TillModule } from '../till/till.module.js';
import { AutomationsService } from './automations.service.js';
import { CampaignActionsService } from './campaign-actions.service.js';
import { AdminAutomationsController, AdminCampaignsController } from './campaigns.controller.js';
import { CampaignsService } from './campaigns.service.js';

/** Campaigns and automations (docs/campaigns.md); imports the modules it acts through, none imports it. */
@Module({
  imports: [
    RewardsModule,
    EngagementModule,
    NotificationsModule,
    OutboxModule,
    SegmentsModule,
    MembersModule,
    LoyaltyModule,
    CouponsModule,
    ProgrammeModule,
    TillModule,
  ],
  controllers: [AdminCampaignsController, AdminAutomationsController],
  providers: [CampaignsService, CampaignActionsService, AutomationsService],
  exports: [CampaignsService, AutomationsService],
})
export class CampaignsModule {}
