import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { PageQuery } from '../../common/page-query.dto.js';

/** `GET /admin/audit-log?cursor=&limit=&action=&actorId=`. */
export class AuditLogQueryDto extends PageQuery {
  @ApiPropertyOptional({ example: 'lottery.create', description: 'one action (exact)' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z_]{1,40}(\.[a-z_]{1,40}){0,3}$/, { message: 'action must look like lottery.create' })
  action?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'one actor (staff or member id)' })
  @IsOptional()
  @IsUUID()
  actorId?: string;
}
