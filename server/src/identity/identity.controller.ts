import { Body, Controller, Get, Headers, HttpCode, Ip, Param, ParseUUIDPipe, Patch, Post, UseGuards } from '@nestjs/common';
import { LoginRateLimitGuard } from '../common/rate-limit.guard.js';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { StaffAccountView, StaffLoginResponse, StaffView, WechatLoginResponse } from '@huiyuan/shared';
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
  @ApiOperation({ summary: 'Member login with a wx.login code; a first login creates the member' })
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
  @ApiOperation({ summary: 'Staff password login; 5 wrong passwords in 15 min lock the account (429 ACCOUNT_LOCKED)' })
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
  @ApiOperation({ summary: 'Create a staff account (audited; Idempotency-Key replays the first response); 422 WEAK_PASSWORD' })
  @ApiUnprocessableEntityResponse({ description: 'WEAK_PASSWORD; details name every problem' })
  create(@CurrentStaff() actor: StaffPrincipal, @Body() body: CreateStaffDto): Promise<StaffView> {
    return this.identity.createStaff(actor, body);
  }

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'List staff accounts with their status' })
  async list(): Promise<{ items: StaffAccountView[] }> {
    return { items: await this.identity.listStaff() };
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({
    summary: 'Change a staff account: role, store, status (audited)',
    description:
      'A role or store change or disabling ends the account’s sessions at its next request. ' +
      '409 LAST_ACTIVE_ADMIN when it would leave no active admin; 409 CANNOT_DISABLE_SELF.',
  })
  @ApiOkResponse({ description: 'the account as now stored: { id, username, role, storeId, status }' })
  @ApiConflictResponse({ description: 'LAST_ACTIVE_ADMIN or CANNOT_DISABLE_SELF' })
  @ApiNotFoundResponse({ description: 'no such staff account or store' })
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
  @ApiOperation({ summary: 'Reset a staff password (audited; ends the account’s sessions); 422 WEAK_PASSWORD' })
  @ApiNoContentResponse()
  @ApiUnprocessableEntityResponse({
    description: 'WEAK_PASSWORD; details name every problem (too_short, too_long, common, contains_username)',
  })
  @ApiNotFoundResponse({ description: 'no such staff account' })
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
  @ApiOperation({ summary: 'Log out: every token of this account issued so far is refused afterwards (all devices)' })
  @ApiNoContentResponse()
  async logout(@CurrentPrincipal() principal: Principal): Promise<void> {
    await this.accounts.logout(principal);
  }
}
