import { ApiProperty } from '@nestjs/swagger';
import type { ResetStaffPasswordRequest } from '@huiyuan/shared';
import { IsString, MaxLength } from 'class-validator';

export class ResetStaffPasswordDto implements ResetStaffPasswordRequest {
  @ApiProperty({
    description: 'at least 10 characters, not a common password, not containing the username (else 422 WEAK_PASSWORD)',
    maxLength: 128,
  })
  @IsString()
  // The policy (422 WEAK_PASSWORD) judges length; this bound only keeps absurd bodies out.
  @MaxLength(1024)
  password: string;
}
