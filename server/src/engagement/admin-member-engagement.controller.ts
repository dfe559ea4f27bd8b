// The member 360's check-ins and referrals (console 会员 → 签到 / 邀请 tabs). Read-only, for admins
// and managers; a manager reads only members of their store (another member → 404), the rule of
// GET /admin/members/:id and its segments.
import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AdminCheckInPage, AdminReferralPage } from '@huiyuan/shared';
import { ApiResult } from '../common/api-docs.js';
import { CurrentStaff, Roles, type StaffPrincipal } from '../common/auth.js';
import { MemberEngagementPageQuery } from './dto/engagement.dto.js';
import { MemberEngagementService } from './member-engagement.service.js';

const MANAGER_SCOPE = 'Managers: members registered or ordering at their store; any other member → 404.';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/members')
export class AdminMemberEngagementController {
  constructor(private readonly engagement: MemberEngagementService) {}

  @Get(':id/checkins')
  @Roles('admin', 'manager')
  @ApiOperation({
    summary: 'List a member’s check-ins',
    description: `Newest date first, keyset-paged by nextCursor (?limit=, 20 by default): date, streak, make-up, points and rewards. ${MANAGER_SCOPE}`,
  })
  @ApiResult('AdminCheckInPage')
  checkIns(
    @CurrentStaff() viewer: StaffPrincipal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() q: MemberEngagementPageQuery,
  ): Promise<AdminCheckInPage> {
    return this.engagement.checkInsOf(viewer, id, q);
  }

  @Get(':id/referrals')
  @Roles('admin', 'manager')
  @ApiOperation({
    summary: 'List a member’s referrals',
    description:
      'Who invited the member, and the friends they invited (masked nickname, member number), newest first and keyset-paged, ' +
      `each with both sides’ rewards (pending, on_hold, released, cancelled; null before the friend’s first qualifying order). ${MANAGER_SCOPE}`,
  })
  @ApiResult('AdminReferralPage')
  referrals(
    @CurrentStaff() viewer: StaffPrincipal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() q: MemberEngagementPageQuery,
  ): Promise<AdminReferralPage> {
    return this.engagement.referralsOf(viewer, id, q);
  }
}
