import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type {
  Member360,
  MemberSegmentResult,
  SegmentMembersItem,
  SegmentPreviewResponse,
  SegmentView,
  TagView,
} from '@huiyuan/shared';
import type { FastifyReply } from 'fastify';
import { CurrentStaff, Roles, type StaffPrincipal } from '../common/auth.js';
import {
  AssignTagsDto,
  CreateTagDto,
  PreviewSegmentDto,
  SaveSegmentDto,
  SegmentMembersQuery,
  UpdateSegmentDto,
} from './dto/segments.dto.js';
import { Member360Service } from './member-360.service.js';
import { SegmentsService } from './segments.service.js';
import { TagsService } from './tags.service.js';

const MANAGER_SCOPE = 'Managers: read-only, over the members of their own store (registered or ordered there).';

@ApiTags('admin', 'segments')
@ApiBearerAuth()
@Controller('admin/tags')
export class AdminTagsController {
  constructor(private readonly tags: TagsService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a tag (unique name → 409 TAG_NAME_TAKEN)' })
  create(@CurrentStaff() actor: StaffPrincipal, @Body() body: CreateTagDto): Promise<TagView> {
    return this.tags.create(actor, body.name);
  }

  @Get()
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'Every tag with its member count', description: MANAGER_SCOPE })
  list(@CurrentStaff() viewer: StaffPrincipal): Promise<{ items: TagView[] }> {
    return this.tags.list(viewer);
  }
}

@ApiTags('admin', 'segments')
@ApiBearerAuth()
@Controller('admin/segments')
export class AdminSegmentsController {
  constructor(private readonly segments: SegmentsService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Save a segment (conditions checked; the member count stored)' })
  create(@CurrentStaff() actor: StaffPrincipal, @Body() body: SaveSegmentDto): Promise<SegmentView> {
    return this.segments.create(actor, body);
  }

  @Get()
  @Roles('admin', 'manager')
  @ApiOperation({
    summary: 'Every segment with memberCount and countedAt (stale counts, older than 10 minutes, refreshed on read)',
    description: MANAGER_SCOPE,
  })
  list(@CurrentStaff() viewer: StaffPrincipal): Promise<{ items: SegmentView[] }> {
    return this.segments.list(viewer);
  }

  @Post('preview')
  @Roles('admin', 'manager')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Count and a sample of the members some conditions match, without saving',
    description: MANAGER_SCOPE,
  })
  preview(@CurrentStaff() viewer: StaffPrincipal, @Body() body: PreviewSegmentDto): Promise<SegmentPreviewResponse> {
    return this.segments.preview(viewer, body.conditions);
  }

  @Get(':id')
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'One segment', description: MANAGER_SCOPE })
  get(@CurrentStaff() viewer: StaffPrincipal, @Param('id', new ParseUUIDPipe()) id: string): Promise<SegmentView> {
    return this.segments.get(viewer, id);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Rename a segment or change its conditions (recounted)' })
  update(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateSegmentDto,
  ): Promise<SegmentView> {
    return this.segments.update(actor, id, body);
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a segment' })
  async remove(@CurrentStaff() actor: StaffPrincipal, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.segments.remove(actor, id);
  }

  @Get(':id/members')
  @Roles('admin', 'manager')
  @ApiOperation({
    summary: 'The members a segment matches now, by member id (keyset: cursor, limit ≤ 200)',
    description: MANAGER_SCOPE,
  })
  members(
    @CurrentStaff() viewer: StaffPrincipal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() q: SegmentMembersQuery,
  ): Promise<{ items: SegmentMembersItem[]; nextCursor: string | null }> {
    return this.segments.members(viewer, id, q.cursor, q.limit);
  }

  @Get(':id/members.csv')
  @Roles('admin', 'manager')
  @ApiOperation({
    summary: 'The members as CSV with a header row (streamed; masked phone only, never openid); audited',
    description: MANAGER_SCOPE,
  })
  async csv(
    @CurrentStaff() viewer: StaffPrincipal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { name, stream } = await this.segments.csv(viewer, id);
    await reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="segment-${name}.csv"`)
      .header('cache-control', 'no-store')
      .send(stream);
  }
}

@ApiTags('admin', 'segments')
@ApiBearerAuth()
@Controller('admin/members')
export class AdminMember360Controller {
  constructor(
    private readonly member360: Member360Service,
    private readonly segments: SegmentsService,
    private readonly tags: TagsService,
  ) {}

  @Get(':id')
  @Roles('admin', 'manager')
  @ApiOperation({
    summary: 'The member 360: card, lifecycle, RFM, tags, stats, segments, recent orders, ledger, coupons',
    description: 'Managers: members registered at or ordering at their store; any other member → 404. Audited.',
  })
  view(@CurrentStaff() viewer: StaffPrincipal, @Param('id', new ParseUUIDPipe()) id: string): Promise<Member360> {
    return this.member360.view(viewer, id);
  }

  @Get(':id/segments')
  @Roles('admin', 'manager')
  @ApiOperation({
    summary: 'Which segments the member is in, and why: each condition matched or not',
    description: MANAGER_SCOPE,
  })
  async memberSegments(
    @CurrentStaff() viewer: StaffPrincipal,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<{ items: MemberSegmentResult[] }> {
    await this.member360.assertVisible(viewer, id);
    return { items: await this.segments.forMember(viewer, id) };
  }

  @Post(':id/tags')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Put tags on a member (idempotent; answers the member’s tags); audited' })
  assign(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: AssignTagsDto,
  ): Promise<{ tags: TagView[] }> {
    return this.tags.assign(actor, id, body.tagIds);
  }

  @Delete(':id/tags/:tagId')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Take a tag off a member (idempotent); audited' })
  async unassign(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('tagId', new ParseUUIDPipe()) tagId: string,
  ): Promise<void> {
    await this.tags.unassign(actor, id, tagId);
  }
}
