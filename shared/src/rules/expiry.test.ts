import fc from 'fast-check';
import {
  describeExpiry,
  EXPIRY_POLICIES,
  EXPIRY_POLICY_CODES,
  expiredLotsAt,
  isExpiredAt,
  lastValidLocalDate,
  lotExpiresAt,
  pointsExpiringBetween,
} from './expiry.js';
import type { ExpiryPolicyConfig } from './expiry.js';
import { toLocalDate } from '../time.js';

const SH = 'Asia/Shanghai';

describe('points expiry policies', () => {
  it('default: earned on 2025-03-04 → valid through 2026-12-31, expires at 2027-01-01 00:00 Shanghai', () => {
    expect(lotExpiresAt({ code: 'end_of_next_year' }, new Date('2025-03-04T10:00:00+08:00'))).toEqual(
      new Date('2026-12-31T16:00:00Z'),
    );
  });

  it('uses the programme-local date: 2024-12-31T20:00Z is already 2025 in Shanghai', () => {
    expect(lastValidLocalDate({ code: 'end_of_next_year' }, new Date('2024-12-31T20:00:00Z'), SH)).toBe('2026-12-31');
  });

  it('…but still 2024 in New York', () => {
    expect(lastValidLocalDate({ code: 'end_of_next_year' }, new Date('2024-12-31T20:00:00Z'), 'America/New_York')).toBe(
      '2025-12-31',
    );
  });

  it('days: 30 days after 2025-01-01 → valid through 2025-01-31', () => {
    expect(lastValidLocalDate({ code: 'days', args: { days: 30 } }, new Date('2025-01-01T12:00:00+08:00'))).toBe('2025-01-31');
  });

  it('end_of_month: earned 2025-02-10 → valid through 2025-02-28', () => {
    expect(lastValidLocalDate({ code: 'end_of_month' }, new Date('2025-02-10T12:00:00+08:00'))).toBe('2025-02-28');
  });

  it('end_of_month with monthsAfter 1: earned 2024-01-31 → valid through 2024-02-29', () => {
    expect(lastValidLocalDate({ code: 'end_of_month', args: { monthsAfter: 1 } }, new Date('2024-01-31T12:00:00+08:00'))).toBe(
      '2024-02-29',
    );
  });

  it('never: no expiry instant', () => {
    expect(lotExpiresAt({ code: 'never' }, new Date())).toBeNull();
  });

  it('exports every policy object by its code', () => {
    expect(Object.entries(EXPIRY_POLICIES).every(([code, p]) => p.code === code)).toBe(true);
  });

  const policyArb = fc.constantFrom<ExpiryPolicyConfig>(
    { code: 'end_of_next_year' },
    { code: 'days', args: { days: 0 } },
    { code: 'days', args: { days: 90 } },
    { code: 'end_of_month' },
    { code: 'end_of_month', args: { monthsAfter: 3 } },
  );
  const instantArb = fc.integer({ min: 946_684_800_000, max: 4_102_444_800_000 }).map((ms) => new Date(ms));
  const zoneArb = fc.constantFrom('Asia/Shanghai', 'America/New_York', 'Europe/London', 'UTC');

  it('a lot is still spendable on its last valid local day and expired at the next local midnight', () => {
    fc.assert(
      fc.property(policyArb, instantArb, zoneArb, (policy, earnedAt, tz) => {
        const expiresAt = lotExpiresAt(policy, earnedAt, tz)!;
        const last = lastValidLocalDate(policy, earnedAt, tz);
        expect(toLocalDate(new Date(expiresAt.getTime() - 1), tz)).toBe(last);
        expect(toLocalDate(expiresAt, tz) > last!).toBe(true);
      }),
    );
  });

  it('a lot never expires before the end of the day it was earned', () => {
    fc.assert(
      fc.property(policyArb, instantArb, zoneArb, (policy, earnedAt, tz) => {
        expect(lotExpiresAt(policy, earnedAt, tz)!.getTime()).toBeGreaterThan(earnedAt.getTime());
      }),
    );
  });
});

describe('expiry job and reminders', () => {
  const lots = [
    { id: 'a', remaining: 100, expiresAt: new Date('2025-01-01T00:00:00Z') },
    { id: 'b', remaining: 0, expiresAt: new Date('2025-01-01T00:00:00Z') },
    { id: 'c', remaining: 50, expiresAt: new Date('2025-02-01T00:00:00Z') },
    { id: 'd', remaining: 70, expiresAt: null },
  ];

  it('is expired exactly from its expiry instant on', () => {
    expect([
      isExpiredAt(lots[0]!, new Date('2024-12-31T23:59:59.999Z')),
      isExpiredAt(lots[0]!, new Date('2025-01-01T00:00:00Z')),
    ]).toEqual([false, true]);
  });

  it('writes off only expired lots that still hold points', () => {
    expect(expiredLotsAt(lots, new Date('2025-01-15T00:00:00Z'))).toEqual([{ lotId: 'a', points: 100 }]);
  });

  it('finds nothing to write off once the lots are emptied (safe to re-run)', () => {
    const after = lots.map((l) => (l.id === 'a' ? { ...l, remaining: 0 } : l));
    expect(expiredLotsAt(after, new Date('2025-01-15T00:00:00Z'))).toEqual([]);
  });

  it('a reminder counts points expiring within the window', () => {
    expect(pointsExpiringBetween(lots, new Date('2025-01-15T00:00:00Z'), new Date('2025-02-14T00:00:00Z'))).toBe(50);
  });
});

describe('the expiry policy registry', () => {
  it('lists every policy code for DTOs, each filed under its own code', () => {
    expect(EXPIRY_POLICY_CODES).toEqual(['end_of_next_year', 'days', 'end_of_month', 'never']);
    for (const code of EXPIRY_POLICY_CODES) expect(EXPIRY_POLICIES[code].code).toBe(code);
  });

  it('describes each policy as a member reads it', () => {
    expect(describeExpiry({ code: 'end_of_next_year' })).toBe('次年年底过期');
    expect(describeExpiry({ code: 'days', args: { days: 365 } })).toBe('获得后 365 天过期');
    expect(describeExpiry({ code: 'end_of_month' })).toBe('当月月底过期');
    expect(describeExpiry({ code: 'end_of_month', args: { monthsAfter: 2 } })).toBe('获得后第 2 个月月底过期');
    expect(describeExpiry({ code: 'never' })).toBe('永不过期');
  });

  it('a policy without args uses its defaultArgs (days: 365)', () => {
    const earnedAt = new Date('2026-01-01T04:00:00Z');
    expect(lastValidLocalDate({ code: 'days' }, earnedAt)).toBe('2027-01-01');
  });
});
