// `pnpm bench recommend`: the offline evaluation of recommendations (issue 12 item 4,
// docs/recommendations.md). Generates purchase data with planted co-purchase structure — SKUs in
// categories with Zipf popularity that differs by store, planted bundles each member is drawn to,
// repeat-purchase staples — loads every member's orders except the last into the real server's
// database, runs the PRODUCT's recompute job (POST /admin/jobs/recommendations/run) and asks the
// PRODUCT's GET /me/recommendations for every member; a hit is any SKU of the held-out last order
// among the 10. The popularity baseline ranks the same product tables by popularity alone (the
// member's store, then all stores) — plain, and with the product's exclusions of what the member
// already bought (the shared rule with `personal: false`). Target: hit rate@10 ≥ 1.3 × the better
// baseline.
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { ensureBuilt, ensureInstalled, log, ROOT } from '../lib/setup.mjs';
import { api, mapLimit } from './lib/http.mjs';
import { fmt, machineInfo } from './lib/report.mjs';
import { startServer } from './lib/server.mjs';

export const description =
  'offline evaluation: planted co-purchase data, the product’s recompute and GET /me/recommendations vs popularity (hit rate@10)';

export const options = {
  members: { default: 20_000, help: 'members to generate' },
  skus: { default: 500, help: 'SKUs (in 20 categories)' },
  stores: { default: 8, help: 'stores' },
  bundles: { default: 80, help: 'planted bundles (3–4 SKUs bought together by the members drawn to them)' },
  'bundle-share': { default: 0.45, help: 'share of order lines taken from one of the member’s bundles' },
  seed: { default: 42, help: 'generator seed' },
  concurrency: { default: 4, help: 'requests in flight while evaluating (after the sequential latency sample)' },
  'latency-sample': { default: 1000, help: 'members asked one at a time first: the latency figures' },
  'log-level': { default: 'warn', help: 'server LOG_LEVEL' },
  json: { default: '', help: 'also write all results as JSON to this file' },
};

const TARGET_LIFT = 0.3;
const K = 10;
const DAY_MS = 86_400_000;

const CATEGORIES = [
  '咖啡',
  '茶饮',
  '烘焙',
  '甜点',
  '轻食',
  '果汁',
  '零食',
  '乳品',
  '饮用水',
  '鲜花',
  '文具',
  '周边',
  '日用',
  '个护',
  '冷冻',
  '熟食',
  '酒水',
  '调味',
  '粮油',
  '水果',
];
/** Members re-buy their staple of these (the product should find them repeat-purchase). */
const STAPLE_CATEGORIES = ['乳品', '饮用水', '咖啡'];

/** mulberry32: the same data on every run of a seed. */
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

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return null;
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

/** A sampler over `items` with cumulative weights (binary search). */
function sampler(items, weights, rnd) {
  const cum = [];
  let total = 0;
  for (const w of weights) cum.push((total += w));
  return () => {
    const x = rnd() * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return items[lo];
  };
}

function shuffled(xs, rnd) {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/**
 * The world: SKUs, stores' popularity, bundles, members with their orders (oldest first; the last
 * is held out). Times are ms before `now`.
 */
function generate(opts, storeIds, now) {
  const rnd = prng(opts.seed);
  const nSkus = Math.round(opts.skus);
  const skus = Array.from({ length: nSkus }, (_, i) => {
    const category = CATEGORIES[i % CATEGORIES.length];
    return {
      sku: `SKU-${String(i + 1).padStart(4, '0')}`,
      name: `${category}${i + 1}号`,
      category,
      price: 500 + Math.floor(rnd() * 9300),
    };
  });
  // Zipf (s = 1) over a global ranking; each store swaps a fifth of the top 100 for local favourites.
  const global = shuffled(skus, rnd);
  const zipf = global.map((_, k) => 1 / (k + 1));
  const storePick = new Map(
    storeIds.map((id) => {
      const ranking = [...global];
      for (let i = 0; i < 20; i++) {
        const a = Math.floor(rnd() * 100);
        const b = 100 + Math.floor(rnd() * (ranking.length - 100));
        [ranking[a], ranking[b]] = [ranking[b], ranking[a]];
      }
      return [id, sampler(ranking, zipf, rnd)];
    }),
  );
  // Bundles: two SKUs of one category and one or two of any other, drawn uniformly (mostly the tail).
  const byCategory = new Map(CATEGORIES.map((c) => [c, skus.filter((s) => s.category === c)]));
  const bundles = Array.from({ length: Math.round(opts.bundles) }, () => {
    const cat = byCategory.get(CATEGORIES[Math.floor(rnd() * CATEGORIES.length)]) ?? skus;
    const set = new Set([cat[Math.floor(rnd() * cat.length)], cat[Math.floor(rnd() * cat.length)]]);
    const extra = 1 + Math.floor(rnd() * 2);
    while (set.size < 2 + extra) set.add(skus[Math.floor(rnd() * skus.length)]);
    return [...set];
  });
  const staples = skus.filter((s) => STAPLE_CATEGORIES.includes(s.category));

  const members = [];
  for (let i = 0; i < opts.members; i++) {
    const home = rnd() < 0.85 ? storeIds[Math.floor(rnd() * storeIds.length)] : null;
    const usual = home ?? storeIds[Math.floor(rnd() * storeIds.length)];
    const interests = Array.from({ length: 1 + Math.floor(rnd() * 2) }, () => bundles[Math.floor(rnd() * bundles.length)]);
    const staple = rnd() < 0.4 ? staples[Math.floor(rnd() * staples.length)] : null;
    const n = rnd() < 0.15 ? 1 : Math.min(20, 2 + Math.floor(-Math.log(1 - rnd()) * 3));
    const ages = Array.from({ length: n }, () => DAY_MS + Math.floor(rnd() * 330 * DAY_MS)).sort((a, b) => b - a);
    const orders = ages.map((age) => {
      const store = rnd() < 0.8 ? usual : storeIds[Math.floor(rnd() * storeIds.length)];
      const lines = new Map();
      const count = 1 + Math.floor(rnd() * 3);
      for (let l = 0; l < count; l++) {
        const r = rnd();
        let s;
        if (r < opts['bundle-share']) {
          const b = interests[Math.floor(rnd() * interests.length)];
          s = b[Math.floor(rnd() * b.length)];
        } else if (staple && r < opts['bundle-share'] + 0.1) s = staple;
        else s = storePick.get(store)();
        lines.set(s.sku, s);
      }
      return { store, at: new Date(now - age), lines: [...lines.values()] };
    });
    members.push({ i, home, orders });
  }
  return { skus, members };
}

/** An HS256 JWT as the server's TokenService signs it (role member, token version 0). */
function memberToken(secret, memberId) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const iat = Math.floor(Date.now() / 1000);
  const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ role: 'member', ver: 0, sub: memberId, iss: 'huiyuan', iat, exp: iat + 3600 })}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

async function load(db, world, { staffId, policyVersion }) {
  const t0 = Date.now();
  await db.query(`SET synchronous_commit = off`);
  // Foreign keys hold by construction; replica mode skips their per-row triggers.
  await db.query(`SET session_replication_role = replica`);
  const { rows: ids } = await db.query(
    `INSERT INTO member (member_no, openid, invite_code, registration_channel, registration_store_id, code_secret,
       consent_version, consent_at, created_at, updated_at, tier_since)
     SELECT 'RB' || g, 'reco:' || g, 'RI' || g, 'wechat', h, decode(md5(g::text), 'hex'), $2, now() - interval '400 days',
            now() - interval '400 days', now(), now()
       FROM unnest($1::uuid[]) WITH ORDINALITY AS u(h, g)
     RETURNING id, member_no`,
    [world.members.map((m) => m.home), policyVersion],
  );
  const byNo = new Map(ids.map((r) => [r.member_no, r.id]));
  for (const m of world.members) m.id = byNo.get(`RB${m.i + 1}`);

  const BATCH = 10_000;
  let orders = [];
  let lines = 0;
  const flush = async () => {
    if (orders.length === 0) return;
    const { rows } = await db.query(
      `INSERT INTO member_order (store_id, order_no, member_id, staff_id, amount, payable, request_hash, response, created_at,
         programme_version)
       SELECT s, 'RB-' || m || '-' || k, m, $4, a, a, 'bench', '{}'::jsonb, c, (SELECT max(version) FROM programme_version)
         FROM unnest($1::uuid[], $2::uuid[], $3::int[], $5::timestamptz[], $6::int[]) AS u(s, m, a, c, k)
       RETURNING id`,
      [
        orders.map((o) => o.store),
        orders.map((o) => o.memberId),
        orders.map((o) => o.amount),
        staffId,
        orders.map((o) => o.at),
        orders.map((o) => o.k),
      ],
    );
    /** @type {{ order: string[], line: number[], sku: string[], name: string[], category: string[], price: number[] }} */
    const cols = { order: [], line: [], sku: [], name: [], category: [], price: [] };
    rows.forEach((r, i) =>
      orders[i].lines.forEach((s, line) => {
        cols.order.push(r.id);
        cols.line.push(line);
        cols.sku.push(s.sku);
        cols.name.push(s.name);
        cols.category.push(s.category);
        cols.price.push(s.price);
      }),
    );
    lines += cols.sku.length;
    await db.query(
      `INSERT INTO order_item (id, order_id, line, sku, name, category, quantity, unit_price)
       SELECT gen_random_uuid(), o, l, s, n, c, 1, p FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::text[], $6::int[]) AS u(o, l, s, n, c, p)`,
      [cols.order, cols.line, cols.sku, cols.name, cols.category, cols.price],
    );
    orders = [];
  };
  let total = 0;
  for (const m of world.members) {
    // Every order but the last: the last one is what we try to predict.
    for (const [k, o] of m.orders.slice(0, -1).entries()) {
      orders.push({ ...o, memberId: m.id, k, amount: o.lines.reduce((s, l) => s + l.price, 0) });
      total++;
      if (orders.length >= BATCH) await flush();
    }
  }
  await flush();
  await db.query(`SET session_replication_role = origin`);
  await db.query('ANALYZE');
  return { orders: total, lines, seconds: (Date.now() - t0) / 1000 };
}

export async function run(opts) {
  const started = Date.now();
  ensureInstalled();
  ensureBuilt({ h5: false });
  const pg = createRequire(path.join(ROOT, 'server', 'package.json'))('pg');
  const shared = await import(pathToFileURL(path.join(ROOT, 'shared', 'dist', 'index.js')).href);
  const machine = machineInfo();
  const jwtSecret = createHmac('sha256', String(Date.now())).update('reco').digest('hex');

  log('starting the server (NODE_ENV=development, fresh embedded PostgreSQL)');
  const server = await startServer({ logLevel: opts['log-level'], env: { JWT_SECRET: jwtSecret } });
  const db = new pg.Client({ connectionString: server.databaseUrl(), application_name: 'huiyuan-bench' });
  await db.connect();
  try {
    const admin = await api(server.baseUrl, 'POST', '/api/v1/auth/staff/login', {
      body: { username: 'admin', password: 'admin1234' },
    });
    const policy = await api(server.baseUrl, 'GET', '/api/v1/privacy-policy');
    const storeIds = [];
    for (let i = 0; i < opts.stores; i++) {
      const { rows } = await db.query(`INSERT INTO store (name, address) VALUES ($1, $2) RETURNING id`, [
        `推荐测试店${i + 1}`,
        `测试路 ${i + 1} 号`,
      ]);
      storeIds.push(rows[0].id);
    }
    const now = Date.now();
    const t0 = Date.now();
    const world = generate({ ...opts, members: Math.round(opts.members) }, storeIds, now);
    const genSeconds = (Date.now() - t0) / 1000;
    log(
      `generated ${world.members.length} members, ${world.skus.length} SKUs, ${opts.bundles} bundles in ${fmt(genSeconds, 1)} s`,
    );
    const loaded = await load(db, world, { staffId: admin.staff.id, policyVersion: policy.version });
    log(
      `loaded ${loaded.orders} orders, ${loaded.lines} lines (the held-out last orders not loaded) in ${fmt(loaded.seconds, 1)} s`,
    );

    // ---- the product's recompute job ----
    const tJob = performance.now();
    const job = await api(server.baseUrl, 'POST', '/api/v1/admin/jobs/recommendations/run', { token: admin.token });
    const jobWallMs = performance.now() - tJob;
    log(`recompute: ${JSON.stringify(job.result)}`);

    // ---- the baseline's inputs: the product's popularity tables, read once ----
    const { rows: catRows } = await db.query('SELECT sku, name, category, repeat_rate FROM item_catalog');
    const catalog = new Map(
      catRows.map((r) => [r.sku, { sku: r.sku, name: r.name, category: r.category, repeatRate: Number(r.repeat_rate) }]),
    );
    const { rows: spRows } = await db.query('SELECT store_id, sku, score FROM store_item_popularity');
    const storePopular = new Map();
    for (const r of spRows) {
      if (!storePopular.has(r.store_id)) storePopular.set(r.store_id, []);
      storePopular.get(r.store_id).push({ sku: r.sku, score: Number(r.score) });
    }
    const { rows: gpRows } = await db.query(
      `SELECT sku, popularity AS score FROM item_catalog ORDER BY popularity DESC LIMIT ${shared.RECOMMENDATION_PARAMS.popularPerStore}`,
    );
    const globalPopular = gpRows.map((r) => ({ sku: r.sku, score: Number(r.score) }));
    const historyOf = (m) => {
      const since = now - shared.RECOMMENDATION_PARAMS.historyDays * DAY_MS;
      return m.orders
        .slice(0, -1)
        .filter((o) => o.at.getTime() >= since)
        .flatMap((o) =>
          o.lines.map((l) => ({ sku: l.sku, name: l.name, category: l.category, at: o.at.getTime(), storeId: o.store })),
        );
    };
    const baselines = (m) => {
      const history = historyOf(m);
      const store = shared.memberStore(m.home, history);
      const input = {
        now,
        history,
        neighbours: [],
        storePopular: store ? (storePopular.get(store.storeId) ?? []) : [],
        storeKind: store?.kind ?? null,
        globalPopular,
        catalog,
        limit: K,
      };
      return {
        plain: shared.recommend({ ...input, history: [] }).map((r) => r.sku),
        excluding: shared.recommend({ ...input, personal: false }).map((r) => r.sku),
      };
    };

    // ---- the product's answer for every member ----
    const ask = async (m) => {
      const t = performance.now();
      const res = await fetch(`${server.baseUrl}/api/v1/me/recommendations`, {
        headers: { authorization: `Bearer ${memberToken(jwtSecret, m.id)}` },
      });
      const body = /** @type {any} */ (await res.json());
      const ms = performance.now() - t;
      if (!res.ok) throw new Error(`GET /me/recommendations → ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
      return { ms, items: body.items };
    };
    const sample = Math.min(Math.round(opts['latency-sample']), world.members.length);
    log(
      `asking GET /me/recommendations for ${sample} members one at a time (latency), then the rest ${opts.concurrency} at a time`,
    );
    const answers = new Array(world.members.length);
    const latency = [];
    const tEval = performance.now();
    for (let i = 0; i < sample; i++) {
      answers[i] = await ask(world.members[i]);
      latency.push(answers[i].ms);
    }
    const rest = world.members.slice(sample);
    const restAnswers = await mapLimit(rest, Math.round(opts.concurrency), (m) => ask(m));
    restAnswers.forEach((a, i) => (answers[sample + i] = a));
    const evalSeconds = (performance.now() - tEval) / 1000;

    // ---- hit rate@10 on the held-out last order ----
    const groups = { all: {}, withHistory: {}, newcomers: {} };
    for (const g of Object.values(groups)) Object.assign(g, { n: 0, product: 0, plain: 0, excluding: 0 });
    const bases = { co_purchase: 0, repeat: 0, store_popular: 0, global_popular: 0 };
    for (const [i, m] of world.members.entries()) {
      const target = new Set(m.orders[m.orders.length - 1].lines.map((l) => l.sku));
      const hit = (list) => (list.slice(0, K).some((s) => target.has(s)) ? 1 : 0);
      const product = answers[i].items.map((r) => r.sku);
      for (const r of answers[i].items) bases[r.basis]++;
      const b = baselines(m);
      for (const g of [groups.all, m.orders.length > 1 ? groups.withHistory : groups.newcomers]) {
        g.n++;
        g.product += hit(product);
        g.plain += hit(b.plain);
        g.excluding += hit(b.excluding);
      }
    }
    const rate = (g, k) => (g.n ? g[k] / g.n : null);
    const all = groups.all;
    const baseline = Math.max(rate(all, 'plain') ?? 0, rate(all, 'excluding') ?? 0);
    const lift = (rate(all, 'product') ?? 0) / baseline - 1;
    const results = {
      machine,
      options: opts,
      data: { members: world.members.length, skus: world.skus.length, stores: storeIds.length, ...loaded },
      recompute: { ...job.result, wallMs: jobWallMs },
      latency: { n: latency.length, p50: pct(latency, 50), p95: pct(latency, 95), p99: pct(latency, 99) },
      evalSeconds,
      hitRate: Object.fromEntries(
        Object.entries(groups).map(([k, g]) => [
          k,
          { n: g.n, product: rate(g, 'product'), popularity: rate(g, 'plain'), popularityExcludingBought: rate(g, 'excluding') },
        ]),
      ),
      lift,
      target: TARGET_LIFT,
      met: lift >= TARGET_LIFT,
      bases,
    };

    const pc = (x) => (x === null ? '—' : `${fmt(100 * x, 1)} %`);
    const L = [];
    L.push('══ pnpm bench recommend ════════════════════════════════════════════════════════════════');
    L.push(`date ${new Date().toISOString()}   machine: ${machine.nproc} CPUs (${machine.cpuModel}), ${machine.memGiB} GiB`);
    L.push(
      `data: ${results.data.members} members, ${results.data.skus} SKUs in ${CATEGORIES.length} categories, ${results.data.stores} stores, ${opts.bundles} planted bundles; ` +
        `${loaded.orders} orders / ${loaded.lines} lines loaded (held out: each member's last order)`,
    );
    L.push(
      `recompute (job recommendations): ${fmt(job.ms / 1000, 2)} s — ${job.result.lines} lines, ${job.result.items} items, ${job.result.pairs} pairs, ${job.result.storeItems} store items`,
    );
    L.push(
      `GET /me/recommendations: p50 ${fmt(results.latency.p50, 2)} ms, p95 ${fmt(results.latency.p95, 2)} ms, p99 ${fmt(results.latency.p99, 2)} ms (one at a time, n=${latency.length}); all ${world.members.length} members in ${fmt(evalSeconds, 1)} s`,
    );
    L.push('');
    L.push(`hit rate@${K} on the held-out last order          product    popularity   popularity excl. bought`);
    for (const [k, label] of [
      ['all', 'all members'],
      ['withHistory', 'members with earlier orders'],
      ['newcomers', 'newcomers (no earlier order)'],
    ]) {
      const g = groups[k];
      L.push(
        `  ${`${label} (n=${g.n})`.padEnd(44)} ${pc(rate(g, 'product')).padStart(8)}   ${pc(rate(g, 'plain')).padStart(10)}   ${pc(rate(g, 'excluding')).padStart(10)}`,
      );
    }
    L.push('');
    L.push(
      `lift vs the better popularity baseline: ${lift >= 0 ? '+' : ''}${fmt(100 * lift, 1)} % (target ≥ +${fmt(100 * TARGET_LIFT)} %: ${results.met ? 'met' : 'NOT met'})`,
    );
    L.push(
      `items shown by basis: ${Object.entries(bases)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
    process.stdout.write(`\n${L.join('\n')}\n\ndone in ${fmt((Date.now() - started) / 1000)} s\n`);
    if (opts.json) writeFileSync(opts.json, JSON.stringify({ ...results, date: new Date().toISOString() }, null, 2));
    return results.met ? 0 : 1;
  } finally {
    await db.end().catch(() => {});
    await server.stop();
  }
}
