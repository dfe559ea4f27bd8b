import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CreateStoreRequest, UpdateStoreRequest } from '@huiyuan/shared';
import { IsOptional, IsString, Length, Matches, ValidateIf } from 'class-validator';

const ISO_4217 = /^[A-Z]{3}$/;

export class CreateStoreDto implements CreateStoreRequest {
  @ApiProperty({ example: '静安寺店' })
  @IsString()
  @Length(1, 64)
  @Matches(/\S/, { message: 'name must not be blank' })
  name: string;

  @ApiPropertyOptional({ example: '上海市静安区南京西路 1 号' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  address?: string;

  @ApiPropertyOptional({
    example: 'CNY',
    nullable: true,
    description: 'ISO 4217; absent or null = the programme’s currency',
  })
  @IsOptional()
  @IsString()
  @Matches(ISO_4217, { message: 'currency must be an ISO 4217 code (three capital letters)' })
  currency?: string | null;
}

export class UpdateStoreDto implements UpdateStoreRequest {
  @ApiPropertyOptional({ example: '静安寺店' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  @Matches(/\S/, { message: 'name must not be blank' })
  name?: string;

  @ApiPropertyOptional({ example: '上海市静安区南京西路 1 号', nullable: true, description: 'null clears it' })
  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @IsString()
  @Length(1, 200)
  address?: string | null;

  @ApiPropertyOptional({ example: 'HKD', nullable: true, description: 'ISO 4217; null = the programme’s currency' })
  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @IsString()
  @Matches(ISO_4217, { message: 'currency must be an ISO 4217 code (three capital letters)' })
  currency?: string | null;
}
