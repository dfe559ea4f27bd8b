import { ApiPropertyOptional } from '@nestjs/swagger';
import { RECOMMENDATION_PARAMS } from '@huiyuan/shared';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class RecommendationsQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: RECOMMENDATION_PARAMS.maxLimit, default: RECOMMENDATION_PARAMS.limit })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(RECOMMENDATION_PARAMS.maxLimit)
  limit?: number;
}
