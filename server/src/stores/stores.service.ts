import { Inject, Injectable } from '@nestjs/common';
import type { CreateStoreRequest, StoreView, UpdateStoreRequest } from '@huiyuan/shared';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { StaffPrincipal } from '../common/auth.js';
import { DomainError } from '../common/domain-error.js';
import { inTransaction } from '../common/transaction.js';
import { Store } from './store.entity.js';
import { StoreRepository } from './store.repository.js';

const toView = (s: Store): StoreView => ({ id: s.id, name: s.name, address: s.address, currency: s.currency });

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
      const store = await this.stores.create(tx, {
        name: req.name.trim(),
        address: req.address?.trim() ?? null,
        currency: req.currency ?? null,
      });
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

  /**
   * Changes a store's name, address or currency (audited with the fields that changed). A store whose
   * currency differs from the programme's records no orders (422 CURRENCY_MISMATCH at the till) —
   * setting it is how a brand keeps, say, a Hong Kong store out of the CNY programme's figures.
   */
  async update(actor: StaffPrincipal, id: string, req: UpdateStoreRequest): Promise<StoreView> {
    return inTransaction(this.db, async (tx) => {
      const store = await this.stores.lockById(tx, id);
      if (!store) throw DomainError.notFound('store');
      const changed: string[] = [];
      if (req.name !== undefined && req.name.trim() !== store.name) {
        store.name = req.name.trim();
        changed.push('name');
      }
      if (req.address !== undefined && (req.address?.trim() ?? null) !== store.address) {
        store.address = req.address?.trim() ?? null;
        changed.push('address');
      }
      if (req.currency !== undefined && req.currency !== store.currency) {
        store.currency = req.currency;
        changed.push('currency');
      }
      if (changed.length > 0) {
        await this.stores.update(tx, id, { name: store.name, address: store.address, currency: store.currency });
        await this.audit.record(tx, {
          actorType: 'staff',
          actorId: actor.id,
          action: 'store.update',
          targetType: 'store',
          targetId: id,
          details: { changed, ...(changed.includes('currency') ? { currency: store.currency } : {}) },
        });
      }
      return toView(store);
    });
  }
}
