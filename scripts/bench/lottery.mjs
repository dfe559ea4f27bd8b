// `pnpm bench lottery`: draws (POST /api/v1/lotteries/:id/draws) through the real API on ONE hot
// lottery — N members drawing concurrently, a scarce prize that runs out mid-burst — then checks
// that nothing was oversold (stock + winners = initial for every prize), every draw was charged
// exactly once and the points ledger reconciles. See docs/lottery.md.
import { createRequire } from 'node:module';
import path from 'node:path';
import { ensureBuilt, ensureInstalled, log, ROOT } from '../lib/setup.mjs';
import { cpuMeter } from './lib/cpu.mjs';
import { api, mapLimit } from './lib/http.mjs';
import { runLoad } from './lib/load.mjs';
import { median } from './lib/options.mjs';
import { fmt, machineInfo, statusCounts } from './lib/report.mjs';
import { startServer } from './lib/server.mjs';

export const description = 'draws on one hot lottery (a scarce prize), draws/s and p50/p99, oversell and ledger checked';

export const options = {
  draws: { default: 4000, help: 'draws per measured run (a burst of exactly this many requests)' },
  connections: { default: 64, help: 'concurrent HTTP connections' },
  runs: { default: 3, help: 'measured runs (one fresh lottery each); medians are reported' },
  members: { default: 500, help: 'members created through the API (draws go round-robin over them)' },
  stock: { default: 20, help: 'stock of the scarce prize (weight 1 of 10: it runs out early in the burst)' },
  cost: { default: 10, help: 'costPoints per draw' },
  warmup: { default: 500, help: 'unmeasured draws on a throw-away lottery before the first run' },
  'log-level': { default: 'warn', help: 'server LOG_LEVEL' },
  json: { default: '', help: 'also write all results as JSON to this file' },
};

export async function run(opts) {
  const started = Date.now();
  ensureInstalled();
  ensureBuilt({ h5: false });
  const pg = createRequire(path.join(ROOT, 'server', 'package.json'))('pg');
  const { INVARIANTS } = await import(path.join(ROOT, 'server', 'dist', 'loyalty', 'reconciliation.service.js'));
  const machine = machineInfo();
  const connections = Math.round(opts.connections);
  const drawsPerRun = Math.round(opts.draws);
  const runs = Math.round(opts.runs);
  const cost = Math.round(opts.cost);
  const stock = Math.round(opts.stock);
  const nMembers = Math.round(opts.members);
  const perMember = Math.ceil((drawsPerRun * runs + Math.round(opts.warmup)) / nMembers) + 1;

  log(
    `starting the server (node server/dist/main.js, embedded PostgreSQL, NODE_ENV=development, LOG_LEVEL=${opts['log-level']})`,
  );
  const server = await startServer({ logLevel: opts['log-level'] });
  log(`server up at ${server.baseUrl}`);
  const db = new pg.Client({ connectionString: server.databaseUrl(), application_name: 'huiyuan-bench' });
  await db.connect();
  try {
    const policy = await api(server.baseUrl, 'GET', '/api/v1/privacy-policy');
    const admin = await api(server.baseUrl, 'POST', '/api/v1/auth/staff/login', {
      body: { username: 'admin', password: 'admin1234' },
    });
    const members = await mapLimit(
      Array.from({ length: nMembers }, (_, i) => i),
      16,
      async (i) => {
        const login = await api(server.baseUrl, 'POST', '/api/v1/auth/wechat/login', { body: { code: `dev:lottery-${i}` } });
        await api(server.baseUrl, 'POST', '/api/v1/me/consent', { body: { version: policy.version }, token: login.token });
        await api(server.baseUrl, 'POST', `/api/v1/admin/members/${login.member.id}/points-adjustments`, {
          token: admin.token,
          body: { delta: perMember * cost, reason: 'bench', idempotencyKey: `bench-lottery-${i}` },
        });
        return { id: login.member.id, token: login.token };
      },
    );
    log(`${members.length} members created, consented and given ${perMember * cost} points each`);

    let lotterySeq = 0;
    const createLottery = async () =>
      api(server.baseUrl, 'POST', '/api/v1/admin/lotteries', {
        token: admin.token,
        body: {
          title: `bench lottery ${++lotterySeq}`,
          startsAt: new Date(Date.now() - 60_000).toISOString(),
          endsAt: new Date(Date.now() + 86_400_000).toISOString(),
          costPoints: cost,
          perMemberDaily: 10_000,
          perMemberTotal: 10_000,
          prizes: [
            { title: '大奖 888 积分', kind: 'points', points: 888, stock, weight: 1 },
            { title: '5 积分', kind: 'points', points: 5, stock: 1_000_000, weight: 4 },
            { title: '谢谢参与', kind: 'none', stock: 0, weight: 5 },
          ],
        },
      });

    let seq = 0;
    const drawLoad = async (lotteryId, amount) => {
      const meter = cpuMeter({ serverPid: server.pid, dataDir: server.dataDir });
      const r = await runLoad({
        url: server.baseUrl,
        connections,
        amount,
        requests: [
          {
            method: 'POST',
            path: `/api/v1/lotteries/${lotteryId}/draws`,
            setupRequest: (req) => {
              const n = seq++;
              const m = members[n % members.length];
              return {
                ...req,
                headers: { authorization: `Bearer ${m.token}`, 'content-type': 'application/json' },
                body: JSON.stringify({ requestId: `bench-${n}` }),
              };
            },
          },
        ],
      });
      r.cpu = meter();
      r.statusCodes = statusCounts(r.statusCodes);
      const exited = server.exited();
      if (exited) throw new Error(`the server died during the load:\n${server.logTail(20)}`);
      r.drawn = r.statusCodes['201'] ?? 0;
      r.failures = r.total - r.drawn + r.errors + r.timeouts;
      const start = new Date(r.raw.start).getTime();
      const finish = new Date(r.raw.finish).getTime();
      if (finish > start) r.duration = (finish - start) / 1000;
      r.drawsPerSec = r.drawn / r.duration;
      if (r.total === 0 || r.failures > 0)
        throw new Error(
          `draw load had failures: ${JSON.stringify(r.statusCodes)}, ${r.errors} errors, ${r.timeouts} timeouts\n${server.logTail(20)}`,
        );
      return r;
    };

    log(`warm-up: ${opts.warmup} draws on a throw-away lottery (not measured)`);
    const warm = await createLottery();
    await drawLoad(warm.id, Math.round(opts.warmup));

    const results = [];
    const lotteries = [];
    for (let i = 1; i <= runs; i++) {
      const l = await createLottery();
      lotteries.push(l);
      log(`run ${i}/${runs}: ${drawsPerRun} draws on one lottery (scarce prize stock ${stock}), ${connections} connections`);
      const r = await drawLoad(l.id, drawsPerRun);
      results.push(r);
      log(`  ${fmt(r.drawsPerSec)} draws/s (${r.drawn} × 201 in ${fmt(r.duration, 1)} s), p50 ${r.p50} ms, p99 ${r.p99} ms`);
    }

    // ---- invariants, in the bench database ---------------------------------------------------------
    const { rows: prizes } = await db.query(
      `SELECT p.id, p.lottery_id, p.title, p.stock, p.remaining,
              (SELECT count(*)::int FROM lottery_draw d WHERE d.prize_id = p.id) AS winners
         FROM lottery_prize p JOIN lottery l ON l.id = p.lottery_id WHERE l.title LIKE 'bench lottery %' AND p.remaining IS NOT NULL`,
    );
    const oversold = prizes.filter((p) => p.remaining < 0 || p.remaining + p.winners !== p.stock);
    const scarce = prizes.filter((p) => p.stock === stock && lotteries.some((l) => l.id === p.lottery_id));
    const { rows: charges } = await db.query(
      `SELECT l.id, (SELECT count(*)::int FROM lottery_draw d WHERE d.lottery_id = l.id) AS draws,
              (SELECT coalesce(sum(cost_points), 0)::int FROM lottery_draw d WHERE d.lottery_id = l.id) AS charged
         FROM lottery l WHERE l.title LIKE 'bench lottery %'`,
    );
    const { rows: ledger } = await db.query(
      "SELECT coalesce(-sum(delta), 0)::int AS charged, count(*)::int AS entries FROM points_entry WHERE kind = 'lottery'",
    );
    const totalDraws = charges.reduce((s, c) => s + c.draws, 0);
    const reconciliation = [];
    for (const inv of INVARIANTS) {
      const { rows } = await db.query(`SELECT * FROM (${inv.sql}) AS v(subject, detail) LIMIT 5`);
      if (rows.length > 0) reconciliation.push({ check: inv.check, rows });
    }
    const perRun = results.map((r, i) => {
      const c = charges.find((x) => x.id === lotteries[i].id);
      return { run: i + 1, drawn: r.drawn, recorded: c.draws, ok: c.draws === r.drawn && c.charged === r.drawn * cost };
    });
    const invariants = {
      oversold,
      scarce: scarce.map((p) => ({ stock: p.stock, remaining: p.remaining, winners: p.winners })),
      chargedOnce: ledger[0].charged === totalDraws * cost && ledger[0].entries === totalDraws,
      reconciliation,
      perRun,
    };
    invariants.ok = oversold.length === 0 && invariants.chargedOnce && reconciliation.length === 0 && perRun.every((r) => r.ok);

    log('stopping the server (SIGTERM)');
    await db.end().catch(() => {});
    await server.stop();

    const med = (f) => median(results.map(f));
    const cpu = (key) => med((x) => (100 * x.cpu[key]) / x.cpu.wall);
    const L = [];
    L.push('══ pnpm bench lottery ══════════════════════════════════════════════════════════════════');
    L.push(
      `date ${new Date().toISOString()}   machine: ${machine.nproc} CPUs (${machine.cpuModel}), ${machine.memGiB} GiB   node ${machine.node}`,
    );
    L.push(
      `load: ${runs} run(s) of ${drawsPerRun} draws on one fresh lottery each, ${connections} connections, ${nMembers} members round-robin; cost ${cost} points; prizes: scarce 888 points (stock ${stock}, weight 1), 5 points (weight 4), 谢谢参与 (weight 5)`,
    );
    L.push('');
    L.push(
      `  draws/s (median) ${fmt(med((x) => x.drawsPerSec))}   all runs ${results.map((x) => fmt(x.drawsPerSec)).join(' / ')}   p50 ${fmt(med((x) => x.p50))} ms   p99 ${fmt(med((x) => x.p99))} ms`,
    );
    L.push(
      `  CPU (median, % of one core): API server ${fmt(cpu('server'))}%, PostgreSQL ${fmt(cpu('postgres'))}%; machine ${machine.nproc} cores`,
    );
    L.push(
      `  scarce prize per run (stock / remaining / winners): ${invariants.scarce.map((p) => `${p.stock}/${p.remaining}/${p.winners}`).join('   ')}`,
    );
    L.push(
      `  oversold = ${oversold.length} (every limited prize: remaining ≥ 0 and remaining + winners = stock, over ${prizes.length} prizes)`,
    );
    L.push(
      `  charged once: ${ledger[0].entries} ledger entries, ${ledger[0].charged} points = ${totalDraws} draws × ${cost}: ${invariants.chargedOnce ? 'OK' : 'MISMATCH'}`,
    );
    L.push(
      `  ledger reconciliation (${INVARIANTS.length} invariants): ${reconciliation.length === 0 ? 'OK' : `VIOLATED ${JSON.stringify(reconciliation)}`}`,
    );
    for (const r of perRun)
      L.push(`  run ${r.run}: ${r.drawn} × 201 = ${r.recorded} draws recorded: ${r.ok ? 'OK' : 'MISMATCH'}`);
    process.stdout.write(`\n${L.join('\n')}\n\ndone in ${fmt((Date.now() - started) / 1000)} s\n`);
    if (opts.json) {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(
        opts.json,
        JSON.stringify(
          {
            machine,
            options: opts,
            runs: results.map(({ drawsPerSec, drawn, p50, p99, duration, cpu: c }) => ({
              drawsPerSec,
              drawn,
              p50,
              p99,
              duration,
              cpu: c,
            })),
            invariants,
            date: new Date().toISOString(),
          },
          null,
          2,
        ),
      );
    }
    return invariants.ok ? 0 : 1;
  } finally {
    await db.end().catch(() => {});
    await server.stop();
  }
}
