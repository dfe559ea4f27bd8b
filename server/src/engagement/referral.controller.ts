import { Controller, Get, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { ReferralSummary } from '@huiyuan/shared';
import type { FastifyReply } from 'fastify';
import { CurrentMember, Roles, type MemberPrincipal } from '../common/auth.js';
import { ReferralService } from './referral.service.js';

@ApiTags('member')
@ApiBearerAuth()
@Controller('me/referral')
export class MemberReferralController {
  constructor(private readonly referral: ReferralService) {}

  @Get()
  @Roles('member')
  summary(@CurrentMember() m: MemberPrincipal): Promise<ReferralSummary> {
    return this.referral.summary(m.id);
  }

  @Get('qrcode')
  @Roles('member')
  @ApiProduces('image/png')
  async qrCode(@CurrentMember() m: MemberPrincipal, @Res() reply: FastifyReply): Promise<void> {
    const png = await this.referral.qrCode(m.id);
    await reply.type('image/png').header('cache-control', 'private, max-age=86400').send(png);
  }
}
