import { ApiProperty } from '@nestjs/swagger';
import { DELETE_ME_CONFIRMATION, type DeleteMeRequest } from '@huiyuan/shared';
import { IsIn } from 'class-validator';

export class DeleteMeDto implements DeleteMeRequest {
  @ApiProperty({ enum: [DELETE_ME_CONFIRMATION], description: 'the member types 注销 to confirm' })
  @IsIn([DELETE_ME_CONFIRMATION], { message: 'confirm must be 注销' })
  confirm: '注销';
}
