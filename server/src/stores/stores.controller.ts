import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { StoreView } from '@huiyuan/shared';
import { CurrentStaff, Roles, type StaffPrincipal } from '../common/auth.js';
import { CreateStoreDto } from './dto/create-store.dto.js';
import { StoresService } from './stores.service.js';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/stores')
export class StoresController {
  constructor(private readonly stores: StoresService) {}

  @Get()
  @Roles('admin', 'manager')
  async list(@CurrentStaff() viewer: StaffPrincipal): Promise<{ items: StoreView[] }> {
    return { items: await this.stores.list(viewer) };
  }

  @Post()
  @Roles('admin')
  create(@CurrentStaff() actor: StaffPrincipal, @Body() body: CreateStoreDto): Promise<StoreView> {
    return this.stores.create(actor, body);
  }
}
