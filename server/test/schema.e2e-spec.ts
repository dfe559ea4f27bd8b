// Migrations are the only schema source: the entities must describe exactly what they built.
import { createDataSource } from '../src/database/data-source.js';
import { createTestDatabase } from './helpers/pg.js';

describe('schema', () => {
  it('entities and migrations agree (like `migration:generate --check`)', async () => {
    const db = await createTestDatabase();
    const ds = createDataSource(db.url);
    try {
      await ds.initialize();
      const pending = await ds.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await ds.destroy();
      await db.drop();
    }
  });

  it('seeds the four tiers with rising thresholds', async () => {
    const db = await createTestDatabase();
    const ds = createDataSource(db.url);
    try {
      await ds.initialize();
      const rows = await ds.query('SELECT code, growth_threshold FROM tier ORDER BY growth_threshold');
      expect(rows.map((r: { code: string }) => r.code)).toEqual(['normal', 'silver', 'gold', 'platinum']);
    } finally {
      await ds.destroy();
      await db.drop();
    }
  });
});
