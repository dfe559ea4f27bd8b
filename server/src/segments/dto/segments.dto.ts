// Tag and segment DTOs: shapes only; the conditions document is checked by the shared rules
// (validateSegmentConditions → 400 INVALID_CONDITION naming the condition).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AssignTagsRequest, CreateTagRequest, SaveSegmentRequest, SegmentConditions } from '@huiyuan/shared';
import { Type } from 'class-transformer';
import { apiSchema } from '../../common/api-docs.js';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
} from 'class-validator';

export class CreateTagDto implements CreateTagRequest {
  @ApiProperty({ example: '咖啡爱好者', minLength: 1, maxLength: 32 })
  @IsString()
  @Length(1, 32)
  name: string;
}

export class AssignTagsDto implements AssignTagsRequest {
  @ApiProperty({ type: [String], format: 'uuid' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  tagIds: string[];
}

const CONDITIONS_DOC = {
  description:
    '`{ all?: [{ code, args }], any?: [{ code, args }] }` — codes and args in docs/segments.md; unknown code or bad args → 400 INVALID_CONDITION',
  example: {
    all: [
      { code: 'tier_in', args: { tiers: ['gold'] } },
      { code: 'no_order_within_days', args: { days: 60 } },
    ],
  },
  ...apiSchema('SegmentConditions'),
};

export class SaveSegmentDto implements SaveSegmentRequest {
  @ApiProperty({ example: '沉睡金卡', minLength: 1, maxLength: 64 })
  @IsString()
  @Length(1, 64)
  name: string;

  @ApiProperty(CONDITIONS_DOC)
  @IsObject()
  conditions: SegmentConditions;
}

export class UpdateSegmentDto implements Partial<SaveSegmentRequest> {
  @ApiPropertyOptional({ minLength: 1, maxLength: 64 })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  name?: string;

  @ApiPropertyOptional(CONDITIONS_DOC)
  @IsOptional()
  @IsObject()
  conditions?: SegmentConditions;
}

export class PreviewSegmentDto {
  @ApiProperty(CONDITIONS_DOC)
  @IsObject()
  conditions: SegmentConditions;
}

export class SegmentMembersQuery {
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}
