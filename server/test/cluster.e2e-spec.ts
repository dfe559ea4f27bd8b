// Scale-out (issue 10): HUIYUAN_WORKERS=N runs N server processes behind one port (Node cluster).
// The primary forks them, replaces one that dies while the others keep answering, and on SIGTERM
// drains them all. Correctness across processes is chaos-instances.e2e-spec.ts's (two instances
// on one database); this checks the process management.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { createTestDatabase } from './helpers/pg.js';
import { clusterSecrets, startServer, type ServerProcess } from './helpers/server-process.js';

/** The live child processes of `pid` (Linux: /proc). */
function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** GET on a new connection each time (no keep-alive): the status, 0 when nothing answered. */
function freshGet(port: number, route: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: `/api/v1${route}`, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.setTimeout(2_000, () => req.destroy());
  });
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('HUIYUAN_WORKERS: a cluster of server processes on one port', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let server: ServerProcess;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer({
      name: 'cluster',
      databaseUrl: database.url,
      secrets: clusterSecrets(),
      env: { HUIYUAN_WORKERS: '2', LOG_LEVEL: 'info' },
      startTimeoutMs: 60_000,
    });
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('serves from two worker processes once all of them listen', async () => {
    // The primary says so once every worker listens (the health check answers after the first).
    await until('every worker listening', () => /"workers":2[,}].*huiyuan is up/.test(server.output()));
    const workers = childrenOf(server.pid()!);
    expect(workers).toHaveLength(2);
    expect((await server.get('/health')).status).toBe(200);
    // Each worker starts with two glibc malloc arenas (docs/performance.md "Server memory").
    for (const pid of workers) {
      expect(readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')).toContain('MALLOC_ARENA_MAX=2');
    }
  });

  it('replaces a worker killed with SIGKILL while the other keeps answering', async () => {
    const primary = server.pid()!;
    const [victim, survivor] = childrenOf(primary);
    process.kill(victim!, 'SIGKILL');
    // What SIGKILL loses is what the killed worker held (its requests, its connections, and the
    // one new connection the primary hands it before noticing the exit: measured, it then hangs
    // until the client gives up); the survivor answers the others meanwhile, and once the
    // replacement listens every new connection is answered again.
    const meanwhile: number[] = [];
    for (let i = 0; i < 10; i++) meanwhile.push(await freshGet(server.port, '/health'));
    expect(meanwhile.filter((s) => s !== 200).length).toBeLessThanOrEqual(1);
    await until('the replacement', () => {
      const now = childrenOf(primary);
      return now.length === 2 && !now.includes(victim!) && now.includes(survivor!);
    });
    let inARow = 0;
    await until('20 answers in a row', async () => {
      inARow = (await freshGet(server.port, '/health')) === 200 ? inARow + 1 : 0;
      return inARow >= 20;
    });
  });

  it('SIGTERM to the primary drains every worker and exits', async () => {
    const primary = server.pid()!;
    const workers = childrenOf(primary);
    expect(workers).toHaveLength(2);
    await server.stop();
    expect({ primary: alive(primary), workers: workers.filter(alive) }).toEqual({ primary: false, workers: [] });
  });

  it('a bad HUIYUAN_WORKERS stops the start with the variable named', async () => {
    await expect(
      startServer({
        name: 'bad-workers',
        databaseUrl: database.url,
        secrets: clusterSecrets(),
        env: { HUIYUAN_WORKERS: 'many' },
      }),
    ).rejects.toThrow(/HUIYUAN_WORKERS/);
  });
});
