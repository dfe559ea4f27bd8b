import { Controller, Get, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { ReferralSummary } from '@huiyuan/shared';
import { ApiErrors, ApiFile, ApiResult } from '../common/api-docs.js';
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
  @ApiOperation({
    summary: 'Read my referral summary',
    description: 'My invite code and share path, the friends I invited and the rewards earned and pending.',
  })
  @ApiResult('ReferralSummary')
  summary(@CurrentMember() m: MemberPrincipal): Promise<ReferralSummary> {
    return this.referral.summary(m.id);
  }

  @Get('qrcode')
  @Roles('member')
  @ApiProduces('image/png')
  @ApiOperation({
    summary: 'Get my invite QR code',
    description: 'A WeChat mini-program code (PNG) opening the app with my invite.',
  })
  @ApiFile('image/png', 'The QR code image')
  @ApiErrors('WECHAT_UNAVAILABLE')
  async qrCode(@CurrentMember() m: MemberPrincipal, @Res() reply: FastifyReply): Promise<void> {
    const png = await this.referral.qrCode(m.id);
    await reply.type('image/png').header('cache-control', 'private, max-age=86400').send(png);
  }
}
