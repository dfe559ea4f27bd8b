// Chaos: a campaign to 1,000 members with a 10 % holdout, delivered by two server processes on one
// database, one of them killed with SIGKILL in the middle of the delivery. The other finishes it;
// each of the 900 target members gets the action exactly once, the 100 held out nothing.
import { CURRENT_PRIVACY_POLICY } from '../src/members/privacy-policy.js';
import { createTestDatabase } from './helpers/pg.js';
import { adminToken, clusterSecrets, query, reconcile, type ServerProcess, startServer } from './helpers/server-process.js';

const MEMBERS = 1_000;
const POINTS = 10;

describe('a campaign on two instances, one killed mid-delivery', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    database = await createTestDatabase();
    const secrets = clusterSecrets();
    // Small batches, so the delivery takes many transactions and the kill lands inside it.
    const env = { HUIYUAN_JOBS: '1', HUIYUAN_CAMPAIGN_BATCH: '20' };
    a = await startServer({ name: 'a', databaseUrl: database.url, secrets, env });
    b = await startServer({ name: 'b', databaseUrl: database.url, secrets, env });
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
  });

  it(`${MEMBERS} members, 10 % holdout: SIGKILL one instance mid-delivery → the other delivers to exactly the 900, once each`, async () => {
    const admin = await adminToken(a);
    const tag = await a.post<{ id: string }>('/admin/tags', { name: 'chaos-campaign' }, admin);
    expect(tag.status).toBe(201);
    await query(
      database.url,
      `WITH m AS (
         INSERT INTO member (member_no, openid, invite_code, registration_channel, code_secret, consent_version, consent_at)
         SELECT 'X' || lpad(g::text, 9, '0'), 'chaos-campaign-' || g, 'XC' || g, 'wechat', '\\x00'::bytea, $3, now()
           FROM generate_series(1, $1::int) AS g RETURNING id)
       INSERT INTO member_tag (member_id, tag_id) SELECT id, $2 FROM m`,
      [MEMBERS, tag.body.id, CURRENT_PRIVACY_POLICY.version],
    );
    const segment = await a.post<{ id: string }>(
      '/admin/segments',
      { name: 'chaos', conditions: { all: [{ code: 'tag_any', args: { tagIds: [tag.body.id] } }] } },
      admin,
    );
    expect(segment.status).toBe(201);
    const created = await a.post<{ id: string }>(
      '/admin/campaigns',
      { name: 'chaos', segmentId: segment.body.id, action: { type: 'points', points: POINTS }, holdoutBp: 1000 },
      admin,
    );
    expect(created.status).toBe(201);
    const id = created.body.id;
    const launched = await a.post<{ targeted: number; holdout: number }>(`/admin/campaigns/${id}/launch`, {}, admin);
    expect(launched.body).toMatchObject({ targeted: MEMBERS, holdout: 100 });

    // Kill A once part of the delivery is done (and not all of it).
    let seenAtKill = -1;
    for (let i = 0; i < 2_000; i++) {
      const v = await b.get<{ delivered: number; status: string }>(`/admin/campaigns/${id}`, admin);
      if (v.body.delivered >= 100) {
        seenAtKill = v.body.delivered;
        await a.kill9();
        break;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(seenAtKill).toBeGreaterThanOrEqual(100);
    expect(seenAtKill).toBeLessThan(900);

    // B finishes: at once on its own lane, or after the killed instance's lease ends (60 s).
    let final: { status: string; delivered: number; pending: number; holdout: number } | undefined;
    for (let i = 0; i < 180; i++) {
      final = (await b.get(`/admin/campaigns/${id}`, admin)).body;
      if (final?.status === 'completed') break;
      await new Promise((r) => setTimeout(r, 1_000));
    }
    expect(final).toMatchObject({ status: 'completed', delivered: 900, pending: 0, holdout: 100 });

    const states = await query<{ state: string; n: number }>(
      database.url,
      'SELECT state, count(*)::int AS n FROM campaign_member WHERE campaign_id = $1 GROUP BY state ORDER BY state',
      [id],
    );
    expect(states).toEqual([
      { state: 'delivered', n: 900 },
      { state: 'holdout', n: 100 },
    ]);
    // Exactly once: one grant and one ledger entry per target member, and the holdout untouched.
    const [grants] = await query<{ n: number }>(
      database.url,
      'SELECT count(*)::int AS n FROM reward_grant WHERE business_key = $1',
      [`campaign:${id}`],
    );
    expect(grants!.n).toBe(900);
    const balances = await query<{ points: number; n: number }>(
      database.url,
      `SELECT m.points, count(*)::int AS n FROM member m JOIN campaign_member cm ON cm.member_id = m.id AND cm.campaign_id = $1
        GROUP BY m.points ORDER BY m.points`,
      [id],
    );
    expect(balances).toEqual([
      { points: 0, n: 100 },
      { points: POINTS, n: 900 },
    ]);
    const [entries] = await query<{ n: number }>(
      database.url,
      `SELECT count(*)::int AS n FROM points_entry WHERE kind = 'campaign'`,
    );
    expect(entries!.n).toBe(900);
    expect(await reconcile(database.url)).toEqual([]);
  }, 300_000);
});
