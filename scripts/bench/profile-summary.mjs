// Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time per function and per package,
// optionally only for samples inside given time windows (CLOCK_MONOTONIC µs, the clock both V8's
// profiler and process.hrtime use, so the bench can pass the windows of its load phases).
//   node scripts/bench/profile-summary.mjs <file.cpuprofile> [--top 30]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function packageOf(url) {
  if (!url) return null;
  const u = url.replace(/^file:\/\//, '');
  const nm = u.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = u.slice(nm + 14).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (u.includes('/server/dist/')) return '(huiyuan server)';
  if (u.includes('/shared/dist/')) return '(huiyuan shared)';
  if (u.startsWith('node:')) return '(node core)';
  return u;
}

/**
 * @param {string} file
 * @param {{ windows?: [number, number][] | null, top?: number }} [options] windows in µs
 */
export function summarise(file, { windows = null, top = 30 } = {}) {
  const prof = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const inWindow = (t) => !windows || windows.some(([a, b]) => t >= a && t <= b);
  const selfUs = new Map();
  let t = prof.startTime;
  let counted = 0;
  let all = 0;
  for (let i = 0; i < prof.samples.length; i++) {
    const dt = prof.timeDeltas[i] ?? 0;
    t += dt;
    all += dt;
    if (!inWindow(t)) continue;
    counted += dt;
    selfUs.set(prof.samples[i], (selfUs.get(prof.samples[i]) ?? 0) + dt);
  }
  // A window that missed (clock mismatch): fall back to the whole profile.
  if (windows && counted < all * 0.05) return summarise(file, { top });

  const fn = new Map();
  const pkg = new Map();
  let busy = 0;
  for (const [id, us] of selfUs) {
    const n = byId.get(id);
    const cf = n.callFrame;
    const name = cf.functionName || '(anonymous)';
    const special = name.startsWith('(') && !cf.url; // (idle), (program), (garbage collector), (root)
    const where = cf.url ? `${path.basename(cf.url.replace(/^file:\/\//, ''))}:${cf.lineNumber + 1}` : '';
    const key = special ? name : `${name} ${where}`.trim();
    const p = special ? name : (packageOf(cf.url) ?? '(native)');
    const e = fn.get(key) ?? { us: 0, pkg: p };
    e.us += us;
    fn.set(key, e);
    pkg.set(p, (pkg.get(p) ?? 0) + us);
    if (name !== '(idle)') busy += us;
  }
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const sortDesc = (m) => [...m.entries()].sort((a, b) => (b[1].us ?? b[1]) - (a[1].us ?? a[1]));
  return {
    totalMs: total / 1000,
    busyMs: busy / 1000,
    functions: sortDesc(fn)
      .slice(0, top)
      .map(([k, v]) => ({ name: k, pkg: v.pkg, ms: v.us / 1000, pct: (100 * v.us) / total })),
    packages: sortDesc(pkg).map(([k, us]) => ({ pkg: k, ms: us / 1000, pct: (100 * us) / total })),
    windowed: Boolean(windows) && counted >= all * 0.05,
  };
}

export function formatSummary(s, { topPackages = 20 } = {}) {
  const lines = [];
  lines.push(
    `profile: ${(s.totalMs / 1000).toFixed(1)} s sampled${s.windowed ? ' (order-load windows only)' : ''}, ${((100 * s.busyMs) / Math.max(1, s.totalMs)).toFixed(0)}% busy (not idle)`,
  );
  lines.push('', 'self time by package / category:');
  for (const p of s.packages.slice(0, topPackages))
    lines.push(`  ${p.pct.toFixed(1).padStart(5)}%  ${p.ms.toFixed(0).padStart(7)} ms  ${p.pkg}`);
  lines.push('', 'top functions by self time:');
  for (const f of s.functions)
    lines.push(`  ${f.pct.toFixed(1).padStart(5)}%  ${f.ms.toFixed(0).padStart(7)} ms  ${f.name}  [${f.pkg}]`);
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: node scripts/bench/profile-summary.mjs <file.cpuprofile> [--top N]\n');
    process.exit(2);
  }
  const ti = process.argv.indexOf('--top');
  const top = ti > 0 ? Number(process.argv[ti + 1]) : 30;
  process.stdout.write(formatSummary(summarise(file, { top })) + '\n');
}
