import { Body, Controller, Get, Headers, HttpCode, Ip, Post, UseGuards } from '@nestjs/common';
import { LoginRateLimitGuard } from '../common/rate-limit.guard.js';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { StaffLoginResponse, StaffView, WechatLoginResponse } from '@huiyuan/shared';
import { CurrentStaff, Public, Roles, type StaffPrincipal } from '../common/auth.js';
import { CreateStaffDto } from './dto/create-staff.dto.js';
import { StaffLoginDto, WechatLoginDto } from './dto/wechat-login.dto.js';
import { IdentityService } from './identity.service.js';

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
  constructor(private readonly identity: IdentityService) {}

  @Post()
  @Roles('admin')
  create(@CurrentStaff() actor: StaffPrincipal, @Body() body: CreateStaffDto): Promise<StaffView> {
    return this.identity.createStaff(actor, body);
  }

  @Get()
  @Roles('admin')
  async list(): Promise<{ items: StaffView[] }> {
    return { items: await this.identity.listStaff() };
  }
}
