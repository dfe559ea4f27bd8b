// Process entry: configuration, the embedded PostgreSQL (unless DATABASE_URL), the app, signals.
// With HUIYUAN_WORKERS=N > 1 this process is the cluster's primary: it owns the embedded
// PostgreSQL, forks N workers that each run the app on the one shared port, restarts a worker
// that dies, and on SIGTERM drains them all before stopping PostgreSQL (docs/performance.md).
import cluster from 'node:cluster';
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
        // Each worker holds a pool of 20 and the job queue's 4 (HUIYUAN_WORKERS, docs/performance.md).
        maxConnections: Math.max(200, 30 * config.workers + 40),
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

  if (config.workers > 1 && cluster.isPrimary) {
    await runCluster(config, databaseUrl, embedded, logger);
    return;
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
  // A cluster worker is announced by its primary, once, when all of them listen.
  if (config.banner && cluster.isPrimary) await printBanner(config);

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

/**
 * The primary of HUIYUAN_WORKERS processes. The workers start one after the other (the first
 * runs the migrations and the demo seed), each once the one before listens; each worker reaches the database by
 * DATABASE_URL (the primary's embedded cluster, or the configured one). A worker that exits
 * unasked is replaced, unless workers keep dying (5 exits within a minute: the primary gives up
 * with status 1 rather than loop). Instances are stateless, so any worker may answer any request.
 */
async function runCluster(
  config: AppConfig,
  databaseUrl: string,
  embedded: RunningPostgres | null,
  logger: ReturnType<typeof createRootLogger>,
): Promise<void> {
  let stopping = false;
  // Until every first worker listens, an exit fails the start (no replacement is forked).
  let started = false;
  const recentExits: number[] = [];
  const fork = () =>
    new Promise<void>((resolve, reject) => {
      // glibc's malloc arenas: see MALLOC_ARENA_MAX in docs/performance.md (a worker is a new process, so it applies).
      const worker = cluster.fork({ DATABASE_URL: databaseUrl, MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2' });
      let listening = false;
      worker.once('listening', () => {
        listening = true;
        resolve();
      });
      worker.once('exit', (code, signal) => {
        if (!listening) reject(new Error(`worker ${worker.process.pid} exited (${signal ?? code}) before listening`));
        if (stopping || !started) return;
        logger.warn({ pid: worker.process.pid, code, signal }, 'a worker exited: starting another');
        const now = Date.now();
        recentExits.push(now);
        while (recentExits.length > 0 && recentExits[0]! < now - 60_000) recentExits.shift();
        if (recentExits.length >= 5) {
          logger.error('workers keep exiting: stopping');
          void stopAll(1);
          return;
        }
        fork().catch((err: unknown) => logger.error({ err }, 'a replacement worker failed to start'));
      });
    });
  const stopAll = async (status: number) => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping: draining the workers');
    const workers = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.isDead()) return resolve();
            w.once('exit', () => resolve());
            w.process.kill('SIGTERM');
          }),
      ),
    );
    await embedded?.stop();
    logger.info('stopped');
    process.exit(status);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  try {
    // One at a time: job queues starting at the same moment on a fresh database can deadlock
    // (server/test/chaos-instances.e2e-spec.ts).
    for (let i = 0; i < config.workers; i++) await fork();
    started = true;
  } catch (err) {
    logger.error({ err }, 'the workers did not start');
    await stopAll(1);
    return;
  }
  logger.info({ port: config.port, workers: config.workers, embedded: Boolean(embedded) }, 'huiyuan is up');
  if (config.banner) await printBanner(config);
}

/** Never prints a password or token, in any mode: the demo passwords are in README's table. */
async function printBanner(config: AppConfig): Promise<void> {
  const { DEMO_ACCOUNTS } = await import('./demo/demo-seed.js');
  const url = `http://localhost:${config.port}`;
  const lines = [
    '',
    `  Huiyuan 会员 is running at ${url}`,
    `    mini-program (H5)  ${url}/`,
    `    console            ${url}/admin   (admin or manager accounts below)`,
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
