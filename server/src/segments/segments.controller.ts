import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type {
  Member360,
  MemberSegmentsResponse,
  MemberTagsResponse,
  SegmentListResponse,
  SegmentMembersResponse,
  SegmentPreviewResponse,
  SegmentView,
  TagListResponse,
  TagView,
} from '@huiyuan/shared';
import { ApiErrors, ApiFile, ApiNoContent, ApiResult } from '../common/api-docs.js';
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
  @ApiOperation({ summary: 'Create a tag', description: 'Names are unique (taken → 409 TAG_NAME_TAKEN); audited.' })
  @ApiResult('TagView', 201)
  @ApiErrors('TAG_NAME_TAKEN')
  create(@CurrentStaff() actor: StaffPrincipal, @Body() body: CreateTagDto): Promise<TagView> {
    return this.tags.create(actor, body.name);
  }

  @Get()
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'List tags', description: `Every tag with its member count. ${MANAGER_SCOPE}` })
  @ApiResult('TagListResponse')
  list(@CurrentStaff() viewer: StaffPrincipal): Promise<TagListResponse> {
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
  @ApiOperation({
    summary: 'Create a segment',
    description: 'Conditions are checked (unknown code or bad args → 400 INVALID_CONDITION); the member count is stored.',
  })
  @ApiResult('SegmentView', 201)
  @ApiErrors('INVALID_CONDITION')
  create(@CurrentStaff() actor: StaffPrincipal, @Body() body: SaveSegmentDto): Promise<SegmentView> {
    return this.segments.create(actor, body);
  }

  @Get()
  @Roles('admin', 'manager')
  @ApiOperation({
    summary: 'List segments',
    description: `Every segment with memberCount and countedAt (counts older than 10 minutes are refreshed on read). ${MANAGER_SCOPE}`,
  })
  @ApiResult('SegmentListResponse')
  list(@CurrentStaff() viewer: StaffPrincipal): Promise<SegmentListResponse> {
    return this.segments.list(viewer);
  }

  @Post('preview')
  @Roles('admin', 'manager')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Preview a segment',
    description: `The count and a sample of the members some conditions match, without saving. ${MANAGER_SCOPE}`,
  })
  @ApiResult('SegmentPreviewResponse')
  @ApiErrors('INVALID_CONDITION')
  preview(@CurrentStaff() viewer: StaffPrincipal, @Body() body: PreviewSegmentDto): Promise<SegmentPreviewResponse> {
    return this.segments.preview(viewer, body.conditions);
  }

  @Get(':id')
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'Read a segment', description: MANAGER_SCOPE })
  @ApiResult('SegmentView')
  get(@CurrentStaff() viewer: StaffPrincipal, @Param('id', new ParseUUIDPipe()) id: string): Promise<SegmentView> {
    return this.segments.get(viewer, id);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Change a segment', description: 'Its name or conditions (then recounted).' })
  @ApiResult('SegmentView')
  @ApiErrors('INVALID_CONDITION')
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
  @ApiNoContent('Deleted')
  async remove(@CurrentStaff() actor: StaffPrincipal, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.segments.remove(actor, id);
  }

  @Get(':id/members')
  @Roles('admin', 'manager')
  @ApiOperation({
    summary: 'List the members of a segment',
    description: `The members it matches now, by member id (cursor, limit ≤ 200). ${MANAGER_SCOPE}`,
  })
  @ApiResult('SegmentMembersResponse')
  members(
    @CurrentStaff() viewer: StaffPrincipal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() q: SegmentMembersQuery,
  ): Promise<SegmentMembersResponse> {
    return this.segments.members(viewer, id, q.cursor, q.limit);
  }

  @Get(':id/members.csv')
  @Roles('admin', 'manager')
  @ApiOperation({
    summary: 'Export the members of a segment as CSV',
    description: `With a header row, streamed; masked phone only, never openid; audited. ${MANAGER_SCOPE}`,
  })
  @ApiFile('text/csv', 'The members, one row each (attachment)')
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
    summary: 'Read the member 360',
    description:
      'Card, lifecycle, RFM, tags, stats, segments, recent orders, ledger, coupons. Managers: members registered or ' +
      'ordering at their store; any other member → 404. Audited.',
  })
  @ApiResult('Member360')
  view(@CurrentStaff() viewer: StaffPrincipal, @Param('id', new ParseUUIDPipe()) id: string): Promise<Member360> {
    return this.member360.view(viewer, id);
  }

  @Get(':id/segments')
  @Roles('admin', 'manager')
  @ApiOperation({
    summary: 'List the segments of a member',
    description: `Every segment, whether the member is in it and why: each condition matched or not. ${MANAGER_SCOPE}`,
  })
  @ApiResult('MemberSegmentsResponse')
  async memberSegments(
    @CurrentStaff() viewer: StaffPrincipal,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<MemberSegmentsResponse> {
    await this.member360.assertVisible(viewer, id);
    return { items: await this.segments.forMember(viewer, id) };
  }

  @Post(':id/tags')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Tag a member',
    description: 'Idempotent; answers the member’s tags. Unknown tag ids → 404 with them in details; audited.',
  })
  @ApiResult('MemberTagsResponse')
  assign(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: AssignTagsDto,
  ): Promise<MemberTagsResponse> {
    return this.tags.assign(actor, id, body.tagIds);
  }

  @Delete(':id/tags/:tagId')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Untag a member', description: 'Idempotent; audited.' })
  @ApiNoContent('The tag is off the member')
  async unassign(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('tagId', new ParseUUIDPipe()) tagId: string,
  ): Promise<void> {
    await this.tags.unassign(actor, id, tagId);
  }
}
