// Regression: the tier cache must never need a second pool connection from inside a
// transaction (under load that exhausted the pool and froze the server).
import { createDataSource } from '../src/database/data-source.js';
import { AuditService } from '../src/audit/audit.service.js';
import { MemberRepository } from '../src/members/member.repository.js';
import { TiersService } from '../src/members/tiers.service.js';
import { ProgrammeRepository } from '../src/programme/programme.repository.js';
import { ProgrammeService } from '../src/programme/programme.service.js';
import { createTestDatabase } from './helpers/pg.js';

describe('tier cache', () => {
  it('serves stale tiers inside a transaction on a one-connection pool without waiting for the pool', async () => {
    const db = await createTestDatabase();
    const ds = createDataSource(db.url, { extra: { max: 1, connectionTimeoutMillis: 2_000 } } as never);
    await ds.initialize();
    try {
      const programme = new ProgrammeService(ds, new AuditService(), new MemberRepository(), new ProgrammeRepository());
      await programme.onApplicationBootstrap();
      const tiers = new TiersService(programme);
      const realNow = Date.now;
      Date.now = () => realNow() + 10 * 60_000; // the cache is now stale
      try {
        const codes = await ds.transaction(async (tx) => {
          await tx.query('SELECT 1'); // this transaction holds the only connection
          return (await tiers.all()).map((t) => t.code);
        });
        expect(codes).toEqual(['normal', 'silver', 'gold', 'platinum']);
      } finally {
        Date.now = realNow;
      }
    } finally {
      await ds.destroy();
      await db.drop();
    }
  });
});
