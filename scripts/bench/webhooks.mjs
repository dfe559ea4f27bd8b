// `pnpm bench webhooks`: till orders (POST /api/v1/cashier/orders) through the real API with
// webhooks off (no active endpoint) and on (one endpoint subscribed to every event, a local
// receiver in this process verifying each signature), alternating; reports the till's orders/s in
// both modes (target: on ≥ 0.9 × off), the events/s delivered while the till runs, and how long the
// relay needs after the load to deliver the rest. Checks that every delivery arrived exactly once,
// signed. See docs/webhooks.md.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ensureBuilt, ensureInstalled, log, ROOT } from '../lib/setup.mjs';
import { cpuMeter } from './lib/cpu.mjs';
import { api, mapLimit } from './lib/http.mjs';
import { runLoad } from './lib/load.mjs';
import { median } from './lib/options.mjs';
import { fmt, machineInfo, statusCounts } from './lib/report.mjs';
import { startServer } from './lib/server.mjs';

export const description = 'till orders/s with webhooks off vs on, events/s delivered to a local receiver while the till runs';

export const options = {
  duration: { default: 15, help: 'seconds per measured run' },
  connections: { default: 32, help: 'concurrent HTTP connections' },
  runs: { default: 3, help: 'measured runs of each mode (alternating off / on); medians are reported' },
  warmup: { default: 3, help: 'seconds of unmeasured order load before the first run' },
  members: { default: 100, help: 'members created through the API (orders go round-robin over them)' },
  deliver: {
    default: true,
    help: 'run the relay during the load (--deliver false: events are written but not sent, isolating the cost inside the till transaction)',
  },
  relay: {
    default: 'in-process',
    help: 'in-process: the relay runs in the API process (HUIYUAN_JOBS=1) | separate: the API with HUIYUAN_JOBS=0 and a second instance on the same database running the relay (HUIYUAN_JOBS=1) at OS priority nice 19 — it yields the CPU to the till and catches up after',
  },
  'drain-timeout': { default: 300, help: 'seconds to wait after an "on" run for every delivery to arrive' },
  'log-level': { default: 'warn', help: 'server LOG_LEVEL' },
  json: { default: '', help: 'also write all results as JSON to this file' },
};

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function verify(header, raw, secret) {
  const items = String(header ?? '')
    .split(',')
    .map((kv) => kv.split('='));
  const t = Number(items.find(([k]) => k === 't')?.[1]);
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${raw}`).digest();
  return items.some(([k, v]) => k === 'v1' && v?.length === 64 && timingSafeEqual(Buffer.from(v, 'hex'), expected));
}

/** The receiver: counts events (and duplicates by event id), checks signatures, answers 204. */
async function startReceiver() {
  /** @type {{ secret: string, received: number, badSignatures: number, duplicates: number, ids: Set<unknown>, times: number[] }} */
  const state = { secret: '', received: 0, badSignatures: 0, duplicates: 0, ids: new Set(), times: [] };
  const server = http.createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    /** @type {Buffer[]} */
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      if (!verify(req.headers['huiyuan-signature'], raw, state.secret)) state.badSignatures++;
      const id = req.headers['huiyuan-event-id'];
      if (state.ids.has(id)) state.duplicates++;
      else state.ids.add(id);
      state.received++;
      state.times.push(Date.now());
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return { state, url: `http://127.0.0.1:${port}/hook`, close: () => new Promise((r) => server.close(() => r(undefined))) };
}

export async function run(opts) {
  const started = Date.now();
  ensureInstalled();
  ensureBuilt({ h5: false });
  const pg = createRequire(path.join(ROOT, 'server', 'package.json'))('pg');
  const { WEBHOOK_EVENT_TYPES } = await import(path.join(ROOT, 'shared', 'dist', 'index.js'));
  const machine = machineInfo();
  const connections = Math.round(opts.connections);
  const runs = Math.round(opts.runs);

  const receiver = await startReceiver();
  log(`receiver on ${receiver.url}`);
  log(
    `starting the server (node server/dist/main.js, embedded PostgreSQL, NODE_ENV=development, jobs on: the outbox relay runs)`,
  );
  const separate = opts.relay === 'separate';
  if (!['in-process', 'separate'].includes(opts.relay)) throw new Error(`--relay ${opts.relay}: in-process or separate`);
  // Both instances must share the keys: the worker decrypts the secrets the API encrypted.
  const keys = { JWT_SECRET: randomBytes(32).toString('hex'), HUIYUAN_DATA_KEY: randomBytes(32).toString('hex') };
  const server = await startServer({
    logLevel: opts['log-level'],
    env: { ...keys, HUIYUAN_JOBS: opts.deliver && !separate ? '1' : '0' },
  });
  log(`server up at ${server.baseUrl}`);
  /** The relay's own instance (--relay separate): jobs on, the API's database, nice 19. */
  const worker =
    separate && opts.deliver
      ? await startServer({
          logLevel: opts['log-level'],
          env: { ...keys, HUIYUAN_JOBS: '1', DATABASE_URL: server.databaseUrl() },
        })
      : null;
  if (worker) {
    os.setPriority(/** @type {number} */ (worker.pid), 19);
    log(`relay worker up at ${worker.baseUrl} (pid ${worker.pid}, nice 19), the API at HUIYUAN_JOBS=0`);
  }
  const meters = () => {
    const api = cpuMeter({ serverPid: server.pid, dataDir: server.dataDir });
    const relay = worker ? cpuMeter({ serverPid: worker.pid, dataDir: worker.dataDir }) : null;
    return () => ({ ...api(), worker: relay ? relay().server : 0 });
  };
  const db = new pg.Client({ connectionString: server.databaseUrl(), application_name: 'huiyuan-bench' });
  await db.connect();
  try {
    const policy = await api(server.baseUrl, 'GET', '/api/v1/privacy-policy');
    const memberIds = await mapLimit(
      Array.from({ length: Math.round(opts.members) }, (_, i) => i),
      8,
      async (i) => {
        const login = await api(server.baseUrl, 'POST', '/api/v1/auth/wechat/login', { body: { code: `dev:webhooks-${i}` } });
        await api(server.baseUrl, 'POST', '/api/v1/me/consent', { body: { version: policy.version }, token: login.token });
        return login.member.id;
      },
    );
    const cashier = await api(server.baseUrl, 'POST', '/api/v1/auth/staff/login', {
      body: { username: 'cashier1', password: 'cashier1234' },
    });
    const admin = await api(server.baseUrl, 'POST', '/api/v1/auth/staff/login', {
      body: { username: 'admin', password: 'admin1234' },
    });
    const endpoint = await api(server.baseUrl, 'POST', '/api/v1/admin/webhooks', {
      token: admin.token,
      body: { url: receiver.url, events: WEBHOOK_EVENT_TYPES, description: 'bench receiver' },
    });
    receiver.state.secret = endpoint.secret;
    const setStatus = (status) =>
      api(server.baseUrl, 'PATCH', `/api/v1/admin/webhooks/${endpoint.id}`, { token: admin.token, body: { status } });
    log(`${memberIds.length} members; endpoint ${endpoint.id} subscribed to ${WEBHOOK_EVENT_TYPES.length} event types`);

    const auth = { authorization: `Bearer ${cashier.token}`, 'content-type': 'application/json' };
    const runTag = `W${Date.now().toString(36)}`;
    let seq = 0;
    const orderRequest = {
      method: 'POST',
      path: '/api/v1/cashier/orders',
      headers: auth,
      setupRequest: (req) => {
        const n = seq++;
        return {
          ...req,
          body: JSON.stringify({
            memberId: memberIds[n % memberIds.length],
            orderNo: `${runTag}-${n}`,
            amount: 3800 + ((n * 7919) % 9001),
          }),
        };
      },
    };
    const deliveries = async () =>
      Number((await db.query('SELECT count(*)::int AS n FROM webhook_delivery WHERE endpoint_id = $1', [endpoint.id])).rows[0].n);
    const loadOrders = async (seconds) => {
      const meter = meters();
      const r = await runLoad({ url: server.baseUrl, connections, duration: seconds, requests: [orderRequest] });
      r.cpu = meter();
      r.statusCodes = statusCounts(r.statusCodes);
      if (server.exited()) throw new Error(`the server died during the load:\n${server.logTail(20)}`);
      if (r.total === 0 || r.non2xx > 0 || r.errors > 0 || r.timeouts > 0)
        throw new Error(`order load had failures: ${JSON.stringify(r.statusCodes)}, ${r.errors} errors\n${server.logTail(20)}`);
      r.ordersPerSec = r.ok / r.duration;
      return r;
    };

    await setStatus('disabled');
    log(`warm-up: ${opts.warmup} s of orders (not measured)`);
    await loadOrders(opts.warmup);

    const off = [];
    const on = [];
    for (let i = 1; i <= runs; i++) {
      await setStatus('disabled');
      const r0 = await loadOrders(opts.duration);
      off.push(r0);
      log(`run ${i}/${runs} off: ${fmt(r0.ordersPerSec)} orders/s, p50 ${r0.p50} ms, p99 ${r0.p99} ms`);

      await setStatus('active');
      const before = await deliveries();
      const receivedBefore = receiver.state.received;
      const t0 = Date.now();
      const r1 = await loadOrders(opts.duration);
      const t1 = Date.now();
      const duringLoad = receiver.state.times.filter((x) => x >= t0 && x <= t1).length;
      const expected = (await deliveries()) - before;
      const receivedAtEnd = receiver.state.received - receivedBefore;
      const drainMeter = meters();
      const deadline = Date.now() + opts['drain-timeout'] * 1000;
      while (opts.deliver && receiver.state.received - receivedBefore < expected && Date.now() < deadline) await sleep(100);
      const drained = Date.now();
      const drainCpu = drainMeter();
      const drainedEvents = receiver.state.received - receivedBefore - receivedAtEnd;
      // The relay's cost per event, measured while it drains the backlog with no till load: CPU ms
      // of the API process and of PostgreSQL per event delivered (the poll's 100 ms granularity
      // adds a little idle time, not CPU).
      r1.drainCpuMsPerEvent =
        drainedEvents > 0
          ? {
              server: (1000 * (drainCpu.server + drainCpu.worker)) / drainedEvents,
              postgres: (1000 * drainCpu.postgres) / drainedEvents,
            }
          : null;
      r1.backlogAtEnd = expected - receivedAtEnd;
      r1.events = expected;
      r1.eventsDuringLoad = duringLoad;
      r1.eventsPerSecDuringLoad = duringLoad / ((t1 - t0) / 1000);
      r1.eventsPerSecOverall = (receiver.state.received - receivedBefore) / ((drained - t0) / 1000);
      r1.lagAfterLoadS = (drained - t1) / 1000;
      r1.allArrived = !opts.deliver || receiver.state.received - receivedBefore >= expected;
      on.push(r1);
      log(
        `run ${i}/${runs} on:  ${fmt(r1.ordersPerSec)} orders/s, p50 ${r1.p50} ms, p99 ${r1.p99} ms; ${expected} events, ${fmt(r1.eventsPerSecDuringLoad)} events/s delivered during the load, ${r1.backlogAtEnd} left at its end, delivered ${fmt(r1.lagAfterLoadS, 1)} s after`,
      );
    }
    const { rows: statuses } = await db.query(
      'SELECT status, count(*)::int AS n FROM webhook_delivery WHERE endpoint_id = $1 GROUP BY status ORDER BY status',
      [endpoint.id],
    );

    await db.end().catch(() => {});
    await worker?.stop();
    await server.stop();
    await receiver.close();

    const med = (xs, f) => median(xs.map(f));
    const offRate = med(off, (x) => x.ordersPerSec);
    const onRate = med(on, (x) => x.ordersPerSec);
    const ratio = onRate / offRate;
    const s = receiver.state;
    const ok = s.badSignatures === 0 && s.duplicates === 0 && on.every((r) => r.allArrived);
    const L = [];
    L.push('══ pnpm bench webhooks ═════════════════════════════════════════════════════════════════');
    L.push(
      `date ${new Date().toISOString()}   machine: ${machine.nproc} CPUs (${machine.cpuModel}), ${machine.memGiB} GiB   node ${machine.node}`,
    );
    L.push(
      `load: ${runs} × (${opts.duration} s off, ${opts.duration} s on), ${connections} connections, ${memberIds.length} members; receiver in the bench process; relay ${
        !opts.deliver
          ? 'off (--deliver false)'
          : separate
            ? 'in its own instance at nice 19 (--relay separate)'
            : 'in the API process'
      }`,
    );
    L.push('');
    L.push(
      `  till orders/s off (median) ${fmt(offRate)}   runs ${off.map((x) => fmt(x.ordersPerSec)).join(' / ')}   p50 ${fmt(med(off, (x) => x.p50))} ms  p99 ${fmt(med(off, (x) => x.p99))} ms`,
    );
    L.push(
      `  till orders/s on  (median) ${fmt(onRate)}   runs ${on.map((x) => fmt(x.ordersPerSec)).join(' / ')}   p50 ${fmt(med(on, (x) => x.p50))} ms  p99 ${fmt(med(on, (x) => x.p99))} ms`,
    );
    L.push(`  on / off = ${fmt(ratio, 3)} (target ≥ 0.9): ${ratio >= 0.9 ? 'OK' : 'BELOW TARGET'}`);
    // Each on run against the off run just before it (less exposed to load that comes and goes on a shared machine).
    L.push(
      `  per pair on / off ${on.map((x, i) => fmt(x.ordersPerSec / off[i].ordersPerSec, 2)).join(' / ')}, median ${fmt(median(on.map((x, i) => x.ordersPerSec / off[i].ordersPerSec)), 3)}`,
    );
    L.push(
      `  events per order (median) ${fmt(
        med(on, (x) => x.events / x.ok),
        2,
      )}`,
    );
    L.push(
      `  events/s delivered while the till runs (median) ${fmt(med(on, (x) => x.eventsPerSecDuringLoad))}   overall until drained ${fmt(med(on, (x) => x.eventsPerSecOverall))}   lag after the load ${fmt(
        med(on, (x) => x.lagAfterLoadS),
        1,
      )} s`,
    );
    const drainCosts = on.map((x) => x.drainCpuMsPerEvent).filter((x) => x !== null && x !== undefined);
    L.push(
      `  backlog at the end of the load (median) ${fmt(med(on, (x) => x.backlogAtEnd))} events; relay CPU per event while draining (median) ${
        drainCosts.length
          ? `server ${fmt(median(drainCosts.map((c) => c.server)), 2)} ms, PostgreSQL ${fmt(
              median(drainCosts.map((c) => c.postgres)),
              2,
            )} ms`
          : 'n/a'
      }`,
    );
    // Other processes on the machine (other benches, builds): busy CPU not ours (server, PostgreSQL, this process).
    const others = (x) =>
      Math.max(
        0,
        (100 * (x.cpu.machineBusy * machine.nproc * x.cpu.wall - x.cpu.server - x.cpu.worker - x.cpu.postgres - x.cpu.bench)) /
          x.cpu.wall,
      );
    L.push(
      `  CPU of other processes on the machine during the runs (median, % of one core) off ${fmt(med(off, others))}%, on ${fmt(med(on, others))}%`,
    );
    L.push(
      `  CPU (median, % of one core) off: server ${fmt(med(off, (x) => (100 * x.cpu.server) / x.cpu.wall))}%, PostgreSQL ${fmt(med(off, (x) => (100 * x.cpu.postgres) / x.cpu.wall))}%   on: server ${fmt(med(on, (x) => (100 * x.cpu.server) / x.cpu.wall))}%, PostgreSQL ${fmt(med(on, (x) => (100 * x.cpu.postgres) / x.cpu.wall))}%${
        worker ? `, relay worker ${fmt(med(on, (x) => (100 * x.cpu.worker) / x.cpu.wall))}%` : ''
      }`,
    );
    L.push(
      `  receiver: ${s.received} requests, ${s.ids.size} distinct event ids, ${s.duplicates} duplicates, ${s.badSignatures} bad signatures; deliveries ${statuses.map((r) => `${r.status} ${r.n}`).join(', ')}: ${ok ? 'OK' : 'PROBLEM'}`,
    );
    process.stdout.write(`\n${L.join('\n')}\n\ndone in ${fmt((Date.now() - started) / 1000)} s\n`);
    if (opts.json) {
      const { writeFileSync } = await import('node:fs');
      const slim = (r) => ({
        ordersPerSec: r.ordersPerSec,
        p50: r.p50,
        p99: r.p99,
        cpu: r.cpu,
        events: r.events,
        eventsPerSecDuringLoad: r.eventsPerSecDuringLoad,
        lagAfterLoadS: r.lagAfterLoadS,
        backlogAtEnd: r.backlogAtEnd,
        drainCpuMsPerEvent: r.drainCpuMsPerEvent,
      });
      writeFileSync(
        opts.json,
        JSON.stringify(
          {
            machine,
            options: opts,
            off: off.map(slim),
            on: on.map(slim),
            ratio,
            relay: opts.relay,
            receiver: { received: s.received, duplicates: s.duplicates, badSignatures: s.badSignatures },
            date: new Date().toISOString(),
          },
          null,
          2,
        ),
      );
    }
    return ok ? 0 : 1;
  } finally {
    await db.end().catch(() => {});
    await worker?.stop();
    await server.stop();
    await receiver.close().catch(() => {});
  }
}
