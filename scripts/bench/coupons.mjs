// `pnpm bench coupons`: claim-centre bursts (POST /api/v1/coupons/center/:templateId/claim) through
// the real API, on ONE hot template (its stock in --stock-shards rows), a points-mall burst on one
// template sold for points, and claims spread over 16 templates, compared with pgbench running the
// claim's minimal SQL straight against the same embedded PostgreSQL. See docs/performance.md.
import { mkdtempSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt, ensureInstalled, log, ROOT } from '../lib/setup.mjs';
import { cpuMeter } from './lib/cpu.mjs';
import { api, mapLimit } from './lib/http.mjs';
import { runLoad } from './lib/load.mjs';
import { median } from './lib/options.mjs';
import { fmt, machineInfo, statusCounts } from './lib/report.mjs';
import { ensurePgbench, runPgbench } from './lib/pgbench.mjs';
import { startServer } from './lib/server.mjs';
import { formatSummary, summarise } from './profile-summary.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PGBENCH_STOCK = 10_000_000; // pgbench's templates never run out (its script has no sold-out branch)

export const description = 'coupon claims on one hot template and on 16 templates, API vs the same SQL in pgbench';

export const options = {
  duration: {
    default: 10,
    help: 'seconds per measured run (spread load and pgbench; the hot burst ends when the stock is gone)',
  },
  connections: { default: 64, help: 'concurrent HTTP connections and pgbench clients' },
  runs: { default: 3, help: 'measurements of each kind; medians are reported' },
  stock: { default: 5000, help: 'stock of the hot template; the hot burst is exactly this many claims' },
  templates: { default: 16, help: 'templates the spread load goes round-robin over' },
  'spread-stock': { default: 1_000_000, help: 'stock of each spread template (large: the spread load must not sell out)' },
  members: { default: 500, help: 'members created through the API (claims go round-robin over them)' },
  'per-member-limit': { default: 1000, help: 'perMemberLimit of the bench templates (the API maximum)' },
  'stock-shards': {
    default: 16,
    help: 'stockShards of the hot templates (the server splits their stock over this many rows; 1 = the single template row)',
  },
  'points-cost': { default: 1, help: 'pointsCost of the points-mall burst template (members get 1,000,000 points each)' },
  shards: {
    default: 16,
    help: 'also pgbench the hot template with its stock spread over this many shard rows (a bench-only table; 1 to skip)',
  },
  warmup: { default: 3, help: 'seconds of unmeasured claim load before the first run' },
  'pgbench-threads': { default: 2, help: 'pgbench -j' },
  'log-level': { default: 'warn', help: 'server LOG_LEVEL' },
  profile: { default: false, help: 'run the server under node --cpu-prof and print where its CPU went (whole run)' },
  'server-root': {
    default: '',
    help: 'run the (already built) server of another checkout, for A/B tests (an older server needs --stock-shards 1)',
  },
  json: { default: '', help: 'also write all results as JSON to this file' },
};

export async function run(opts) {
  const started = Date.now();
  ensureInstalled();
  const serverRoot = opts['server-root'] ? path.resolve(opts['server-root']) : ROOT;
  if (serverRoot === ROOT) ensureBuilt({ h5: false });
  else log(`using the server built in ${serverRoot} (not rebuilt)`);
  const pgbench = ensurePgbench(log);
  const pg = createRequire(path.join(ROOT, 'server', 'package.json'))('pg');
  const machine = machineInfo();
  const connections = Math.round(opts.connections);
  const duration = opts.duration;
  const runs = Math.round(opts.runs);
  const stock = Math.round(opts.stock);
  const nTemplates = Math.round(opts.templates);
  const limit = Math.round(opts['per-member-limit']);

  log(`starting the server (node server/dist/main.js, embedded PostgreSQL, LOG_LEVEL=${opts['log-level']})`);
  const profileDir = opts.profile ? mkdtempSync(path.join(os.tmpdir(), 'huiyuan-bench-profile-')) : null;
  const server = await startServer({ logLevel: opts['log-level'], root: serverRoot, cpuProfDir: profileDir });
  log(`server up at ${server.baseUrl} (PostgreSQL on 127.0.0.1:${server.pgPort}, data ${server.dataDir})`);
  const db = new pg.Client({ connectionString: server.databaseUrl(), application_name: 'huiyuan-bench' });
  await db.connect();
  try {
    // ---- data, through the real API ------------------------------------------------------------
    const policy = await api(server.baseUrl, 'GET', '/api/v1/privacy-policy');
    const members = await mapLimit(
      Array.from({ length: Math.round(opts.members) }, (_, i) => i),
      16,
      async (i) => {
        const login = await api(server.baseUrl, 'POST', '/api/v1/auth/wechat/login', { body: { code: `dev:coupons-${i}` } });
        await api(server.baseUrl, 'POST', '/api/v1/me/consent', { body: { version: policy.version }, token: login.token });
        return { id: login.member.id, token: login.token };
      },
    );
    const admin = await api(server.baseUrl, 'POST', '/api/v1/auth/staff/login', {
      body: { username: 'admin', password: 'admin1234' },
    });
    log(`${members.length} members created and consented; admin logged in`);
    // Points for the points-mall burst: one adjustment each, far more than the burst spends.
    await mapLimit(members, 16, (m, i) =>
      api(server.baseUrl, 'POST', `/api/v1/admin/members/${m.id}/points-adjustments`, {
        token: admin.token,
        body: { delta: 1_000_000, reason: 'bench points mall', idempotencyKey: `bench-points-${i}` },
      }),
    );
    log(`${members.length} members got 1,000,000 points each`);

    let templateSeq = 0;
    const createTemplates = (count, totalStock, label, extra = {}) =>
      mapLimit(
        Array.from({ length: count }, (_, i) => i),
        4,
        async (i) =>
          (
            await api(server.baseUrl, 'POST', '/api/v1/admin/coupon-templates', {
              token: admin.token,
              body: {
                title: `bench ${label} ${++templateSeq}-${i}`,
                kind: 'cash',
                threshold: 5000,
                amountOff: 1000,
                totalStock,
                perMemberLimit: limit,
                validDays: 7,
                channels: ['center'],
                ...extra,
              },
            })
          ).id,
      );

    // pgbench maps its random numbers onto members and template sets through these tables.
    await db.query('DROP TABLE IF EXISTS bench_coupon_member, bench_coupon_template, bench_coupon_stock_shard');
    await db.query(
      'CREATE TABLE bench_coupon_stock_shard (template_id uuid, shard int, issued int NOT NULL, cap int NOT NULL, PRIMARY KEY (template_id, shard))',
    );
    await db.query('CREATE TABLE bench_coupon_member (n int PRIMARY KEY, id uuid NOT NULL)');
    await db.query('CREATE TABLE bench_coupon_template (tset int, n int, id uuid NOT NULL, PRIMARY KEY (tset, n))');
    await db.query(
      'INSERT INTO bench_coupon_member (n, id) SELECT ordinality, id FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, ordinality)',
      [members.map((m) => m.id)],
    );
    let tsetSeq = 0;
    const pgbenchTemplateSet = async (count, label = 'pgbench') => {
      const ids = await createTemplates(count, PGBENCH_STOCK, label);
      const tset = ++tsetSeq;
      await db.query(
        'INSERT INTO bench_coupon_template (tset, n, id) SELECT $1, ordinality, id FROM unnest($2::uuid[]) WITH ORDINALITY AS t(id, ordinality)',
        [tset, ids],
      );
      await db.query('ANALYZE bench_coupon_member; ANALYZE bench_coupon_template');
      return { tset, ids };
    };

    const pgInfo = {
      version: (await db.query('SHOW server_version')).rows[0].server_version,
      fsync: (await db.query('SHOW fsync')).rows[0].fsync,
      synchronousCommit: (await db.query('SHOW synchronous_commit')).rows[0].synchronous_commit,
      pgbench: pgbench.version,
    };

    // ---- the loads --------------------------------------------------------------------------------
    const assertServerAlive = () => {
      const exited = server.exited();
      if (exited)
        throw new Error(`the server died during the load (code ${exited.code}, signal ${exited.signal}):\n${server.logTail(20)}`);
    };
    let seq = 0;
    const claimRequest = (templateIds) => ({
      method: 'POST',
      path: '/api/v1/coupons/center/x/claim',
      setupRequest: (req) => {
        const n = seq++;
        const m = members[n % members.length];
        return {
          ...req,
          path: `/api/v1/coupons/center/${templateIds[n % templateIds.length]}/claim`,
          headers: { authorization: `Bearer ${m.token}`, 'content-type': 'application/json' },
          body: '{}',
        };
      },
    });
    /** Claims through the API; 201 = claimed, 422 = refused (sold out), anything else is a failure. */
    /** @param {string[]} templateIds @param {{ seconds?: number, amount?: number }} size */
    const loadClaims = async (templateIds, { seconds, amount }) => {
      const meter = cpuMeter({ serverPid: server.pid, dataDir: server.dataDir });
      const r = await runLoad({
        url: server.baseUrl,
        connections,
        ...(amount ? { amount } : { duration: seconds }),
        requests: [claimRequest(templateIds)],
      });
      r.cpu = meter();
      r.statusCodes = statusCounts(r.statusCodes);
      assertServerAlive();
      r.claimed = r.statusCodes['201'] ?? 0;
      r.refused = r.statusCodes['422'] ?? 0;
      r.failures = r.total - r.claimed - r.refused + r.errors + r.timeouts;
      // autocannon's `duration` is whole seconds; the burst's own start/finish are exact.
      const start = new Date(r.raw.start).getTime();
      const finish = new Date(r.raw.finish).getTime();
      if (finish > start) r.duration = (finish - start) / 1000;
      r.claimsPerSec = r.claimed / r.duration;
      if (r.total === 0 || r.failures > 0)
        throw new Error(
          `claim load had failures: status codes ${JSON.stringify(r.statusCodes)}, ${r.errors} errors, ${r.timeouts} timeouts\nserver log:\n${server.logTail(20)}`,
        );
      return r;
    };

    const now = new Date();
    const vfrom = now.toISOString();
    const vto = new Date(now.getTime() + 7 * 86_400_000).toISOString();
    const pgbenchRun = async (tset, templates, { script = 'coupons-claim.sql', shards = 1 } = {}) => {
      const meter = cpuMeter({ serverPid: server.pid, dataDir: server.dataDir });
      const r = await runPgbench(pgbench.bin, {
        script: path.join(HERE, 'sql', script),
        clients: connections,
        threads: Math.min(Math.round(opts['pgbench-threads']), connections),
        seconds: duration,
        host: server.pgHost(),
        port: server.pgPort,
        user: 'postgres',
        password: server.pgPassword(),
        database: 'huiyuan',
        defines: {
          tset: String(tset),
          templates: String(templates),
          shards: String(shards),
          members: String(members.length),
          vfrom,
          vto,
        },
      });
      for (let i = 0; i < 50; i++) {
        const { rows } = await db.query(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'huiyuan-pgbench'",
        );
        if (rows[0].n === 0) break;
        await new Promise((res) => setTimeout(res, 100));
      }
      r.cpu = meter();
      if (r.failed > 0) throw new Error(`pgbench: ${r.failed} failed transactions\n${r.output}`);
      return r;
    };

    log(`warm-up: ${opts.warmup} s of claims on throw-away templates (not measured)`);
    await loadClaims(await createTemplates(nTemplates, 1_000_000, 'warm-up'), { seconds: opts.warmup });

    const shards = Math.round(opts.shards);
    /** @type {Record<string, any[]>} */
    const results = { hot: [], points: [], spread: [], pgHot: [], pgSpread: [], pgShard: [] };
    const stockShards = Math.round(opts['stock-shards']);
    const hotExtra = stockShards > 1 ? { stockShards } : {};
    const pointsExtra = { ...hotExtra, channels: ['points'], pointsCost: Math.round(opts['points-cost']) };
    /** One more claim of a sold-out template must be refused with COUPON_OUT_OF_STOCK. */
    const soldOut = async (id) => {
      const extra = await fetch(`${server.baseUrl}/api/v1/coupons/center/${id}/claim`, {
        method: 'POST',
        headers: { authorization: `Bearer ${members[0].token}`, 'content-type': 'application/json' },
        body: '{}',
      });
      const body = /** @type {{ code?: string }} */ (await extra.json());
      return { status: extra.status, ok: extra.status === 422 && body.code === 'COUPON_OUT_OF_STOCK' };
    };
    const shardTemplates = [];
    const apiTemplates = [];
    for (let i = 1; i <= runs; i++) {
      const [hotId] = await createTemplates(1, stock, 'hot', hotExtra);
      apiTemplates.push({ id: hotId, stock, run: i, kind: 'hot' });
      log(
        `run ${i}/${runs}: API hot burst, ${stock} claims on one template (stock ${stock}, ${stockShards} stock shard(s)), ${connections} connections`,
      );
      const h = await loadClaims([hotId], { amount: stock });
      const extra = await soldOut(hotId);
      h.soldOut = extra.ok;
      // Cross-check of the burst's length: first to last claimed_at (set when each claim starts).
      const span = await db.query(
        'SELECT extract(epoch FROM max(claimed_at) - min(claimed_at))::float8 AS s FROM coupon WHERE template_id = $1',
        [hotId],
      );
      h.claimSpan = span.rows[0].s;
      results.hot.push(h);
      log(
        `  hot: ${fmt(h.claimsPerSec)} claims/s (${h.claimed} × 201, ${h.refused} × 422 in ${fmt(h.duration, 1)} s; first → last claimed_at ${fmt(h.claimSpan, 1)} s), p50 ${h.p50} ms, p99 ${h.p99} ms; one more claim → ${extra.status}${h.soldOut ? ' COUPON_OUT_OF_STOCK' : ' (expected 422 COUPON_OUT_OF_STOCK!)'}`,
      );

      // The points mall: the same burst on a template sold for points (member lock + debit + claim).
      const [pointsId] = await createTemplates(1, stock, 'points', pointsExtra);
      apiTemplates.push({ id: pointsId, stock, run: i, kind: 'points' });
      log(`run ${i}/${runs}: API points-mall burst, ${stock} claims on one template (pointsCost ${pointsExtra.pointsCost})`);
      const pm = await loadClaims([pointsId], { amount: stock });
      const pmExtra = await soldOut(pointsId);
      pm.soldOut = pmExtra.ok;
      results.points.push(pm);
      log(
        `  points mall: ${fmt(pm.claimsPerSec)} claims/s (${pm.claimed} × 201, ${pm.refused} × 422 in ${fmt(pm.duration, 1)} s), p50 ${pm.p50} ms, p99 ${pm.p99} ms; one more claim → ${pmExtra.status}`,
      );

      const spreadIds = await createTemplates(nTemplates, Math.round(opts['spread-stock']), 'spread');
      for (const id of spreadIds) apiTemplates.push({ id, stock: opts['spread-stock'], run: i, kind: 'spread' });
      log(`run ${i}/${runs}: API spread, ${nTemplates} templates, ${connections} connections, ${duration} s`);
      const s = await loadClaims(spreadIds, { seconds: duration });
      results.spread.push(s);
      log(`  spread: ${fmt(s.claimsPerSec)} claims/s (${s.claimed} × 201, ${s.refused} × 422), p50 ${s.p50} ms, p99 ${s.p99} ms`);

      for (const [key, count] of [
        ['pgHot', 1],
        ['pgSpread', nTemplates],
      ]) {
        const { tset } = await pgbenchTemplateSet(count);
        log(`run ${i}/${runs}: pgbench minimal claim, ${count} template(s), ${connections} clients, ${duration} s`);
        const p = await pgbenchRun(tset, count);
        results[key].push(p);
        log(`  pgbench ${count} template(s): ${fmt(p.tps)} tps, latency avg ${fmt(p.latencyAvg, 2)} ms`);
      }
      if (shards > 1) {
        // The stock of one hot template in `shards` rows; the template row itself is not touched.
        const { tset, ids } = await pgbenchTemplateSet(1, 'pgbench-sharded');
        shardTemplates.push(ids[0]);
        await db.query(
          'INSERT INTO bench_coupon_stock_shard (template_id, shard, issued, cap) SELECT $1, s, 0, $2 FROM generate_series(1, $3::int) s',
          [ids[0], Math.floor(PGBENCH_STOCK / shards), shards],
        );
        log(
          `run ${i}/${runs}: pgbench minimal claim, 1 template, stock in ${shards} shard rows, ${connections} clients, ${duration} s`,
        );
        const p = await pgbenchRun(tset, 1, { script: 'coupons-claim-sharded.sql', shards });
        results.pgShard.push(p);
        log(`  pgbench sharded: ${fmt(p.tps)} tps, latency avg ${fmt(p.latencyAvg, 2)} ms`);
      }
    }

    // ---- invariants, checked in the bench database -----------------------------------------------
    // issued = the template row's plus its stock shards' (a sharded template's row stays 0); a
    // server from before sharded stock (--server-root) has no shards.
    const sharded = (await db.query("SELECT to_regclass('coupon_stock_shard') IS NOT NULL AS yes")).rows[0].yes;
    const { rows: check } = await db.query(
      `SELECT t.id, t.title, t.total_stock, ${sharded ? 't.stock_shards' : '1 AS stock_shards'},
              t.issued + ${sharded ? '(SELECT coalesce(sum(issued), 0)::int FROM coupon_stock_shard s WHERE s.template_id = t.id)' : '0'} AS issued,
              ${sharded ? '(SELECT coalesce(sum(stock), 0)::int FROM coupon_stock_shard s WHERE s.template_id = t.id)' : '0'} AS shard_stock,
              (SELECT count(*)::int FROM coupon c WHERE c.template_id = t.id) AS coupons,
              (SELECT coalesce(sum(claimed), 0)::int FROM coupon_claim k WHERE k.template_id = t.id) AS claims
         FROM coupon_template t WHERE t.title LIKE 'bench %' AND NOT t.id = ANY($1::uuid[])`,
      [shardTemplates],
    );
    // Sharded templates: their shards' issued add up to their coupons.
    const { rows: shardCheck } = await db.query(
      `SELECT t.id, (SELECT coalesce(sum(issued), 0)::int FROM bench_coupon_stock_shard s WHERE s.template_id = t.id) AS issued,
              (SELECT count(*)::int FROM coupon c WHERE c.template_id = t.id) AS coupons
         FROM coupon_template t WHERE t.id = ANY($1::uuid[])`,
      [shardTemplates],
    );
    const bad = check.filter(
      (t) =>
        t.issued > t.total_stock ||
        t.issued !== t.coupons ||
        t.claims !== t.issued ||
        (t.stock_shards > 1 && t.shard_stock !== t.total_stock),
    );
    for (const t of shardCheck) if (t.issued !== t.coupons) bad.push({ sharded: true, ...t });
    // Each run's API templates hold exactly its 201s — except that a timed (spread) run ends with up
    // to `connections` requests in flight, which the server completes but autocannon no longer counts.
    const couponsOf = (kind, i) =>
      check
        .filter((t) => apiTemplates.some((a) => a.id === t.id && a.kind === kind && a.run === i))
        .reduce((sum, t) => sum + t.coupons, 0);
    const perRun = [];
    for (let i = 1; i <= runs; i++) {
      const hotCoupons = couponsOf('hot', i);
      const pointsCoupons = couponsOf('points', i);
      const pm = results.points[i - 1];
      const spreadCoupons = couponsOf('spread', i);
      const h = results.hot[i - 1];
      const s = results.spread[i - 1];
      perRun.push({
        run: i,
        hot201: h.claimed,
        hotCoupons,
        points201: pm.claimed,
        pointsCoupons,
        spread201: s.claimed,
        spreadCoupons,
        ok:
          hotCoupons === h.claimed &&
          hotCoupons === stock &&
          pointsCoupons === pm.claimed &&
          pointsCoupons === stock &&
          spreadCoupons >= s.claimed &&
          spreadCoupons - s.claimed <= connections,
      });
    }
    // The server's own reconciliation (every ledger and coupon invariant, shards included) over the bench database.
    // (Not the pgbench-sharded templates: that script counts their coupons in its bench-only table.)
    const { INVARIANTS } = await import(path.join(serverRoot, 'server', 'dist', 'loyalty', 'reconciliation.service.js'));
    const reconciliation = [];
    for (const inv of INVARIANTS) {
      const { rows } = await db.query(
        `SELECT * FROM (${inv.sql}) AS v(subject, detail) WHERE NOT subject = ANY($1::text[]) LIMIT 5`,
        [shardTemplates],
      );
      if (rows.length > 0) reconciliation.push({ check: inv.check, rows });
    }
    const { rows: pointsPaid } = await db.query(
      `SELECT (SELECT coalesce(sum(points_paid), 0)::bigint FROM coupon WHERE channel = 'points')::text AS paid,
              (SELECT coalesce(sum(-delta), 0)::bigint FROM points_entry WHERE kind = 'exchange')::text AS debited,
              (SELECT count(*)::int FROM member WHERE points < 0) AS negative`,
    );
    const invariants = {
      templates: check.length,
      reconciliation,
      points: pointsPaid[0],
      violations: bad,
      perRun,
      ok:
        bad.length === 0 &&
        perRun.every((r) => r.ok) &&
        reconciliation.length === 0 &&
        pointsPaid[0].paid === pointsPaid[0].debited &&
        pointsPaid[0].negative === 0,
    };

    log('stopping the server (SIGTERM)');
    await db.end().catch(() => {});
    await server.stop();

    const report = buildReport({ opts, machine, pgInfo, results, invariants, connections, duration, runs, stock, nTemplates });
    if (profileDir) {
      const files = readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile'));
      if (files.length > 0) report.text += `\n\n${formatSummary(summarise(path.join(profileDir, files[0]), { top: 30 }))}`;
      else log(`no .cpuprofile in ${profileDir}`);
    }
    process.stdout.write(`\n${report.text}\n\ndone in ${fmt((Date.now() - started) / 1000)} s\n`);
    if (opts.json) {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(opts.json, JSON.stringify({ ...report.data, date: new Date().toISOString() }, null, 2));
      log(`results written to ${opts.json}`);
    }
    return invariants.ok ? 0 : 1;
  } finally {
    await db.end().catch(() => {});
    await server.stop();
  }
}

function buildReport({ opts, machine, pgInfo, results, invariants, connections, duration, runs, stock, nTemplates }) {
  const L = [];
  const all = (xs, d = 0) => xs.map((x) => fmt(x, d)).join(' / ');
  const med = (xs, f) => median(xs.map(f));
  const hot = med(results.hot, (x) => x.claimsPerSec);
  const spread = med(results.spread, (x) => x.claimsPerSec);
  const pgHot = med(results.pgHot, (x) => x.tps);
  const pgSpread = med(results.pgSpread, (x) => x.tps);
  const cpu = (xs, key) => med(xs, (x) => (100 * x.cpu[key]) / x.cpu.wall);
  L.push('══ pnpm bench coupons ══════════════════════════════════════════════════════════════════');
  L.push(`date ${new Date().toISOString()}   machine: ${machine.nproc} CPUs (${machine.cpuModel}), ${machine.memGiB} GiB`);
  L.push(
    `node ${machine.node}   PostgreSQL ${pgInfo.version} (embedded; fsync=${pgInfo.fsync}, synchronous_commit=${pgInfo.synchronousCommit})   ${pgInfo.pgbench}`,
  );
  L.push(
    `load: ${connections} connections / pgbench clients, ${runs} run(s); hot = a burst of exactly ${stock} claims on one template with stock ${stock}; spread = ${duration} s over ${nTemplates} templates; pgbench ${duration} s each; perMemberLimit ${opts['per-member-limit']}, ${opts.members} members`,
  );
  L.push('');
  L.push(
    '  measurement                               claims/s (median)  all runs                p50 ms  p99 ms  201 / 422 / other',
  );
  for (const [label, xs] of [
    [`API  hot burst, 1 template, ${opts['stock-shards']} shard(s)`, results.hot],
    [`API  points-mall burst, ${opts['stock-shards']} shard(s)`, results.points],
    [`API  spread, ${nTemplates} templates`, results.spread],
  ]) {
    L.push(
      `  ${label.padEnd(40)} ${fmt(med(xs, (x) => x.claimsPerSec)).padStart(8)}          ${all(xs.map((x) => x.claimsPerSec)).padEnd(22)} ${fmt(med(xs, (x) => x.p50)).padStart(6)}  ${fmt(med(xs, (x) => x.p99)).padStart(6)}  ${xs.reduce((s, x) => s + x.claimed, 0)} / ${xs.reduce((s, x) => s + x.refused, 0)} / ${xs.reduce((s, x) => s + x.failures, 0)}`,
    );
  }
  for (const [label, xs] of [
    ['pgbench minimal claim, 1 template', results.pgHot],
    [`pgbench minimal claim, ${nTemplates} templates`, results.pgSpread],
    ...(results.pgShard.length ? [[`pgbench 1 template, ${opts.shards} stock shards`, results.pgShard]] : []),
  ]) {
    L.push(
      `  ${label.padEnd(40)} ${fmt(med(xs, (x) => x.tps)).padStart(8)} tps      ${all(xs.map((x) => x.tps)).padEnd(22)} avg ${fmt(
        med(xs, (x) => x.latencyAvg),
        1,
      ).padStart(5)}          failed ${xs.reduce((s, x) => s + x.failed, 0)}`,
    );
  }
  L.push('');
  L.push(
    `  ratio API / pgbench: hot ${fmt(hot / pgHot, 2)}, spread ${fmt(spread / pgSpread, 2)}   spread / hot: API ${fmt(spread / hot, 2)}, pgbench ${fmt(pgSpread / pgHot, 2)}`,
  );
  // The performance issue's two claim figures (docs/performance.md), each with its target.
  const oversold = invariants.violations.filter((t) => t.issued > t.total_stock).length;
  const targets = [
    [
      `hot-template claims/s ÷ pgbench single-row claim (${oversold} oversold)`,
      hot / pgHot,
      '≥ 3, 0 oversold',
      hot / pgHot >= 3 && oversold === 0,
    ],
    [
      `claims/s on ${nTemplates} templates ÷ pgbench ${nTemplates} templates`,
      spread / pgSpread,
      '≥ 0.5',
      spread / pgSpread >= 0.5,
    ],
  ];
  L.push('  targets (performance issue; medians)                             value   target');
  for (const [name, value, goal, met] of targets)
    L.push(
      `  ${String(name).padEnd(64)} ${fmt(Number(value), 2).padStart(6)}   ${String(goal).padEnd(17)} ${met ? 'met' : 'NOT MET'}`,
    );
  const points = med(results.points, (x) => x.claimsPerSec);
  L.push(
    `  points-mall burst (member lock + debit + the claim statement, in one transaction): ${fmt(points)} claims/s = ${fmt(points / hot, 2)} × the free hot burst, ${fmt(points / pgHot, 2)} × pgbench single-row claim`,
  );
  if (results.pgShard.length) {
    const pgShard = med(results.pgShard, (x) => x.tps);
    L.push(
      `  pgbench with the stock in ${opts.shards} rows of a bench-only table (the shape of coupon_stock_shard): ${fmt(pgShard)} tps = ${fmt(pgShard / pgHot, 2)} × the single hot row, ${fmt(pgShard / pgSpread, 2)} × ${nTemplates} templates; API hot ÷ it ${fmt(hot / pgShard, 2)}`,
    );
  }
  L.push(
    `  CPU (median, % of one core): hot API server ${fmt(cpu(results.hot, 'server'))}%, PostgreSQL ${fmt(cpu(results.hot, 'postgres'))}%; points-mall server ${fmt(cpu(results.points, 'server'))}%, PostgreSQL ${fmt(cpu(results.points, 'postgres'))}%; spread API server ${fmt(cpu(results.spread, 'server'))}%, PostgreSQL ${fmt(cpu(results.spread, 'postgres'))}%; pgbench runs PostgreSQL ${fmt(cpu(results.pgHot, 'postgres'))}% / ${fmt(cpu(results.pgSpread, 'postgres'))}%; machine ${machine.nproc} cores`,
  );
  // CPU milliseconds per claim do not depend on how busy the machine is (rates do): the numbers to compare.
  const perClaim = (xs, key) => med(xs, (x) => (1000 * x.cpu[key]) / Math.max(1, x.claimed));
  const other = (xs) =>
    med(
      xs,
      (x) =>
        (100 * Math.max(0, x.cpu.machineBusy * machine.nproc * x.cpu.wall - x.cpu.server - x.cpu.postgres - x.cpu.bench)) /
        x.cpu.wall,
    );
  L.push(
    `  CPU ms per claim (median): hot server ${fmt(perClaim(results.hot, 'server'), 2)} + PostgreSQL ${fmt(perClaim(results.hot, 'postgres'), 2)}; points mall ${fmt(perClaim(results.points, 'server'), 2)} + ${fmt(perClaim(results.points, 'postgres'), 2)}; spread ${fmt(perClaim(results.spread, 'server'), 2)} + ${fmt(perClaim(results.spread, 'postgres'), 2)}; everything else on the machine during the API runs: ${fmt(other([...results.hot, ...results.points, ...results.spread]))}% of a core`,
  );
  L.push(
    `  sold out after each hot / points-mall burst (one more claim → 422 COUPON_OUT_OF_STOCK): ${results.hot.map((x) => (x.soldOut ? 'yes' : 'NO')).join(' / ')}; ${results.points.map((x) => (x.soldOut ? 'yes' : 'NO')).join(' / ')}`,
  );
  L.push(
    `  reconciliation (the server's INVARIANTS, stock shards included) over the bench database: ${invariants.reconciliation.length === 0 ? 'OK' : `VIOLATED ${JSON.stringify(invariants.reconciliation)}`}; points paid for coupons ${invariants.points.paid} = exchange debits ${invariants.points.debited}: ${invariants.points.paid === invariants.points.debited ? 'OK' : 'MISMATCH'}; members below 0 points: ${invariants.points.negative}`,
  );
  L.push(
    `  invariants over ${invariants.templates} bench templates (issued ≤ total_stock, issued = coupons = Σ coupon_claim.claimed): ${invariants.violations.length === 0 ? 'OK' : `VIOLATED ${JSON.stringify(invariants.violations)}`}`,
  );
  for (const r of invariants.perRun)
    L.push(
      `  run ${r.run}: hot template ${r.hotCoupons} coupons = ${r.hot201} × 201 = stock ${stock}; points-mall ${r.pointsCoupons} = ${r.points201} × 201; spread templates ${r.spreadCoupons} coupons vs ${r.spread201} × 201 (+${r.spreadCoupons - r.spread201} completed after the timed run stopped counting, ≤ ${connections}): ${r.ok ? 'OK' : 'MISMATCH'}`,
    );
  const pick = (xs) =>
    xs.map(({ claimsPerSec, claimed, refused, failures, p50, p99, duration: d, claimSpan, cpu: c }) => ({
      claimSpan,
      claimsPerSec,
      claimed,
      refused,
      failures,
      p50,
      p99,
      duration: d,
      cpu: c,
    }));
  const pickPg = (xs) =>
    xs.map(({ tps, latencyAvg, processed, failed, cpu: c }) => ({ tps, latencyAvg, processed, failed, cpu: c }));
  return {
    text: L.join('\n'),
    data: {
      machine,
      postgres: pgInfo,
      options: opts,
      hot: pick(results.hot),
      points: pick(results.points),
      spread: pick(results.spread),
      pgbenchHot: pickPg(results.pgHot),
      pgbenchSpread: pickPg(results.pgSpread),
      pgbenchSharded: pickPg(results.pgShard),
      medians: { hot, points, spread, pgHot, pgSpread, ratioHot: hot / pgHot, ratioSpread: spread / pgSpread },
      invariants,
    },
  };
}
