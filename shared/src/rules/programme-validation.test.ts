import fc from 'fast-check';
import {
  DEFAULT_PROGRAMME,
  expiryFromView,
  expiryToView,
  programmeFromInput,
  toProgrammeView,
  validateProgramme,
} from './programme-validation.js';
import type { ProgrammeInput } from '../api/programme.js';

function input(): ProgrammeInput {
  const { version: _v, ...rest } = toProgrammeView(DEFAULT_PROGRAMME);
  return rest;
}

function fields(v: unknown): string[] {
  const r = validateProgramme(v);
  return r.ok ? [] : r.details.map((d) => d.field);
}

describe('validateProgramme', () => {
  it('accepts the default programme, and maps it back unchanged', () => {
    const r = validateProgramme(input());
    expect(r).toEqual({ ok: true, value: input() });
    expect(programmeFromInput(input(), 1)).toEqual(DEFAULT_PROGRAMME);
  });

  it('reports every problem at once', () => {
    const bad = input() as unknown as Record<string, any>;
    bad.currency = 'cny';
    bad.timezone = 'Mars/Olympus';
    bad.earning.pointsPerYuan = -1;
    bad.redemption.unit = 0;
    bad.redemption.maxShareBp = 10_001;
    bad.expiry = { policy: 'weekly' };
    bad.tiers[0].growthThreshold = 10;
    bad.tiers[2].growthThreshold = 400; // below silver's 500
    bad.tiers[3].code = 'silver';
    bad.tiers[1].discountRateBp = 0;
    bad.tiers[1].pointsMultiplierBp = 1.5;
    bad.extra = true;
    expect(fields(bad).sort()).toEqual(
      [
        'currency',
        'timezone',
        'earning.pointsPerYuan',
        'redemption.unit',
        'redemption.maxShareBp',
        'expiry.policy',
        'tiers[0].growthThreshold',
        'tiers[2].growthThreshold',
        'tiers[3].code',
        'tiers[1].discountRateBp',
        'tiers[1].pointsMultiplierBp',
        'extra',
      ].sort(),
    );
  });

  it('checks the expiry policy arguments', () => {
    expect(fields({ ...input(), expiry: { policy: 'days' } })).toEqual(['expiry.days']);
    expect(fields({ ...input(), expiry: { policy: 'days', days: 30 } })).toEqual([]);
    expect(fields({ ...input(), expiry: { policy: 'never', days: 30 } })).toEqual(['expiry.days']);
  });

  it('needs the base tier normal at 0 and strictly ascending thresholds', () => {
    const t = input().tiers;
    expect(fields({ ...input(), tiers: [t[1]!, t[0]!] })).toEqual(
      expect.arrayContaining(['tiers[0].growthThreshold', 'tiers[1].growthThreshold', 'tiers[0].code']),
    );
    expect(fields({ ...input(), tiers: [t[0]!, { ...t[1]!, growthThreshold: 0 }] })).toEqual(['tiers[1].growthThreshold']);
    expect(fields({ ...input(), tiers: [] })).toEqual(['tiers']);
    expect(fields({ ...input(), tiers: [t[0]!] })).toEqual([]);
  });

  it('accepts valid currencies and timezones only', () => {
    expect(fields({ ...input(), currency: 'HKD', timezone: 'Asia/Hong_Kong' })).toEqual([]);
    expect(fields({ ...input(), timezone: 'UTC' })).toEqual([]);
    for (const c of ['CN', 'CNYY', 'cny', 1, null]) expect(fields({ ...input(), currency: c })).toEqual(['currency']);
    for (const tz of ['+08:00', 'Nowhere/Land', '', 8]) expect(fields({ ...input(), timezone: tz })).toEqual(['timezone']);
  });

  it('never throws, and answers ok exactly when there is no problem (fuzzed)', () => {
    const tier = fc.record({
      code: fc.constantFrom('normal', 'silver', 'gold', 'platinum', 'bronze'),
      name: fc.string({ maxLength: 40 }),
      growthThreshold: fc.integer({ min: -5, max: 10_000 }),
      keepGrowth: fc.integer({ min: -5, max: 10_000 }),
      pointsMultiplierBp: fc.integer({ min: -1, max: 200_000 }),
      discountRateBp: fc.integer({ min: -1, max: 10_001 }),
      benefits: fc.array(fc.record({ code: fc.string(), title: fc.string() }), { maxLength: 3 }),
    });
    fc.assert(
      fc.property(fc.array(tier, { maxLength: 5 }), fc.anything(), (tiers, junk) => {
        for (const v of [{ ...input(), tiers }, junk]) {
          const r = validateProgramme(v);
          if (r.ok) {
            const ts = r.value.tiers;
            expect(ts[0]!.growthThreshold).toBe(0);
            expect(ts[0]!.code).toBe('normal');
            for (let i = 1; i < ts.length; i++) expect(ts[i]!.growthThreshold).toBeGreaterThan(ts[i - 1]!.growthThreshold);
            expect(new Set(ts.map((t) => t.code)).size).toBe(ts.length);
            for (const t of ts) expect(t.discountRateBp >= 1 && t.discountRateBp <= 10_000).toBe(true);
          } else expect(r.details.length).toBeGreaterThan(0);
        }
      }),
    );
  });
});

describe('expiry mapping', () => {
  it('round-trips every policy', () => {
    for (const v of [
      { policy: 'end_of_next_year' },
      { policy: 'days', days: 90 },
      { policy: 'end_of_month' },
      { policy: 'never' },
    ] as const) {
      expect(expiryToView(expiryFromView(v))).toEqual(v);
    }
    expect(expiryFromView({ policy: 'days', days: 7 })).toEqual({ code: 'days', args: { days: 7 } });
  });
});
