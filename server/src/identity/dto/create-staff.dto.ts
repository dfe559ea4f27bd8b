import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CreateStaffRequest, StaffRole } from '@huiyuan/shared';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

export class CreateStaffDto implements CreateStaffRequest {
  @ApiProperty({ example: 'cashier2' })
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]{3,32}$/, { message: 'username must be 3-32 characters A-Z a-z 0-9 _ . -' })
  username: string;

  @ApiProperty({
    description: 'at least 10 characters, not a common password, not containing the username (else 422 WEAK_PASSWORD)',
    maxLength: 128,
  })
  @IsString()
  // The password policy (422 WEAK_PASSWORD, every problem in details) judges length; this bound
  // only keeps absurd bodies out.
  @MaxLength(1024)
  password: string;

  @ApiProperty({ enum: ['cashier', 'manager', 'admin'] })
  @IsIn(['cashier', 'manager', 'admin'])
  role: StaffRole;

  @ApiPropertyOptional({ description: 'required for cashier and manager; absent for admin' })
  @IsOptional()
  @IsUUID()
  storeId?: string;
}
