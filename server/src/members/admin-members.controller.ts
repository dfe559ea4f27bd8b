import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { Page } from '@huiyuan/shared';
import { IsOptional, IsString, Length } from 'class-validator';
import { CurrentStaff, Roles, type StaffPrincipal } from '../common/auth.js';
import { AdminMembersService, type AdminMemberView } from './admin-members.service.js';

export class MemberSearchQuery {
  @ApiPropertyOptional({ description: 'member number, nickname, or full phone number' })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  q?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  cursor?: string;
}

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/members')
export class AdminMembersController {
  constructor(private readonly members: AdminMembersService) {}

  @Get()
  @Roles('admin', 'manager')
  search(@CurrentStaff() viewer: StaffPrincipal, @Query() query: MemberSearchQuery): Promise<Page<AdminMemberView>> {
    return this.members.search(viewer, query.q, query.cursor);
  }
}
