import { Module } from '@nestjs/common';
import { CouponsModule } from '../coupons/coupons.module.js';
import { EngagementModule } from '../engagement/engagement.module.js';
import { LoyaltyModule } from '../loyalty/loyalty.module.js';
import { MembersModule } from '../members/members.module.js';
import { MemberOrdersController } from './member-orders.controller.js';
import { TillController } from './till.controller.js';
import { PresenceService } from './presence.service.js';
import { TillService } from './till.service.js';

@Module({
  imports: [LoyaltyModule, MembersModule, CouponsModule, EngagementModule],
  controllers: [TillController, MemberOrdersController],
  providers: [TillService, PresenceService],
  exports: [TillService, PresenceService],
})
export class TillModule {}
