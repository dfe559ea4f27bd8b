// autocannon, promisified, with the numbers we report.
import autocannon from 'autocannon';

/**
 * What one load run measured; the benches add their own figures (`cpu`, `claimed`...) to it.
 * @typedef {{ rps: number, p50: number, p99: number, mean: number, total: number, ok: number,
 *   non2xx: number, errors: number, timeouts: number, statusCodes: Record<string, number>, duration: number,
 *   raw: Record<string, any>, [figure: string]: any }} LoadResult
 */

/**
 * @param {object} opts autocannon options (url, method, headers, body, requests, connections, duration)
 * @returns {Promise<LoadResult>}
 */
export function runLoad(opts) {
  return new Promise((resolve, reject) => {
    autocannon({ pipelining: 1, timeout: 30, ...opts }, (err, r) => {
      if (err) return reject(err);
      const total = r['1xx'] + r['2xx'] + r['3xx'] + r['4xx'] + r['5xx'];
      resolve({
        rps: total / r.duration,
        p50: r.latency.p50,
        p99: r.latency.p99,
        mean: r.latency.mean,
        total,
        ok: r['2xx'],
        non2xx: r.non2xx,
        errors: r.errors,
        timeouts: r.timeouts,
        statusCodes: r.statusCodeStats ?? {},
        duration: r.duration,
        raw: {
          errors: r.errors,
          timeouts: r.timeouts,
          requests: r.requests,
          start: r.start,
          finish: r.finish,
          statusCodeStats: r.statusCodeStats,
          non2xx: r.non2xx,
        },
      });
    });
  });
}
