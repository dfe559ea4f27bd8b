// `pnpm bench cashier`: till orders (POST /api/v1/cashier/orders) through the real API, compared
// with pgbench running the same SQL straight against the same embedded PostgreSQL, plus a
// breakdown of where the time goes. See docs/performance.md.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt, ensureInstalled, log, ROOT } from '../lib/setup.mjs';
import { cpuMeter, serverPids } from './lib/cpu.mjs';
import { api, mapLimit } from './lib/http.mjs';
import { runLoad } from './lib/load.mjs';
import { median } from './lib/options.mjs';
import { fmt, machineInfo, statusCounts } from './lib/report.mjs';
import { ensurePgbench, runPgbench } from './lib/pgbench.mjs';
import { startServer } from './lib/server.mjs';
import { formatSummary, summarise } from './profile-summary.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TARGET_RATIO = 0.7;

export const description = 'till orders through the API vs the same SQL in pgbench, and where the time goes';

export const options = {
  duration: { default: 20, help: 'seconds per measured run' },
  connections: { default: 32, help: 'concurrent HTTP connections and pgbench clients' },
  runs: { default: 3, help: 'measurements of each kind (alternating API and pgbench); medians are reported' },
  warmup: { default: 3, help: 'seconds of unmeasured order load before the first run' },
  members: { default: 100, help: 'members created through the API (orders go round-robin over them)' },
  'pgbench-threads': { default: 2, help: 'pgbench -j' },
  'log-level': { default: 'warn', help: 'server LOG_LEVEL (info writes one log line per request)' },
  breakdown: {
    default: true,
    help: 'also measure the breakdown routes, raw SELECT 1 and the query plans (--breakdown false to skip)',
  },
  'breakdown-duration': { default: 10, help: 'seconds per breakdown measurement' },
  profile: { default: false, help: 'run the server under node --cpu-prof and summarise the order-load samples' },
  'rollups-compare': {
    default: true,
    help: 'also run a second server with HUIYUAN_ANALYTICS_ROLLUPS=off and compare its till throughput (same run)',
  },
  'server-env': {
    default: '',
    help: 'extra environment of the measured server, KEY=VALUE[,KEY=VALUE] (e.g. MALLOC_ARENA_MAX=2 to A/B memory settings)',
  },
  workers: { default: 1, help: 'HUIYUAN_WORKERS of the measured server (processes behind one port; CPU and RSS summed)' },
  soak: { default: 300, help: 'seconds of till load at the end while the server RSS is sampled (0 to skip)' },
  json: { default: '', help: 'also write all results as JSON to this file' },
  'server-root': {
    default: '',
    help: 'run the server of another checkout (already built), e.g. to A/B a server change; default this repo',
  },
};

function endOfNextYearShanghai(now = new Date()) {
  // The default lot expiry (end of the year after earning, programme timezone UTC+8).
  return new Date(Date.UTC(now.getUTCFullYear() + 1, 11, 31, 16, 0, 0)).toISOString();
}

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

  const profileDir = opts.profile ? mkdtempSync(path.join(os.tmpdir(), 'huiyuan-bench-profile-')) : null;
  log(
    `starting the server (node server/dist/main.js, embedded PostgreSQL, LOG_LEVEL=${opts['log-level']}${profileDir ? ', --cpu-prof' : ''})`,
  );
  const serverEnv = Object.fromEntries(
    String(opts['server-env'] || '')
      .split(',')
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );
  const workersEnv = { HUIYUAN_WORKERS: String(opts.workers), ...serverEnv };
  const server = await startServer({ logLevel: opts['log-level'], cpuProfDir: profileDir, root: serverRoot, env: workersEnv });
  log(`server up at ${server.baseUrl} (PostgreSQL on 127.0.0.1:${server.pgPort}, data ${server.dataDir})`);

  // The same server with the analytics rollups switched off: the "rollups vs without" figure.
  const serverOff = opts['rollups-compare']
    ? await startServer({
        logLevel: opts['log-level'],
        root: serverRoot,
        env: { ...workersEnv, HUIYUAN_ANALYTICS_ROLLUPS: 'off' },
      })
    : null;
  if (serverOff) log(`second server (HUIYUAN_ANALYTICS_ROLLUPS=off) up at ${serverOff.baseUrl}`);

  const db = new pg.Client({ connectionString: server.databaseUrl(), application_name: 'huiyuan-bench' });
  await db.connect();
  try {
    // ---- data, through the real API ------------------------------------------------------------
    const setupTill = async (target) => {
      const policy = await api(target.baseUrl, 'GET', '/api/v1/privacy-policy');
      const ids = await mapLimit(
        Array.from({ length: opts.members }, (_, i) => i),
        8,
        async (i) => {
          const login = await api(target.baseUrl, 'POST', '/api/v1/auth/wechat/login', { body: { code: `dev:bench-${i}` } });
          await api(target.baseUrl, 'POST', '/api/v1/me/consent', { body: { version: policy.version }, token: login.token });
          return login.member.id;
        },
      );
      const staff = await api(target.baseUrl, 'POST', '/api/v1/auth/staff/login', {
        body: { username: 'cashier1', password: 'cashier1234' },
      });
      return { memberIds: ids, cashier: staff };
    };
    const { memberIds, cashier } = await setupTill(server);
    const offTill = serverOff ? await setupTill(serverOff) : null;
    const { id: staffId, storeId } = cashier.staff;
    log(`${memberIds.length} members created and consented; cashier1 logged in (store ${storeId})`);

    // pgbench maps its random 1…N onto these members.
    await db.query('DROP TABLE IF EXISTS bench_member');
    await db.query('CREATE TABLE bench_member (n int PRIMARY KEY, id uuid NOT NULL)');
    await db.query(
      'INSERT INTO bench_member (n, id) SELECT ordinality, id FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, ordinality)',
      [memberIds],
    );
    await db.query('ANALYZE bench_member');

    const pgInfo = {
      version: (await db.query('SHOW server_version')).rows[0].server_version,
      fsync: (await db.query('SHOW fsync')).rows[0].fsync,
      synchronousCommit: (await db.query('SHOW synchronous_commit')).rows[0].synchronous_commit,
      sharedBuffers: (await db.query('SHOW shared_buffers')).rows[0].shared_buffers,
      walSyncMethod: (await db.query('SHOW wal_sync_method')).rows[0].wal_sync_method,
      pgbench: pgbench.version,
    };

    // ---- the loads --------------------------------------------------------------------------------
    const runTag = `B${Date.now().toString(36)}`;
    let seq = 0;
    const orderRequestFor = (ids, token) => ({
      method: 'POST',
      path: '/api/v1/cashier/orders',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      setupRequest: (req) => {
        const n = seq++;
        const body = {
          memberId: ids[n % ids.length],
          orderNo: `${runTag}-${n}`,
          amount: 3800 + ((n * 7919) % 9001), // 38.00 … 128.00 yuan
        };
        return { ...req, body: JSON.stringify(body) };
      },
    });
    const orderRequest = orderRequestFor(memberIds, cashier.token);
    const offRequest = offTill ? orderRequestFor(offTill.memberIds, offTill.cashier.token) : orderRequest;
    const profileWindows = [];
    // What the server's database connections wait on during a load: pg_stat_activity sampled
    // every 100 ms (CPU = active and not waiting). Lock waits mean rows that queue the orders.
    const waitClients = new Map();
    const sampleWaits = (target) => {
      const counts = {};
      let client = waitClients.get(target);
      if (!client) {
        client = new pg.Client({ connectionString: target.databaseUrl(), application_name: 'huiyuan-bench-waits' });
        waitClients.set(target, client);
        client.on('error', () => {}); // the server stopping ends it (57P01): the sampling just stops
        client.connect().catch(() => {});
      }
      let busy = false;
      const timer = setInterval(async () => {
        if (busy) return;
        busy = true;
        try {
          const { rows } = await client.query(
            `SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') AS w, count(*)::int AS n
               FROM pg_stat_activity WHERE application_name = 'huiyuan' AND state = 'active' GROUP BY 1`,
          );
          for (const x of rows) counts[x.w] = (counts[x.w] ?? 0) + x.n;
        } catch {
          // not connected yet
        } finally {
          busy = false;
        }
      }, 100);
      return () => {
        clearInterval(timer);
        return counts;
      };
    };
    /** @param {number} seconds @param {{ measured: boolean, target?: any, request?: any, onSecond?: (() => unknown) | null }} o */
    const loadOrders = async (seconds, { measured, target = server, request = orderRequest, onSecond = null }) => {
      const meter = cpuMeter({ serverPid: target.pid, dataDir: target.dataDir });
      const t0 = Number(process.hrtime.bigint() / 1000n);
      const sampler = onSecond ? setInterval(onSecond, 1000) : null;
      const stopWaits = sampleWaits(target);
      const r = await runLoad({ url: target.baseUrl, connections, duration: seconds, requests: [request] }).finally(() =>
        sampler ? clearInterval(sampler) : undefined,
      );
      r.waits = stopWaits();
      const t1 = Number(process.hrtime.bigint() / 1000n);
      if (measured) profileWindows.push([t0, t1]);
      r.cpu = meter();
      r.statusCodes = statusCounts(r.statusCodes);
      assertServerAlive(target);
      if (r.total === 0 || r.non2xx > 0 || r.errors > 0 || r.timeouts > 0) {
        // Say what the server's connections were doing, and whether it still answers at all.
        const { rows } = await db.query(
          `SELECT state, coalesce(wait_event_type || ':' || wait_event, '') AS waiting, left(regexp_replace(query, '\\s+', ' ', 'g'), 70) AS query, count(*)::int AS n
             FROM pg_stat_activity WHERE application_name = 'huiyuan' GROUP BY 1, 2, 3 ORDER BY n DESC`,
        );
        const health = await fetch(`${server.baseUrl}/api/v1/health`, { signal: AbortSignal.timeout(3000) }).then(
          (res) => `${res.status}`,
          (err) => `no answer in 3 s (${err.name})`,
        );
        log(
          `server pool connections at failure:\n${rows.map((x) => `  ${x.n} × ${x.state} ${x.waiting} ${x.query}`).join('\n')}\n  GET /health: ${health}`,
        );
        throw new Error(
          `order load had failures (${JSON.stringify(r.raw)}): ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts; status codes ${JSON.stringify(r.statusCodes)}\nserver log:\n${target.logTail(20)}`,
        );
      }
      return r;
    };

    const assertServerAlive = (target = server) => {
      const exited = target.exited();
      if (exited)
        throw new Error(`the server died during the load (code ${exited.code}, signal ${exited.signal}):\n${target.logTail(20)}`);
    };

    let pgRun = 0;
    // 'api-norollups': the API's statements with the analytics CTEs cut out of the deferred write,
    // so PostgreSQL's own share of the rollups' cost is measured apart from the server's.
    const pgbenchScript = (variant) => {
      if (variant !== 'api-norollups') return path.join(HERE, 'sql', `cashier-${variant}.sql`);
      const api = readFileSync(path.join(HERE, 'sql', 'cashier-api.sql'), 'utf8');
      const from = api.indexOf(', wr AS (');
      const to = api.lastIndexOf(' SELECT 1;');
      if (from < 0 || to < from) throw new Error('cashier-api.sql: the analytics CTEs (wr … w6) were not found');
      const file = path.join(server.dataDir, 'cashier-api-norollups.sql');
      writeFileSync(file, api.slice(0, from) + api.slice(to));
      return file;
    };
    const pgbenchRun = async (variant, seconds = duration, { clients = connections, mode = 'prepared' } = {}) => {
      const meter = cpuMeter({ serverPid: server.pid, dataDir: server.dataDir });
      const r = await runPgbench(pgbench.bin, {
        script: pgbenchScript(variant),
        clients,
        threads: Math.min(Math.round(opts['pgbench-threads']), clients),
        seconds,
        host: server.pgHost(),
        port: server.pgPort,
        user: 'postgres',
        password: server.pgPassword(),
        database: 'huiyuan',
        mode,
        defines: {
          staff: staffId,
          store: storeId,
          run: String(++pgRun),
          members: String(memberIds.length),
          expires: endOfNextYearShanghai(),
        },
      });
      // Let pgbench's backends exit (and be reaped) so their CPU is counted.
      for (let i = 0; i < 50; i++) {
        const { rows } = await db.query(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'huiyuan-pgbench'",
        );
        if (rows[0].n === 0) break;
        await new Promise((res) => setTimeout(res, 100));
      }
      await new Promise((res) => setTimeout(res, 200));
      r.cpu = meter();
      if (r.failed > 0) throw new Error(`pgbench ${variant}: ${r.failed} failed transactions\n${r.output}`);
      return r;
    };

    log(`warm-up: ${opts.warmup} s of orders (not measured)`);
    await loadOrders(opts.warmup, { measured: false });
    if (serverOff) await loadOrders(opts.warmup, { measured: false, target: serverOff, request: offRequest });

    /** @type {Record<string, any[]>} */
    const results = { api: [], apiNoRollups: [], pgApi: [], pgApiNoRollups: [], pgMin: [] };
    let poolConnections = null;
    for (let i = 1; i <= runs; i++) {
      log(`run ${i}/${runs}: API orders, ${connections} connections, ${duration} s`);
      const a = await loadOrders(duration, { measured: true });
      results.api.push(a);
      const pool = Number(
        (await db.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'huiyuan'")).rows[0].n,
      );
      poolConnections = Math.max(poolConnections ?? 0, pool);
      const waitLine = (w) => {
        const total = Object.values(w).reduce((x, y) => x + y, 0) || 1;
        return Object.entries(w)
          .sort((x, y) => y[1] - x[1])
          .slice(0, 5)
          .map(([k, n]) => `${k} ${Math.round((100 * n) / total)}%`)
          .join(', ');
      };
      log(`  database connections (sampled): ${waitLine(a.waits)}`);
      log(
        `  API ${fmt(a.rps)} req/s, p50 ${a.p50} ms, p99 ${a.p99} ms; CPU: server ${fmt((100 * a.cpu.server) / a.cpu.wall)}%, postgres ${fmt((100 * a.cpu.postgres) / a.cpu.wall)}%, autocannon ${fmt((100 * a.cpu.bench) / a.cpu.wall)}% of a core; machine ${fmt(100 * a.cpu.machineBusy)}% busy`,
      );
      if (serverOff) {
        log(`run ${i}/${runs}: API orders with the analytics rollups off (second server), ${duration} s`);
        const off = await loadOrders(duration, { measured: false, target: serverOff, request: offRequest });
        results.apiNoRollups.push(off);
        log(
          `  API (rollups off) ${fmt(off.rps)} req/s, p50 ${off.p50} ms, p99 ${off.p99} ms; connections: ${waitLine(off.waits)}`,
        );
      }
      for (const [key, variant] of [
        ['pgApi', 'api'],
        ...(serverOff ? [['pgApiNoRollups', 'api-norollups']] : []),
        ['pgMin', 'minimal'],
      ]) {
        log(`run ${i}/${runs}: pgbench ${variant}, ${connections} clients, ${duration} s`);
        const p = await pgbenchRun(variant);
        results[key].push(p);
        log(
          `  pgbench ${variant} ${fmt(p.tps)} tps, latency avg ${fmt(p.latencyAvg, 2)} ms; CPU: postgres ${fmt((100 * p.cpu.postgres) / p.cpu.wall)}% of a core; machine ${fmt(100 * p.cpu.machineBusy)}% busy`,
        );
      }
    }

    // ---- memory: RSS of the server under a long till load -----------------------------------------------
    let soak = null;
    if (opts.soak > 0) {
      if (serverOff) {
        await waitClients
          .get(serverOff)
          ?.end()
          .catch(() => {});
        waitClients.delete(serverOff);
        await serverOff.stop(); // not needed any more: its CPU and memory stay out of the soak
      }
      log(`soak: ${opts.soak} s of till orders, sampling the server's RSS every second`);
      const samples = [];
      const rss = () =>
        samples.push({ t: Date.now(), mb: serverPids(server.pid, server.dataDir).reduce((s, p) => s + rssMiB(p), 0) });
      rss();
      const r = await loadOrders(opts.soak, { measured: false, onSecond: rss });
      rss();
      const end = samples.at(-1).mb;
      const half = samples.slice(Math.floor(samples.length / 2));
      const slope = half.length > 1 ? ((half.at(-1).mb - half[0].mb) / (half.at(-1).t - half[0].t)) * 60_000 : 0;
      soak = {
        seconds: opts.soak,
        orders: r.total,
        startMb: samples[0].mb,
        endMb: end,
        maxMb: Math.max(...samples.map((x) => x.mb)),
        slopeMbPerMin: slope,
      };
      log(
        `  RSS ${fmt(soak.startMb)} → ${fmt(end)} MiB (max ${fmt(soak.maxMb)}), second half ${fmt(slope, 2)} MiB/min; ${r.total} orders`,
      );
    }

    // ---- where the time goes ----------------------------------------------------------------------
    /** @type {any[]} */
    const breakdown = [];
    /** @type {any} */
    let plans = [];
    if (opts.breakdown) {
      const bd = opts['breakdown-duration'];
      const routes = [
        {
          name: 'POST /cashier/orders, no token → 401',
          what: 'Fastify + Nest routing, guard rejects, error filter; no JWT, no DB',
          request: {
            method: 'POST',
            path: '/api/v1/cashier/orders',
            headers: { 'content-type': 'application/json' },
            body: '{}',
          },
          expect: 401,
        },
        {
          name: 'POST /auth/staff/login {} → 400',
          what: 'framework + rate-limit guard + class-validator; no DB',
          request: {
            method: 'POST',
            path: '/api/v1/auth/staff/login',
            headers: { 'content-type': 'application/json' },
            body: '{}',
          },
          expect: 400,
        },
        {
          name: 'GET /health',
          what: 'framework + one SELECT 1 through the TypeORM pool',
          request: { method: 'GET', path: '/api/v1/health' },
          expect: 200,
        },
        {
          name: 'POST /cashier/orders, bad body → 400',
          what: 'framework + JWT verify + staff SELECT (guard) + validation',
          request: {
            method: 'POST',
            path: '/api/v1/cashier/orders',
            headers: orderRequest.headers,
            body: JSON.stringify({ memberId: 'x', orderNo: '', amount: 0 }),
          },
          expect: 400,
        },
      ];
      for (const route of routes) {
        log(`breakdown: ${route.name}, ${bd} s`);
        const meter = cpuMeter({ serverPid: server.pid, dataDir: server.dataDir });
        const r = await runLoad({ url: server.baseUrl, connections, duration: bd, requests: [route.request] });
        const cpu = meter();
        assertServerAlive();
        const codes = statusCounts(r.statusCodes);
        const unexpected = Object.entries(codes).filter(([c]) => Number(c) !== route.expect);
        if (r.total === 0 || unexpected.length > 0 || r.errors > 0)
          throw new Error(`breakdown ${route.name}: unexpected responses ${JSON.stringify(codes)}, ${r.errors} errors`);
        breakdown.push({
          name: route.name,
          what: route.what,
          rps: r.rps,
          p50: r.p50,
          p99: r.p99,
          serverCpuMsPerReq: (1000 * cpu.server) / r.total,
          pgCpuMsPerReq: (1000 * cpu.postgres) / r.total,
          serverCorePct: (100 * cpu.server) / cpu.wall,
        });
      }
      log(`breakdown: raw SELECT 1 over ${connections} pgbench connections, ${bd} s`);
      const sel = await pgbenchRun('select1', bd);
      log(
        `breakdown: pgbench with the API's statements in -M extended (a parse and plan per statement, as node-pg does), ${bd} s`,
      );
      const ext = await pgbenchRun('api', bd, { mode: 'extended' });
      breakdown.push({
        name: 'pgbench order, API statements, -M extended',
        what: "the API's 5 statements, each parsed and planned every time (what unnamed statements would cost)",
        rps: ext.tps,
        p50: ext.latencyAvg,
        p99: null,
        serverCpuMsPerReq: null,
        pgCpuMsPerReq: (1000 * ext.cpu.postgres) / ext.processed,
        serverCorePct: null,
        latencyIsAvg: true,
      });
      breakdown.push({
        name: 'pgbench SELECT 1',
        what: 'one round trip to PostgreSQL per transaction, no HTTP, no Node',
        rps: sel.tps,
        p50: sel.latencyAvg,
        p99: null,
        serverCpuMsPerReq: null,
        pgCpuMsPerReq: (1000 * sel.cpu.postgres) / sel.processed,
        serverCorePct: null,
        latencyIsAvg: true,
      });
      // The order route's own numbers, per request, from the measured runs.
      const cpuPerOrder = median(results.api.map((a) => (1000 * a.cpu.server) / a.total));
      const pgPerOrder = median(results.api.map((a) => (1000 * a.cpu.postgres) / a.total));
      const a = results.api;
      breakdown.push({
        name: 'POST /cashier/orders (median of runs)',
        what: 'the whole order: 5 statements (staff check, BEGIN, member lock, one write, COMMIT), 2 pool checkouts',
        rps: median(a.map((x) => x.rps)),
        p50: median(a.map((x) => x.p50)),
        p99: median(a.map((x) => x.p99)),
        serverCpuMsPerReq: cpuPerOrder,
        pgCpuMsPerReq: pgPerOrder,
        serverCorePct: median(a.map((x) => (100 * x.cpu.server) / x.cpu.wall)),
      });
      for (const [key, label] of [
        ['pgApi', 'pgbench order, API statements'],
        ['pgMin', 'pgbench order, bare minimum'],
      ]) {
        const p = results[key];
        breakdown.push({
          name: `${label} (median)`,
          what: key === 'pgApi' ? '5 statements per order' : '6 statements per order',
          rps: median(p.map((x) => x.tps)),
          p50: median(p.map((x) => x.latencyAvg)),
          p99: null,
          serverCpuMsPerReq: null,
          pgCpuMsPerReq: median(p.map((x) => (1000 * x.cpu.postgres) / x.processed)),
          serverCorePct: null,
          latencyIsAvg: true,
        });
      }
      plans = await explainOrderQueries(db, { staffId, storeId, runTag });
    }

    // ---- profile ------------------------------------------------------------------------------------
    log('stopping the server (SIGTERM)');
    for (const c of waitClients.values()) await c.end().catch(() => {});
    await db.end().catch(() => {});
    const exit = await server.stop();
    if (serverOff) await serverOff.stop();
    let profile = null;
    if (profileDir) {
      const files = (await import('node:fs')).readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile'));
      if (files.length === 0) log(`no .cpuprofile in ${profileDir} (server exit ${JSON.stringify(exit)})`);
      else {
        const file = path.join(profileDir, files[0]);
        profile = { file, summary: summarise(file, { windows: profileWindows, top: 30 }) };
      }
    }

    // ---- report ---------------------------------------------------------------------------------------
    const report = buildReport({
      opts,
      machine,
      pgInfo,
      results,
      breakdown,
      plans,
      profile,
      poolConnections,
      connections,
      duration,
      runs,
      soak,
      elapsed: (Date.now() - started) / 1000,
    });
    process.stdout.write(`\n${report.text}\n`);
    if (opts.json) {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(opts.json, JSON.stringify({ ...report.data, date: new Date().toISOString() }, null, 2));
      log(`results written to ${opts.json}`);
    }
    return 0;
  } finally {
    await db.end().catch(() => {});
    await server.stop();
    if (serverOff) await serverOff.stop();
  }
}

/** Resident set size of a process in MiB (from /proc). */
function rssMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/** EXPLAIN ANALYZE of the order's statements on the data the run left behind. */
async function explainOrderQueries(db, { staffId, storeId, runTag }) {
  const { rows: busiest } = await db.query(
    `SELECT member_id, count(*)::int AS lots FROM points_lot GROUP BY member_id ORDER BY lots DESC LIMIT 1`,
  );
  const memberId = busiest[0]?.member_id;
  const counts = (
    await db.query(
      `SELECT (SELECT count(*) FROM member)::int AS members, (SELECT count(*) FROM member_order)::int AS orders,
            (SELECT count(*) FROM points_entry)::int AS entries, (SELECT count(*) FROM points_lot)::int AS lots`,
    )
  ).rows[0];
  const queries = [
    ['guard: staff by id', 'SELECT disabled, role, store_id FROM staff WHERE id = $1', [staffId]],
    [
      'replay check',
      'SELECT request_hash, response FROM member_order WHERE store_id = $1 AND order_no = $2',
      [storeId, `${runTag}-1`],
    ],
    [
      'member lock',
      'SELECT id, status, points, points_debt, growth, tier_code, tier_since FROM member WHERE id = $1 FOR UPDATE',
      [memberId],
    ],
    [
      'expire-due scan',
      `SELECT id, remaining, expires_at, earned_at FROM points_lot WHERE member_id = $1 AND remaining > 0 AND expires_at IS NOT NULL AND expires_at <= $2 ORDER BY expires_at, earned_at, id`,
      [memberId, new Date()],
    ],
    ['balance update', `UPDATE member SET points = points, updated_at = now() WHERE id = $1`, [memberId]],
  ];
  const out = [];
  await db.query('BEGIN');
  try {
    for (const [name, sql, params] of queries) {
      const { rows } = await db.query(`EXPLAIN (ANALYZE, BUFFERS, TIMING OFF, SUMMARY ON) ${sql}`, params);
      const lines = rows.map((r) => r['QUERY PLAN']);
      const planLines = lines.filter((l) => !/^(Planning|Execution|Buffers|Planning:)/.test(l.trim()));
      const scans = planLines
        .filter((l) => /Scan/.test(l))
        .map((l) =>
          l
            .trim()
            .replace(/\s+\(.*$/, '')
            .replace(/^->\s*/, ''),
        );
      const exec = lines.find((l) => l.startsWith('Execution Time'))?.replace('Execution Time: ', '') ?? '';
      out.push({ name, scans, execution: exec, plan: lines });
    }
  } finally {
    await db.query('ROLLBACK');
  }
  return { counts, memberLots: busiest[0]?.lots ?? 0, queries: out };
}

function buildReport({
  opts,
  machine,
  pgInfo,
  results,
  breakdown,
  plans,
  profile,
  poolConnections,
  connections,
  duration,
  runs,
  soak,
  elapsed,
}) {
  const L = [];
  const all = (xs, d = 0) => xs.map((x) => fmt(x, d)).join(' / ');
  const apiRps = results.api.map((x) => x.rps);
  const pgApi = results.pgApi.map((x) => x.tps);
  const pgMin = results.pgMin.map((x) => x.tps);
  const mApi = median(apiRps);
  const mPgApi = median(pgApi);
  const mPgMin = median(pgMin);
  L.push('══ pnpm bench cashier ══════════════════════════════════════════════════════════════════');
  L.push(
    `date ${new Date().toISOString()}   machine: ${machine.nproc} CPUs (${machine.cpuModel}), ${machine.memGiB} GiB, ${machine.kernel}`,
  );
  L.push(
    `node ${machine.node}   PostgreSQL ${pgInfo.version} (embedded; fsync=${pgInfo.fsync}, synchronous_commit=${pgInfo.synchronousCommit}, shared_buffers=${pgInfo.sharedBuffers}, wal_sync_method=${pgInfo.walSyncMethod})   ${pgInfo.pgbench}`,
  );
  if (opts['server-root']) L.push(`server from ${opts['server-root']}`);
  if (opts.workers > 1) L.push(`server: HUIYUAN_WORKERS=${opts.workers} (server CPU and RSS are the sums over its processes)`);
  L.push(
    `load: ${connections} connections / pgbench clients, ${duration} s per run, ${runs} run(s) alternating API → pgbench(api) → pgbench(minimal); server LOG_LEVEL=${opts['log-level']}${opts.profile ? ', under --cpu-prof (slower)' : ''}`,
  );
  L.push('');
  L.push('  measurement                          median       all runs                 p50 ms   p99 ms   errors');
  L.push(
    `  API  POST /api/v1/cashier/orders     ${fmt(mApi).padStart(6)} req/s  ${all(apiRps).padEnd(24)} ${fmt(median(results.api.map((x) => x.p50))).padStart(6)}   ${fmt(median(results.api.map((x) => x.p99))).padStart(6)}   ${results.api.reduce((s, x) => s + x.non2xx + x.errors + x.timeouts, 0)}`,
  );
  L.push(
    `  pgbench, same statements as the API  ${fmt(mPgApi).padStart(6)} tps    ${all(pgApi).padEnd(24)} avg ${fmt(median(results.pgApi.map((x) => x.latencyAvg)), 1).padStart(5)} ms        ${results.pgApi.reduce((s, x) => s + x.failed, 0)}`,
  );
  if (results.pgApiNoRollups.length > 0) {
    const off = results.pgApiNoRollups;
    L.push(
      `  pgbench, same without the rollups    ${fmt(median(off.map((x) => x.tps))).padStart(6)} tps    ${all(off.map((x) => x.tps)).padEnd(24)} avg ${fmt(median(off.map((x) => x.latencyAvg)), 1).padStart(5)} ms        ${off.reduce((s, x) => s + x.failed, 0)}   (PostgreSQL's share of the rollups: with ÷ without ${fmt(mPgApi / median(off.map((x) => x.tps)), 2)})`,
    );
  }
  L.push(
    `  pgbench, bare minimum write          ${fmt(mPgMin).padStart(6)} tps    ${all(pgMin).padEnd(24)} avg ${fmt(median(results.pgMin.map((x) => x.latencyAvg)), 1).padStart(5)} ms        ${results.pgMin.reduce((s, x) => s + x.failed, 0)}`,
  );
  L.push('');
  const r1 = mApi / mPgApi;
  const r2 = mApi / mPgMin;
  L.push(
    `  ratio API / pgbench(same statements) = ${fmt(r1, 2)}   ratio API / pgbench(bare minimum) = ${fmt(r2, 2)}   target ≥ ${TARGET_RATIO} → ${r1 >= TARGET_RATIO ? 'MET' : 'NOT MET'} (same statements)`,
  );
  const cpu = (key) => median(results.api.map((x) => (100 * x.cpu[key]) / x.cpu.wall));
  L.push(
    `  CPU during API runs (median, % of one core): server ${fmt(cpu('server'))}%, PostgreSQL ${fmt(cpu('postgres'))}%, autocannon ${fmt(cpu('bench'))}%; machine ${fmt(100 * median(results.api.map((x) => x.cpu.machineBusy)))}% busy of ${machine.nproc} cores`,
  );
  const other = (x, gen) =>
    100 *
    ((x.cpu.machineBusy * machine.nproc * x.cpu.wall - x.cpu.server - x.cpu.postgres - x.cpu.bench - (gen ?? 0)) / x.cpu.wall);
  L.push(
    `  CPU of everything else on the machine during API runs: ${all(results.api.map((x) => other(x)))} % of a core (other processes: must be ~0 for a clean result)`,
  );
  const pcpu = (key) => median(results[key].map((x) => (100 * x.cpu.postgres) / x.cpu.wall));
  L.push(
    `  CPU during pgbench runs: PostgreSQL ${fmt(pcpu('pgApi'))}% (same statements), ${fmt(pcpu('pgMin'))}% (bare minimum) of one core; machine ${fmt(100 * median(results.pgApi.map((x) => x.cpu.machineBusy)))}% / ${fmt(100 * median(results.pgMin.map((x) => x.cpu.machineBusy)))}% busy`,
  );
  const perApi = (key) => median(results.api.map((x) => (1000 * x.cpu[key]) / x.total));
  const perPg = (key, f) => median(results[key].map((x) => (1000 * f(x)) / x.processed));
  const apiTotal = perApi('server') + perApi('postgres') + perApi('bench');
  const pgTotal = perPg('pgApi', (x) => x.cpu.postgres + (x.cpuSelf ?? 0));
  L.push(
    `  CPU per order (ms, median; robust to other load): API = server ${fmt(perApi('server'), 3)} + PostgreSQL ${fmt(perApi('postgres'), 3)} + autocannon ${fmt(perApi('bench'), 3)} = ${fmt(apiTotal, 3)}`,
  );
  L.push(
    `                                                    pgbench same statements = PostgreSQL ${fmt(
      perPg('pgApi', (x) => x.cpu.postgres),
      3,
    )} + pgbench ${fmt(
      perPg('pgApi', (x) => x.cpuSelf ?? NaN),
      3,
    )}; bare minimum = PostgreSQL ${fmt(
      perPg('pgMin', (x) => x.cpu.postgres),
      3,
    )} + pgbench ${fmt(
      perPg('pgMin', (x) => x.cpuSelf ?? NaN),
      3,
    )}`,
  );
  L.push(
    `  CPU-bound ratio (what the req/s ratio tends to when all ${machine.nproc} cores are shared and saturated) = ${fmt(pgTotal / apiTotal, 2)}`,
  );
  // The performance issue's table (docs/performance.md): each figure, its target, met or not.
  const targets = [];
  const target = (name, value, goal, met, unit = '') =>
    targets.push({ name, value, goal, met: Number.isFinite(value) ? met(value) : null, unit });
  target('till orders/s ÷ pgbench bare-minimum order write', r2, '≥ 0.5', (v) => v >= 0.5);
  target('server CPU per order', perApi('server'), '≤ 0.7 ms', (v) => v <= 0.7, ' ms');
  target(
    'PostgreSQL CPU per order ÷ that of the bare-minimum write',
    perApi('postgres') / perPg('pgMin', (x) => x.cpu.postgres),
    '≤ 1.15',
    (v) => v <= 1.15,
  );
  target(`till p99 at ${connections} connections`, median(results.api.map((x) => x.p99)), '≤ 40 ms', (v) => v <= 40, ' ms');
  if (results.apiNoRollups.length > 0) {
    target(
      'till throughput with analytics rollups ÷ without (same run)',
      mApi / median(results.apiNoRollups.map((x) => x.rps)),
      '≥ 0.9',
      (v) => v >= 0.9,
    );
  }
  if (soak) {
    target(
      `server RSS after ${fmt(soak.seconds / 60, 1)} min of till load`,
      soak.endMb,
      '≤ 250 MiB, flat',
      (v) => v <= 250 && soak.slopeMbPerMin < 1,
      ' MiB',
    );
  }
  L.push('');
  L.push('  targets (performance issue; medians)                          value        target            ');
  for (const x of targets) {
    const shown =
      x.unit === ' ms' || x.unit === ' MiB'
        ? `${fmt(x.value, x.unit === ' ms' && x.value < 10 ? 3 : 0)}${x.unit}`
        : fmt(x.value, 2);
    L.push(
      `  ${x.name.padEnd(60)} ${shown.padStart(10)}   ${x.goal.padEnd(16)}  ${x.met === null ? 'n/a' : x.met ? 'met' : 'NOT MET'}`,
    );
  }
  if (soak) {
    L.push(
      `  (RSS ${fmt(soak.startMb)} → ${fmt(soak.endMb)} MiB, max ${fmt(soak.maxMb)}, second half ${fmt(soak.slopeMbPerMin, 2)} MiB/min over ${soak.orders} orders; "flat" = < 1 MiB/min)`,
    );
  }
  const gen = (key) => median(results[key].map((x) => (x.cpuSelf === null ? NaN : (100 * x.cpuSelf) / x.cpu.wall)));
  L.push(
    `  pgbench's own CPU: ${fmt(gen('pgApi'))}% / ${fmt(gen('pgMin'))}% of a core; everything else during pgbench runs: ${all(results.pgApi.map((x) => other(x, x.cpuSelf)))} / ${all(results.pgMin.map((x) => other(x, x.cpuSelf)))} % of a core`,
  );
  if (breakdown.length > 0) {
    L.push('');
    L.push('── where the time goes (same connections; latency for pgbench rows is the average) ──');
    L.push(
      '  route / workload                              req/s     p50 ms  p99 ms  server CPU ms/req  PG CPU ms/req  server core%',
    );
    for (const b of breakdown) {
      L.push(
        `  ${b.name.padEnd(44)} ${fmt(b.rps).padStart(7)}   ${fmt(b.p50, b.latencyIsAvg ? 1 : 0).padStart(6)}  ${fmt(b.p99).padStart(6)}  ${fmt(b.serverCpuMsPerReq, 3).padStart(17)}  ${fmt(b.pgCpuMsPerReq, 3).padStart(13)}  ${fmt(b.serverCorePct).padStart(12)}`,
      );
    }
    for (const b of breakdown) L.push(`    ${b.name}: ${b.what}`);
    if (poolConnections !== null)
      L.push(
        `  server pool connections open right after the order load: ${poolConnections} (TypeORM extra.max) for ${connections} HTTP connections`,
      );
  }
  if (plans.queries) {
    L.push('');
    L.push(
      `── query plans (EXPLAIN ANALYZE after the run: ${plans.counts.members} members, ${plans.counts.orders} orders, ${plans.counts.entries} entries, ${plans.counts.lots} lots; busiest member has ${plans.memberLots} lots) ──`,
    );
    for (const q of plans.queries) L.push(`  ${q.name.padEnd(20)} ${q.scans.join(' → ').padEnd(80)} ${q.execution}`);
  }
  if (profile) {
    L.push('');
    L.push(`── server CPU profile (${profile.file}) ──`);
    L.push(formatSummary(profile.summary));
  }
  L.push('');
  L.push(`done in ${fmt(elapsed)} s`);
  return {
    text: L.join('\n'),
    data: {
      machine,
      postgres: pgInfo,
      options: opts,
      targets,
      soak,
      apiNoRollups: results.apiNoRollups.map(({ rps, p50, p99, total }) => ({ rps, p50, p99, total })),
      api: results.api.map(({ rps, p50, p99, mean, total, non2xx, errors, timeouts, cpu }) => ({
        rps,
        p50,
        p99,
        mean,
        total,
        non2xx,
        errors,
        timeouts,
        cpu,
      })),
      pgbenchApi: results.pgApi.map(({ tps, latencyAvg, processed, failed, cpu, cpuSelf }) => ({
        tps,
        latencyAvg,
        processed,
        failed,
        cpu,
        pgbenchCpu: cpuSelf,
      })),
      pgbenchMinimal: results.pgMin.map(({ tps, latencyAvg, processed, failed, cpu, cpuSelf }) => ({
        tps,
        latencyAvg,
        processed,
        failed,
        cpu,
        pgbenchCpu: cpuSelf,
      })),
      medians: { apiRps: mApi, pgbenchApiTps: mPgApi, pgbenchMinimalTps: mPgMin, ratioSameStatements: r1, ratioMinimal: r2 },
      breakdown,
      plans,
      poolConnections,
      profile: profile
        ? { file: profile.file, packages: profile.summary.packages.slice(0, 20), functions: profile.summary.functions }
        : null,
    },
  };
}
