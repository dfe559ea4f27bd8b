// pgbench from Debian's PostgreSQL packages: found on PATH or under /usr/lib/postgresql/*/bin,
// installed with apt-get when we are root and it is missing, else we say what to install.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { clearTimeout, setTimeout } from 'node:timers';
import { onCleanup } from './cleanup.mjs';

let ticks = null;
function clockTicks() {
  if (ticks === null) ticks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
  return ticks;
}

function findPgbench() {
  const onPath = spawnSync('pgbench', ['--version'], { encoding: 'utf8' });
  if (onPath.status === 0) return { bin: 'pgbench', version: onPath.stdout.trim() };
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const majors = readdirSync(base)
      .filter((d) => /^\d+$/.test(d))
      .sort((a, b) => Number(b) - Number(a));
    for (const major of majors) {
      const bin = path.join(base, major, 'bin', 'pgbench');
      const r = existsSync(bin) && spawnSync(bin, ['--version'], { encoding: 'utf8' });
      if (r && r.status === 0) return { bin, version: r.stdout.trim() };
    }
  }
  return null;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * On Debian pgbench ships in the server package `postgresql-NN` (postgresql-15 on Debian 12),
 * which the metapackage `postgresql-contrib` pulls in at the distribution's default major.
 */
export function ensurePgbench(log) {
  const found = findPgbench();
  if (found) return found;
  const hint =
    'pgbench is missing. On Debian/Ubuntu it is in the server package postgresql-NN (Debian 12: postgresql-15), ' +
    "e.g. `sudo apt-get install --no-install-recommends postgresql-contrib` (or postgresql-15); elsewhere install your distribution's PostgreSQL server/contrib package.";
  if (!isRoot() || spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status !== 0) throw new Error(hint);
  log('installing pgbench (Debian package postgresql-contrib → postgresql-NN) with apt-get');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const install =
    update.status === 0 &&
    spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'postgresql-contrib'], { stdio: 'inherit', env });
  const again = install && install.status === 0 ? findPgbench() : null;
  if (!again) throw new Error(`installing postgresql-contrib failed. ${hint}`);
  return again;
}

/**
 * What one pgbench run measured; the benches add their own figures (`cpu`) to it.
 * @typedef {{ cpuSelf: number|null, tps: number, latencyAvg: number|null, latencyStddev: number|null, processed: number,
 *   failed: number, output: string, [figure: string]: any }} PgbenchResult
 */

/**
 * Runs pgbench and parses its summary.
 * @returns {Promise<PgbenchResult>}
 */
export function runPgbench(
  bin,
  { script, clients, threads, seconds, host, port, user, password, database, defines = {}, mode = 'prepared' },
) {
  const args = [
    '-n',
    '-f',
    script,
    '-c',
    String(clients),
    '-j',
    String(threads),
    '-T',
    String(seconds),
    '-M',
    mode,
    '-h',
    host,
    '-p',
    String(port),
    '-U',
    user,
  ];
  for (const [k, v] of Object.entries(defines)) args.push('-D', `${k}=${v}`);
  args.push(database);
  return new Promise((resolve, reject) => {
    // Through sh, so that the shell's reaped-children CPU (cutime + cstime) tells pgbench's own CPU.
    const wrapper = 'rc=0; "$@" || rc=$?; echo "PGBENCH_SELF_STAT $(cat /proc/$$/stat)"; exit $rc';
    const child = spawn('sh', ['-c', wrapper, 'sh', bin, ...args], {
      detached: true, // its own process group, so a stop reaches pgbench too
      env: { ...process.env, PGPASSWORD: password, PGAPPNAME: 'huiyuan-pgbench' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stop = () => {
      if (child.exitCode !== null) return;
      try {
        process.kill(-(child.pid ?? 0), 'SIGINT');
      } catch {
        /* already gone */
      }
    };
    const unregister = onCleanup(stop);
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(stop, (seconds + 60) * 1000);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      unregister();
      const num = (re) => {
        const m = out.match(re);
        return m ? Number(m[1]) : null;
      };
      const tps = num(/tps = ([\d.]+) \(without initial connection time\)/);
      const latencyAvg = num(/latency average = ([\d.]+) ms/);
      const processed = num(/number of transactions actually processed: (\d+)/) ?? 0;
      const failed = num(/number of failed transactions: (\d+)/) ?? 0;
      if (code !== 0 || tps === null) {
        return reject(new Error(`pgbench exited with ${code ?? `signal ${signal}`}:\n${out.split('\n').slice(-25).join('\n')}`));
      }
      let cpuSelf = null;
      const stat = out.match(/PGBENCH_SELF_STAT (.*)/);
      if (stat) {
        const f = stat[1].slice(stat[1].lastIndexOf(')') + 2).split(' ');
        cpuSelf = (Number(f[13]) + Number(f[14])) / clockTicks();
      }
      resolve({ cpuSelf, tps, latencyAvg, latencyStddev: num(/latency stddev = ([\d.]+) ms/), processed, failed, output: out });
    });
  });
}
