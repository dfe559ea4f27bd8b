// Small formatting helpers shared by the bench scenarios.
import os from 'node:os';

/** A number with `d` decimals, or an em dash when there is none. */
export const fmt = (n, d = 0) => (n === null || n === undefined || Number.isNaN(n) ? '—' : n.toFixed(d));

/** autocannon's status-code stats → { code: count }. */
/**
 * @param {Record<string, number | { count: number }> | undefined} stats
 * @returns {Record<string, number>}
 */
export function statusCounts(stats) {
  /** @type {Record<string, number>} */
  const out = {};
  for (const [code, v] of Object.entries(stats ?? {})) out[code] = typeof v === 'number' ? v : v.count;
  return out;
}

export function machineInfo() {
  const cpus = os.cpus();
  return {
    nproc: os.availableParallelism ? os.availableParallelism() : cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
  };
}
