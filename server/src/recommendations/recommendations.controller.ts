import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { RecommendationsResponse } from '@huiyuan/shared';
import { ApiResult } from '../common/api-docs.js';
import { CurrentMember, Roles, type MemberPrincipal } from '../common/auth.js';
import { RecommendationsQuery } from './recommendations.dto.js';
import { RecommendationsService } from './recommendations.service.js';

@ApiTags('member')
@ApiBearerAuth()
@Controller('me')
export class RecommendationsController {
  constructor(private readonly recommendations: RecommendationsService) {}

  @Get('recommendations')
  @Roles('member')
  @ApiOperation({
    summary: 'Recommended items for me',
    description:
      'Up to 10 items (or ?limit=, at most 20), each with a reason: items other members bought together with what I ' +
      'bought ("买过「X」的会员也买了", basis co_purchase), repeat purchases of repeat-purchase categories, then the popular ' +
      'items of my store (registration store, else where I shop most) and of all stores. A newcomer gets the popular ' +
      'items. From the nightly statistics (job `recommendations`) and my own non-refunded orders of the last 365 days.',
  })
  @ApiResult('RecommendationsResponse')
  list(@CurrentMember() m: MemberPrincipal, @Query() q: RecommendationsQuery): Promise<RecommendationsResponse> {
    return this.recommendations.forMember(m.id, q.limit !== undefined ? { limit: q.limit } : {});
  }
}
