// The `store` table's SQL (stores/ owns it). Other modules check store ids and read a store's
// currency through these methods.
import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { sql } from '../common/sql.js';
import { Store } from './store.entity.js';

type Db = DataSource | EntityManager;

@Injectable()
export class StoreRepository {
  /** Every store, oldest first. */
  all(db: DataSource): Promise<Store[]> {
    return db.getRepository(Store).find({ order: { createdAt: 'ASC' } });
  }

  /** The store as a list (empty when there is none). */
  listById(db: DataSource, id: string): Promise<Store[]> {
    return db.getRepository(Store).findBy({ id });
  }

  findById(db: DataSource, id: string): Promise<Store | null> {
    return db.getRepository(Store).findOneBy({ id });
  }

  create(tx: EntityManager, values: Pick<Store, 'name' | 'address' | 'currency'>): Promise<Store> {
    return tx.save(tx.create(Store, values));
  }

  /** The store row, locked until the transaction ends (an admin edit). */
  lockById(tx: EntityManager, id: string): Promise<Store | null> {
    return tx.findOne(Store, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async update(tx: EntityManager, id: string, values: Pick<Store, 'name' | 'address' | 'currency'>): Promise<void> {
    await tx.update(Store, { id }, values);
  }

  exists(tx: EntityManager, id: string): Promise<boolean> {
    return tx.existsBy(Store, { id });
  }

  /** Those of `ids` that are stores. */
  existingIds(tx: Pick<EntityManager, 'query'>, ids: string[]): Promise<{ id: string }[]> {
    return tx.query('SELECT id FROM store WHERE id = ANY($1::uuid[])', [ids]);
  }

  async currency(db: Db, id: string): Promise<string | null | undefined> {
    const rows: { currency: string | null }[] = await sql(db, 'SELECT currency FROM store WHERE id = $1', [id]);
    return rows[0]?.currency;
  }

  /** Store names by id (the member's order list and export show them). */
  async names(db: Db, ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; name: string }[] = await sql(db, 'SELECT id, name FROM store WHERE id = ANY($1::uuid[])', [ids]);
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  count(db: DataSource): Promise<number> {
    return db.getRepository(Store).count();
  }
}
