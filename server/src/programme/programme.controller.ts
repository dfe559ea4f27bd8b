import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ProgrammeVersionsResponse, ProgrammeView } from '@huiyuan/shared';
import { ApiErrors, ApiResult } from '../common/api-docs.js';
import { CurrentStaff, Public, Roles, type StaffPrincipal } from '../common/auth.js';
import { PutProgrammeDto } from './programme.dto.js';
import { ProgrammeService } from './programme.service.js';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/programme')
export class AdminProgrammeController {
  constructor(private readonly programme: ProgrammeService) {}

  @Get()
  @Roles('admin', 'manager')
  @ApiOperation({
    summary: 'Read the programme',
    description: 'The version in force: earning, redemption, expiry, tiers, currency, timezone.',
  })
  @ApiResult('ProgrammeView')
  get(): Promise<ProgrammeView> {
    return this.programme.view();
  }

  @Put()
  @Roles('admin')
  @ApiOperation({
    summary: 'Publish a new programme version',
    description:
      'Version expectedVersion + 1; orders after it use it, orders before keep what they earned. 409 VERSION_CONFLICT when ' +
      'expectedVersion is stale; 422 INVALID_PROGRAMME with every problem in details.',
  })
  @ApiResult('ProgrammeView')
  @ApiErrors('VERSION_CONFLICT', 'INVALID_PROGRAMME')
  put(@CurrentStaff() actor: StaffPrincipal, @Body() body: PutProgrammeDto): Promise<ProgrammeView> {
    const { expectedVersion, ...document } = body;
    return this.programme.put(actor, expectedVersion, { ...document });
  }

  @Get('versions')
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'List programme versions', description: 'Newest first, with who changed it when.' })
  @ApiResult('ProgrammeVersionsResponse')
  async versions(): Promise<ProgrammeVersionsResponse> {
    return { items: await this.programme.history() };
  }
}

@ApiTags('programme')
@Controller('programme')
export class PublicProgrammeController {
  constructor(private readonly programme: ProgrammeService) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'Read the programme rules',
    description: 'The member-facing rules (no token needed): tiers with thresholds and benefits, earning, redemption, expiry.',
  })
  @ApiResult('ProgrammeView')
  get(): Promise<ProgrammeView> {
    return this.programme.memberView();
  }
}
