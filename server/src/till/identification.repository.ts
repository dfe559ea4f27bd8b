// The member_identification table's SQL (till/ owns it).
import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { sql } from '../common/sql.js';

type Db = DataSource | EntityManager;

@Injectable()
export class IdentificationRepository {
  async insert(
    db: Db,
    r: { id: string; memberId: string; storeId: string; staffId: string; method: string; createdAt: Date; expiresAt: Date },
  ): Promise<void> {
    await sql(
      db,
      `INSERT INTO member_identification (id, member_id, store_id, staff_id, method, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [r.id, r.memberId, r.storeId, r.staffId, r.method, r.createdAt, r.expiresAt],
    );
  }

  async byId(db: Db, id: string) {
    const rows: { member_id: string; store_id: string; expires_at: Date }[] = await sql(
      db,
      'SELECT member_id, store_id, expires_at FROM member_identification WHERE id = $1',
      [id],
    );
    return rows[0];
  }

  /** Deletes identifications a day past their expiry; how many. */
  async pruneExpired(db: Db, now: Date): Promise<number> {
    const rows = await sql(
      db,
      "DELETE FROM member_identification WHERE expires_at < $1::timestamptz - interval '1 day' RETURNING 1 AS one",
      [now],
    );
    return rows.length;
  }
}
