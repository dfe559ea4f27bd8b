import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { MemberDataExport } from '@huiyuan/shared';
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
  @ApiOperation({ summary: 'Every personal datum held on me and my ledgers, as JSON (PIPL art. 45)' })
  export(@CurrentMember() member: MemberPrincipal): Promise<MemberDataExport> {
    return this.rights.export(member.id);
  }

  @Delete('me')
  @HttpCode(202)
  @Roles('member')
  @ConsentExempt()
  @ApiOperation({ summary: 'Delete my account: personal data erased at once, ledgers kept under a pseudonymous id' })
  erase(@CurrentMember() member: MemberPrincipal, @Body() _body: DeleteMeDto): Promise<{ status: 'deleted'; deletedAt: string }> {
    return this.rights.erase(member.id);
  }

  @Post('me/consent/decline')
  @HttpCode(204)
  @Roles('member')
  @ConsentExempt()
  @ApiOperation({ summary: 'Decline the privacy policy: a never-consented member is removed entirely' })
  async decline(@CurrentMember() member: MemberPrincipal): Promise<void> {
    await this.rights.decline(member.id);
  }
}
