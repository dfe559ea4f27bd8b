import { Module } from '@nestjs/common';
import { AdminProgrammeController, PublicProgrammeController } from './programme.controller.js';
import { ProgrammeService } from './programme.service.js';

@Module({
  controllers: [AdminProgrammeController, PublicProgrammeController],
  providers: [ProgrammeService],
  exports: [ProgrammeService],
})
export class ProgrammeModule {}
