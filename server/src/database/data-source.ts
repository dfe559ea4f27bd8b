// The TypeORM data source. Migrations are the only schema source (never synchronize).
import pg from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';
import { SnakeNamingStrategy } from './naming.strategy.js';

// Local dates (DATE) stay 'YYYY-MM-DD' strings in raw queries too, as the rules expect; pg would
// otherwise turn them into Date objects at the server process's local midnight.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);

export function dataSourceOptions(url: string, overrides: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    installExtensions: false,
    uuidExtension: 'pgcrypto',
    logging: false,
    // A full pool answers with an error after 5 s instead of waiting forever.
    extra: { max: 20, application_name: 'huiyuan', connectionTimeoutMillis: 5_000 },
    ...overrides,
  } as DataSourceOptions;
}

export function createDataSource(url: string, overrides: Partial<DataSourceOptions> = {}): DataSource {
  return new DataSource(dataSourceOptions(url, overrides));
}
