import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { StaffLoginRequest, WechatLoginRequest } from '@huiyuan/shared';
import { IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';

export class WechatLoginDto implements WechatLoginRequest {
  @ApiProperty({ description: 'wx.login code; in sandbox mode `dev:<openid>`', example: 'dev:demo-member' })
  @IsString()
  @Length(1, 128)
  code: string;

  @ApiPropertyOptional({ description: "the inviter's invite code" })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9A-Z]{4,16}$/, { message: 'inviteCode must be 4-16 characters 0-9 A-Z' })
  inviteCode?: string;

  @ApiPropertyOptional({ description: 'the `scene` of the mini-program QR code the member scanned (≤ 32 characters)' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  scene?: string;
}

export class StaffLoginDto implements StaffLoginRequest {
  @ApiProperty({ example: 'cashier1' })
  @IsString()
  @Length(1, 64)
  username: string;

  @ApiProperty({ example: 'huiyuan123' })
  @IsString()
  @Length(1, 128)
  password: string;
}
