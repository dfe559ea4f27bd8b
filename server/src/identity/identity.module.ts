import { Module } from '@nestjs/common';
import { CouponsModule } from '../coupons/coupons.module.js';
import { EngagementModule } from '../engagement/engagement.module.js';
import { MembersModule } from '../members/members.module.js';
import { AuthController, SessionController, StaffAdminController } from './identity.controller.js';
import { IdentityService } from './identity.service.js';
import { StaffAccountsService } from './staff-accounts.service.js';

@Module({
  imports: [MembersModule, CouponsModule, EngagementModule],
  controllers: [AuthController, StaffAdminController, SessionController],
  providers: [IdentityService, StaffAccountsService],
  exports: [IdentityService],
})
export class IdentityModule {}
