// How long a failed outbox delivery waits before its next attempt: exponential from 5 s, capped at
// one hour, with jitter (each wait drawn from its upper half) so the rows of one outage do not all
// come back at the same instant. Pure: the caller passes the random draw.
export const RETRY_BASE_MS = 5_000;
export const RETRY_CAP_MS = 3_600_000;

/**
 * The wait after attempt number `attempts` (1 = the first attempt failed); `random` in [0, 1).
 * `capMs`: a topic's own cap (its retry policy), default one hour.
 */
export function retryDelayMs(attempts: number, random: number, capMs: number = RETRY_CAP_MS): number {
  const exp = Math.min(capMs, RETRY_BASE_MS * 2 ** Math.max(0, Math.min(attempts - 1, 30)));
  return Math.round(exp / 2 + (exp / 2) * random);
}
