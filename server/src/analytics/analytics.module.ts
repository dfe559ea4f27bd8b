import { Global, Module } from '@nestjs/common';
import { ProgrammeModule } from '../programme/programme.module.js';
import { AnalyticsController } from './analytics.controller.js';
import { AnalyticsService } from './analytics.service.js';
import { LifecycleController } from './lifecycle.controller.js';
import { MemberScoresService } from './member-scores.service.js';

/** Global: the till, identity, engagement and member rights call AnalyticsService in their transactions. */
@Global()
@Module({
  imports: [ProgrammeModule],
  controllers: [AnalyticsController, LifecycleController],
  providers: [AnalyticsService, MemberScoresService],
  exports: [AnalyticsService, MemberScoresService],
})
export class AnalyticsModule {}
