import { Module } from '@nestjs/common';
import { AdminMembersController } from './admin-members.controller.js';
import { AdminMembersService } from './admin-members.service.js';
import { MembersController } from './members.controller.js';
import { ProgrammeModule } from '../programme/programme.module.js';
import { MembersService } from './members.service.js';
import { TiersService } from './tiers.service.js';
import { WechatPhoneService } from './wechat-phone.service.js';

@Module({
  imports: [ProgrammeModule],
  controllers: [MembersController, AdminMembersController],
  providers: [MembersService, TiersService, WechatPhoneService, AdminMembersService],
  exports: [MembersService, TiersService],
})
export class MembersModule {}
