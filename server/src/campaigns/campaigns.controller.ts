import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AutomationListResponse, AutomationView, CampaignListResponse, CampaignReport, CampaignView } from '@huiyuan/shared';
import { ApiErrors, ApiResult } from '../common/api-docs.js';
import { CurrentStaff, Roles, type StaffPrincipal } from '../common/auth.js';
import { Idempotent } from '../common/idempotency.js';
import { AutomationsService } from './automations.service.js';
import { CampaignsService } from './campaigns.service.js';
import { CampaignReportQuery, CreateAutomationDto, CreateCampaignDto, UpdateAutomationDto } from './dto/campaigns.dto.js';

@ApiTags('admin', 'campaigns')
@ApiBearerAuth()
@Controller('admin/campaigns')
export class AdminCampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Post()
  @Roles('admin')
  @Idempotent()
  @ApiOperation({
    summary: 'Create a campaign',
    description:
      'A draft: segment, action, holdout, budget, frequency cap, schedule (docs/campaigns.md). Idempotency-Key replays the first response. ' +
      'An unknown segment or coupon template → 422 INVALID_CAMPAIGN.',
  })
  @ApiResult('CampaignView', 201)
  @ApiErrors('INVALID_CAMPAIGN')
  create(@CurrentStaff() actor: StaffPrincipal, @Body() body: CreateCampaignDto): Promise<CampaignView> {
    return this.campaigns.create(actor, body);
  }

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'List campaigns', description: 'The 200 newest, with progress.' })
  @ApiResult('CampaignListResponse')
  async list(): Promise<CampaignListResponse> {
    return { items: await this.campaigns.list() };
  }

  @Get(':id')
  @Roles('admin')
  @ApiOperation({
    summary: 'Read a campaign',
    description: 'Status and progress: targeted, holdout, delivered, pending, skipped by reason.',
  })
  @ApiResult('CampaignView')
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<CampaignView> {
    return this.campaigns.get(id);
  }

  @Get(':id/report')
  @Roles('admin')
  @ApiOperation({
    summary: 'Campaign report: target against holdout',
    description:
      'Over the `days` after the launch (up to now): members, buyers, buyer rate, repurchase rate, net GMV and GMV per member of each group, and the lift. ' +
      'Every frozen member counts in their group (intention to treat). Not started → 409 CAMPAIGN_STATE.',
  })
  @ApiResult('CampaignReport')
  @ApiErrors('CAMPAIGN_STATE')
  report(@Param('id', new ParseUUIDPipe()) id: string, @Query() q: CampaignReportQuery): Promise<CampaignReport> {
    return this.campaigns.report(id, q.days);
  }

  @Post(':id/launch')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Launch a campaign',
    description:
      'Freezes the segment’s members and the holdout now and starts the delivery — or waits for scheduleAt. Only a draft → else 409 CAMPAIGN_STATE.',
  })
  @ApiResult('CampaignView')
  @ApiErrors('CAMPAIGN_STATE', 'INVALID_CAMPAIGN')
  launch(@CurrentStaff() actor: StaffPrincipal, @Param('id', new ParseUUIDPipe()) id: string): Promise<CampaignView> {
    return this.campaigns.command(actor, id, 'launch');
  }

  @Post(':id/pause')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Pause a running campaign',
    description: 'The batch in flight finishes; no member is reached until resumed. Else 409 CAMPAIGN_STATE.',
  })
  @ApiResult('CampaignView')
  @ApiErrors('CAMPAIGN_STATE')
  pause(@CurrentStaff() actor: StaffPrincipal, @Param('id', new ParseUUIDPipe()) id: string): Promise<CampaignView> {
    return this.campaigns.command(actor, id, 'pause');
  }

  @Post(':id/resume')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Resume a paused campaign',
    description: 'Delivery goes on with the members not yet reached. Else 409 CAMPAIGN_STATE.',
  })
  @ApiResult('CampaignView')
  @ApiErrors('CAMPAIGN_STATE')
  resume(@CurrentStaff() actor: StaffPrincipal, @Param('id', new ParseUUIDPipe()) id: string): Promise<CampaignView> {
    return this.campaigns.command(actor, id, 'resume');
  }

  @Post(':id/cancel')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Cancel a campaign',
    description: 'For good: members not yet reached never are. A completed or cancelled campaign → 409 CAMPAIGN_STATE.',
  })
  @ApiResult('CampaignView')
  @ApiErrors('CAMPAIGN_STATE')
  cancel(@CurrentStaff() actor: StaffPrincipal, @Param('id', new ParseUUIDPipe()) id: string): Promise<CampaignView> {
    return this.campaigns.command(actor, id, 'cancel');
  }
}

@ApiTags('admin', 'campaigns')
@ApiBearerAuth()
@Controller('admin/automations')
export class AdminAutomationsController {
  constructor(private readonly automations: AutomationsService) {}

  @Post()
  @Roles('admin')
  @Idempotent()
  @ApiOperation({
    summary: 'Create an automation',
    description:
      'Trigger → optional delay → action; fires once per member per occurrence. Idempotency-Key replays the first response.',
  })
  @ApiResult('AutomationView', 201)
  @ApiErrors('INVALID_AUTOMATION')
  create(@CurrentStaff() actor: StaffPrincipal, @Body() body: CreateAutomationDto): Promise<AutomationView> {
    return this.automations.create(actor, body);
  }

  @Get()
  @Roles('admin')
  @ApiOperation({
    summary: 'List automations',
    description: 'Built-in ones first (welcome coupons, birthday coupons, expiry reminder), with fired and delivered counts.',
  })
  @ApiResult('AutomationListResponse')
  async list(): Promise<AutomationListResponse> {
    return { items: await this.automations.list() };
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({
    summary: 'Edit or switch an automation on or off',
    description:
      'A built-in automation keeps its trigger and action (→ 422 INVALID_AUTOMATION); its name, timing and on/off may change. Audited.',
  })
  @ApiResult('AutomationView')
  @ApiErrors('INVALID_AUTOMATION')
  update(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateAutomationDto,
  ): Promise<AutomationView> {
    return this.automations.update(actor, id, body);
  }
}
