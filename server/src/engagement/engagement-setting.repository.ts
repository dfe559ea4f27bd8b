// The engagement_setting table's SQL (engagement/ owns it).
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

@Injectable()
export class EngagementSettingRepository {
  async value<T>(db: Pick<EntityManager, 'query'>, key: string): Promise<T | null> {
    const rows: { value: T }[] = await db.query('SELECT value FROM engagement_setting WHERE key = $1', [key]);
    return rows[0]?.value ?? null;
  }

  async upsert(tx: EntityManager, key: string, value: object, staffId: string): Promise<void> {
    await tx.query(
      `INSERT INTO engagement_setting (key, value, updated_by, updated_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [key, JSON.stringify(value), staffId],
    );
  }
}
