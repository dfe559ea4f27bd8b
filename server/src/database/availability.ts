// Is this error "the database is not there right now" (answer 503 DB_UNAVAILABLE and let the pool
// reconnect) rather than a bug or bad input? One place for the classification, used by the error
// filter and the health checks.

/** SQLSTATEs meaning the server is unreachable, going down or not yet accepting connections. */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[1-4]|53300)$/; // connection_exception class, *_shutdown, cannot_connect_now, too_many_connections

/** Socket-level failures from node-postgres while connecting or mid-query. */
const UNAVAILABLE_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

/** node-postgres and pg-pool say these in words, without a code. */
const UNAVAILABLE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is not queryable|the database system is (starting up|shutting down|in recovery mode)/i;

function* causes(err: unknown, depth = 0): Generator<Record<string, unknown>> {
  if (!err || typeof err !== 'object' || depth > 4) return;
  const e = err as Record<string, unknown>;
  yield e;
  // TypeORM keeps the driver's error as `driverError`; Node and pg-pool chain with `cause`;
  // a dual-stack connect failure is an AggregateError with `errors`.
  yield* causes(e.driverError, depth + 1);
  yield* causes(e.cause, depth + 1);
  if (Array.isArray(e.errors)) for (const inner of e.errors) yield* causes(inner, depth + 1);
}

export function isDatabaseUnavailable(err: unknown): boolean {
  for (const e of causes(err)) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_ERRNO.has(code)) return true;
    // The embedded cluster's Unix socket is gone while it is down (and back when it is).
    if (code === 'ENOENT' && e.syscall === 'connect') return true;
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return true;
  }
  return false;
}
