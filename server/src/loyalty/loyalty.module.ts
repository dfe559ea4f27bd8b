import { Module } from '@nestjs/common';
import { MembersModule } from '../members/members.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { AdminPointsController, MemberLoyaltyController } from './loyalty.controller.js';
import { LoyaltyJobsService } from './loyalty-jobs.service.js';
import { MemberCodeService } from './member-code.service.js';
import { PointsLedgerService } from './points-ledger.service.js';
import { PointsService } from './points.service.js';
import { ProgrammeService } from './programme.service.js';
import { ReconciliationService } from './reconciliation.service.js';
import { TierEventsService } from './tier-events.service.js';

@Module({
  imports: [MembersModule, NotificationsModule],
  controllers: [MemberLoyaltyController, AdminPointsController],
  providers: [
    PointsLedgerService,
    PointsService,
    ProgrammeService,
    MemberCodeService,
    TierEventsService,
    LoyaltyJobsService,
    ReconciliationService,
  ],
  exports: [
    PointsLedgerService,
    PointsService,
    ProgrammeService,
    MemberCodeService,
    TierEventsService,
    LoyaltyJobsService,
    ReconciliationService,
  ],
})
export class LoyaltyModule {}
