import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { BindPhoneRequest, ConsentRequest, Gender, UpdateMeRequest } from '@huiyuan/shared';
import { IsIn, IsOptional, IsString, IsUrl, Length, Matches, MaxLength } from 'class-validator';
import { IsLocalDate } from '../../common/validation.js';

export class UpdateMeDto implements UpdateMeRequest {
  @ApiPropertyOptional({ maxLength: 32 })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  @Matches(/\S/, { message: 'nickname must not be blank' })
  nickname?: string;

  @ApiPropertyOptional({ description: 'https URL, ≤ 512 characters' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  @IsUrl({ protocols: ['https'], require_protocol: true }, { message: 'avatarUrl must be an https URL' })
  avatarUrl?: string;

  @ApiPropertyOptional({ example: '1990-05-01', description: 'changeable once a year' })
  @IsOptional()
  @IsString()
  @IsLocalDate()
  birthday?: string;

  @ApiPropertyOptional({ enum: ['male', 'female', 'unknown'] })
  @IsOptional()
  @IsIn(['male', 'female', 'unknown'])
  gender?: Gender;
}

export class ConsentDto implements ConsentRequest {
  @ApiProperty({ description: 'the version from GET /privacy-policy', example: '2026-11-01' })
  @IsString()
  @Length(1, 32)
  version: string;
}

export class BindPhoneDto implements BindPhoneRequest {
  @ApiProperty({ description: 'the code from the getPhoneNumber button; in sandbox mode `dev:<11-digit phone>`' })
  @IsString()
  @Length(1, 128)
  code: string;
}
