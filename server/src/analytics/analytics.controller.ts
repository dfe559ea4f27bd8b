import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { KpiResponse, KpiSeriesResponse } from '@huiyuan/shared';
import { ApiErrors, ApiResult } from '../common/api-docs.js';
import { CurrentStaff, Roles, StoreScoped, type StaffPrincipal } from '../common/auth.js';
import { KpiQuery, KpiSeriesQuery } from './analytics.dto.js';
import { AnalyticsService } from './analytics.service.js';

@ApiTags('admin', 'analytics')
@ApiBearerAuth()
@Controller('admin/analytics')
export class AnalyticsController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Get('kpis')
  @Roles('admin', 'manager')
  @StoreScoped('query.storeId')
  @ApiOperation({
    summary: 'Read the KPIs of a period',
    description:
      'Members and growth, orders, buyers, GMV, AOV, repurchase, churn, activity, lifecycle, as docs/metrics.md defines ' +
      'them (definitionVersion), from the in-transaction rollups. Admins: all stores or one; managers: their own store ' +
      '(another → 403 STORE_SCOPE). A bad or too long period → 400 INVALID_PERIOD / PERIOD_TOO_LONG; unknown storeId → 404.',
  })
  @ApiResult('KpiResponse')
  @ApiErrors('INVALID_PERIOD', 'PERIOD_TOO_LONG', 'NOT_FOUND')
  kpis(@CurrentStaff() staff: StaffPrincipal, @Query() q: KpiQuery): Promise<KpiResponse> {
    return this.analytics.kpis(staff, q);
  }

  @Get('kpis/series')
  @Roles('admin', 'manager')
  @StoreScoped('query.storeId')
  @ApiOperation({
    summary: 'Read the KPIs per day, week or month',
    description:
      'Buckets of the period per day, ISO week or month, labelled by their first date; scope as GET /admin/analytics/kpis.',
  })
  @ApiResult('KpiSeriesResponse')
  @ApiErrors('INVALID_PERIOD', 'PERIOD_TOO_LONG', 'NOT_FOUND')
  series(@CurrentStaff() staff: StaffPrincipal, @Query() q: KpiSeriesQuery): Promise<KpiSeriesResponse> {
    return this.analytics.series(staff, q);
  }
}
