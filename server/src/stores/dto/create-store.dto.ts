import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CreateStoreRequest } from '@huiyuan/shared';
import { IsOptional, IsString, Length, Matches } from 'class-validator';

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
}
