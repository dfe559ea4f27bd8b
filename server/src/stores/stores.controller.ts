import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { StoreListResponse, StoreView } from '@huiyuan/shared';
import { ApiResult } from '../common/api-docs.js';
import { CurrentStaff, Roles, StoreScoped, type StaffPrincipal } from '../common/auth.js';
import { CreateStoreDto, UpdateStoreDto } from './dto/create-store.dto.js';
import { StoresService } from './stores.service.js';
import { Idempotent } from '../common/idempotency.js';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/stores')
export class StoresController {
  constructor(private readonly stores: StoresService) {}

  @Get()
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'List stores', description: 'Managers: their own store only.' })
  @ApiResult('StoreListResponse')
  async list(@CurrentStaff() viewer: StaffPrincipal): Promise<StoreListResponse> {
    return { items: await this.stores.list(viewer) };
  }

  @Get(':storeId')
  @Roles('admin', 'manager', 'cashier')
  @StoreScoped('params.storeId')
  @ApiOperation({
    summary: 'Read a store',
    description: 'Cashiers and managers: their own store only (another → 403 STORE_SCOPE).',
  })
  @ApiResult('StoreView')
  get(@Param('storeId', new ParseUUIDPipe({ version: '4' })) storeId: string): Promise<StoreView> {
    return this.stores.get(storeId);
  }

  @Post()
  @Roles('admin')
  @Idempotent()
  @ApiOperation({ summary: 'Create a store', description: 'Audited; Idempotency-Key replays the first response.' })
  @ApiResult('StoreView', 201)
  create(@CurrentStaff() actor: StaffPrincipal, @Body() body: CreateStoreDto): Promise<StoreView> {
    return this.stores.create(actor, body);
  }

  @Patch(':storeId')
  @Roles('admin')
  @ApiOperation({
    summary: 'Change a store',
    description: 'Its name, address or currency (null: the programme’s). Only the fields given change; audited.',
  })
  @ApiResult('StoreView')
  update(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('storeId', new ParseUUIDPipe({ version: '4' })) storeId: string,
    @Body() body: UpdateStoreDto,
  ): Promise<StoreView> {
    return this.stores.update(actor, storeId, body);
  }
}
