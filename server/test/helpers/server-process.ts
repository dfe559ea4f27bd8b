// The server as real processes for chaos tests: `dist/main.js` spawned on a test database
// (DATABASE_URL, so killing Node never orphans an embedded PostgreSQL), waited on until healthy,
// killed with SIGKILL and restarted on the same port. Instances started with the same `secrets`
// accept each other's tokens.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CURRENT_PRIVACY_POLICY } from '../../src/members/privacy-policy.js';
import { freePort } from './pg.js';

const MAIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/main.js');

export const BOOTSTRAP_ADMIN = { username: 'chaos-admin', password: 'gannet-lantern-quay-7' };

/** Keys both instances of a cluster share: a token signed by one verifies on the other. */
export function clusterSecrets(): { JWT_SECRET: string; HUIYUAN_DATA_KEY: string } {
  return { JWT_SECRET: randomBytes(32).toString('hex'), HUIYUAN_DATA_KEY: randomBytes(32).toString('hex') };
}

/** An HTTP answer; `status` 0 means no answer at all (connection refused or reset). */
export interface Answer<T = any> {
  status: number;
  body: T;
  error?: string;
}

export interface ServerProcess {
  readonly name: string;
  readonly port: number;
  readonly baseUrl: string;
  /** Everything the current and earlier runs wrote to stdout and stderr. */
  output(): string;
  /** The running process's pid (undefined while stopped). */
  pid(): number | undefined;
  request<T = any>(method: string, route: string, body?: unknown, token?: string): Promise<Answer<T>>;
  get<T = any>(route: string, token?: string): Promise<Answer<T>>;
  post<T = any>(route: string, body?: unknown, token?: string): Promise<Answer<T>>;
  /** SIGKILL, as a crash or the OOM killer would: no draining, no shutdown hooks. */
  kill9(): Promise<void>;
  /** Starts `main.js` again on the same port and database; resolves once healthy. */
  restart(): Promise<void>;
  /** SIGTERM and wait for the exit; the scratch directory is removed. */
  stop(): Promise<void>;
}

export interface StartOptions {
  name: string;
  databaseUrl: string;
  secrets: { JWT_SECRET: string; HUIYUAN_DATA_KEY: string };
  env?: Record<string, string>;
  /** How long to wait for health before giving up (ms). */
  startTimeoutMs?: number;
}

export async function startServer(options: StartOptions): Promise<ServerProcess> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `huiyuan-${options.name}-`));
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  let out = '';

  const env = {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: options.databaseUrl,
    HUIYUAN_DATA_DIR: dataDir,
    HUIYUAN_SERVE_H5: '0',
    HUIYUAN_JOBS: '0',
    HUIYUAN_BOOTSTRAP_ADMIN: `${BOOTSTRAP_ADMIN.username}:${BOOTSTRAP_ADMIN.password}`,
    HUIYUAN_LOGIN_RATE_LIMIT: '1000000',
    LOG_LEVEL: 'warn',
    ...options.secrets,
    ...options.env,
  };

  const request = async <T>(method: string, route: string, body?: unknown, token?: string): Promise<Answer<T>> => {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    try {
      const res = await fetch(`${baseUrl}/api/v1${route}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, body: parsed as T };
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause;
      return { status: 0, body: null as T, error: cause?.code ?? String(err) };
    }
  };

  async function waitHealthy(): Promise<void> {
    const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
    let died = false;
    void exited.then(() => (died = true));
    for (;;) {
      if (died) throw new Error(`${options.name} exited while starting:\n${out.slice(-4000)}`);
      const res = await request<{ status?: string }>('GET', '/health');
      if (res.status === 200 && res.body?.status === 'ok') return;
      if (Date.now() > deadline) throw new Error(`${options.name} not healthy in time:\n${out.slice(-4000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async function launch(): Promise<void> {
    const c = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child = c;
    c.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    c.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    exited = new Promise((resolve) => c.once('exit', () => resolve()));
    try {
      await waitHealthy();
    } catch (err) {
      // Never leave a half-started server behind (it would keep Jest waiting).
      c.kill('SIGKILL');
      await exited;
      child = null;
      rmSync(dataDir, { recursive: true, force: true });
      throw err;
    }
  }

  await launch();
  return {
    name: options.name,
    port,
    baseUrl,
    output: () => out,
    pid: () => child?.pid,
    request,
    get: (route, token) => request('GET', route, undefined, token),
    post: (route, body, token) => request('POST', route, body ?? {}, token),
    async kill9() {
      child?.kill('SIGKILL');
      await exited;
      child = null;
    },
    async restart() {
      if (child) throw new Error(`${options.name} is still running`);
      await launch();
    },
    async stop() {
      if (child) {
        const c = child;
        c.kill('SIGTERM');
        // The job queue may take up to 10 s to stop gracefully; never hang the suite beyond that.
        const force = setTimeout(() => c.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(force);
        child = null;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The bootstrap admin's token, from whichever instance is asked. */
export async function adminToken(server: ServerProcess): Promise<string> {
  const res = await server.post<{ token: string }>('/auth/staff/login', BOOTSTRAP_ADMIN);
  if (res.status !== 200) throw new Error(`admin login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token;
}

/** A store and a cashier of it, through the admin API; returns the cashier's token. */
export async function createCashier(server: ServerProcess, admin: string): Promise<{ storeId: string; token: string }> {
  const store = await server.post<{ id: string }>('/admin/stores', { name: `chaos-${randomBytes(3).toString('hex')}` }, admin);
  if (store.status !== 201) throw new Error(`store failed: ${store.status} ${JSON.stringify(store.body)}`);
  const username = `c${randomBytes(5).toString('hex')}`;
  const password = 'correct-horse-battery';
  const staff = await server.post('/admin/staff', { username, password, role: 'cashier', storeId: store.body.id }, admin);
  if (staff.status !== 201) throw new Error(`staff failed: ${staff.status} ${JSON.stringify(staff.body)}`);
  const login = await server.post<{ token: string }>('/auth/staff/login', { username, password });
  if (login.status !== 200) throw new Error(`cashier login failed: ${login.status} ${JSON.stringify(login.body)}`);
  return { storeId: store.body.id, token: login.body.token };
}

/** A member through the sandbox login (`dev:<openid>`) on `server`, privacy policy accepted. */
export async function loginMemberOn(server: ServerProcess, openid: string): Promise<{ id: string; token: string }> {
  const res = await server.post<{ token: string; member: { id: string } }>('/auth/wechat/login', { code: `dev:${openid}` });
  if (res.status !== 200) throw new Error(`member login failed: ${res.status} ${JSON.stringify(res.body)}`);
  const consent = await server.post('/me/consent', { version: CURRENT_PRIVACY_POLICY.version }, res.body.token);
  if (consent.status !== 200) throw new Error(`consent failed: ${consent.status} ${JSON.stringify(consent.body)}`);
  return { id: res.body.member.id, token: res.body.token };
}

/** Runs `tasks` with at most `concurrency` in flight, keeping their order in the result. */
export async function pool<T>(tasks: (() => Promise<T>)[], concurrency: number): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, tasks.length) }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]!();
      }
    }),
  );
  return results;
}

/** The reconciliation SQL (loyalty/reconciliation.service.ts) over the database at `url`. */
export async function reconcile(url: string): Promise<{ check: string; subject: string; detail: string }[]> {
  const { default: pg } = await import('pg');
  const { INVARIANTS } = await import('../../src/loyalty/reconciliation.service.js');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const violations: { check: string; subject: string; detail: string }[] = [];
    for (const inv of INVARIANTS) {
      const { rows } = await client.query<{ subject: string; detail: string }>(
        `SELECT * FROM (${inv.sql}) AS v(subject, detail) LIMIT 20`,
      );
      for (const r of rows) violations.push({ check: inv.check, ...r });
    }
    return violations;
  } finally {
    await client.end();
  }
}

/** A query on the database at `url`, on a connection of its own. */
export async function query<T = any>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}
