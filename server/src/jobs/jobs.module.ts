import { type DynamicModule, Module } from '@nestjs/common';
import { CouponsModule } from '../coupons/coupons.module.js';
import { EngagementModule } from '../engagement/engagement.module.js';
import { LoyaltyModule } from '../loyalty/loyalty.module.js';
import { MemberRightsModule } from '../member-rights/member-rights.module.js';
import { TillModule } from '../till/till.module.js';
import { OutboxModule } from '../outbox/outbox.module.js';
import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { MembershipModule } from '../membership/membership.module.js';
import { PaymentsModule } from '../payments/payments.module.js';
import { StoredValueModule } from '../stored-value/stored-value.module.js';
import { JobsController } from './jobs.controller.js';
import { DATABASE_URL, JobsService } from './jobs.service.js';

@Module({})
export class JobsModule {
  static forRoot(databaseUrl: string): DynamicModule {
    return {
      module: JobsModule,
      imports: [
        LoyaltyModule,
        CouponsModule,
        EngagementModule,
        MemberRightsModule,
        TillModule,
        OutboxModule,
        CampaignsModule,
        PaymentsModule,
        StoredValueModule,
        MembershipModule,
      ],
      controllers: [JobsController],
      providers: [{ provide: DATABASE_URL, useValue: databaseUrl }, JobsService],
      exports: [JobsService],
    };
  }
}
