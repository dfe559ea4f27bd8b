import { Module } from '@nestjs/common';
import { MembersModule } from '../members/members.module.js';
import { AuthController, StaffAdminController } from './identity.controller.js';
import { IdentityService } from './identity.service.js';

@Module({
  imports: [MembersModule],
  controllers: [AuthController, StaffAdminController],
  providers: [IdentityService],
  exports: [IdentityService],
})
export class IdentityModule {}
