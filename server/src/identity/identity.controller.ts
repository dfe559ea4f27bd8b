import { Body, Controller, Get, Headers, HttpCode, Ip, Param, ParseUUIDPipe, Patch, Post, UseGuards } from '@nestjs/common';
import { LoginRateLimitGuard } from '../common/rate-limit.guard.js';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type {
  StaffAccountListResponse,
  StaffAccountView,
  StaffLoginResponse,
  StaffView,
  WechatLoginResponse,
} from '@huiyuan/shared';
import { ApiErrors, ApiNoContent, ApiResult } from '../common/api-docs.js';
import {
  ConsentExempt,
  CurrentPrincipal,
  CurrentStaff,
  Public,
  Roles,
  type Principal,
  type StaffPrincipal,
} from '../common/auth.js';
import { CreateStaffDto } from './dto/create-staff.dto.js';
import { ResetStaffPasswordDto } from './dto/reset-staff-password.dto.js';
import { UpdateStaffDto } from './dto/update-staff.dto.js';
import { StaffLoginDto, WechatLoginDto } from './dto/wechat-login.dto.js';
import { IdentityService } from './identity.service.js';
import { Idempotent } from '../common/idempotency.js';
import { StaffAccountsService } from './staff-accounts.service.js';

@ApiTags('auth')
@Controller('auth')
@UseGuards(LoginRateLimitGuard)
@ApiTooManyRequestsResponse({ description: 'RATE_LIMITED: the per-address login budget is spent (Retry-After)' })
export class AuthController {
  constructor(private readonly identity: IdentityService) {}

  @Post('wechat/login')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Log in a member with a wx.login code',
    description:
      'A first login creates the member (isNewMember). inviteCode records the inviter; scene "c=<code>" the channel (and, ' +
      'for a store code, the registration store). With the WeChat sandbox, code "dev:<openid>" logs in as that openid.',
  })
  @ApiResult('WechatLoginResponse')
  @ApiErrors('WECHAT_CODE_INVALID', 'WECHAT_CODE_USED', 'FORBIDDEN', 'WECHAT_UNAVAILABLE')
  @ApiHeader({ name: 'X-Device-Id', required: false, description: 'per-install id: an anti-fraud hint, never proof' })
  wechatLogin(
    @Body() body: WechatLoginDto,
    @Ip() ip: string,
    @Headers('x-device-id') deviceId: string | undefined,
  ): Promise<WechatLoginResponse> {
    return this.identity.wechatLogin(body, { ip, deviceId: deviceId ?? null });
  }

  @Post('staff/login')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Log in a staff account with its password',
    description: '5 wrong passwords in 15 minutes lock the account for a while (429 ACCOUNT_LOCKED, Retry-After).',
  })
  @ApiResult('StaffLoginResponse')
  @ApiErrors('INVALID_CREDENTIALS', 'ACCOUNT_LOCKED')
  staffLogin(@Body() body: StaffLoginDto): Promise<StaffLoginResponse> {
    return this.identity.staffLogin(body.username, body.password);
  }
}

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/staff')
export class StaffAdminController {
  constructor(
    private readonly identity: IdentityService,
    private readonly accounts: StaffAccountsService,
  ) {}

  @Post()
  @Roles('admin')
  @Idempotent()
  @ApiOperation({
    summary: 'Create a staff account',
    description:
      'Audited; Idempotency-Key replays the first response. Cashiers and managers need a storeId. ' +
      '422 WEAK_PASSWORD with every problem in details (too_short, too_long, common, contains_username).',
  })
  @ApiResult('StaffView', 201)
  @ApiErrors('USERNAME_TAKEN', 'WEAK_PASSWORD', 'NOT_FOUND')
  create(@CurrentStaff() actor: StaffPrincipal, @Body() body: CreateStaffDto): Promise<StaffView> {
    return this.identity.createStaff(actor, body);
  }

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'List staff accounts', description: 'Every account with its role, store and status.' })
  @ApiResult('StaffAccountListResponse')
  async list(): Promise<StaffAccountListResponse> {
    return { items: await this.identity.listStaff() };
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({
    summary: 'Change a staff account’s role, store or status',
    description:
      'Audited. A role or store change or disabling ends the account’s sessions at its next request. ' +
      '409 LAST_ACTIVE_ADMIN when it would leave no active admin; 409 CANNOT_DISABLE_SELF; 404 for no such account or store.',
  })
  @ApiResult('StaffAccountView', 200, { description: 'The account as now stored' })
  @ApiErrors('LAST_ACTIVE_ADMIN', 'CANNOT_DISABLE_SELF')
  update(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateStaffDto,
  ): Promise<StaffAccountView> {
    return this.accounts.update(actor, id, body);
  }

  @Post(':id/password')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Reset a staff password',
    description:
      'Audited; ends the account’s sessions. 422 WEAK_PASSWORD with every problem in details ' +
      '(too_short, too_long, common, contains_username).',
  })
  @ApiNoContent('The password is changed')
  @ApiErrors('WEAK_PASSWORD')
  async resetPassword(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ResetStaffPasswordDto,
  ): Promise<void> {
    await this.accounts.resetPassword(actor, id, body.password);
  }
}

/** Logout: not behind the login rate limit, open to every role. */
@ApiTags('auth')
@ApiBearerAuth()
@Controller('auth')
export class SessionController {
  constructor(private readonly accounts: StaffAccountsService) {}

  @Post('logout')
  @Roles('member', 'cashier', 'manager', 'admin')
  @ConsentExempt()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Log out everywhere',
    description: 'Every token of this account issued so far is refused afterwards (all devices).',
  })
  @ApiNoContent('Logged out')
  async logout(@CurrentPrincipal() principal: Principal): Promise<void> {
    await this.accounts.logout(principal);
  }
}
