import { Body, Controller, Get, HttpCode, Patch, Post, UseGuards } from '@nestjs/common';
import { LoginRateLimitGuard } from '../common/rate-limit.guard.js';
import { ApiBearerAuth, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { MemberCard, PrivacyPolicy } from '@huiyuan/shared';
import { ConsentExempt, CurrentMember, Public, Roles, type MemberPrincipal } from '../common/auth.js';
import { BindPhoneDto, ConsentDto, UpdateMeDto } from './dto/update-me.dto.js';
import { MembersService } from './members.service.js';
import { CURRENT_PRIVACY_POLICY } from './privacy-policy.js';

@ApiTags('member')
@ApiBearerAuth()
@Controller()
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Get('privacy-policy')
  @Public()
  privacyPolicy(): PrivacyPolicy {
    return CURRENT_PRIVACY_POLICY;
  }

  @Get('me')
  @Roles('member')
  @ConsentExempt()
  me(@CurrentMember() member: MemberPrincipal): Promise<MemberCard> {
    return this.members.card(member.id);
  }

  @Patch('me')
  @Roles('member')
  update(@CurrentMember() member: MemberPrincipal, @Body() body: UpdateMeDto): Promise<MemberCard> {
    return this.members.update(member.id, body);
  }

  /** The same as `PATCH /me`, for WeChat's wx.request, which cannot send PATCH. */
  @Post('me')
  @HttpCode(200)
  @Roles('member')
  updateViaPost(@CurrentMember() member: MemberPrincipal, @Body() body: UpdateMeDto): Promise<MemberCard> {
    return this.members.update(member.id, body);
  }

  @Post('me/consent')
  @HttpCode(200)
  @Roles('member')
  @ConsentExempt()
  consent(@CurrentMember() member: MemberPrincipal, @Body() body: ConsentDto): Promise<MemberCard> {
    return this.members.acceptConsent(member.id, body.version);
  }

  @Post('me/consent/withdraw')
  @HttpCode(200)
  @Roles('member')
  @ConsentExempt()
  @ApiOperation({ summary: 'Withdraw consent: member routes answer 403 CONSENT_REQUIRED until accepted again' })
  withdrawConsent(@CurrentMember() member: MemberPrincipal): Promise<MemberCard> {
    return this.members.withdrawConsent(member.id);
  }

  @Post('me/phone')
  @HttpCode(200)
  @UseGuards(LoginRateLimitGuard)
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED: the per-address budget is spent (Retry-After)' })
  @Roles('member')
  bindPhone(@CurrentMember() member: MemberPrincipal, @Body() body: BindPhoneDto): Promise<MemberCard> {
    return this.members.bindPhone(member.id, body.code);
  }
}
