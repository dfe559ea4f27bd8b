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

describe('earning rules in the programme (EARNING_RULES)', () => {
  const withRules = (rules: unknown) => ({ ...input(), earning: { ...input().earning, rules } });

  it('accepts per_yuan_paid beside a category bonus, and keeps them through the stored shape', () => {
    const doc = withRules([
      { code: 'per_yuan_paid', args: {} },
      { code: 'category_bonus', args: { category: 'coffee', multiplierBp: 10000 } },
    ]);
    expect(validateProgramme(doc).ok).toBe(true);
    const { version: _v, ...back } = toProgrammeView(programmeFromInput(doc as ProgrammeInput, 2));
    expect(back).toEqual(doc);
  });

  it('validates each rule through its own validateArgs, with the field where it sits', () => {
    const r = validateProgramme(
      withRules([
        { code: 'per_yuan_paid', args: { x: 1 } },
        { code: 'category_bonus', args: { category: '', multiplierBp: 0 } },
        { code: 'weekday_bonus', args: {} },
        { code: 'per_yuan_paid', args: {} },
      ]),
    );
    expect(r.ok ? [] : r.details).toEqual([
      { field: 'earning.rules[0].args.x', reason: 'unknown field' },
      { field: 'earning.rules[1].args.category', reason: 'must be a non-empty string of at most 64' },
      {
        field: 'earning.rules[1].args.multiplierBp',
        reason: 'must be an integer 1-100000 (basis points, 10000 = one more ×1)',
      },
      { field: 'earning.rules[2].code', reason: 'must be one of per_yuan_paid, category_bonus, member_day' },
      { field: 'earning.rules[3].code', reason: 'per_yuan_paid at most once (it would pay the same points twice)' },
    ]);
  });

  it('rules must be an array', () => {
    expect(fields(withRules({ code: 'per_yuan_paid' }))).toEqual(['earning.rules']);
  });
});

describe('expiry through the registry (EXPIRY_POLICIES)', () => {
  it('days: validated by the policy; days with another policy → only with policy days', () => {
    const bad = (expiry: unknown) => {
      const r = validateProgramme({ ...input(), expiry });
      return r.ok ? [] : r.details;
    };
    expect(bad({ policy: 'days', days: 0 })).toEqual([
      { field: 'expiry.days', reason: 'must be an integer 1-3650 with policy days' },
    ]);
    expect(bad({ policy: 'never', days: 30 })).toEqual([{ field: 'expiry.days', reason: 'only with policy days' }]);
    expect(bad({ policy: 'days', days: 30 })).toEqual([]);
  });
});
