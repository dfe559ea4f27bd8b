// Feedback DTOs: shapes and ranges. What a text may be (trimmed length, control characters) is
// the shared rule's (normaliseFeedbackText), checked in the service with its own details.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  FEEDBACK_CATEGORY_CODES,
  FEEDBACK_RATING_MAX,
  FEEDBACK_RATING_MIN,
  FEEDBACK_STATUSES,
  type CreateFeedbackRequest,
  type FeedbackCategory,
  type FeedbackStatus,
  type ReplyFeedbackRequest,
  type UpdateFeedbackRequest,
} from '@huiyuan/shared';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { PageQuery } from '../../common/page-query.dto.js';

const KEY = /^[A-Za-z0-9_.:-]{1,64}$/;
/** Raw text may carry surrounding whitespace; what remains after trimming must be 1–500 characters. */
const RAW_TEXT_MAX = 2000;

export class CreateFeedbackDto implements CreateFeedbackRequest {
  @ApiProperty({ enum: FEEDBACK_CATEGORY_CODES, example: 'service' })
  @IsIn(FEEDBACK_CATEGORY_CODES)
  category: FeedbackCategory;

  @ApiProperty({ example: '店员很热情，咖啡稍微有点凉。', description: '1–500 characters after trimming; line breaks only' })
  @IsString()
  @MaxLength(RAW_TEXT_MAX)
  content: string;

  @ApiPropertyOptional({ minimum: FEEDBACK_RATING_MIN, maximum: FEEDBACK_RATING_MAX, example: 4 })
  @IsOptional()
  @IsInt()
  @Min(FEEDBACK_RATING_MIN)
  @Max(FEEDBACK_RATING_MAX)
  rating?: number;

  @ApiPropertyOptional({ description: 'one of your own orders (GET /me/orders)', example: 'POS-20260308-140512-k3f' })
  @IsOptional()
  @Matches(KEY, { message: 'orderNo must be 1-64 characters A-Z a-z 0-9 _ . : -' })
  orderNo?: string;

  @ApiPropertyOptional({ description: 'client retry key: the same key answers the first create', example: 'fb-2f9c1e' })
  @IsOptional()
  @Matches(KEY, { message: 'requestId must be 1-64 characters A-Z a-z 0-9 _ . : -' })
  requestId?: string;
}

export class MyFeedbackQuery extends PageQuery {}

export class AdminFeedbackQuery extends PageQuery {
  @ApiPropertyOptional({ enum: FEEDBACK_STATUSES })
  @IsOptional()
  @IsIn(FEEDBACK_STATUSES)
  status?: FeedbackStatus;

  @ApiPropertyOptional({ description: 'one store (admins: any; managers: their own, always)' })
  @IsOptional()
  @IsUUID()
  storeId?: string;

  @ApiPropertyOptional({ enum: FEEDBACK_CATEGORY_CODES })
  @IsOptional()
  @IsIn(FEEDBACK_CATEGORY_CODES)
  category?: FeedbackCategory;

  @ApiPropertyOptional({ description: 'only items owned by this staff account' })
  @IsOptional()
  @IsUUID()
  ownerStaffId?: string;

  @ApiPropertyOptional({ description: 'true: only items without an owner', type: Boolean })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unassigned?: boolean;
}

export class ReplyFeedbackDto implements ReplyFeedbackRequest {
  @ApiProperty({ example: '感谢您的反馈，我们已提醒店员注意饮品温度。', description: '1–500 characters after trimming' })
  @IsString()
  @MaxLength(RAW_TEXT_MAX)
  reply: string;

  @ApiProperty({ enum: ['replied', 'closed'] })
  @IsIn(['replied', 'closed'])
  status: 'replied' | 'closed';
}

export class UpdateFeedbackDto implements UpdateFeedbackRequest {
  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'an active admin or manager of the store; null: nobody',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  ownerStaffId?: string | null;

  @ApiPropertyOptional({ enum: ['open', 'closed'], description: 'closed: close without a reply; open: reopen (admins)' })
  @IsOptional()
  @IsIn(['open', 'closed'])
  status?: 'open' | 'closed';
}

export class FeedbackStatsQuery {
  @ApiProperty({ example: '2026-03-01', description: 'first local date (programme timezone), inclusive' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  from?: string;

  @ApiProperty({ example: '2026-03-31', description: 'last local date, inclusive; at most 366 days after from' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  to?: string;

  @ApiPropertyOptional({ description: 'one store (admins: any; managers: their own, the default); omitted = all stores' })
  @IsOptional()
  @IsUUID()
  storeId?: string;
}
