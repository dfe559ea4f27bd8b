import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { DeleteMeResponse, MemberDataExport } from '@huiyuan/shared';
import { ApiErrors, ApiNoContent, ApiResult } from '../common/api-docs.js';
import { ConsentExempt, CurrentMember, Roles, type MemberPrincipal } from '../common/auth.js';
import { DeleteMeDto } from './dto/delete-me.dto.js';
import { MemberRightsService } from './member-rights.service.js';

// Consent-exempt: a member who withdrew consent (or never gave it) keeps the rights to see and
// to delete what is held on them.
@ApiTags('member')
@ApiBearerAuth()
@Controller()
export class MemberRightsController {
  constructor(private readonly rights: MemberRightsService) {}

  @Get('me/export')
  @Roles('member')
  @ConsentExempt()
  @ApiOperation({
    summary: 'Export my data',
    description: 'Every personal datum held on me and my ledgers, as JSON (PIPL art. 45). Allowed without consent.',
  })
  @ApiResult('MemberDataExport')
  export(@CurrentMember() member: MemberPrincipal): Promise<MemberDataExport> {
    return this.rights.export(member.id);
  }

  @Delete('me')
  @HttpCode(202)
  @Roles('member')
  @ConsentExempt()
  @ApiOperation({
    summary: 'Delete my account',
    description:
      'Body { confirm: "注销" }. Personal data erased at once, financial ledgers kept under a pseudonymous id; every token ' +
      'of the member is refused afterwards (401).',
  })
  @ApiResult('DeleteMeResponse', 202)
  erase(@CurrentMember() member: MemberPrincipal, @Body() _body: DeleteMeDto): Promise<DeleteMeResponse> {
    return this.rights.erase(member.id);
  }

  @Post('me/consent/decline')
  @HttpCode(204)
  @Roles('member')
  @ConsentExempt()
  @ApiOperation({
    summary: 'Decline the privacy policy',
    description: 'A member who never consented is removed entirely; one who has consented → 409 CONSENT_ALREADY_GIVEN.',
  })
  @ApiNoContent('Declined; the member is removed')
  @ApiErrors('CONSENT_ALREADY_GIVEN')
  async decline(@CurrentMember() member: MemberPrincipal): Promise<void> {
    await this.rights.decline(member.id);
  }
}
