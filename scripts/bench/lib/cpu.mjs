// CPU accounting from /proc (Linux): how much CPU the server, PostgreSQL and the whole machine
// used during a measurement, so a result can say who was saturated.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

let clkTck = 100;
try {
  clkTck = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
} catch {
  /* keep 100 */
}

function statFields(pid) {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (comm) may contain spaces: split after the last ')'.
    return raw.slice(raw.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** CPU seconds of a process, optionally plus its reaped children. */
function procCpu(pid, withChildren) {
  const f = statFields(pid);
  if (!f) return 0;
  // After comm: f[0]=state(3) … utime(14)=f[11], stime(15)=f[12], cutime(16)=f[13], cstime(17)=f[14]
  let ticks = Number(f[11]) + Number(f[12]);
  if (withChildren) ticks += Number(f[13]) + Number(f[14]);
  return ticks / clkTck;
}

function childrenOf(ppid) {
  const out = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const f = statFields(d);
    if (f && Number(f[1]) === ppid) out.push(Number(d));
  }
  return out;
}

function postmasterPid(dataDir) {
  const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
  return existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : null;
}

/**
 * The Node API: the server process and, under HUIYUAN_WORKERS > 1, its live worker processes
 * (its children other than the embedded postmaster).
 */
export function serverPids(serverPid, dataDir) {
  const pm = postmasterPid(dataDir);
  return [serverPid, ...childrenOf(serverPid).filter((c) => c !== pm)];
}

function serverCpu(serverPid, dataDir) {
  return serverPids(serverPid, dataDir).reduce((s, p) => s + procCpu(p, false), 0);
}

/** PostgreSQL: the postmaster, its reaped backends, and the live ones. */
function postgresCpu(dataDir) {
  const pm = postmasterPid(dataDir);
  if (pm === null) return 0;
  // Live backends first, then the postmaster with its reaped children: a backend reaped in
  // between is counted twice (tiny) rather than not at all.
  const live = childrenOf(pm).reduce((s, c) => s + procCpu(c, false), 0);
  return live + procCpu(pm, true);
}

function machine() {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = line[3] + (line[4] ?? 0);
  const total = line.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: (total - idle) / clkTck, total: total / clkTck };
}

/** Snapshot now; call the returned function at the end to get the usage in between. */
export function cpuMeter({ serverPid, dataDir }) {
  const t0 = process.hrtime.bigint();
  const s0 = serverCpu(serverPid, dataDir);
  const p0 = postgresCpu(dataDir);
  const m0 = machine();
  const b0 = process.cpuUsage();
  return () => {
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    const b = process.cpuUsage(b0);
    const m1 = machine();
    return {
      wall,
      server: serverCpu(serverPid, dataDir) - s0, // the Node API process (and its workers)
      postgres: postgresCpu(dataDir) - p0,
      bench: (b.user + b.system) / 1e6, // this process: autocannon
      machineBusy: (m1.busy - m0.busy) / Math.max(1e-9, m1.total - m0.total), // 0…1 of all cores
    };
  };
}
