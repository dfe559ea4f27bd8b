import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { KpiResponse, KpiSeriesResponse } from '@huiyuan/shared';
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
    summary:
      'The KPIs of a period (docs/metrics.md, definitionVersion): members and growth, orders, buyers, GMV, AOV, repurchase, churn, activity, lifecycle',
    description:
      'From the in-transaction rollups. Admins: all stores or one; managers: their own store (another → 403 STORE_SCOPE).',
  })
  kpis(@CurrentStaff() staff: StaffPrincipal, @Query() q: KpiQuery): Promise<KpiResponse> {
    return this.analytics.kpis(staff, q);
  }

  @Get('kpis/series')
  @Roles('admin', 'manager')
  @StoreScoped('query.storeId')
  @ApiOperation({ summary: 'The KPIs per day, ISO week or month of a period (buckets labelled by their first date)' })
  series(@CurrentStaff() staff: StaffPrincipal, @Query() q: KpiSeriesQuery): Promise<KpiSeriesResponse> {
    return this.analytics.series(staff, q);
  }
}
