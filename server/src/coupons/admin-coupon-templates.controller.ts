import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CouponTemplateView, GrantCouponsResponse } from '@huiyuan/shared';
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
  @ApiOperation({ summary: 'Create a coupon template (Idempotency-Key replays the first response)' })
  create(@CurrentStaff() actor: StaffPrincipal, @Body() body: CreateCouponTemplateDto): Promise<CouponTemplateView> {
    return this.templates.create(actor, body);
  }

  /** Admins: all templates. Managers: those usable in their store. */
  @Get()
  @Roles('admin', 'manager')
  async list(@CurrentStaff() viewer: StaffPrincipal, @Query() q: CouponTemplateQuery): Promise<{ items: CouponTemplateView[] }> {
    return { items: await this.templates.list(viewer, q) };
  }

  @Get(':id')
  @Roles('admin', 'manager')
  get(@CurrentStaff() viewer: StaffPrincipal, @Param('id', new ParseUUIDPipe()) id: string): Promise<CouponTemplateView> {
    return this.templates.get(viewer, id);
  }

  /** title, description; totalStock and perMemberLimit only upwards; validTo only later (window templates). */
  @Patch(':id')
  @Roles('admin')
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
  pause(@CurrentStaff() actor: StaffPrincipal, @Param('id', new ParseUUIDPipe()) id: string): Promise<CouponTemplateView> {
    return this.templates.setStatus(actor, id, 'paused');
  }

  @Post(':id/resume')
  @Roles('admin')
  @HttpCode(200)
  resume(@CurrentStaff() actor: StaffPrincipal, @Param('id', new ParseUUIDPipe()) id: string): Promise<CouponTemplateView> {
    return this.templates.setStatus(actor, id, 'active');
  }

  /** 201 when coupons were issued, 200 for a replay of the same idempotencyKey. */
  @Post(':id/grants')
  @Roles('admin')
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
