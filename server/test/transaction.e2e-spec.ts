// The transaction helper against real PostgreSQL, with statements sent by `sql()` (which fail
// with a bare pg.DatabaseError, not TypeORM's QueryFailedError).
import { deferSql, gatherWrite, sql } from '../src/common/sql.js';
import { inSavepoint } from '../src/common/transaction.js';
import { pgConstraint, pgErrorCode } from '../src/common/pg-error.js';
import type { EntityManager } from 'typeorm';
import { inTransaction } from '../src/common/transaction.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/** Resolves once `n` callers are waiting. */
function barrier(n: number): () => Promise<void> {
  let waiting = 0;
  let release!: () => void;
  const all = new Promise<void>((r) => (release = r));
  return () => {
    if (++waiting === n) release();
    return all;
  };
}

describe('inTransaction with sql() statements', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.db.query('CREATE TABLE tx_probe (id int PRIMARY KEY, v int NOT NULL DEFAULT 0)');
    await t.db.query('CREATE TABLE tx_natural (name text PRIMARY KEY, made_by int NOT NULL)');
  });
  afterAll(() => t.close());

  it('reads SQLSTATE and constraint of a pg.DatabaseError from sql()', async () => {
    await sql(t.db, 'INSERT INTO tx_natural (name, made_by) VALUES ($1, 0)', ['once']);
    const err: unknown = await sql(t.db, 'INSERT INTO tx_natural (name, made_by) VALUES ($1, 0)', ['once']).catch(
      (e: unknown) => e,
    );
    expect(pgErrorCode(err)).toBe('23505');
    expect(pgConstraint(err)).toBe('tx_natural_pkey');
  });

  it('retries the loser of a deadlock between sql() statements; both commit', async () => {
    await sql(t.db, 'INSERT INTO tx_probe (id) VALUES (1), (2) ON CONFLICT DO NOTHING', []);
    const bothHoldOneRow = barrier(2);
    let attempts = 0;
    const transfer = (first: number, second: number) =>
      inTransaction(t.db, async (tx) => {
        const attempt = ++attempts;
        await sql(tx, "SET LOCAL deadlock_timeout = '20ms'", []);
        await sql(tx, 'UPDATE tx_probe SET v = v + 1 WHERE id = $1', [first]);
        if (attempt <= 2) await bothHoldOneRow(); // only the first round deadlocks
        await sql(tx, 'UPDATE tx_probe SET v = v + 1 WHERE id = $1', [second]);
      });
    await Promise.all([transfer(1, 2), transfer(2, 1)]);
    expect(attempts).toBe(3); // two first attempts, one retry of the deadlock's victim
    const rows = await sql<{ v: number }>(t.db, 'SELECT v FROM tx_probe ORDER BY id', []);
    expect(rows.map((r) => r.v)).toEqual([2, 2]);
  });

  it('retryOnUnique: a concurrent insert of the same natural key is retried and finds the winner', async () => {
    const bothLooked = barrier(4);
    let round = 0;
    const results = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        inTransaction(
          t.db,
          async (tx) => {
            const firstRound = ++round <= 4;
            const found = await sql<{ made_by: number }>(tx, 'SELECT made_by FROM tx_natural WHERE name = $1', ['race']);
            if (firstRound) await bothLooked();
            if (found[0]) return found[0].made_by;
            await sql(tx, 'INSERT INTO tx_natural (name, made_by) VALUES ($1, $2)', ['race', i]);
            return i;
          },
          { retryOnUnique: ['tx_natural_pkey'] },
        ),
      ),
    );
    expect(new Set(results).size).toBe(1);
  });

  it('without retryOnUnique the unique violation propagates', async () => {
    const both = barrier(2);
    const attempt = (i: number) =>
      inTransaction(t.db, async (tx) => {
        const found = await sql(tx, 'SELECT 1 FROM tx_natural WHERE name = $1', ['plain']);
        await both();
        if (!found[0]) await sql(tx, 'INSERT INTO tx_natural (name, made_by) VALUES ($1, $2)', ['plain', i]);
      });
    const settled = await Promise.allSettled([attempt(1), attempt(2)]);
    const rejected = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(pgErrorCode(rejected[0]!.reason)).toBe('23505');
  });
});

describe('sql() and the connection it runs on', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const backend = 'SELECT pg_backend_pid() AS pid';

  it("runs a transaction's statements on the transaction's connection", async () => {
    await inTransaction(t.db, async (tx) => {
      const [viaTypeorm]: { pid: number }[] = await tx.query(backend);
      const [viaSql] = await sql<{ pid: number }>(tx, backend);
      expect(viaSql!.pid).toBe(viaTypeorm!.pid);
    });
  });

  it('uses the pool for a DataSource and its plain manager', async () => {
    await expect(sql(t.db, 'SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
    await expect(sql(t.db.manager, 'SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
  });

  it('throws, rather than falling back to the pool, for the manager of a transaction that has ended', async () => {
    let leaked: EntityManager | undefined;
    await inTransaction(t.db, async (tx) => {
      leaked = tx;
      await sql(tx, 'SELECT 1');
    });
    await expect(sql(leaked!, 'SELECT 1')).rejects.toThrow(/query runner is released/);
  });

  it('connects a query runner that has not connected yet, and runs on it', async () => {
    const runner = t.db.createQueryRunner();
    try {
      const [viaSql] = await sql<{ pid: number }>(runner.manager, backend);
      const [viaTypeorm]: { pid: number }[] = await runner.query(backend);
      expect(viaSql!.pid).toBe(viaTypeorm!.pid);
    } finally {
      await runner.release();
    }
  });
});

describe('deferred writes (deferSql)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.db.query('CREATE TABLE tx_probe (id int PRIMARY KEY, v int NOT NULL DEFAULT 0)');
    await t.db.query('CREATE TABLE tx_natural (name text PRIMARY KEY, made_by int NOT NULL)');
  });
  afterAll(() => t.close());
  const v = async (id: number) =>
    ((await t.db.query('SELECT v FROM tx_probe WHERE id = $1', [id])) as { v: number }[])[0]?.v ?? null;
  beforeAll(() => t.db.query('INSERT INTO tx_probe (id) VALUES (100), (101), (102), (103) ON CONFLICT DO NOTHING'));

  it('are sent before the next statement (sql() or TypeORM) and before COMMIT: every read sees them', async () => {
    const seen = await inTransaction(t.db, async (tx) => {
      await deferSql(tx, 'UPDATE tx_probe SET v = 7 WHERE id = $1', [100]);
      const bySql = await sql<{ v: number }>(tx, 'SELECT v FROM tx_probe WHERE id = $1', [100]);
      await deferSql(tx, 'UPDATE tx_probe SET v = 8 WHERE id = $1', [100]);
      const byTypeorm: { v: number }[] = await tx.query('SELECT v FROM tx_probe WHERE id = $1', [100]);
      await deferSql(tx, 'UPDATE tx_probe SET v = 9 WHERE id = $1', [100]);
      return [bySql[0]!.v, byTypeorm[0]!.v];
    });
    expect(seen).toEqual([7, 8]);
    expect(await v(100)).toBe(9);
  });

  it('two changes of one row queued together both apply, in order (never one CTE each: PostgreSQL would keep one)', async () => {
    await inTransaction(t.db, async (tx) => {
      await deferSql(tx, 'UPDATE tx_probe SET v = v + 1 WHERE id = $1', [101]);
      await deferSql(tx, 'INSERT INTO tx_natural (name, made_by) VALUES ($1, 1)', ['deferred-a']);
      await deferSql(tx, 'UPDATE tx_probe SET v = v * 10 WHERE id = $1', [101]);
    });
    expect(await v(101)).toBe(10);
    expect(await t.db.query(`SELECT made_by FROM tx_natural WHERE name = 'deferred-a'`)).toEqual([{ made_by: 1 }]);
  });

  it('a failing queued write fails the transaction with its own error; nothing of it commits', async () => {
    await sql(t.db, 'INSERT INTO tx_natural (name, made_by) VALUES ($1, 0)', ['taken']);
    const err: unknown = await inTransaction(t.db, async (tx) => {
      await deferSql(tx, 'UPDATE tx_probe SET v = 555 WHERE id = $1', [102]);
      await deferSql(tx, 'INSERT INTO tx_natural (name, made_by) VALUES ($1, 2)', ['taken']);
    }).catch((e: unknown) => e);
    expect(pgErrorCode(err)).toBe('23505');
    expect(pgConstraint(err)).toBe('tx_natural_pkey');
    expect(await v(102)).toBe(0);
  });

  it('a savepoint rolled back undoes the writes queued after it, and keeps those before', async () => {
    await inTransaction(t.db, async (tx) => {
      await deferSql(tx, 'UPDATE tx_probe SET v = 1 WHERE id = $1', [103]);
      await inSavepoint(tx, 'probe', async () => {
        await deferSql(tx, 'UPDATE tx_probe SET v = 2 WHERE id = $1', [103]);
        throw new Error('refused');
      }).catch(() => undefined);
    });
    expect(await v(103)).toBe(1);
  });

  it('gathered writes of one batch are one UPDATE of all their rows; a row after the batch was sent starts the next', async () => {
    await t.db.query('INSERT INTO tx_probe (id) VALUES (110), (111), (112) ON CONFLICT DO NOTHING');
    const mark = (tx: EntityManager, id: number, v: number) =>
      gatherWrite(tx, 'probe', { id, v }, (rows) => ({
        text: `UPDATE tx_probe p SET v = r.v FROM jsonb_to_recordset($1::jsonb) AS r(id int, v int) WHERE p.id = r.id`,
        values: [JSON.stringify(rows)],
      }));
    const seen = await inTransaction(t.db, async (tx) => {
      await mark(tx, 110, 1);
      await mark(tx, 111, 2);
      const between = await sql<{ v: number }>(tx, 'SELECT v FROM tx_probe WHERE id = 111', []);
      await mark(tx, 112, 3);
      await mark(tx, 110, 4); // the next batch: sent after the read, so it wins
      return between[0]!.v;
    });
    expect(seen).toBe(2);
    const rows: { id: number; v: number }[] = await t.db.query(
      'SELECT id, v FROM tx_probe WHERE id IN (110, 111, 112) ORDER BY id',
    );
    expect(rows).toEqual([
      { id: 110, v: 4 },
      { id: 111, v: 2 },
      { id: 112, v: 3 },
    ]);
  });

  it('outside a transaction a deferred write runs at once', async () => {
    await deferSql(t.db, 'UPDATE tx_probe SET v = 42 WHERE id = $1', [100]);
    expect(await v(100)).toBe(42);
  });
});
