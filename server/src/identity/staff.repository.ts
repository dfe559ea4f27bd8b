// The `staff` table's SQL (identity/ owns it).
import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { sql } from '../common/sql.js';

type Db = DataSource | EntityManager;

@Injectable()
export class StaffRepository {
  /** What the auth guard checks on every staff request. */
  async authState(db: Db, id: string) {
    const rows: { disabled: boolean; role: string; store_id: string | null; token_version: number }[] = await sql(
      db,
      'SELECT disabled, role, store_id, token_version FROM staff WHERE id = $1',
      [id],
    );
    return rows[0];
  }
}
