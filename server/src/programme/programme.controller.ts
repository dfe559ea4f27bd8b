import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ProgrammeVersionItem, ProgrammeView } from '@huiyuan/shared';
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
  @ApiOperation({ summary: 'The programme in force: earning, redemption, expiry, tiers, currency, timezone' })
  get(): Promise<ProgrammeView> {
    return this.programme.view();
  }

  @Put()
  @Roles('admin')
  @ApiOperation({
    summary:
      'A new programme version (expectedVersion + 1); 409 VERSION_CONFLICT when stale, 422 INVALID_PROGRAMME with every problem in details',
  })
  put(@CurrentStaff() actor: StaffPrincipal, @Body() body: PutProgrammeDto): Promise<ProgrammeView> {
    const { expectedVersion, ...document } = body;
    return this.programme.put(actor, expectedVersion, { ...document });
  }

  @Get('versions')
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'Every programme version, newest first' })
  async versions(): Promise<{ items: ProgrammeVersionItem[] }> {
    return { items: await this.programme.history() };
  }
}

@ApiTags('programme')
@Controller('programme')
export class PublicProgrammeController {
  constructor(private readonly programme: ProgrammeService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'The member-facing rules: tiers with thresholds and benefits, earning, redemption, expiry' })
  get(): Promise<ProgrammeView> {
    return this.programme.memberView();
  }
}
