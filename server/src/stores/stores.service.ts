import { Inject, Injectable } from '@nestjs/common';
import type { CreateStoreRequest, StoreView } from '@huiyuan/shared';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { StaffPrincipal } from '../common/auth.js';
import { DomainError } from '../common/domain-error.js';
import { inTransaction } from '../common/transaction.js';
import { Store } from './store.entity.js';
import { StoreRepository } from './store.repository.js';

const toView = (s: Store): StoreView => ({ id: s.id, name: s.name, address: s.address });

@Injectable()
export class StoresService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly stores: StoreRepository,
  ) {}

  /** Admins see every store; a manager or cashier only their own. */
  async list(viewer: StaffPrincipal): Promise<StoreView[]> {
    const rows =
      viewer.role === 'admin'
        ? await this.stores.all(this.db)
        : viewer.storeId
          ? await this.stores.listById(this.db, viewer.storeId)
          : [];
    return rows.map(toView);
  }

  async get(id: string): Promise<StoreView> {
    const store = await this.stores.findById(this.db, id);
    if (!store) throw DomainError.notFound('store');
    return toView(store);
  }

  async create(actor: StaffPrincipal | null, req: CreateStoreRequest): Promise<StoreView> {
    return inTransaction(this.db, async (tx) => {
      const store = await this.stores.create(tx, { name: req.name.trim(), address: req.address?.trim() ?? null });
      await this.audit.record(tx, {
        actorType: actor ? 'staff' : 'system',
        actorId: actor?.id ?? null,
        action: 'store.create',
        targetType: 'store',
        targetId: store.id,
      });
      return toView(store);
    });
  }
}
