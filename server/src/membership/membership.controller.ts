import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type {
  AdminMembershipPlan,
  AdminMembershipPlansResponse,
  CreateMembershipPurchaseResponse,
  MembershipPlansResponse,
  MembershipRefundResponse,
  MyMembershipResponse,
} from '@huiyuan/shared';
import type { FastifyReply } from 'fastify';
import { ApiErrors, ApiResult } from '../common/api-docs.js';
import { CurrentMember, CurrentStaff, Public, Roles, type MemberPrincipal, type StaffPrincipal } from '../common/auth.js';
import { Idempotent } from '../common/idempotency.js';
import { Member360Service } from '../segments/member-360.service.js';
import {
  CreateMembershipPlanDto,
  CreateMembershipPurchaseDto,
  MembershipRefundDto,
  UpdateMembershipPlanDto,
} from './dto/membership.dto.js';
import { MembershipService } from './membership.service.js';

@ApiTags('membership')
@Controller()
export class MembershipController {
  constructor(private readonly membership: MembershipService) {}

  @Get('membership/plans')
  @Public()
  @ApiOperation({
    summary: 'List the paid-membership plans',
    description:
      '付费会员 plans on offer: price, term, trial, benefits (member price rate, points multiplier, monthly coupon pack).',
  })
  @ApiResult('MembershipPlansResponse')
  plans(): Promise<MembershipPlansResponse> {
    return this.membership.plans();
  }

  @Post('me/membership/purchases')
  @Roles('member')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Buy a paid-membership plan',
    description:
      'A free trial is active at once, once per member (again → 422 TRIAL_ALREADY_USED). A paid plan answers the signed ' +
      'wx.requestPayment arguments and starts when WeChat Pay says it was paid: during a running term it stacks on its end. ' +
      'During a term with other benefits → 422 MEMBERSHIP_PLAN_CONFLICT. The same requestId answers the first purchase (200).',
  })
  @ApiResult('CreateMembershipPurchaseResponse', 201, { replay: 'requestId repeats an earlier purchase' })
  @ApiErrors(
    'TRIAL_ALREADY_USED',
    'MEMBERSHIP_PLAN_CONFLICT',
    'PLAN_NOT_AVAILABLE',
    'IDEMPOTENCY_KEY_CONFLICT',
    'PAYMENT_UNAVAILABLE',
    'PAYMENT_EXPIRED',
  )
  async purchase(
    @CurrentMember() m: MemberPrincipal,
    @Body() body: CreateMembershipPurchaseDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CreateMembershipPurchaseResponse> {
    const r = await this.membership.purchase(m.id, body);
    void reply.status(r.created ? 201 : 200);
    return r.body;
  }

  @Get('me/membership')
  @Roles('member')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Read my paid membership',
    description: 'Whether it is active, until when, its benefits, whether the trial was used, and every purchase.',
  })
  @ApiResult('MyMembershipResponse')
  mine(@CurrentMember() m: MemberPrincipal): Promise<MyMembershipResponse> {
    return this.membership.mine(m.id);
  }
}

@ApiTags('admin', 'membership')
@ApiBearerAuth()
@Controller('admin')
export class AdminMembershipController {
  constructor(
    private readonly membership: MembershipService,
    private readonly member360: Member360Service,
  ) {}

  @Get('membership/plans')
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'List every paid-membership plan', description: 'Offered and withdrawn ones.' })
  @ApiResult('AdminMembershipPlansResponse')
  plans(): Promise<AdminMembershipPlansResponse> {
    return this.membership.adminPlans();
  }

  @Post('membership/plans')
  @Roles('admin')
  @Idempotent()
  @ApiOperation({
    summary: 'Create a paid-membership plan',
    description:
      'Price in fen (0 only for a trial), term 1–3660 days, and at least one benefit: discountRateBp 1000–10000, ' +
      'pointsMultiplierBp 10000–100000, monthlyCouponTemplateId. Invalid → 422 INVALID_PLAN with details per field.',
  })
  @ApiResult('AdminMembershipPlan', 201)
  @ApiErrors('INVALID_PLAN')
  createPlan(@CurrentStaff() staff: StaffPrincipal, @Body() body: CreateMembershipPlanDto): Promise<AdminMembershipPlan> {
    return this.membership.createPlan(staff, body);
  }

  @Patch('membership/plans/:id')
  @Roles('admin')
  @ApiOperation({
    summary: 'Edit a paid-membership plan',
    description: 'Title, or withdraw / offer again; price, term and benefits never change.',
  })
  @ApiResult('AdminMembershipPlan')
  @ApiErrors('INVALID_PLAN')
  updatePlan(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateMembershipPlanDto,
  ): Promise<AdminMembershipPlan> {
    return this.membership.updatePlan(staff, id, body);
  }

  @Get('members/:id/membership')
  @Roles('admin', 'manager')
  @ApiOperation({
    summary: 'Read a member’s paid membership',
    description: 'For the member 360. Managers: members of their store; others → 404.',
  })
  @ApiResult('MyMembershipResponse')
  async member(
    @CurrentStaff() viewer: StaffPrincipal,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<MyMembershipResponse> {
    await this.member360.assertVisible(viewer, id);
    return this.membership.mine(id);
  }

  @Post('members/:id/membership/refund')
  @Roles('admin')
  @Idempotent()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Refund the unused membership term',
    description:
      'Pro rata: each paid term still to come is returned whole, the running one by its unused share (floor to the fen), ' +
      'through WeChat Pay; the membership ends now. Nothing left → 422 MEMBERSHIP_NOT_REFUNDABLE. Retry with the same ' +
      'Idempotency-Key header.',
  })
  @ApiResult('MembershipRefundResponse', 201)
  @ApiErrors('MEMBERSHIP_NOT_REFUNDABLE', 'NOT_FOUND')
  refund(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: MembershipRefundDto,
  ): Promise<MembershipRefundResponse> {
    return this.membership.refund(staff, id, body.reason);
  }
}
