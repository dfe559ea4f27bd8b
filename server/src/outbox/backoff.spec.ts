import { RETRY_BASE_MS, RETRY_CAP_MS, retryDelayMs } from './backoff.js';

describe('outbox retry backoff', () => {
  it('doubles per attempt from the base, within its jitter band', () => {
    for (let attempts = 1; attempts <= 8; attempts++) {
      const full = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** (attempts - 1));
      expect(retryDelayMs(attempts, 0)).toBe(full / 2);
      expect(retryDelayMs(attempts, 0.999999)).toBeLessThanOrEqual(full);
      expect(retryDelayMs(attempts, 0.5)).toBeGreaterThan(retryDelayMs(attempts, 0));
    }
  });

  it('never waits less than half the base (no tight loop) nor more than the cap', () => {
    for (const attempts of [0, 1, 2, 20, 1000]) {
      for (const r of [0, 0.3, 0.999999]) {
        const d = retryDelayMs(attempts, r);
        expect(d).toBeGreaterThanOrEqual(RETRY_BASE_MS / 2);
        expect(d).toBeLessThanOrEqual(RETRY_CAP_MS);
      }
    }
  });
});

describe('a topic’s own backoff cap', () => {
  it('caps at the given maximum instead of the default hour', () => {
    expect(retryDelayMs(30, 0.999999, 600_000)).toBeLessThanOrEqual(600_000);
    expect(retryDelayMs(30, 0, 600_000)).toBe(300_000);
    expect(retryDelayMs(2, 0)).toBe(retryDelayMs(2, 0, 600_000));
  });
});
