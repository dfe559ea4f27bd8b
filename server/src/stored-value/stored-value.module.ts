import { Module } from '@nestjs/common';
import { LoyaltyModule } from '../loyalty/loyalty.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { PaymentsModule } from '../payments/payments.module.js';
import { SegmentsModule } from '../segments/segments.module.js';
import { TillModule } from '../till/till.module.js';
import { AdminStoredValueController, StoredValueController } from './stored-value.controller.js';
import { StoredValueService } from './stored-value.service.js';

/** Stored value (储值): plans, top-ups, the two-bucket balance, till payments and returns, refunds, settlement. */
@Module({
  imports: [PaymentsModule, LoyaltyModule, NotificationsModule, SegmentsModule, TillModule],
  controllers: [StoredValueController, AdminStoredValueController],
  providers: [StoredValueService],
  exports: [StoredValueService],
})
export class StoredValueModule {}
