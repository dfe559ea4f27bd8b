import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CreateStaffRequest, StaffRole } from '@huiyuan/shared';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';

export class CreateStaffDto implements CreateStaffRequest {
  @ApiProperty({ example: 'cashier2' })
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]{3,32}$/, { message: 'username must be 3-32 characters A-Z a-z 0-9 _ . -' })
  username: string;

  @ApiProperty({ minLength: 8, maxLength: 128 })
  @IsString()
  @Length(8, 128)
  password: string;

  @ApiProperty({ enum: ['cashier', 'manager', 'admin'] })
  @IsIn(['cashier', 'manager', 'admin'])
  role: StaffRole;

  @ApiPropertyOptional({ description: 'required for cashier and manager; absent for admin' })
  @IsOptional()
  @IsUUID()
  storeId?: string;
}
