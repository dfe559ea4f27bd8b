import { ERROR_CODES, ERROR_STATUS, statusOf } from './errors.js';

describe('ERROR_STATUS', () => {
  it('gives every error code one status, and names no code that does not exist', () => {
    expect(Object.keys(ERROR_STATUS).sort()).toEqual([...ERROR_CODES].sort());
  });

  it('maps each code to a 4xx or 5xx status', () => {
    for (const code of ERROR_CODES) expect(statusOf(code)).toBeGreaterThanOrEqual(400);
    for (const code of ERROR_CODES) expect(statusOf(code)).toBeLessThan(600);
  });

  it('keeps the statuses API.md names: conflicts 409, business refusals 422, limits 429', () => {
    expect(statusOf('ORDER_NO_CONFLICT')).toBe(409);
    expect(statusOf('INSUFFICIENT_POINTS')).toBe(422);
    expect(statusOf('MEMBER_NOT_PRESENT')).toBe(403);
    expect(statusOf('RATE_LIMITED')).toBe(429);
    expect(statusOf('DB_UNAVAILABLE')).toBe(503);
  });
});
