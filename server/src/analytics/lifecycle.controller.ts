// The lifecycle thresholds the KPIs and the nightly member-scores job use (docs/metrics.md
// "Lifecycle"): admins and managers read them, admins change them (validated in shared, audited).
import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { LifecycleSettingsResponse } from '@huiyuan/shared';
import { ApiResult } from '../common/api-docs.js';
import { CurrentStaff, Roles, type StaffPrincipal } from '../common/auth.js';
import { LifecycleSettingsBody } from './analytics.dto.js';
import { MemberScoresService } from './member-scores.service.js';

@ApiTags('admin', 'analytics')
@ApiBearerAuth()
@Controller('admin/analytics/lifecycle')
export class LifecycleController {
  constructor(private readonly scores: MemberScoresService) {}

  @Get()
  @Roles('admin', 'manager')
  @ApiOperation({
    summary: 'Read the lifecycle thresholds',
    description: 'In days; the documented defaults (docs/metrics.md) until an admin saves some.',
  })
  @ApiResult('LifecycleSettingsResponse')
  get(): Promise<LifecycleSettingsResponse> {
    return this.scores.settings();
  }

  @Put()
  @Roles('admin')
  @ApiOperation({
    summary: 'Change the lifecycle thresholds',
    description:
      'new < silent < churned, 1–3660 days; audited. The KPIs use them at once; member_score and its change events follow at the next member-scores run (nightly, or POST /admin/jobs/member-scores/run). 400 VALIDATION_FAILED with every problem in details.',
  })
  @ApiResult('LifecycleSettingsResponse')
  put(@CurrentStaff() actor: StaffPrincipal, @Body() body: LifecycleSettingsBody): Promise<LifecycleSettingsResponse> {
    return this.scores.putSettings(actor, { ...body });
  }
}
