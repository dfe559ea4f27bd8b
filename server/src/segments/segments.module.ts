import { Module } from '@nestjs/common';
import { CouponsModule } from '../coupons/coupons.module.js';
import { LoyaltyModule } from '../loyalty/loyalty.module.js';
import { ProgrammeModule } from '../programme/programme.module.js';
import { TillModule } from '../till/till.module.js';
import { Member360Service } from './member-360.service.js';
import { AdminMember360Controller, AdminSegmentsController, AdminTagsController } from './segments.controller.js';
import { SegmentsService } from './segments.service.js';
import { TagsService } from './tags.service.js';

/** Tags, segments and the member 360 (issue 11 items 4–5, docs/segments.md). */
@Module({
  imports: [ProgrammeModule, TillModule, LoyaltyModule, CouponsModule],
  controllers: [AdminTagsController, AdminSegmentsController, AdminMember360Controller],
  providers: [TagsService, SegmentsService, Member360Service],
  exports: [TagsService, SegmentsService, Member360Service],
})
export class SegmentsModule {}
