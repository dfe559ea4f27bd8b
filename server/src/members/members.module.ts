import { Module } from '@nestjs/common';
import { MembersController } from './members.controller.js';
import { MembersService } from './members.service.js';
import { TiersService } from './tiers.service.js';
import { WechatPhoneService } from './wechat-phone.service.js';

@Module({
  controllers: [MembersController],
  providers: [MembersService, TiersService, WechatPhoneService],
  exports: [MembersService, TiersService],
})
export class MembersModule {}
