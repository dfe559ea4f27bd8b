import fc from 'fast-check';
import { toLocalDate, zonedPartsOf, zonedPartsUncached } from './time.js';

// The cached offset (one per timezone and UTC quarter hour) must give exactly what formatting each
// instant gives — around DST changes, in zones with quarter-hour offsets, and far from the cache.
const ZONES = [
  'Asia/Shanghai',
  'Europe/Berlin',
  'America/New_York',
  'Australia/Lord_Howe', // half-hour DST
  'Asia/Kathmandu', // +05:45
  'Pacific/Chatham', // +12:45 / +13:45
  'America/St_Johns', // −03:30 with DST
  'UTC',
];

describe('zoned wall-clock fields', () => {
  it('equal formatToParts for any instant since 1980 in zones with DST and quarter-hour offsets', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1980, 0, 1), max: Date.UTC(2100, 0, 1) }), fc.constantFrom(...ZONES), (t, zone) => {
        expect(zonedPartsOf(new Date(t), zone)).toEqual(zonedPartsUncached(new Date(t), zone));
      }),
      { numRuns: 3000 },
    );
  });

  it('are exact for instants that reuse the cached offset (same UTC quarter hour)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1980, 0, 1), max: Date.UTC(2100, 0, 1) }),
        fc.array(fc.integer({ min: 0, max: 899_999 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom(...ZONES),
        (t, offsets, zone) => {
          const quarter = Math.floor(t / 900_000) * 900_000;
          for (const o of offsets) {
            const at = new Date(quarter + o);
            expect(zonedPartsOf(at, zone)).toEqual(zonedPartsUncached(at, zone));
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('are exact when calls alternate between many quarters and zones (more than the cache keeps)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: Date.UTC(1980, 0, 1), max: Date.UTC(2100, 0, 1) }), fc.constantFrom(...ZONES)), {
          minLength: 2,
          maxLength: 200,
        }),
        (calls) => {
          for (const [t, zone] of [...calls, ...calls]) {
            expect(zonedPartsOf(new Date(t), zone)).toEqual(zonedPartsUncached(new Date(t), zone));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('are exact on both sides of a DST change (Berlin, 2026-03-29 01:00 UTC) and before 1980', () => {
    for (const t of [Date.UTC(2026, 2, 29, 0, 59, 59, 999), Date.UTC(2026, 2, 29, 1, 0, 0), Date.UTC(1950, 5, 1, 12)]) {
      expect(zonedPartsOf(new Date(t), 'Europe/Berlin')).toEqual(zonedPartsUncached(new Date(t), 'Europe/Berlin'));
    }
    expect(toLocalDate(new Date(Date.UTC(2026, 11, 31, 16, 0, 0)), 'Asia/Shanghai')).toBe('2027-01-01');
    expect(toLocalDate(new Date(Date.UTC(2026, 11, 31, 15, 59, 59)), 'Asia/Shanghai')).toBe('2026-12-31');
  });
});
