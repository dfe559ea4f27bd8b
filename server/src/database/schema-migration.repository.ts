// The database's own probes: liveness and the applied migrations (schema_migration is written by
// TypeORM's migration runner; database/ owns it).
import { Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

@Injectable()
export class SchemaMigrationRepository {
  async ping(db: DataSource): Promise<void> {
    await db.query('SELECT 1');
  }

  async appliedNames(db: DataSource): Promise<string[]> {
    const rows = (await db.query('SELECT name FROM schema_migration')) as { name: string }[];
    return rows.map((r) => r.name);
  }
}
