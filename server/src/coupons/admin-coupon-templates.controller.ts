import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CouponTemplateListResponse, CouponTemplateView, GrantCouponsResponse } from '@huiyuan/shared';
import { ApiErrors, ApiResult } from '../common/api-docs.js';
import type { FastifyReply } from 'fastify';
import { CurrentStaff, Roles, type StaffPrincipal } from '../common/auth.js';
import { CouponIssuerService } from './coupon-issuer.service.js';
import { CouponTemplatesService } from './coupon-templates.service.js';
import { GrantCouponsDto } from './dto/coupon-actions.dto.js';
import { CouponTemplateQuery, CreateCouponTemplateDto, UpdateCouponTemplateDto } from './dto/coupon-template.dto.js';
import { Idempotent } from '../common/idempotency.js';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/coupon-templates')
export class AdminCouponTemplatesController {
  constructor(
    private readonly templates: CouponTemplatesService,
    private readonly issuer: CouponIssuerService,
  ) {}

  @Post()
  @Roles('admin')
  @Idempotent()
  @ApiOperation({
    summary: 'Create a coupon template',
    description: 'Idempotency-Key replays the first response. Unknown store ids → 400.',
  })
  @ApiResult('CouponTemplateView', 201)
  create(@CurrentStaff() actor: StaffPrincipal, @Body() body: CreateCouponTemplateDto): Promise<CouponTemplateView> {
    return this.templates.create(actor, body);
  }

  /** Admins: all templates. Managers: those usable in their store. */
  @Get()
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'List coupon templates', description: 'Admins: all. Managers: those usable in their store.' })
  @ApiResult('CouponTemplateListResponse')
  async list(@CurrentStaff() viewer: StaffPrincipal, @Query() q: CouponTemplateQuery): Promise<CouponTemplateListResponse> {
    return { items: await this.templates.list(viewer, q) };
  }

  @Get(':id')
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'Read a coupon template', description: 'With its stock issued and remaining.' })
  @ApiResult('CouponTemplateView')
  get(@CurrentStaff() viewer: StaffPrincipal, @Param('id', new ParseUUIDPipe()) id: string): Promise<CouponTemplateView> {
    return this.templates.get(viewer, id);
  }

  /** title, description; totalStock and perMemberLimit only upwards; validTo only later (window templates). */
  @Patch(':id')
  @Roles('admin')
  @ApiOperation({
    summary: 'Change a coupon template',
    description:
      'Only what leaves issued coupons’ worth alone: title, description; totalStock (not below what is issued) and ' +
      'perMemberLimit upwards; validTo only later (window templates).',
  })
  @ApiResult('CouponTemplateView')
  update(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateCouponTemplateDto,
  ): Promise<CouponTemplateView> {
    return this.templates.update(actor, id, body);
  }

  @Post(':id/pause')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Pause a coupon template', description: 'No more claims or grants; issued coupons stay usable.' })
  @ApiResult('CouponTemplateView')
  pause(@CurrentStaff() actor: StaffPrincipal, @Param('id', new ParseUUIDPipe()) id: string): Promise<CouponTemplateView> {
    return this.templates.setStatus(actor, id, 'paused');
  }

  @Post(':id/resume')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume a paused coupon template' })
  @ApiResult('CouponTemplateView')
  resume(@CurrentStaff() actor: StaffPrincipal, @Param('id', new ParseUUIDPipe()) id: string): Promise<CouponTemplateView> {
    return this.templates.setStatus(actor, id, 'active');
  }

  /** 201 when coupons were issued, 200 for a replay of the same idempotencyKey. */
  @Post(':id/grants')
  @Roles('admin')
  @ApiOperation({
    summary: 'Grant coupons to members',
    description:
      'One coupon of this template to each listed member, idempotent on idempotencyKey (a replay answers the same coupons). ' +
      'Unknown member ids → 404.',
  })
  @ApiResult('GrantCouponsResponse', 201, { replay: 'idempotencyKey repeats an earlier grant: the same coupons, none issued' })
  @ApiErrors(
    'IDEMPOTENCY_KEY_CONFLICT',
    'COUPON_TEMPLATE_PAUSED',
    'COUPON_NOT_APPLICABLE',
    'COUPON_EXPIRED',
    'COUPON_OUT_OF_STOCK',
  )
  async grant(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: GrantCouponsDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<GrantCouponsResponse> {
    const result = await this.issuer.grant(actor, id, body);
    void reply.status(result.created ? 201 : 200);
    return result.body;
  }
}
