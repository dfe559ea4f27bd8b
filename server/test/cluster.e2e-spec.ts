// Scale-out (issue 10): HUIYUAN_WORKERS=N runs N server processes behind one port (Node cluster).
// The primary forks them, replaces one that dies while the others keep answering, and on SIGTERM
// drains them all. Correctness across processes is chaos-instances.e2e-spec.ts's (two instances
// on one database); this checks the process management.
import { readFileSync } from 'node:fs';
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
      env: { HUIYUAN_WORKERS: '2' },
      startTimeoutMs: 60_000,
    });
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('serves from two worker processes once all of them listen', async () => {
    await until('two workers', () => childrenOf(server.pid()!).length === 2);
    expect((await server.get('/health')).status).toBe(200);
  });

  it('replaces a worker killed with SIGKILL; the other keeps answering new requests meanwhile', async () => {
    const primary = server.pid()!;
    const [victim, survivor] = childrenOf(primary);
    process.kill(victim!, 'SIGKILL');
    const answers: number[] = [];
    await until('the replacement', async () => {
      answers.push((await server.get('/health')).status);
      const now = childrenOf(primary);
      return now.length === 2 && !now.includes(victim!) && now.includes(survivor!);
    });
    // Only the keep-alive connection the killed worker held can fail (one answer at most); every
    // request after it was answered by the survivor or the new worker.
    const failed = answers.filter((s) => s !== 200);
    expect(failed.length).toBeLessThanOrEqual(1);
    expect(answers.slice(answers.findIndex((s) => s !== 200) + 1).filter((s) => s !== 200)).toEqual([]);
    await until('health on the new worker', async () => (await server.get('/health')).status === 200);
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
