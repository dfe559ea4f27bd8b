// Process entry: configuration, the embedded PostgreSQL (unless DATABASE_URL), the app, signals.
import { ConfigError, loadConfig, type AppConfig } from './config/config.js';
import { EmbeddedPostgresError, startEmbeddedPostgres, type RunningPostgres } from './database/embedded-postgres.js';
import { createRootLogger } from './logging/logger.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`huiyuan: invalid configuration: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createRootLogger(config.logLevel);

  let embedded: RunningPostgres | null = null;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    try {
      embedded = await startEmbeddedPostgres({
        dataDir: config.dataDir,
        port: config.embeddedPgPort,
        log: (line, level = 'info') => logger[level]({ component: 'embedded-postgres' }, line),
      });
    } catch (err) {
      if (err instanceof EmbeddedPostgresError) {
        process.stderr.write(`huiyuan: embedded PostgreSQL: ${err.message}\n`);
        process.exit(3);
      }
      throw err;
    }
    databaseUrl = await ensureDatabase(embedded);
  }

  const { createApp } = await import('./bootstrap.js');
  const app = await createApp({ config, databaseUrl, logger }).catch(async (err: unknown) => {
    await embedded?.stop();
    throw err;
  });
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await app.close();
    await embedded?.stop();
    if ((err as { code?: string }).code === 'EADDRINUSE') {
      process.stderr.write(`huiyuan: port ${config.port} is already in use: stop what listens there or set PORT\n`);
      process.exit(4);
    }
    throw err;
  }
  logger.info({ port: config.port, embedded: Boolean(embedded), sandbox: config.wechat.sandbox }, 'huiyuan is up');
  if (config.banner) await printBanner(config);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping: draining requests');
    await app.close(); // stops accepting, waits for in-flight requests, closes the pool
    await embedded?.stop();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/** Never prints a password or token, in any mode: the demo passwords are in README's table. */
async function printBanner(config: AppConfig): Promise<void> {
  const { DEMO_ACCOUNTS } = await import('./demo/demo-seed.js');
  const url = `http://localhost:${config.port}`;
  const lines = [
    '',
    `  Huiyuan 会员 is running at ${url}`,
    `    mini-program (H5)  ${url}/`,
    `    API                ${url}/api/v1   (health: ${url}/api/v1/health)`,
    ...(config.apiDocs ? [`    OpenAPI            ${url}/api/docs`] : []),
    `    WeChat             ${config.wechat.sandbox ? 'sandbox (log in with any name on the H5 login page)' : 'real AppID'}`,
  ];
  if (config.demo) {
    lines.push('', '  Demo staff accounts (passwords: the table under "Quick start" in README.md):');
    for (const a of DEMO_ACCOUNTS) lines.push(`    ${a.role.padEnd(8)} ${a.username}${a.store ? `  (${a.store})` : ''}`);
  }
  if (config.bootstrapAdmin) lines.push(`  Bootstrap admin: ${config.bootstrapAdmin.username}`);
  process.stdout.write(lines.join('\n') + '\n\n');
}

/** The embedded cluster keeps the product in database `huiyuan`. */
async function ensureDatabase(pg: RunningPostgres): Promise<string> {
  const { default: pgLib } = await import('pg');
  const client = new pgLib.Client({ connectionString: pg.adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = 'huiyuan'");
    if (!rowCount) await client.query('CREATE DATABASE huiyuan');
  } finally {
    await client.end();
  }
  return pg.urlFor('huiyuan');
}

main().catch((err: unknown) => {
  process.stderr.write(`huiyuan: failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
