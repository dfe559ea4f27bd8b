// The server as a process: configuration errors, busy ports and signals, as an operator sees them.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './helpers/pg.js';

const MAIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/main.js');

function run(env: Record<string, string>, until?: (out: string) => boolean) {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', HUIYUAN_JOBS: '0', HUIYUAN_SERVE_H5: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const done = new Promise<{ code: number | null; out: string }>((resolve) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (until?.(out)) resolve({ code: null, out });
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
  return { child, done };
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
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

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
});
