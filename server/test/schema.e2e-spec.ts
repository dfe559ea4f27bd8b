// Migrations are the only schema source: the entities must describe exactly what they built.
import { createDataSource } from '../src/database/data-source.js';
import { randomBytes } from 'node:crypto';
import { createTestDatabase, urlFor, withAdmin } from './helpers/pg.js';

const CHECKS = `SELECT conrelid::regclass::text AS "table", conname AS name, pg_get_constraintdef(oid) AS definition
                  FROM pg_constraint WHERE contype = 'c' AND connamespace = 'public'::regnamespace
                 ORDER BY 1, 2`;

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

  // TypeORM's schema diff compares columns, keys and indexes but not the text of CHECK constraints:
  // a migration that redefines `reward_grant_kind_known` without a kind the entity allows passes it.
  // So build the schema once from the entities alone (synchronize, in an empty database) and
  // compare every CHECK as PostgreSQL itself prints it.
  it('every CHECK constraint the migrations built is the one the entities declare', async () => {
    const migrated = await createTestDatabase();
    const fromEntities = `t_${randomBytes(6).toString('hex')}`;
    await withAdmin((c) => c.query(`CREATE DATABASE ${fromEntities} TEMPLATE template0`));
    const a = createDataSource(migrated.url);
    const b = createDataSource(urlFor(fromEntities), { migrations: [] });
    try {
      await a.initialize();
      await b.initialize();
      await b.synchronize();
      const built: unknown[] = await a.query(CHECKS);
      const declared: unknown[] = await b.query(CHECKS);
      expect(built.length).toBeGreaterThan(20);
      expect(built).toEqual(declared);
    } finally {
      await a.destroy();
      await b.destroy();
      await migrated.drop();
      await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${fromEntities} WITH (FORCE)`));
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
