import { ApiPropertyOptional } from '@nestjs/swagger';
import type { StaffRole, StaffStatus, UpdateStaffRequest } from '@huiyuan/shared';
import { IsIn, IsOptional, IsUUID, ValidateIf } from 'class-validator';

export class UpdateStaffDto implements UpdateStaffRequest {
  @ApiPropertyOptional({ enum: ['cashier', 'manager', 'admin'] })
  @IsOptional()
  @IsIn(['cashier', 'manager', 'admin'])
  role?: StaffRole;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'required when the account becomes a cashier or manager; an admin belongs to no store (null)',
  })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsUUID()
  storeId?: string | null;

  @ApiPropertyOptional({ enum: ['active', 'disabled'], description: 'disabled accounts cannot log in; their sessions end' })
  @IsOptional()
  @IsIn(['active', 'disabled'])
  status?: StaffStatus;
}
