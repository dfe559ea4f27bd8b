// The server as a process: configuration errors, busy ports and signals, as an operator sees them.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_ACCOUNTS } from '../src/demo/demo-seed.js';
import { freePort } from './helpers/pg.js';
import { productionWechatPayEnv } from './helpers/wechat-pay-env.js';

const MAIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/main.js');

const started: ChildProcess[] = [];

function run(env: Record<string, string>, until?: (out: string) => boolean) {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', HUIYUAN_JOBS: '0', HUIYUAN_SERVE_H5: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let out = '';
  const done = new Promise<{ code: number | null; out: string }>((resolve) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (until?.(out)) resolve({ code: null, out });
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
  return { child, done, output: () => out };
}

function occupy(port: number): Promise<net.Server> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(port, '127.0.0.1', () => resolve(s));
  });
}

describe('the server process', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'huiyuan-process-'));
  });
  afterEach(async () => {
    for (const child of started.splice(0)) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stops at once with one line naming a bad variable', async () => {
    const { done } = run({ PORT: 'not-a-port', HUIYUAN_DATA_DIR: dataDir });
    const { code, out } = await done;
    expect(code).toBe(2);
    expect(out.trim()).toBe('huiyuan: invalid configuration: PORT: Invalid input: expected number, received NaN');
  });

  it('says clearly when the embedded PostgreSQL port is taken', async () => {
    const pgPort = await freePort();
    const blocker = await occupy(pgPort);
    try {
      const { code, out } = await run({
        HUIYUAN_DATA_DIR: dataDir,
        HUIYUAN_PG_PORT: String(pgPort),
        PORT: String(await freePort()),
      }).done;
      expect(code).toBe(3);
      expect(out).toContain(`port ${pgPort} for the embedded PostgreSQL is already in use`);
    } finally {
      blocker.close();
    }
  });

  it('says clearly when the HTTP port is taken, and leaves no database running', async () => {
    const httpPort = await freePort();
    const blocker = await occupy(httpPort);
    try {
      const { code, out } = await run({
        HUIYUAN_DATA_DIR: dataDir,
        HUIYUAN_PG_PORT: String(await freePort()),
        PORT: String(httpPort),
        HOST: '127.0.0.1',
      }).done;
      expect(code).toBe(4);
      expect(out).toContain(`port ${httpPort} is already in use`);
      expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
    } finally {
      blocker.close();
    }
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('on %s drains, stops the embedded PostgreSQL and exits 0', async (signal) => {
    const port = await freePort();
    const { child, done } = run(
      {
        HUIYUAN_DATA_DIR: dataDir,
        HUIYUAN_PG_PORT: String(await freePort()),
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
      },
      (out) => out.includes('huiyuan is up'),
    );
    await done;
    const health = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
    expect(await health.json()).toEqual({ status: 'ok', db: 'up' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill(signal);
    expect(await exited).toBe(0);
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
  });

  const PRODUCTION = {
    NODE_ENV: 'production',
    WECHAT_APPID: 'wx0123456789abcdef',
    WECHAT_SECRET: '0123456789abcdef0123456789abcdef',
    JWT_SECRET: 'production-jwt-secret-0123456789abcdef',
    HUIYUAN_DATA_KEY: 'e'.repeat(64),
    ...productionWechatPayEnv(),
  };

  it.each(['WECHAT_APPID', 'WECHAT_SECRET', 'JWT_SECRET', 'HUIYUAN_DATA_KEY'])(
    'in production refuses to start without %s: exit 2 and one line naming it',
    async (variable) => {
      const { code, out } = await run({ ...PRODUCTION, [variable]: '', HUIYUAN_DATA_DIR: dataDir }).done;
      expect(code).toBe(2);
      expect(out.trim().split('\n')).toHaveLength(1);
      expect(out).toContain(`huiyuan: invalid configuration: ${variable}: is required when NODE_ENV=production`);
    },
  );

  /** Starts the server and waits until it answers /health/ready. */
  async function startServer(env: Record<string, string>) {
    const port = await freePort();
    const server = run({
      HUIYUAN_PG_PORT: String(await freePort()),
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      ...env,
    });
    const base = `http://127.0.0.1:${port}`;
    for (;;) {
      if (server.child.exitCode !== null) throw new Error(`server exited: ${(await server.done).out}`);
      const status = await fetch(`${base}/api/v1/health/ready`).then(
        (r) => r.status,
        () => 0,
      );
      if (status === 200) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    return { ...server, base };
  }
  const staffLogin = (base: string, username: string, password: string) =>
    fetch(`${base}/api/v1/auth/staff/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });

  it('in production refuses dev: codes, seeds no demo staff even with HUIYUAN_DEMO=1, and hides /api/docs', async () => {
    const { base } = await startServer({ ...PRODUCTION, HUIYUAN_DATA_DIR: dataDir, HUIYUAN_DEMO: '1' });
    const dev = await fetch(`${base}/api/v1/auth/wechat/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'dev:someone' }),
    });
    expect(dev.status).toBe(401);
    expect(await dev.json()).toMatchObject({ code: 'WECHAT_CODE_INVALID' });
    for (const a of DEMO_ACCOUNTS) expect((await staffLogin(base, a.username, a.password)).status).toBe(401);
    expect((await fetch(`${base}/api/docs`)).status).toBe(404);
    expect((await fetch(`${base}/api/docs-json`)).status).toBe(404);
  });

  it('prints no password or token in the banner or the logs', async () => {
    const server = await startServer({
      HUIYUAN_DATA_DIR: dataDir,
      HUIYUAN_DEMO: '1',
      HUIYUAN_BANNER: '1',
      HUIYUAN_BOOTSTRAP_ADMIN: 'boss:bootstrap-password-42',
      LOG_LEVEL: 'trace',
    });
    const login = await staffLogin(server.base, 'boss', 'bootstrap-password-42');
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    await staffLogin(server.base, 'admin', 'wrong-password');
    server.child.kill('SIGTERM');
    await server.done;
    const all = server.output(); // stdout and stderr, from the first line to the last
    expect(all).toContain('Demo staff accounts');
    expect(all).toContain('cashier1');
    const secrets = JSON.parse(readFileSync(path.join(dataDir, 'secrets.json'), 'utf8')) as Record<string, string>;
    const forbidden = [
      ...DEMO_ACCOUNTS.map((a) => a.password),
      'bootstrap-password-42',
      'wrong-password',
      token,
      readFileSync(path.join(dataDir, 'pg-password'), 'utf8').trim(),
      ...Object.values(secrets),
    ];
    for (const secret of forbidden) expect(all).not.toContain(secret);
  });

  it('after kill -9 of the node process, a restart on the same data dir comes up and keeps the data', async () => {
    const pgPort = String(await freePort());
    const first = await startServer({
      HUIYUAN_DATA_DIR: dataDir,
      HUIYUAN_PG_PORT: pgPort,
      HUIYUAN_BOOTSTRAP_ADMIN: 'boss:heron-quarry-fable-3',
    });
    const orphan = Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    first.child.kill('SIGKILL');
    await first.done;
    expect(() => process.kill(orphan, 0)).not.toThrow(); // the embedded PostgreSQL outlived it

    const killedAt = Date.now();
    const second = await startServer({ HUIYUAN_DATA_DIR: dataDir, HUIYUAN_PG_PORT: pgPort });
    process.stdout.write(`kill -9 → restarted server ready in ${Date.now() - killedAt} ms\n`);
    expect((await staffLogin(second.base, 'boss', 'heron-quarry-fable-3')).status).toBe(200);
  });

  it('a stale postmaster.pid naming an unrelated live process does not block the start', async () => {
    const first = await startServer({ HUIYUAN_DATA_DIR: dataDir, HUIYUAN_BOOTSTRAP_ADMIN: 'boss:heron-quarry-fable-3' });
    first.child.kill('SIGTERM');
    await first.done;
    const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
    expect(existsSync(pidFile)).toBe(false);
    const unrelated = spawn('sleep', ['600'], { stdio: 'ignore' });
    started.push(unrelated);
    writeFileSync(
      pidFile,
      `${unrelated.pid}\n${path.join(dataDir, 'pg')}\n1700000000\n5488\n\n127.0.0.1\n  5488001         0\nready   \n`,
    );

    const second = await startServer({ HUIYUAN_DATA_DIR: dataDir });
    expect((await staffLogin(second.base, 'boss', 'heron-quarry-fable-3')).status).toBe(200);
    expect(unrelated.exitCode).toBeNull(); // left alone
    expect(second.output()).toContain('removing stale');
  });
});
