// Dev tool: prints the SQL that would bring a database (migrated so far) in line with the
// entities. Used to write migrations; the schema test fails when this is not empty.
import 'reflect-metadata';
import { createDataSource } from './data-source.js';

const url = process.argv[2];
if (!url) throw new Error('usage: node print-schema.js <database url>');
const ds = createDataSource(url);
await ds.initialize();
await ds.runMigrations();
const sql = await ds.driver.createSchemaBuilder().log();
for (const q of sql.upQueries) process.stdout.write(q.query + ';\n');
await ds.destroy();
