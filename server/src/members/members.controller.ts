import { Body, Controller, Get, HttpCode, Patch, Post, UseGuards } from '@nestjs/common';
import { LoginRateLimitGuard } from '../common/rate-limit.guard.js';
import { ApiBearerAuth, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ApiErrors, ApiResult } from '../common/api-docs.js';
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
  @ApiOperation({ summary: 'Read the current privacy policy', description: 'No token needed: shown before login.' })
  @ApiResult('PrivacyPolicy')
  privacyPolicy(): PrivacyPolicy {
    return CURRENT_PRIVACY_POLICY;
  }

  @Get('me')
  @Roles('member')
  @ConsentExempt()
  @ApiOperation({ summary: 'Read my member card', description: 'Allowed before the privacy policy is accepted.' })
  @ApiResult('MemberCard')
  me(@CurrentMember() member: MemberPrincipal): Promise<MemberCard> {
    return this.members.card(member.id);
  }

  @Patch('me')
  @Roles('member')
  @ApiOperation({
    summary: 'Update my profile',
    description: 'Only the fields given change. The birthday may change once a year (sooner: 422 BIRTHDAY_LOCKED).',
  })
  @ApiResult('MemberCard')
  @ApiErrors('BIRTHDAY_LOCKED')
  update(@CurrentMember() member: MemberPrincipal, @Body() body: UpdateMeDto): Promise<MemberCard> {
    return this.members.update(member.id, body);
  }

  /** The same as `PATCH /me`, for WeChat's wx.request, which cannot send PATCH. */
  @Post('me')
  @HttpCode(200)
  @Roles('member')
  @ApiOperation({
    summary: 'Update my profile (POST form)',
    description: 'The same as PATCH /me, for wx.request, which cannot send PATCH.',
  })
  @ApiResult('MemberCard')
  @ApiErrors('BIRTHDAY_LOCKED')
  updateViaPost(@CurrentMember() member: MemberPrincipal, @Body() body: UpdateMeDto): Promise<MemberCard> {
    return this.members.update(member.id, body);
  }

  @Post('me/consent')
  @HttpCode(200)
  @Roles('member')
  @ConsentExempt()
  @ApiOperation({
    summary: 'Accept the privacy policy',
    description: 'version must be the current policy’s (else 409 CONSENT_VERSION_OUTDATED).',
  })
  @ApiResult('MemberCard')
  @ApiErrors('CONSENT_VERSION_OUTDATED')
  consent(@CurrentMember() member: MemberPrincipal, @Body() body: ConsentDto): Promise<MemberCard> {
    return this.members.acceptConsent(member.id, body.version);
  }

  @Post('me/consent/withdraw')
  @HttpCode(200)
  @Roles('member')
  @ConsentExempt()
  @ApiOperation({
    summary: 'Withdraw my consent',
    description: 'Member routes answer 403 CONSENT_REQUIRED until the policy is accepted again.',
  })
  @ApiResult('MemberCard')
  withdrawConsent(@CurrentMember() member: MemberPrincipal): Promise<MemberCard> {
    return this.members.withdrawConsent(member.id);
  }

  @Post('me/phone')
  @HttpCode(200)
  @UseGuards(LoginRateLimitGuard)
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED: the per-address budget is spent (Retry-After)' })
  @Roles('member')
  @ApiOperation({
    summary: 'Bind my phone number',
    description:
      'From the code of a getPhoneNumber button (sandbox: dev:<11-digit phone>). The card then shows the masked number.',
  })
  @ApiResult('MemberCard')
  @ApiErrors('PHONE_TAKEN', 'WECHAT_PHONE_FAILED', 'WECHAT_CODE_INVALID', 'WECHAT_UNAVAILABLE', 'RATE_LIMITED')
  bindPhone(@CurrentMember() member: MemberPrincipal, @Body() body: BindPhoneDto): Promise<MemberCard> {
    return this.members.bindPhone(member.id, body.code);
  }
}
