import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type {
  AdminMemberStoredValue,
  AdminStoredValuePlan,
  AdminStoredValuePlansResponse,
  CreateTopUpResponse,
  MyStoredValueResponse,
  MyTopUpsResponse,
  StoredValuePlansResponse,
  StoredValueSettingsResponse,
  StoredValueSettlementResponse,
  TopUpRefundResponse,
} from '@huiyuan/shared';
import type { FastifyReply } from 'fastify';
import { ApiErrors, ApiResult } from '../common/api-docs.js';
import {
  CurrentMember,
  CurrentStaff,
  Public,
  Roles,
  StoreScoped,
  type MemberPrincipal,
  type StaffPrincipal,
} from '../common/auth.js';
import { DomainError } from '../common/domain-error.js';
import { Idempotent } from '../common/idempotency.js';
import { Member360Service } from '../segments/member-360.service.js';
import {
  CreateStoredValuePlanDto,
  CreateTopUpDto,
  SettlementQuery,
  StoredValueEntriesQuery,
  StoredValueSettingsDto,
  TopUpRefundDto,
  UpdateStoredValuePlanDto,
} from './dto/stored-value.dto.js';
import { StoredValueService } from './stored-value.service.js';

const MAX_PERIOD_MS = 366 * 86_400_000;

@ApiTags('stored-value')
@Controller()
export class StoredValueController {
  constructor(private readonly storedValue: StoredValueService) {}

  @Get('stored-value/plans')
  @Public()
  @ApiOperation({
    summary: 'List the top-up plans',
    description: '储值方案 on offer: what the member pays (amount) and what is added (bonus), in fen.',
  })
  @ApiResult('StoredValuePlansResponse')
  plans(): Promise<StoredValuePlansResponse> {
    return this.storedValue.plans();
  }

  @Post('me/stored-value/top-ups')
  @Roles('member')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Top up my stored value',
    description:
      'Opens a WeChat Pay JSAPI order for the plan and answers the signed arguments of wx.requestPayment (plus outTradeNo). ' +
      'Nothing is credited until WeChat Pay’s verified notification (or an order query) says it was paid. The same requestId ' +
      'answers the first top-up again (200); with another plan → 409 IDEMPOTENCY_KEY_CONFLICT. WeChat Pay unreachable → 502 ' +
      'PAYMENT_UNAVAILABLE (retry with the same requestId); the payment expired unpaid (30 minutes) → 409 PAYMENT_EXPIRED (start again with a new requestId).',
  })
  @ApiResult('CreateTopUpResponse', 201, { replay: 'requestId repeats an earlier top-up: the same order' })
  @ApiErrors('PLAN_NOT_AVAILABLE', 'IDEMPOTENCY_KEY_CONFLICT', 'PAYMENT_UNAVAILABLE', 'PAYMENT_EXPIRED', 'NOT_FOUND')
  async topUp(
    @CurrentMember() m: MemberPrincipal,
    @Body() body: CreateTopUpDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CreateTopUpResponse> {
    const r = await this.storedValue.createTopUp(m.id, body);
    void reply.status(r.created ? 201 : 200);
    return r.body;
  }

  @Get('me/stored-value')
  @Roles('member')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Read my stored value',
    description:
      'Balance = principal + bonus (bonus past its expiry excluded), the soonest bonus to expire, and the ledger, newest first (nextCursor).',
  })
  @ApiResult('MyStoredValueResponse')
  mine(@CurrentMember() m: MemberPrincipal, @Query() q: StoredValueEntriesQuery): Promise<MyStoredValueResponse> {
    return this.storedValue.mine(m.id, q.cursor, q.limit ?? 20);
  }

  @Get('me/stored-value/top-ups')
  @Roles('member')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'List my top-ups',
    description: 'Newest 50: status, what is left of each (principal, bonus) and when its bonus expires.',
  })
  @ApiResult('MyTopUpsResponse')
  myTopUps(@CurrentMember() m: MemberPrincipal): Promise<MyTopUpsResponse> {
    return this.storedValue.topUpsOf(m.id);
  }
}

@ApiTags('admin', 'stored-value')
@ApiBearerAuth()
@Controller('admin')
export class AdminStoredValueController {
  constructor(
    private readonly storedValue: StoredValueService,
    private readonly member360: Member360Service,
  ) {}

  @Get('stored-value/plans')
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'List every top-up plan', description: 'Offered and withdrawn ones.' })
  @ApiResult('AdminStoredValuePlansResponse')
  plans(): Promise<AdminStoredValuePlansResponse> {
    return this.storedValue.adminPlans();
  }

  @Post('stored-value/plans')
  @Roles('admin')
  @Idempotent()
  @ApiOperation({
    summary: 'Create a top-up plan',
    description:
      'amount ¥1–¥50,000 and bonus 0–amount, in fen (充 100 送 10: 10000 + 1000); invalid → 422 INVALID_PLAN with details per field.',
  })
  @ApiResult('AdminStoredValuePlan', 201)
  @ApiErrors('INVALID_PLAN')
  createPlan(@CurrentStaff() staff: StaffPrincipal, @Body() body: CreateStoredValuePlanDto): Promise<AdminStoredValuePlan> {
    return this.storedValue.createPlan(staff, body);
  }

  @Patch('stored-value/plans/:id')
  @Roles('admin')
  @ApiOperation({
    summary: 'Edit a top-up plan',
    description: 'Title, or withdraw / offer again; amount and bonus never change (a new plan instead).',
  })
  @ApiResult('AdminStoredValuePlan')
  @ApiErrors('INVALID_PLAN')
  updatePlan(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateStoredValuePlanDto,
  ): Promise<AdminStoredValuePlan> {
    return this.storedValue.updatePlan(staff, id, body);
  }

  @Get('stored-value/settings')
  @Roles('admin', 'manager')
  @ApiOperation({
    summary: 'Read the stored-value settings',
    description: 'Spend order (proportional | principal_first | bonus_first) and bonus expiry days (null = never).',
  })
  @ApiResult('StoredValueSettingsResponse')
  settings(): Promise<StoredValueSettingsResponse> {
    return this.storedValue.settings();
  }

  @Put('stored-value/settings')
  @Roles('admin')
  @ApiOperation({
    summary: 'Change the stored-value settings',
    description: 'The spend order applies from the next payment; the bonus expiry to top-ups paid from now on. Audited.',
  })
  @ApiResult('StoredValueSettingsResponse')
  saveSettings(
    @CurrentStaff() staff: StaffPrincipal,
    @Body() body: StoredValueSettingsDto,
  ): Promise<StoredValueSettingsResponse> {
    return this.storedValue.saveSettings(staff, body);
  }

  @Get('members/:id/stored-value')
  @Roles('admin', 'manager')
  @ApiOperation({
    summary: 'Read a member’s stored value',
    description: 'Balance, top-ups and ledger for the member 360. Managers: members of their store; others → 404.',
  })
  @ApiResult('AdminMemberStoredValue')
  async member(
    @CurrentStaff() viewer: StaffPrincipal,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<AdminMemberStoredValue> {
    await this.member360.assertVisible(viewer, id);
    return this.storedValue.adminMember(id);
  }

  @Post('stored-value/top-ups/:id/refund')
  @Roles('admin', 'manager')
  @ApiOperation({
    summary: 'Refund a top-up',
    description:
      'Refunds unspent principal of the top-up (all that is left, or `principal`) through WeChat Pay and claws back its bonus: ' +
      'bonus × principal ÷ amount, from the bonus left first; the part already spent is kept from the money. Admins, or the ' +
      'manager of the top-up’s store (else 403 STORE_SCOPE). Idempotent on requestId. Nothing left → 422 TOP_UP_NOT_REFUNDABLE.',
  })
  @ApiResult('TopUpRefundResponse', 201, { replay: 'requestId repeats an earlier refund: its result' })
  @ApiErrors('TOP_UP_NOT_REFUNDABLE', 'STORE_SCOPE', 'NOT_FOUND')
  async refund(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: TopUpRefundDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TopUpRefundResponse> {
    const r = await this.storedValue.refundTopUp(staff, id, body);
    void reply.status(r.created ? 201 : 200);
    return r.body;
  }

  @Get('stored-value/settlement')
  @Roles('admin', 'manager')
  @StoreScoped('query.storeId')
  @ApiOperation({
    summary: 'Settle stored value between stores',
    description:
      '储值跨店结算 for [from, to): per store, principal topped up, principal and bonus spent at its till, what it is owed for ' +
      'principal topped up elsewhere and spent here, what it owes for its principal spent elsewhere, the net, and refunds; ' +
      'plus Σ balances outstanding now. Managers: their store only.',
  })
  @ApiResult('StoredValueSettlementResponse')
  @ApiErrors('INVALID_PERIOD', 'PERIOD_TOO_LONG')
  settlement(@CurrentStaff() staff: StaffPrincipal, @Query() q: SettlementQuery): Promise<StoredValueSettlementResponse> {
    const from = new Date(q.from);
    const to = new Date(q.to);
    if (!(from < to)) throw new DomainError('INVALID_PERIOD', 'from must be before to');
    if (to.getTime() - from.getTime() > MAX_PERIOD_MS) throw new DomainError('PERIOD_TOO_LONG', 'at most 366 days');
    return this.storedValue.settlement(from, to, staff.role === 'admin' ? q.storeId : (staff.storeId ?? undefined));
  }
}
