import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { AdminMembersResponse } from '@huiyuan/shared';
import { IsOptional, IsString, Length } from 'class-validator';
import { CurrentStaff, Roles, type StaffPrincipal } from '../common/auth.js';
import { ApiResult } from '../common/api-docs.js';
import { AdminMembersService } from './admin-members.service.js';

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
  @ApiOperation({
    summary: 'Search members',
    description:
      'By member number, nickname or full phone number (q); without q, every member. 20 a page, newest first. ' +
      'Managers: the members of their store. A search with q is audited.',
  })
  @ApiResult('AdminMembersResponse')
  search(@CurrentStaff() viewer: StaffPrincipal, @Query() query: MemberSearchQuery): Promise<AdminMembersResponse> {
    return this.members.search(viewer, query.q, query.cursor);
  }
}
