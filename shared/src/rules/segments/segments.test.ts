import fc from 'fast-check';
import {
  SEGMENT_CONDITIONS,
  segmentMatches,
  segmentSql,
  sqlParams,
  validateSegmentConditions,
  type CheckedConditions,
  type SegmentSqlContext,
} from './index.js';

const ctx: SegmentSqlContext = { today: '2026-03-10', timeZone: 'Asia/Shanghai' };
const UUID_A = '6f1c2a34-0000-4000-8000-000000000001';
const UUID_B = '6f1c2a34-0000-4000-8000-000000000002';

const valid = (code: string, args: unknown) => SEGMENT_CONDITIONS[code]!.validateArgs(args as never);
const problems = (code: string, args: unknown) => {
  const r = valid(code, args);
  return r.ok ? [] : r.problems;
};
/** SQL and bound parameters of one condition with valid args. */
function compile(code: string, args: unknown): { sql: string; params: unknown[] } {
  const r = valid(code, args);
  if (!r.ok) throw new Error(r.problems.join('; '));
  const { params, p } = sqlParams();
  return { sql: SEGMENT_CONDITIONS[code]!.toSql(r.args as never, p, ctx), params };
}

describe('segment conditions: validateArgs', () => {
  describe('list conditions', () => {
    const lists: [string, string, unknown[], unknown][] = [
      ['tier_in', 'tiers', ['gold', 'silver'], 'Gold!'],
      ['lifecycle_in', 'stages', ['new', 'churned'], 'sleepy'],
      ['rfm_group_in', 'groups', ['champions'], 'Champions '],
      ['birthday_month', 'months', [1, 12], 13],
      ['tag_any', 'tagIds', [UUID_A], 'not-a-uuid'],
      ['store_any', 'storeIds', [UUID_A, UUID_B], 42],
      ['bought_category_any', 'categories', ['咖啡', 'tea'], ''],
    ];
    it.each(lists)('%s accepts a list of %s', (code, field, good) => {
      expect(valid(code, { [field]: good })).toEqual({ ok: true, args: { [field]: good } });
    });
    it.each(lists)('%s refuses an empty, missing or non-array %s', (code, field) => {
      for (const args of [{}, { [field]: [] }, { [field]: 'x' }]) {
        expect(problems(code, args)).toEqual([`${field}: must be a non-empty array`]);
      }
    });
    it.each(lists)('%s refuses a bad element of %s by its index', (code, field, good, bad) => {
      expect(problems(code, { [field]: [...good, bad] })[0]).toMatch(new RegExp(`^${field}\\[${good.length}\\]: must be `));
    });
    it.each(lists)('%s refuses unknown fields and non-objects', (code, field, good) => {
      expect(problems(code, { [field]: good, extra: 1 })).toEqual(['extra: unknown field']);
      expect(problems(code, [good])).toEqual(['args: must be an object']);
    });
    it('drops duplicates', () => {
      expect(valid('birthday_month', { months: [3, 3, 4] })).toEqual({ ok: true, args: { months: [3, 4] } });
    });
    it('refuses more than 100 values', () => {
      expect(problems('birthday_month', { months: Array.from({ length: 101 }, () => 1) })).toEqual([
        'months: at most 100 values',
      ]);
    });
  });

  describe.each(['last_order_within_days', 'no_order_within_days'])('%s', (code) => {
    it('takes whole days from 1 to 3650', () => {
      expect(valid(code, { days: 30 })).toEqual({ ok: true, args: { days: 30 } });
      for (const days of [0, -1, 3651, 1.5, '30', null]) {
        expect(problems(code, { days })).toEqual(['days: must be an integer from 1 to 3650']);
      }
    });
  });

  describe.each(['order_count_between', 'spend_between', 'points_between'])('%s', (code) => {
    it('takes min and/or max, inclusive, min defaulting to 0 and max to none', () => {
      expect(valid(code, { min: 2, max: 5 })).toEqual({ ok: true, args: { min: 2, max: 5 } });
      expect(valid(code, { min: 2 })).toEqual({ ok: true, args: { min: 2, max: null } });
      expect(valid(code, { max: 5 })).toEqual({ ok: true, args: { min: 0, max: 5 } });
      expect(valid(code, { min: 3, max: 3 })).toEqual({ ok: true, args: { min: 3, max: 3 } });
    });
    it('takes its own normalised args again (max: null is no upper bound)', () => {
      for (const args of [{ min: 2 }, { max: 5 }, { min: 1, max: 9 }]) {
        const once = valid(code, args);
        expect(once.ok).toBe(true);
        if (once.ok) expect(valid(code, once.args)).toEqual(once);
      }
      expect(problems(code, { max: null })).toEqual(['min: give min, max or both']);
    });
    it('refuses no bounds, negative or fractional bounds, and max below min', () => {
      expect(problems(code, {})).toEqual(['min: give min, max or both']);
      expect(problems(code, { min: -1 })[0]).toMatch(/^min: must be an integer/);
      expect(problems(code, { max: 1.5 })[0]).toMatch(/^max: must be an integer/);
      expect(problems(code, { min: 5, max: 4 })).toEqual(['max: must not be below min']);
    });
  });

  describe('registered_between', () => {
    it('takes two real local dates, from ≤ to', () => {
      expect(valid('registered_between', { from: '2026-01-01', to: '2026-01-31' })).toEqual({
        ok: true,
        args: { from: '2026-01-01', to: '2026-01-31' },
      });
    });
    it('refuses impossible dates, a missing bound and a reversed range', () => {
      expect(problems('registered_between', { from: '2026-02-30', to: '2026-03-01' })).toEqual([
        'from: must be a date YYYY-MM-DD',
      ]);
      expect(problems('registered_between', { from: '2026-01-01' })).toEqual(['to: must be a date YYYY-MM-DD']);
      expect(problems('registered_between', { from: '2026-02-01', to: '2026-01-01' })).toEqual(['to: must not be before from']);
    });
  });
});

describe('segment conditions: toSql', () => {
  it('binds day cut-offs in the programme calendar: within 1 day = today', () => {
    expect(compile('last_order_within_days', { days: 1 }).params).toEqual(['2026-03-10']);
    expect(compile('last_order_within_days', { days: 30 }).params).toEqual(['2026-02-09']);
    // Never ordered (no analytics row, or no order day) counts as "no order within".
    expect(compile('no_order_within_days', { days: 30 }).sql).toMatch(/^\(ma\.last_order_on IS NULL OR /);
  });

  it('ranges over member totals: bare when 0 is outside them (statistics, inner join), COALESCE to 0 when inside', () => {
    expect(compile('order_count_between', { min: 2 }).sql).toBe('ma.orders >= $1::bigint');
    expect(compile('order_count_between', { max: 1 }).sql).toBe('COALESCE(ma.orders, 0) BETWEEN $1::bigint AND $2::bigint');
    expect(compile('spend_between', { min: 1, max: 5 }).sql).toBe('(ma.spend - ma.refunded) BETWEEN $1::bigint AND $2::bigint');
  });

  it('registered_between compares instants of local midnights (UTC+8), the end exclusive', () => {
    expect(compile('registered_between', { from: '2026-01-01', to: '2026-01-31' }).params).toEqual([
      '2025-12-31T16:00:00.000Z',
      '2026-01-31T16:00:00.000Z',
    ]);
  });

  it('an open range has no upper bound', () => {
    expect(compile('points_between', { min: 100 })).toEqual({ sql: 'm.points >= $1::bigint', params: [100] });
  });

  it('never writes a value into the SQL text: every value is a bound parameter', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 64 }), (category) => {
        const { sql, params } = compile('bought_category_any', { categories: [category] });
        expect(params).toEqual([[category]]);
        expect(sql).toBe(
          'EXISTS (SELECT 1 FROM order_item oi JOIN member_order o ON o.id = oi.order_id WHERE o.member_id = m.id AND oi.category = ANY($1::text[]))',
        );
      }),
    );
  });
});

describe('segment composition', () => {
  const check = (input: unknown) => validateSegmentConditions(input);

  it('accepts all and any, normalising args', () => {
    const r = check({
      all: [{ code: 'points_between', args: { min: 10 } }],
      any: [{ code: 'tier_in', args: { tiers: ['gold'] } }],
    });
    expect(r).toMatchObject({
      ok: true,
      conditions: { all: [{ code: 'points_between', args: { min: 10, max: null } }], any: [{ code: 'tier_in' }] },
    });
  });

  it('an unknown code is INVALID_CONDITION naming the condition index', () => {
    expect(
      check({
        all: [
          { code: 'tier_in', args: { tiers: ['gold'] } },
          { code: 'bogus', args: {} },
        ],
      }),
    ).toEqual({
      ok: false,
      code: 'INVALID_CONDITION',
      details: [expect.objectContaining({ condition: 'all[1]', field: 'all[1].code' })],
    });
  });

  it('bad args are INVALID_CONDITION naming the condition, its code and the field', () => {
    expect(check({ any: [{ code: 'last_order_within_days', args: { days: 0 } }] })).toEqual({
      ok: false,
      code: 'INVALID_CONDITION',
      details: [
        {
          condition: 'any[0]',
          code: 'last_order_within_days',
          field: 'any[0].args.days',
          reason: 'must be an integer from 1 to 3650',
        },
      ],
    });
  });

  it('refuses a document that is not { all?, any? } of { code, args }', () => {
    for (const input of [
      null,
      [],
      'x',
      { some: [] },
      { all: {} },
      { all: [1] },
      { all: [{ code: 'tier_in', args: {}, x: 1 }] },
    ]) {
      expect(check(input)).toMatchObject({ ok: false, code: 'INVALID_CONDITION' });
    }
  });

  it('refuses more than 20 conditions in a list', () => {
    const many = Array.from({ length: 21 }, () => ({ code: 'points_between', args: { min: 1 } }));
    expect(check({ all: many })).toMatchObject({ ok: false, details: [{ field: 'all' }] });
  });

  it('joins all with AND and any as one OR group, numbering parameters in order', () => {
    const r = check({
      all: [{ code: 'points_between', args: { min: 1, max: 9 } }],
      any: [
        { code: 'tier_in', args: { tiers: ['gold'] } },
        { code: 'birthday_month', args: { months: [3] } },
      ],
    }) as CheckedConditions;
    const { params, p } = sqlParams();
    expect(segmentSql(r, p, ctx)).toBe(
      '(m.points BETWEEN $1::bigint AND $2::bigint) AND ((m.tier_code = ANY($3::text[])) OR (EXTRACT(MONTH FROM m.birthday)::int = ANY($4::int[])))',
    );
    expect(params).toEqual([1, 9, ['gold'], [3]]);
  });

  it('no conditions match everyone', () => {
    const r = check({}) as CheckedConditions;
    expect(segmentSql(r, sqlParams().p, ctx)).toBe('TRUE');
  });

  it('matches: every all, and at least one any when any is given', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean()), fc.array(fc.boolean()), (all, any) => {
        expect(segmentMatches(all, any)).toBe(all.every((x) => x) && (any.length === 0 || any.some((x) => x)));
      }),
    );
  });

  it('registers at least the API.md codes', () => {
    expect(Object.keys(SEGMENT_CONDITIONS).sort()).toEqual(
      [
        'tier_in',
        'lifecycle_in',
        'rfm_group_in',
        'last_order_within_days',
        'no_order_within_days',
        'order_count_between',
        'spend_between',
        'birthday_month',
        'tag_any',
        'store_any',
        'registered_between',
        'points_between',
        'bought_category_any',
      ].sort(),
    );
  });
});
