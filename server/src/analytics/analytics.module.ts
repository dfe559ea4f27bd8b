import { Global, Module } from '@nestjs/common';
import { ProgrammeModule } from '../programme/programme.module.js';
import { AnalyticsController } from './analytics.controller.js';
import { AnalyticsService } from './analytics.service.js';

/** Global: the till, identity, engagement and member rights call AnalyticsService in their transactions. */
@Global()
@Module({
  imports: [ProgrammeModule],
  controllers: [AnalyticsController],
  providers: [AnalyticsService],
  exports: [AnalyticsService],
})
export class AnalyticsModule {}
