// `pnpm bench campaigns`: a points campaign to N members (default 100,000, 10 % holdout) delivered
// by the real server — launch over the API, batches chained through the outbox relay — while the
// till keeps taking orders. Reports members/s of the delivery, and the till's orders/s and p99
// before and during it; then checks every target member got the points exactly once, the holdout
// nothing, and the ledger reconciles. See docs/campaigns.md.
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ensureBuilt, ensureInstalled, log, ROOT } from '../lib/setup.mjs';
import { api } from './lib/http.mjs';
import { runLoad } from './lib/load.mjs';
import { fmt, machineInfo, statusCounts } from './lib/report.mjs';
import { startServer } from './lib/server.mjs';

export const description =
  'a campaign to 100,000 members while the till serves: members/s, till orders/s and p99 before vs during';

export const options = {
  members: { default: 100_000, help: 'members in the campaign segment (inserted in SQL)' },
  holdout: { default: 1000, help: 'holdout, basis points' },
  batch: { default: 200, help: 'HUIYUAN_CAMPAIGN_BATCH: members per delivery transaction' },
  connections: { default: 4, help: 'till connections (orders by memberId) during the baseline and the delivery' },
  baseline: { default: 10, help: 'seconds of till load before the launch (the baseline)' },
  'log-level': { default: 'warn', help: 'server LOG_LEVEL' },
};

export async function run(opts) {
  ensureInstalled();
  ensureBuilt({ h5: false });
  const pg = createRequire(path.join(ROOT, 'server', 'package.json'))('pg');
  const { INVARIANTS } = await import(path.join(ROOT, 'server', 'dist', 'loyalty', 'reconciliation.service.js'));
  const machine = machineInfo();
  const n = Math.round(opts.members);
  const connections = Math.round(opts.connections);
  log(`starting the server (jobs and the outbox relay on, HUIYUAN_CAMPAIGN_BATCH=${opts.batch})`);
  const server = await startServer({
    logLevel: opts['log-level'],
    env: { HUIYUAN_JOBS: '1', HUIYUAN_CAMPAIGN_BATCH: String(Math.round(opts.batch)) },
  });
  const db = new pg.Client({ connectionString: server.databaseUrl(), application_name: 'huiyuan-bench' });
  await db.connect();
  try {
    const policy = await api(server.baseUrl, 'GET', '/api/v1/privacy-policy');
    const admin = await api(server.baseUrl, 'POST', '/api/v1/auth/staff/login', {
      body: { username: 'admin', password: 'admin1234' },
    });
    const cashier = await api(server.baseUrl, 'POST', '/api/v1/auth/staff/login', {
      body: { username: 'cashier1', password: 'cashier1234' },
    });
    const tag = await api(server.baseUrl, 'POST', '/api/v1/admin/tags', {
      token: admin.token,
      body: { name: `bench-campaign-${Date.now()}` },
    });
    let t0 = performance.now();
    await db.query(
      `WITH m AS (
         INSERT INTO member (member_no, openid, invite_code, registration_channel, code_secret, consent_version, consent_at)
         SELECT 'B' || lpad(g::text, 9, '0'), 'bench-campaign-' || g, 'BC' || g, 'wechat', '\\x00'::bytea, $2, now()
           FROM generate_series(1, $1::int) AS g RETURNING id)
       INSERT INTO member_tag (member_id, tag_id) SELECT id, $3 FROM m`,
      [n, policy.version, tag.id],
    );
    await db.query('ANALYZE member; ANALYZE member_tag');
    log(`${n} members inserted and tagged in ${fmt((performance.now() - t0) / 1000, 1)} s`);
    const segment = await api(server.baseUrl, 'POST', '/api/v1/admin/segments', {
      token: admin.token,
      body: { name: 'bench campaign', conditions: { all: [{ code: 'tag_any', args: { tagIds: [tag.id] } }] } },
    });
    // The till's customers: 200 other members, orders by memberId (earning only, as a POS import).
    const { rows: till } = await db.query(
      `INSERT INTO member (member_no, openid, invite_code, registration_channel, code_secret, consent_version, consent_at)
       SELECT 'T' || lpad(g::text, 9, '0'), 'bench-till-' || g, 'BT' || g, 'wechat', '\\x00'::bytea, $1, now()
         FROM generate_series(1, 200) AS g RETURNING id`,
      [policy.version],
    );
    let seq = 0;
    const tillLoad = (opts2) =>
      runLoad({
        url: server.baseUrl,
        connections,
        ...opts2,
        requests: [
          {
            method: 'POST',
            path: '/api/v1/cashier/orders',
            setupRequest: (req) => {
              const i = seq++;
              return {
                ...req,
                headers: { authorization: `Bearer ${cashier.token}`, 'content-type': 'application/json' },
                body: JSON.stringify({
                  memberId: till[i % till.length].id,
                  orderNo: `BENCH-C-${i}`,
                  amount: 1000 + (i % 50) * 100,
                }),
              };
            },
          },
        ],
      });

    log(`baseline: ${opts.baseline} s of till orders, ${connections} connections, no campaign`);
    const before = await tillLoad({ duration: Math.round(opts.baseline) });
    before.statusCodes = statusCounts(before.statusCodes);
    log(`  ${fmt(before.rps)} orders/s, p50 ${before.p50} ms, p99 ${before.p99} ms`);

    const campaign = await api(server.baseUrl, 'POST', '/api/v1/admin/campaigns', {
      token: admin.token,
      body: { name: 'bench', segmentId: segment.id, action: { type: 'points', points: 10 }, holdoutBp: Math.round(opts.holdout) },
    });
    t0 = performance.now();
    const launched = await api(server.baseUrl, 'POST', `/api/v1/admin/campaigns/${campaign.id}/launch`, {
      token: admin.token,
      body: {},
    });
    const launchMs = performance.now() - t0;
    log(
      `launched: ${launched.targeted} frozen, ${launched.holdout} held out, in ${fmt(launchMs)} ms; till load runs until the delivery completes`,
    );
    let done = false;
    let final = launched;
    const poll = (async () => {
      while (!done) {
        await new Promise((r) => setTimeout(r, 500));
        final = await api(server.baseUrl, 'GET', `/api/v1/admin/campaigns/${campaign.id}`, { token: admin.token });
        if (final.status === 'completed' || server.exited()) done = true;
      }
    })();
    const during = [];
    while (!done) {
      const r = await tillLoad({ duration: 5 });
      r.statusCodes = statusCounts(r.statusCodes);
      during.push(r);
    }
    await poll;
    // The server's own clock: launch to the last batch's commit (the till load runs in 5 s slices,
    // so the bench's wall clock would round the delivery up to one).
    const deliveryS = (Date.parse(final.completedAt) - Date.parse(final.launchedAt)) / 1000;
    const targets = launched.targeted - launched.holdout;
    const membersPerSec = final.delivered / deliveryS;
    const orders = during.reduce((s, r) => s + (r.statusCodes['201'] ?? 0), 0);
    const duringSeconds = during.reduce((s, r) => s + r.duration, 0);
    const duringP99 = Math.max(...during.map((r) => r.p99));
    const failures = [before, ...during].reduce((s, r) => s + r.total - (r.statusCodes['201'] ?? 0) + r.errors + r.timeouts, 0);

    const { rows: grants } = await db.query('SELECT count(*)::int AS n FROM reward_grant WHERE business_key = $1', [
      `campaign:${campaign.id}`,
    ]);
    const { rows: balances } = await db.query(
      `SELECT cm.state, m.points, count(*)::int AS n FROM campaign_member cm JOIN member m ON m.id = cm.member_id
        WHERE cm.campaign_id = $1 GROUP BY 1, 2 ORDER BY 1, 2`,
      [campaign.id],
    );
    const reconciliation = [];
    for (const inv of INVARIANTS) {
      const { rows } = await db.query(`SELECT * FROM (${inv.sql}) AS v(subject, detail) LIMIT 5`);
      if (rows.length > 0) reconciliation.push({ check: inv.check, rows });
    }
    const once =
      grants[0].n === targets &&
      balances.length === 2 &&
      balances.some((b) => b.state === 'delivered' && b.points === 10 && b.n === targets) &&
      balances.some((b) => b.state === 'holdout' && b.points === 0 && b.n === launched.holdout);

    log('stopping the server (SIGTERM)');
    await db.end().catch(() => {});
    await server.stop();

    const L = [];
    L.push('══ pnpm bench campaigns ════════════════════════════════════════════════════════════════');
    L.push(
      `date ${new Date().toISOString()}   machine: ${machine.nproc} CPUs (${machine.cpuModel}), ${machine.memGiB} GiB   node ${machine.node}`,
    );
    L.push(
      `campaign: ${launched.targeted} members frozen (${launched.holdout} held out), points action, batches of ${opts.batch}; till ${connections} connections`,
    );
    L.push('');
    L.push(`  launch (freeze + holdout)      ${fmt(launchMs)} ms`);
    L.push(
      `  delivery                       ${final.delivered} members in ${fmt(deliveryS, 1)} s = ${fmt(membersPerSec)} members/s   status ${final.status}`,
    );
    L.push(`  till before                    ${fmt(before.rps)} orders/s   p50 ${before.p50} ms   p99 ${before.p99} ms`);
    L.push(
      `  till during                    ${fmt(orders / duringSeconds)} orders/s   p99 (worst 5 s window) ${duringP99} ms   ratio ${fmt(orders / duringSeconds / before.rps, 2)} of before`,
    );
    L.push(`  till failures                  ${failures}`);
    L.push(
      `  exactly once                   ${once ? 'yes' : 'NO'} (${grants[0].n} grants for ${targets} targets; ${JSON.stringify(balances)})`,
    );
    L.push(`  reconciliation                 ${reconciliation.length === 0 ? 'clean' : JSON.stringify(reconciliation)}`);
    process.stdout.write(`\n${L.join('\n')}\n`);
    return once && reconciliation.length === 0 && failures === 0 && final.status === 'completed' ? 0 : 1;
  } catch (err) {
    await db.end().catch(() => {});
    await server.stop();
    throw err;
  }
}
