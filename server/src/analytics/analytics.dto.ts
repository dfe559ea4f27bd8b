import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { GRANULARITIES, type Granularity } from '@huiyuan/shared';

/** from/to are checked by shared checkPeriod (400 INVALID_PERIOD / PERIOD_TOO_LONG), not here. */
export class KpiQuery {
  @ApiProperty({ example: '2025-03-01', description: 'first local date (programme timezone), inclusive' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  from?: string;

  @ApiProperty({ example: '2025-03-31', description: 'last local date, inclusive; at most 366 days after from' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  to?: string;

  @ApiPropertyOptional({ description: 'one store (admins: any, managers: their own, the default); omitted = all stores' })
  @IsOptional()
  @IsUUID()
  storeId?: string;
}

export class KpiSeriesQuery extends KpiQuery {
  @ApiPropertyOptional({ enum: GRANULARITIES, default: 'day' })
  @IsOptional()
  @IsIn(GRANULARITIES)
  granularity?: Granularity;
}

/** PUT /admin/analytics/lifecycle: ranges and ordering are checked by shared lifecycleThresholdsProblems. */
export class LifecycleSettingsBody {
  @ApiProperty({ example: 30, description: 'new: first order (or, never ordered, registration) fewer than this many days ago' })
  @IsInt()
  newDays: number;

  @ApiProperty({ example: 60, description: 'active: last order fewer than this many days ago (else silent)' })
  @IsInt()
  silentAfterDays: number;

  @ApiProperty({ example: 180, description: 'churned: last order (or registration) at least this many days ago' })
  @IsInt()
  churnedAfterDays: number;
}
