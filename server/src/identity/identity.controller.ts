import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { LoginRateLimitGuard } from '../common/rate-limit.guard.js';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { StaffLoginResponse, StaffView, WechatLoginResponse } from '@huiyuan/shared';
import { CurrentStaff, Public, Roles, type StaffPrincipal } from '../common/auth.js';
import { CreateStaffDto } from './dto/create-staff.dto.js';
import { StaffLoginDto, WechatLoginDto } from './dto/wechat-login.dto.js';
import { IdentityService } from './identity.service.js';
import { Idempotent } from '../common/idempotency.js';

@ApiTags('auth')
@Controller('auth')
@UseGuards(LoginRateLimitGuard)
export class AuthController {
  constructor(private readonly identity: IdentityService) {}

  @Post('wechat/login')
  @Public()
  @HttpCode(200)
  wechatLogin(@Body() body: WechatLoginDto): Promise<WechatLoginResponse> {
    return this.identity.wechatLogin(body);
  }

  @Post('staff/login')
  @Public()
  @HttpCode(200)
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
  @Idempotent()
  @ApiOperation({ summary: 'Create a staff account (Idempotency-Key replays the first response)' })
  create(@CurrentStaff() actor: StaffPrincipal, @Body() body: CreateStaffDto): Promise<StaffView> {
    return this.identity.createStaff(actor, body);
  }

  @Get()
  @Roles('admin')
  async list(): Promise<{ items: StaffView[] }> {
    return { items: await this.identity.listStaff() };
  }
}
