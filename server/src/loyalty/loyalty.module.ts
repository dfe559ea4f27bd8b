import { Module } from '@nestjs/common';
import { MembersModule } from '../members/members.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { AdminPointsController, MemberLoyaltyController } from './loyalty.controller.js';
import { LoyaltyJobsService } from './loyalty-jobs.service.js';
import { MemberCodeService } from './member-code.service.js';
import { PointsLedgerService } from './points-ledger.service.js';
import { PointsService } from './points.service.js';
import { ProgrammeModule } from '../programme/programme.module.js';
import { ReconciliationService } from './reconciliation.service.js';
import { TierEventsService } from './tier-events.service.js';

@Module({
  imports: [MembersModule, NotificationsModule, ProgrammeModule],
  controllers: [MemberLoyaltyController, AdminPointsController],
  providers: [
    PointsLedgerService,
    PointsService,
    MemberCodeService,
    TierEventsService,
    LoyaltyJobsService,
    ReconciliationService,
  ],
  exports: [
    ProgrammeModule,
    PointsLedgerService,
    PointsService,
    MemberCodeService,
    TierEventsService,
    LoyaltyJobsService,
    ReconciliationService,
  ],
})
export class LoyaltyModule {}
