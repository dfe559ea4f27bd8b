// The `staff` table's SQL (identity/ owns it).
import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { sql } from '../common/sql.js';
import { Staff } from './staff.entity.js';

type Db = DataSource | EntityManager;

@Injectable()
export class StaffRepository {
  byUsername(db: DataSource, username: string): Promise<Staff | null> {
    return db.getRepository(Staff).findOneBy({ username });
  }

  existsByUsername(db: DataSource, username: string): Promise<boolean> {
    return db.getRepository(Staff).existsBy({ username });
  }

  byId(db: DataSource, id: string): Promise<Staff | null> {
    return db.getRepository(Staff).findOneBy({ id });
  }

  byIdOrFail(tx: EntityManager, id: string): Promise<Staff> {
    return tx.findOneByOrFail(Staff, { id });
  }

  all(db: DataSource): Promise<Staff[]> {
    return db.getRepository(Staff).find({ order: { createdAt: 'ASC' } });
  }

  create(tx: EntityManager, values: Pick<Staff, 'username' | 'passwordHash' | 'role' | 'storeId'>): Promise<Staff> {
    return tx.save(tx.create(Staff, values));
  }

  /** Locks every active admin row, in id order (two admins changing each other cannot deadlock). */
  lockActiveAdmins(tx: EntityManager): Promise<Staff[]> {
    return tx
      .getRepository(Staff)
      .createQueryBuilder('s')
      .select(['s.id'])
      .where(`s.role = 'admin' AND NOT s.disabled`)
      .orderBy('s.id')
      .setLock('pessimistic_write')
      .getMany();
  }

  lockById(tx: EntityManager, id: string): Promise<Staff | null> {
    return tx.findOne(Staff, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async update(
    tx: EntityManager,
    id: string,
    patch: Partial<Pick<Staff, 'role' | 'storeId' | 'disabled' | 'tokenVersion' | 'passwordHash'>>,
  ): Promise<void> {
    await tx.update(Staff, { id }, patch);
  }

  /** `token_version = token_version + 1` in one statement, so concurrent bumps are never lost. */
  async bumpTokenVersion(tx: EntityManager, id: string): Promise<void> {
    await tx.increment(Staff, { id }, 'tokenVersion', 1);
  }

  /** What the auth guard checks on every staff request. */
  /** What the guard checks on every staff request, and the store's currency (the till needs it; no second round trip). */
  async authState(db: Db, id: string) {
    const rows: {
      disabled: boolean;
      role: string;
      store_id: string | null;
      token_version: number;
      store_currency: string | null;
    }[] = await sql(
      db,
      `SELECT s.disabled, s.role, s.store_id, s.token_version, st.currency AS store_currency
         FROM staff s LEFT JOIN store st ON st.id = s.store_id WHERE s.id = $1`,
      [id],
    );
    return rows[0];
  }

  /** id → username (the feedback inbox names owners and repliers). */
  async usernames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; username: string }[] = await sql(db, 'SELECT id, username FROM staff WHERE id = ANY($1::uuid[])', [
      ids,
    ]);
    return new Map(rows.map((r) => [r.id, r.username]));
  }

  /** Role, store and status of one account (is it someone who may own a feedback item?). */
  async roleOf(db: Db, id: string): Promise<{ role: string; store_id: string | null; disabled: boolean } | undefined> {
    const rows: { role: string; store_id: string | null; disabled: boolean }[] = await sql(
      db,
      'SELECT role, store_id, disabled FROM staff WHERE id = $1',
      [id],
    );
    return rows[0];
  }
}
