// Starts the API the way production does (`node server/dist/main.js`, embedded PostgreSQL with
// its durable defaults) on a fresh temporary data dir and free ports, 127.0.0.1 only.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../../lib/setup.mjs';
import { onCleanup } from './cleanup.mjs';

/** A port the kernel just gave us (and that we released). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function tail(file, lines = 30) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** @typedef {{ code: number | null, signal: NodeJS.Signals | null }} Exit */

/**
 * @param {{ logLevel?: string, cpuProfDir?: string|null, env?: Record<string,string>, root?: string, dataDir?: string|null }} [options]
 * `dataDir`: a persistent data dir to reuse (kept on stop; `pnpm bench analytics`); default a fresh temporary one.
 * @returns {Promise<{ baseUrl: string, port: number, pgPort: number, dataDir: string, logFile: string,
 *   pid: number | undefined, databaseUrl: () => string, pgHost: () => string, pgPassword: () => string, logTail: (n?: number) => string,
 *   exited: () => Exit | null, stop: () => Promise<Exit | null> }>}
 */
export async function startServer({
  logLevel = 'warn',
  cpuProfDir = null,
  env: extraEnv = {},
  root = ROOT,
  dataDir: keptDataDir = null,
} = {}) {
  // The "postgres" user (when we run as root) must be able to enter the parent of the data dir.
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'huiyuan-bench-'));
  chmodSync(tmp, 0o755);
  const dataDir = keptDataDir ?? path.join(tmp, 'data');
  const logFile = path.join(tmp, 'server.log');
  const port = await freePort();
  let pgPort = await freePort();
  while (pgPort === port) pgPort = await freePort();

  const env = { ...process.env };
  delete env.DATABASE_URL; // always the embedded cluster, never someone's database
  Object.assign(env, {
    // Development mode: production refuses the WeChat sandbox (`dev:` logins) and the demo staff
    // the benches log in with. The two modes run the same code on the request path (only HSTS and
    // the API docs differ), so the figures are production's.
    NODE_ENV: 'development',
    // As the README's production command and `pnpm start` run it (docs/performance.md "Server memory").
    MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2',
    HOST: '127.0.0.1',
    PORT: String(port),
    HUIYUAN_PG_PORT: String(pgPort),
    HUIYUAN_DATA_DIR: dataDir,
    HUIYUAN_DEMO: '1',
    HUIYUAN_JOBS: '0',
    HUIYUAN_SERVE_H5: '0',
    HUIYUAN_BANNER: '0',
    // 100 member logins within a minute from one address: lift the per-address login limit.
    HUIYUAN_LOGIN_RATE_LIMIT: '1000000',
    // Claim bursts hit each member many times a second: lift the per-member claim budget (the
    // limiter still counts every claim in PostgreSQL, so its cost is in the figures).
    HUIYUAN_RATE_LIMITS: 'couponClaim=1000000/1s',
    LOG_LEVEL: logLevel,
    JWT_SECRET: randomBytes(32).toString('hex'),
    HUIYUAN_DATA_KEY: randomBytes(32).toString('hex'),
    ...extraEnv,
  });
  const args = [
    ...(cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfDir] : []),
    path.join(root, 'server', 'dist', 'main.js'),
  ];
  // Logs go to a file, as a production log shipper would take them, not through a JS pipe.
  const logFd = openSync(logFile, 'a');
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  /** @type {Exit | null} */
  let exited = null;
  /** @type {Promise<Exit>} */
  const exitPromise = new Promise((resolve) => child.once('exit', (code, signal) => resolve((exited = { code, signal }))));

  const pgPid = () => {
    const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
    if (!existsSync(pidFile)) return null;
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    return pid > 0 ? pid : null;
  };

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (!exited) {
      child.kill('SIGTERM'); // main.ts drains, closes the pool, stops PostgreSQL, exits 0
      const timer = sleep(30_000).then(() => 'timeout');
      if ((await Promise.race([exitPromise, timer])) === 'timeout') {
        process.stderr.write('bench: server did not stop within 30 s; killing it\n');
        child.kill('SIGKILL');
        await exitPromise;
      }
    }
    // PostgreSQL is the server's child: if the server died uncleanly, stop it ourselves (by pid).
    const pid = pgPid();
    if (pid && alive(pid)) {
      process.kill(pid, 'SIGINT');
      for (let i = 0; i < 100 && alive(pid); i++) await sleep(100);
      if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
    rmSync(tmp, { recursive: true, force: true });
  };
  const unregister = onCleanup(stop);

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    const early = /** @type {Exit | null} */ (exited);
    if (early) {
      const log = tail(logFile);
      await stop();
      unregister();
      throw new Error(`server exited during start (code ${early.code}, signal ${early.signal}):\n${log}`);
    }
    try {
      const res = await fetch(`${baseUrl}/api/v1/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      const log = tail(logFile);
      await stop();
      unregister();
      throw new Error(`server not healthy after 180 s:\n${log}`);
    }
    await sleep(250);
  }

  const pgPassword = () => readFileSync(path.join(dataDir, 'pg-password'), 'utf8').trim();
  return {
    baseUrl,
    port,
    pgPort,
    dataDir,
    logFile,
    pid: child.pid,
    pgPassword,
    databaseUrl: () => `postgres://postgres:${encodeURIComponent(pgPassword())}@127.0.0.1:${pgPort}/huiyuan`,
    // Where pgbench connects: the Unix socket the server uses when the cluster has one (the same
    // transport for both sides of a comparison), else TCP.
    pgHost: () => (existsSync(path.join(dataDir, 'pg', `.s.PGSQL.${pgPort}`)) ? path.join(dataDir, 'pg') : '127.0.0.1'),
    logTail: (n) => tail(logFile, n),
    exited: () => exited,
    stop: async () => {
      await stop();
      unregister();
      return exited;
    },
  };
}
