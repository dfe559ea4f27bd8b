// `pnpm bench analytics`: a programme of 1,000,000 members and 10,000,000 orders over 50 stores and
// two years, generated set-based in SQL into a reusable data dir (the second run starts in
// seconds), then the operator reads measured through the real API against the issue 11 targets:
// KPIs for random stores and periods (and all stores), the 12-month daily series of one store,
// the segment preview and the nightly lifecycle + RFM job (when they exist). docs/performance.md.
import { createRequire } from 'node:module';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ensureBuilt, ensureInstalled, log, ROOT } from '../lib/setup.mjs';
import { api } from './lib/http.mjs';
import { fmt, machineInfo } from './lib/report.mjs';
import { startServer } from './lib/server.mjs';

export const description =
  '1M members / 10M orders generated in SQL (reusable data dir); KPI, series, segment preview, nightly job vs targets';

/** Bump when the generated data changes shape: a data dir with another version is regenerated. */
const GENERATOR_VERSION = 1;
const DAY_MS = 86_400_000;

export const options = {
  members: { default: 1_000_000, help: 'members to generate' },
  orders: { default: 10_000_000, help: 'orders to generate (about; a long tail over the members)' },
  stores: { default: 50, help: 'stores' },
  'data-dir': { default: '', help: 'reusable data dir (default .data/bench-analytics/<members>-<orders>)' },
  regenerate: { default: false, help: 'throw the data dir away and generate again' },
  requests: { default: 200, help: 'KPI requests for random stores (p50/p99); a quarter as many for all stores' },
  series: { default: 20, help: 'kpis/series requests (12 months by day, one random store each)' },
  'log-level': { default: 'warn', help: 'server LOG_LEVEL' },
  'till-connections': { default: 4, help: 'till order loops running before and during the nightly job' },
  'till-baseline': { default: 15, help: 'seconds of till load measured before the nightly job (the baseline)' },
  json: { default: '', help: 'also write all results as JSON to this file' },
};

const TARGETS = {
  kpisP50: 50,
  kpisP99: 200,
  series: 150,
  preview: 1000,
  nightly: 120_000,
};

/** Candidate names of the nightly lifecycle + RFM job (built in parallel; the first that exists). */
const NIGHTLY_JOB_NAMES = ['member-scores', 'member-score', 'lifecycle-rfm', 'analytics-scores', 'lifecycle'];

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return null;
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

/** The newest migration's name: the data dir's schema version. */
function schemaVersion() {
  const dir = path.join(ROOT, 'server', 'dist', 'database', 'migrations');
  return readdirSync(dir)
    .filter((f) => /^\d+-.*\.js$/.test(f))
    .sort()
    .pop()
    ?.replace(/\.js$/, '');
}

/**
 * Pareto-like orders per buyer, floor(U^(-1/a)) capped at `cap`: its mean is Σ_{k=1..cap} k^-a.
 * Bisection on `a` for the mean the scale asks for (most buyers have one order, a long tail).
 */
function tailExponent(mean, cap) {
  const m = (a) => {
    let s = 0;
    for (let k = 1; k <= cap; k++) s += k ** -a;
    return s;
  };
  let lo = 0.01;
  let hi = 20;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (m(mid) > mean) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

async function timed(db, label, sqlText, params = []) {
  const t0 = Date.now();
  const r = await db.query(sqlText, params);
  const s = (Date.now() - t0) / 1000;
  log(`  ${label}: ${fmt(s, 1)} s${r.rowCount !== null && r.rowCount !== undefined ? ` (${r.rowCount} rows)` : ''}`);
  return s;
}

/** Generates the world in the server's database, set-based. Returns seconds per step. */
async function generate(db, { members, orders, stores, timezone, staffId, policyVersion }) {
  const steps = {};
  await db.query(`SET synchronous_commit = off`);
  await db.query(`SET work_mem = '256MB'`);
  await db.query(`SET maintenance_work_mem = '1GB'`);
  // Foreign keys are satisfied by construction; replica mode skips their per-row triggers.
  await db.query(`SET session_replication_role = replica`);
  await db.query(`SELECT setseed(0.42)`);

  const { rows: have } = await db.query(`SELECT id FROM store ORDER BY created_at, id`);
  for (let i = have.length; i < stores; i++)
    await db.query(`INSERT INTO store (name, address) VALUES ($1, $2)`, [`Bench store ${i + 1}`, `Bench road ${i + 1}`]);
  const { rows: storeRows } = await db.query(`SELECT id FROM store ORDER BY created_at, id LIMIT $1`, [stores]);
  const storeIds = storeRows.map((r) => r.id);

  // Orders per member: 15 % never order; buyers follow a capped Pareto tail with the scale's mean.
  const buyersShare = Math.min(0.85, orders / members);
  const mean = orders / (members * buyersShare);
  const cap = 1500;
  const a = mean <= 1.0001 ? 50 : tailExponent(mean, cap);
  log(
    `  orders per buyer: mean ${fmt(mean, 2)}, tail exponent ${fmt(a, 3)}, cap ${cap}; ${fmt(100 * (1 - buyersShare))} % never order`,
  );

  // Registrations over two years ending now, growing (sqrt: more recent members than old ones).
  steps.members = await timed(
    db,
    `${members} members`,
    `INSERT INTO member (member_no, openid, invite_code, registration_channel, registration_store_id, code_secret,
       consent_version, consent_at, created_at, updated_at, tier_since)
     SELECT 'BM' || g, 'bench:' || g, 'BI' || g, 'wechat',
       CASE WHEN g % 20 = 0 THEN NULL ELSE ($2::uuid[])[1 + (hashint4(g) & 2147483647) % $3] END,
       decode(md5(g::text), 'hex'), $4, t, t, t, t
     FROM (SELECT g, now() - interval '730 days' * (1 - sqrt(random())) AS t FROM generate_series(1, $1) g) x`,
    [members, storeIds, storeIds.length, policyVersion],
  );

  await db.query(`DROP TABLE IF EXISTS bench_member`);
  steps.plan = await timed(
    db,
    'orders per member',
    `CREATE UNLOGGED TABLE bench_member AS
     SELECT id, code_id, registration_store_id AS home, created_at AS reg_at,
       CASE WHEN random() >= $1 THEN 0 ELSE least($3, floor(random() ^ (-1 / $2::float8)))::int END AS k,
       random() < 0.12 AS checks_in
     FROM member WHERE openid LIKE 'bench:%'`,
    [buyersShare, a, cap],
  );

  // member_order without its secondary indexes while it fills (rebuilt after: much faster).
  const { rows: indexes } = await db.query(
    `SELECT indexname, indexdef FROM pg_indexes i WHERE tablename = 'member_order'
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
  );
  for (const ix of indexes) await db.query(`DROP INDEX ${ix.indexname}`);
  // First order about at registration (members sign up at the till), the others spread until now;
  // 80 % at the home store.
  steps.orders = await timed(
    db,
    'orders',
    `INSERT INTO member_order (store_id, order_no, member_id, staff_id, amount, payable, request_hash, response, created_at,
       programme_version)
     SELECT CASE WHEN m.home IS NOT NULL AND random() < 0.8 THEN m.home
                 ELSE ($1::uuid[])[1 + floor(random() * $2)::int] END,
       'B' || m.code_id || '-' || j, m.id, $3, amt, amt, 'bench', '{}'::jsonb,
       CASE WHEN j = 1 THEN least(now(), m.reg_at + random() * interval '2 hours')
            ELSE m.reg_at + random() * (now() - m.reg_at) END,
       (SELECT max(version) FROM programme_version)
     FROM bench_member m, generate_series(1, m.k) j,
       LATERAL (SELECT (500 + floor(random() ^ 2 * 30000))::int + j * 0 AS amt) p`,
    [storeIds, storeIds.length, staffId],
  );
  const t0 = Date.now();
  for (const ix of indexes) await db.query(ix.indexdef);
  steps.orderIndexes = (Date.now() - t0) / 1000;
  log(`  order indexes: ${fmt(steps.orderIndexes, 1)} s`);

  // ~2 % of orders refunded within a week (70 % in full), by the refund's own time.
  steps.refunds = await timed(
    db,
    'refunds',
    `WITH picked AS (SELECT id, payable, created_at FROM member_order TABLESAMPLE BERNOULLI (2) REPEATABLE (7)),
     r AS (INSERT INTO order_refund (order_id, refund_no, amount, staff_id, request_hash, response, created_at)
           SELECT id, 'R1', CASE WHEN random() < 0.7 THEN payable ELSE greatest(1, payable / 2) END, $1, 'bench', '{}'::jsonb,
                  least(now(), created_at + random() * interval '7 days')
           FROM picked RETURNING order_id, amount)
     UPDATE member_order o SET refunded_amount = r.amount FROM r WHERE o.id = r.order_id`,
    [staffId],
  );

  // 12 % of members check in, up to 20 random days each after registering.
  steps.checkins = await timed(
    db,
    'check-ins',
    `INSERT INTO checkin (member_id, date, streak, created_at)
     SELECT m.id, d.day, 1, (d.day::timestamp + interval '9 hours') AT TIME ZONE $1
     FROM bench_member m,
       LATERAL (SELECT DISTINCT (m.reg_at AT TIME ZONE $1)::date
                  + floor(random() * greatest(1, (now() AT TIME ZONE $1)::date - (m.reg_at AT TIME ZONE $1)::date + 1))::int AS day
                FROM generate_series(1, 20) s WHERE m.id IS NOT NULL) d
     WHERE m.checks_in AND d.day <= (now() AT TIME ZONE $1)::date
     ON CONFLICT DO NOTHING`,
    [timezone],
  );
  await db.query(`DROP TABLE bench_member`);
  await db.query(`SET session_replication_role = origin`);
  return { steps, storeIds };
}

async function rebuildRollups(db, timezone) {
  const { rebuildStatements } = await import(path.join(ROOT, 'server', 'dist', 'analytics', 'analytics.repository.js'));
  const t0 = Date.now();
  await db.query(`SET work_mem = '256MB'`);
  await db.query(`SET maintenance_work_mem = '1GB'`);
  await db.query('BEGIN');
  for (const s of rebuildStatements(timezone)) await db.query(s);
  await db.query('COMMIT');
  const rebuild = (Date.now() - t0) / 1000;
  log(`  analytics rebuild (pnpm analytics:rebuild's statements): ${fmt(rebuild, 1)} s`);
  const t1 = Date.now();
  await db.query('VACUUM ANALYZE');
  const vacuum = (Date.now() - t1) / 1000;
  log(`  VACUUM ANALYZE: ${fmt(vacuum, 1)} s`);
  return { rebuild, vacuum };
}

/** Random [from, to] of 1–366 days ending within the last year (local dates). */
function randomPeriod(today, rnd) {
  const len = 1 + Math.floor(rnd() * 366);
  const endBack = Math.floor(rnd() * (366 - len + 1));
  const to = addDays(today, -endBack);
  return { from: addDays(to, -(len - 1)), to, len };
}

function addDays(day, n) {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** A small deterministic PRNG (mulberry32): the same requests on every run. */
function prng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function timedGet(baseUrl, route, token) {
  const t0 = performance.now();
  const res = await fetch(`${baseUrl}${route}`, { headers: { authorization: `Bearer ${token}` } });
  const body = await res.text();
  const ms = performance.now() - t0;
  if (!res.ok) throw new Error(`GET ${route} → ${res.status}: ${body.slice(0, 300)}`);
  return ms;
}

async function timedPost(baseUrl, route, token, payload, timeoutMs = 600_000) {
  const t0 = performance.now();
  const res = await fetch(`${baseUrl}${route}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(payload ?? {}),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  return { status: res.status, ms: performance.now() - t0, text };
}

/**
 * Till orders from `connections` loops (one request in flight each) until `stop()`: orders/s,
 * p50 / p99 and the non-2xx answers — what the till did while something else ran.
 */
function tillLoad(baseUrl, token, memberIds, connections, tag) {
  let running = true;
  let n = 0;
  const ms = [];
  const failures = {};
  const t0 = performance.now();
  const loop = async () => {
    while (running) {
      const i = n++;
      const started = performance.now();
      const res = await fetch(`${baseUrl}/api/v1/cashier/orders`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          memberId: memberIds[i % memberIds.length],
          orderNo: `${tag}-${i}`,
          amount: 3800 + ((i * 7919) % 9001),
        }),
      }).catch((err) => ({ status: 0, text: async () => String(err) }));
      await res.text();
      if (res.status === 201) ms.push(performance.now() - started);
      else failures[res.status] = (failures[res.status] ?? 0) + 1;
    }
  };
  const loops = Array.from({ length: connections }, loop);
  return async () => {
    running = false;
    await Promise.all(loops);
    const seconds = (performance.now() - t0) / 1000;
    return { orders: ms.length, perSecond: ms.length / seconds, p50: pct(ms, 50), p99: pct(ms, 99), failures, seconds };
  };
}

export async function run(opts) {
  const started = Date.now();
  ensureInstalled();
  ensureBuilt({ h5: false });
  const pg = createRequire(path.join(ROOT, 'server', 'package.json'))('pg');
  const machine = machineInfo();
  const members = Math.round(opts.members);
  const orders = Math.round(opts.orders);
  const stores = Math.round(opts.stores);
  const dataDir = path.resolve(opts['data-dir'] || path.join(ROOT, '.data', 'bench-analytics', `${members}-${orders}-${stores}`));
  const markerFile = path.join(dataDir, 'bench-analytics.json');
  const schema = schemaVersion();
  const scale = { members, orders, stores, generator: GENERATOR_VERSION };

  let marker = null;
  if (existsSync(markerFile) && !opts.regenerate) {
    marker = JSON.parse(readFileSync(markerFile, 'utf8'));
    if (JSON.stringify(marker.scale) !== JSON.stringify(scale)) {
      log(`data dir ${dataDir} holds another scale (${JSON.stringify(marker.scale)}): regenerating`);
      marker = null;
    } else if (!marker.generated) {
      log(`data dir ${dataDir} was not generated to the end: regenerating`);
      marker = null;
    }
  }
  if (!marker) {
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true });
  }
  // The "postgres" user (when we run as root) must be able to enter every parent of the data dir.
  for (let d = dataDir; d !== path.dirname(d) && d.startsWith(ROOT); d = path.dirname(d)) chmodSync(d, 0o755);
  // The same secrets on every run of this data dir (the data key encrypts columns).
  const secrets = marker?.secrets ?? {
    JWT_SECRET: randomBytes(32).toString('hex'),
    HUIYUAN_DATA_KEY: randomBytes(32).toString('hex'),
  };
  if (!marker) writeFileSync(markerFile, JSON.stringify({ scale, secrets }, null, 2));

  log(`${marker ? 'reusing' : 'creating'} data dir ${dataDir}; starting the server (NODE_ENV=development)`);
  const tStart = Date.now();
  const server = await startServer({ logLevel: opts['log-level'], dataDir, env: secrets });
  const startSeconds = (Date.now() - tStart) / 1000;
  log(`server up at ${server.baseUrl} in ${fmt(startSeconds, 1)} s`);
  const db = new pg.Client({ connectionString: server.databaseUrl(), application_name: 'huiyuan-bench' });
  await db.connect();
  const results = { machine, options: opts, scale, dataDir, startSeconds };
  try {
    const { rows: tzRows } = await db.query(
      `SELECT definition->>'timezone' AS tz FROM programme_version ORDER BY version DESC LIMIT 1`,
    );
    const timezone = tzRows[0]?.tz ?? 'Asia/Shanghai';
    const admin = await api(server.baseUrl, 'POST', '/api/v1/auth/staff/login', {
      body: { username: 'admin', password: 'admin1234' },
    });
    if (!marker) {
      const policy = await api(server.baseUrl, 'GET', '/api/v1/privacy-policy');
      log(`generating ${members} members, ~${orders} orders over ${stores} stores and two years (SQL)`);
      const t0 = Date.now();
      const gen = await generate(db, {
        members,
        orders,
        stores,
        timezone,
        staffId: admin.staff.id,
        policyVersion: policy.version,
      });
      // The rollups by the rebuild's own statements: consistent with the raw rows by construction.
      const roll = await rebuildRollups(db, timezone);
      const seconds = (Date.now() - t0) / 1000;
      log(`generated in ${fmt(seconds)} s`);
      marker = { scale, schema, secrets, generated: { at: new Date().toISOString(), seconds, steps: { ...gen.steps, ...roll } } };
      writeFileSync(markerFile, JSON.stringify(marker, null, 2));
    } else if (marker.schema !== schema) {
      // Migrations ran on the kept data at start; the rollups (maybe new ones) are recomputed.
      log(`schema ${marker.schema} → ${schema}: rebuilding the rollups`);
      marker.rebuilt = { at: new Date().toISOString(), schema, ...(await rebuildRollups(db, timezone)) };
      marker.schema = schema;
      writeFileSync(markerFile, JSON.stringify(marker, null, 2));
    }
    results.generated = marker.generated;
    results.rebuilt = marker.rebuilt ?? null;
    const { rows: counts } = await db.query(
      `SELECT (SELECT count(*) FROM member)::int AS members, (SELECT count(*) FROM member_order)::int AS orders,
              (SELECT count(*) FROM order_refund)::int AS refunds, (SELECT count(*) FROM checkin)::int AS checkins,
              (SELECT count(*) FROM analytics_order_recurrence)::int AS order_recurrence_rows,
              (SELECT count(*) FROM member m WHERE NOT EXISTS (SELECT 1 FROM member_order o WHERE o.member_id = m.id))::int AS never,
              (SELECT count(*) FROM (SELECT member_id FROM member_order GROUP BY 1 HAVING count(*) = 1) x)::int AS one_order,
              pg_size_pretty(pg_database_size(current_database())) AS size`,
    );
    results.counts = counts[0];
    log(`data: ${JSON.stringify(counts[0])}`);
    const { rows: storeRows } = await db.query(`SELECT id FROM store ORDER BY created_at, id LIMIT $1`, [stores]);
    const storeIds = storeRows.map((r) => r.id);
    const today = new Date(Date.now() + tzOffsetMs(timezone)).toISOString().slice(0, 10);

    // ---- KPIs: random stores and periods, then all stores ----
    const rnd = prng(11);
    const kpiRoute = (storeId, p) =>
      `/api/v1/admin/analytics/kpis?from=${p.from}&to=${p.to}${storeId ? `&storeId=${storeId}` : ''}`;
    log('warm-up: 10 KPI requests (not measured)');
    for (let i = 0; i < 10; i++)
      await timedGet(server.baseUrl, kpiRoute(storeIds[i % storeIds.length], randomPeriod(today, rnd)), admin.token);
    const nStore = Math.round(opts.requests);
    const storeMs = [];
    log(`KPIs: ${nStore} requests, random store, random period of 1–366 days in the last year, one at a time`);
    for (let i = 0; i < nStore; i++) {
      const storeId = storeIds[Math.floor(rnd() * storeIds.length)];
      storeMs.push(await timedGet(server.baseUrl, kpiRoute(storeId, randomPeriod(today, rnd)), admin.token));
    }
    const nAll = Math.max(5, Math.round(nStore / 4));
    const allMs = [];
    log(`KPIs: ${nAll} requests, all stores, random period`);
    for (let i = 0; i < nAll; i++)
      allMs.push(await timedGet(server.baseUrl, kpiRoute(null, randomPeriod(today, rnd)), admin.token));
    const yearMs = [];
    for (let i = 0; i < 5; i++)
      yearMs.push(await timedGet(server.baseUrl, kpiRoute(null, { from: addDays(today, -365), to: today }), admin.token));

    // ---- series: 12 months by day for one store ----
    const seriesMs = [];
    const nSeries = Math.round(opts.series);
    log(`series: ${nSeries} requests, 12 months by day, one random store each`);
    for (let i = 0; i < nSeries; i++) {
      const storeId = storeIds[Math.floor(rnd() * storeIds.length)];
      seriesMs.push(
        await timedGet(
          server.baseUrl,
          `/api/v1/admin/analytics/kpis/series?from=${addDays(today, -364)}&to=${today}&granularity=day&storeId=${storeId}`,
          admin.token,
        ),
      );
    }

    // ---- the nightly lifecycle + RFM job, when built ----
    /** @type {{ status: string, ms: number | null, job: string | null }} */
    let nightly = { status: 'not built', ms: null, job: null };
    // The till keeps serving meanwhile: cashier1's orders for random generated members, from
    // `--till-connections` loops, for as long before the job (the baseline) as the job takes.
    const cashier = await api(server.baseUrl, 'POST', '/api/v1/auth/staff/login', {
      body: { username: 'cashier1', password: 'cashier1234' },
    });
    const { rows: tillMembers } = await db.query(
      `SELECT id FROM member WHERE status = 'active' ORDER BY md5(id::text) LIMIT 2000`,
    );
    const tillIds = tillMembers.map((r) => r.id);
    const tillTag = `NJ${Date.now().toString(36)}`;
    let till = null;
    for (const name of NIGHTLY_JOB_NAMES) {
      log(`nightly job: trying POST /admin/jobs/${name}/run`);
      const baselineStop = tillLoad(server.baseUrl, cashier.token, tillIds, opts['till-connections'], `${tillTag}b`);
      await new Promise((r) => setTimeout(r, opts['till-baseline'] * 1000));
      const baseline = await baselineStop();
      const duringStop = tillLoad(server.baseUrl, cashier.token, tillIds, opts['till-connections'], `${tillTag}d-${name}`);
      const r = await timedPost(server.baseUrl, `/api/v1/admin/jobs/${name}/run`, admin.token, {});
      const during = await duringStop();
      if (r.status === 404) continue;
      till = { baseline, during };
      log(
        `till during the job: ${fmt(during.perSecond)} orders/s (p99 ${fmt(during.p99)} ms, failures ${JSON.stringify(during.failures)}) vs ${fmt(baseline.perSecond)} before (p99 ${fmt(baseline.p99)} ms)`,
      );
      nightly =
        r.status === 200
          ? { status: 'ok', ms: JSON.parse(r.text).ms, job: name }
          : { status: `error ${r.status}`, ms: null, job: name };
      break;
    }

    // ---- segment preview (3 conditions), when built: two mixes, the slower one is the figure;
    // after the nightly job, so lifecycle_in reads the stages it wrote ----
    const previewMixes = {
      'lifecycle + spend range + ordered within 90 days': {
        all: [
          { code: 'lifecycle_in', args: { stages: ['active', 'silent'] } },
          { code: 'spend_between', args: { min: 10_000, max: 10_000_000 } },
          { code: 'last_order_within_days', args: { days: 90 } },
        ],
      },
      'points range + no order within 60 days + order count ≥ 2': {
        all: [
          { code: 'points_between', args: { min: 0, max: 5_000 } },
          { code: 'no_order_within_days', args: { days: 60 } },
          { code: 'order_count_between', args: { min: 2 } },
        ],
      },
    };
    /** @type {{ status: string, ms: number[], count?: number, mix?: string, mixes?: Record<string, { p50: number | null, count: number }> }} */
    let preview = { status: 'not built', ms: [] };
    for (const [mix, conditions] of Object.entries(previewMixes)) {
      const probe = await timedPost(server.baseUrl, '/api/v1/admin/segments/preview', admin.token, { conditions });
      if (probe.status === 404) {
        log('segment preview: POST /admin/segments/preview → 404, not built');
        break;
      }
      if (probe.status !== 200) {
        preview = { status: `error ${probe.status}: ${probe.text.slice(0, 200)}`, ms: [] };
        break;
      }
      const ms = [];
      for (let i = 0; i < 5; i++)
        ms.push((await timedPost(server.baseUrl, '/api/v1/admin/segments/preview', admin.token, { conditions })).ms);
      const count = JSON.parse(probe.text).count;
      const mixes = { ...(preview.mixes ?? {}), [mix]: { p50: pct(ms, 50), count } };
      log(`segment preview (${mix}): p50 ${fmt(pct(ms, 50), 1)} ms, ${count} members`);
      // The figure against the target is the slower mix.
      if (preview.status !== 'ok' || pct(ms, 50) > pct(preview.ms, 50)) preview = { status: 'ok', ms, count, mix, mixes };
      else preview.mixes = mixes;
    }

    // ---- EXPLAIN ANALYZE of the KPI statements for one store, one year (the profile) ----
    results.kpis = {
      store: { n: storeMs.length, p50: pct(storeMs, 50), p99: pct(storeMs, 99), max: Math.max(...storeMs) },
      all: { n: allMs.length, p50: pct(allMs, 50), p99: pct(allMs, 99), max: Math.max(...allMs) },
      allYear: { n: yearMs.length, p50: pct(yearMs, 50) },
    };
    results.series = { n: seriesMs.length, p50: pct(seriesMs, 50), p99: pct(seriesMs, 99) };
    results.preview = { ...preview, p50: pct(preview.ms, 50) };
    results.nightly = { ...nightly, till };
    const load = (await import('node:os')).loadavg();

    log('stopping the server (SIGTERM; the data dir is kept)');
    await db.end().catch(() => {});
    await server.stop();

    const verdict = (v, target) => (v === null || v === undefined ? '—' : v <= target ? 'met' : 'NOT met');
    const L = [];
    L.push('══ pnpm bench analytics ════════════════════════════════════════════════════════════════');
    L.push(
      `date ${new Date().toISOString()}   machine: ${machine.nproc} CPUs (${machine.cpuModel}), ${machine.memGiB} GiB   load average ${load.map((x) => fmt(x, 1)).join(' ')}`,
    );
    const c = results.counts;
    L.push(
      `data: ${c.members} members (${c.never} never ordered, ${c.one_order} with one order), ${c.orders} orders, ${c.refunds} refunds, ${c.checkins} check-ins, ${c.order_recurrence_rows} order recurrence rows, ${stores} stores; database ${c.size}`,
    );
    if (results.generated)
      L.push(
        `generated once in ${fmt(results.generated.seconds)} s (${Object.entries(results.generated.steps)
          .map(([k, v]) => `${k} ${fmt(v)} s`)
          .join(', ')}); server start on the kept data dir ${fmt(startSeconds, 1)} s`,
      );
    L.push('');
    const k = results.kpis;
    L.push(
      `  kpis, random store, 1–366 days   p50 ${fmt(k.store.p50, 1)} ms (target ≤ ${TARGETS.kpisP50}: ${verdict(k.store.p50, TARGETS.kpisP50)})   p99 ${fmt(k.store.p99, 1)} ms (target ≤ ${TARGETS.kpisP99}: ${verdict(k.store.p99, TARGETS.kpisP99)})   n=${k.store.n}`,
    );
    L.push(
      `  kpis, all stores, 1–366 days     p50 ${fmt(k.all.p50, 1)} ms (target ≤ ${TARGETS.kpisP50}: ${verdict(k.all.p50, TARGETS.kpisP50)})   p99 ${fmt(k.all.p99, 1)} ms (target ≤ ${TARGETS.kpisP99}: ${verdict(k.all.p99, TARGETS.kpisP99)})   n=${k.all.n}`,
    );
    L.push(`  kpis, all stores, last 366 days  p50 ${fmt(k.allYear.p50, 1)} ms   n=${k.allYear.n}`);
    L.push(
      `  kpis/series 12 months by day     p50 ${fmt(results.series.p50, 1)} ms (target ≤ ${TARGETS.series}: ${verdict(results.series.p50, TARGETS.series)})   p99 ${fmt(results.series.p99, 1)} ms   n=${results.series.n}`,
    );
    L.push(
      results.preview.status === 'ok'
        ? `  segment preview, 3 conditions    p50 ${fmt(results.preview.p50, 1)} ms (target ≤ ${TARGETS.preview}: ${verdict(results.preview.p50, TARGETS.preview)})   the slower of ${Object.keys(results.preview.mixes ?? {}).length} mixes: ${results.preview.mix} (${results.preview.count} members)`
        : `  segment preview, 3 conditions    ${results.preview.status}`,
    );
    L.push(
      nightly.status === 'ok' && nightly.ms !== null
        ? `  nightly lifecycle + RFM (${nightly.job})   ${fmt(nightly.ms / 1000, 1)} s (target ≤ ${TARGETS.nightly / 1000} s: ${verdict(nightly.ms, TARGETS.nightly)})`
        : `  nightly lifecycle + RFM          ${nightly.status}`,
    );
    const tillMeanwhile = results.nightly.till;
    if (tillMeanwhile) {
      const errs = (f) =>
        Object.entries(f)
          .map(([k, v]) => `${v}× ${k}`)
          .join(', ') || 'none';
      L.push(
        `  till meanwhile (${opts['till-connections']} loops)        ${fmt(tillMeanwhile.during.perSecond)} orders/s, p99 ${fmt(tillMeanwhile.during.p99)} ms, failures ${errs(tillMeanwhile.during.failures)}   (before the job: ${fmt(tillMeanwhile.baseline.perSecond)} orders/s, p99 ${fmt(tillMeanwhile.baseline.p99)} ms; ratio ${fmt(tillMeanwhile.during.perSecond / tillMeanwhile.baseline.perSecond, 2)})`,
      );
    }
    process.stdout.write(`\n${L.join('\n')}\n\ndone in ${fmt((Date.now() - started) / 1000)} s\n`);
    if (opts.json) writeFileSync(opts.json, JSON.stringify({ ...results, date: new Date().toISOString() }, null, 2));
    return 0;
  } finally {
    await db.end().catch(() => {});
    await server.stop();
  }
}

/** The offset of `timezone` from UTC now, in ms (for "today" in the programme's timezone). */
function tzOffsetMs(timezone) {
  const now = new Date();
  const local = new Date(now.toLocaleString('en-US', { timeZone: timezone }));
  const utc = new Date(now.toLocaleString('en-US', { timeZone: 'UTC' }));
  return local.getTime() - utc.getTime();
}
