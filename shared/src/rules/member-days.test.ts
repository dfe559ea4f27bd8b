// Member days (会员日积分 N 倍, `member_day` in EARNING_RULES) and coupons valid only on some
// weekdays or hours: conditions read on the programme timezone's clock (earning-conditions.ts).
import fc from 'fast-check';
import { clockMinute, conditionsHold, localMoment, whenText, type RuleConditions } from './earning-conditions.js';
import {
  DEFAULT_EARNING,
  DEFAULT_REDEMPTION,
  describeEarningRules,
  EARNING_RULES,
  earningForOrder,
  pointsForPaid,
  todayPromotions,
  type EarningConfig,
  type MemberDayArgs,
} from './points.js';
import { priceOrder, type PricingInput } from './pricing.js';
import {
  checkCouponRedeemable,
  couponUsableAt,
  couponUsableTimesProblems,
  couponUsableTimesText,
  type CouponForOrder,
} from './coupons.js';
import { validateProgramme, DEFAULT_PROGRAMME, toProgrammeView } from './programme-validation.js';
import type { TierCode } from '../api/common.js';

const TZ = 'Asia/Shanghai';
// 2025-03-05 is a Wednesday. 00:10 on Wednesday in Shanghai is still Tuesday 16:10 UTC.
const WED_0010 = new Date('2025-03-04T16:10:00Z');
const TUE_2350 = new Date('2025-03-04T15:50:00Z');
const STORE_A = '11111111-1111-4111-8111-111111111111';
const STORE_B = '22222222-2222-4222-8222-222222222222';

const memberDay = (args: MemberDayArgs): EarningConfig => ({
  ...DEFAULT_EARNING,
  rules: [
    { code: 'per_yuan_paid', args: {} },
    { code: 'member_day', args },
  ],
});
const WED_2X = memberDay({ multiplierBp: 20_000, weekdays: [3] });

describe('localMoment', () => {
  it('reads the programme clock, not UTC', () => {
    expect(localMoment(WED_0010, TZ)).toEqual({ weekday: 3, day: 5, minute: 10 });
    expect(localMoment(TUE_2350, TZ)).toEqual({ weekday: 2, day: 4, minute: 23 * 60 + 50 });
    expect(WED_0010.getUTCDay()).toBe(2); // a Tuesday in UTC
  });
});

describe('member_day earning rule', () => {
  it('doubles the points on Wednesday local time only', () => {
    const ctx = (now: Date) => ({ now, timeZone: TZ });
    expect(earningForOrder(10_000, WED_2X, undefined, [], ctx(WED_0010)).points).toBe(200);
    expect(earningForOrder(10_000, WED_2X, undefined, [], ctx(TUE_2350)).points).toBe(100);
    // Without a context (no clock), a day-conditioned rule does not apply.
    expect(earningForOrder(10_000, WED_2X).points).toBe(100);
  });

  it('multiplies the tier multiplier too, rounding down once', () => {
    // ¥99.99 × 1.5 (gold) × 2 = 299.97 → 299 in total.
    const gold = { pointsMultiplierBp: 15_000 };
    const r = earningForOrder(9_999, WED_2X, gold, [], { now: WED_0010, timeZone: TZ });
    expect(r.points).toBe(299);
    expect(pointsForPaid(9_999, DEFAULT_EARNING, 15_000)).toBe(149);
  });

  it('tier, store, month-day, window and category conditions', () => {
    const at = (cfg: EarningConfig, ctx: { tierCode?: TierCode; storeId?: string; now?: Date }, lines = [] as never[]) =>
      earningForOrder(10_000, cfg, undefined, lines, { now: ctx.now ?? WED_0010, timeZone: TZ, ...ctx }).points;
    const gold = memberDay({ multiplierBp: 30_000, tiers: ['gold', 'platinum'] });
    expect(at(gold, { tierCode: 'gold' })).toBe(300);
    expect(at(gold, { tierCode: 'silver' })).toBe(100);
    const storeA = memberDay({ multiplierBp: 20_000, storeIds: [STORE_A] });
    expect(at(storeA, { storeId: STORE_A })).toBe(200);
    expect(at(storeA, { storeId: STORE_B })).toBe(100);
    const fifth = memberDay({ multiplierBp: 20_000, monthDays: [5, 15] });
    expect(at(fifth, {})).toBe(200);
    expect(at(fifth, { now: TUE_2350 })).toBe(100);
    const lunch = memberDay({ multiplierBp: 20_000, timeFrom: '11:00', timeTo: '14:00' });
    expect(at(lunch, { now: new Date('2025-03-05T03:00:00Z') })).toBe(200); // 11:00 local
    expect(at(lunch, { now: new Date('2025-03-05T06:00:00Z') })).toBe(100); // 14:00 local, exclusive
    expect(at(lunch, { now: new Date('2025-03-05T02:59:00Z') })).toBe(100); // 10:59
    const coffee = memberDay({ multiplierBp: 20_000, category: 'coffee' });
    const lines = [
      { category: 'coffee', paidFen: 3_000 },
      { category: 'food', paidFen: 7_000 },
    ] as never[];
    expect(at(coffee, {}, lines)).toBe(130);
  });

  it('two member days at once add their extras', () => {
    const cfg: EarningConfig = {
      ...DEFAULT_EARNING,
      rules: [
        { code: 'per_yuan_paid', args: {} },
        { code: 'member_day', args: { multiplierBp: 20_000, weekdays: [3] } },
        { code: 'member_day', args: { multiplierBp: 30_000, monthDays: [5] } },
      ],
    };
    expect(earningForOrder(10_000, cfg, undefined, [], { now: WED_0010, timeZone: TZ }).points).toBe(400);
  });

  const arbConditions: fc.Arbitrary<RuleConditions & { multiplierBp: number }> = fc.record(
    {
      multiplierBp: fc.integer({ min: 10_001, max: 100_000 }),
      weekdays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
      monthDays: fc.uniqueArray(fc.integer({ min: 1, max: 31 }), { minLength: 1, maxLength: 5 }),
      tiers: fc.uniqueArray(fc.constantFrom<TierCode>('normal', 'silver', 'gold', 'platinum'), { minLength: 1 }),
    },
    { requiredKeys: ['multiplierBp'] },
  );
  const arbWindow = fc
    .tuple(fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 1, max: 1440 }))
    .filter(([a, b]) => a < b)
    .map(([a, b]) => ({ timeFrom: clock(a), timeTo: clock(b) }));
  const clock = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  const arbInstant = fc.date({
    min: new Date('2020-01-01T00:00:00Z'),
    max: new Date('2030-12-31T00:00:00Z'),
    noInvalidDate: true,
  });
  const arbTz = fc.constantFrom('Asia/Shanghai', 'UTC', 'America/New_York', 'Asia/Kolkata');

  it('property: the bonus is 0 whenever a condition fails, and total = floor(base × M) otherwise', () => {
    fc.assert(
      fc.property(
        arbConditions,
        fc.option(arbWindow, { nil: undefined }),
        arbInstant,
        arbTz,
        fc.nat({ max: 10_000_000 }),
        fc.integer({ min: 0, max: 50_000 }),
        fc.constantFrom<TierCode>('normal', 'silver', 'gold', 'platinum'),
        (cond, window, now, timeZone, paid, tierBp, tierCode) => {
          const args = { ...cond, ...(window ?? {}) };
          const cfg = memberDay(args);
          const got = earningForOrder(paid, cfg, { pointsMultiplierBp: tierBp }, [], { now, timeZone, tierCode }).points;
          const base = pointsForPaid(paid, DEFAULT_EARNING, tierBp);
          const local = localMoment(now, timeZone);
          const holds = conditionsHold(args, { local, tierCode });
          if (!holds) return got === base;
          // Exact total, rounded down once: floor(paid × tierBp × M / (100 × 10⁸)).
          const exact = (BigInt(paid) * BigInt(tierBp) * BigInt(args.multiplierBp)) / 10_000_000_000n;
          return got === Number(exact) && got >= base;
        },
      ),
    );
  });

  it('property: never outside its window — the local minute decides, whatever the UTC date', () => {
    fc.assert(
      fc.property(arbWindow, arbInstant, arbTz, (w, now, timeZone) => {
        const cfg = memberDay({ multiplierBp: 20_000, ...w });
        const got = earningForOrder(10_000, cfg, undefined, [], { now, timeZone }).points;
        const m = localMoment(now, timeZone).minute;
        const inside = m >= clockMinute(w.timeFrom)! && m < clockMinute(w.timeTo)!;
        return got === (inside ? 200 : 100);
      }),
    );
  });

  it('property: earns only on what was paid — through priceOrder, a discount never earns the bonus', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 0, max: 50_000 }),
        (amount, rateBp, tierBp) => {
          const input: PricingInput = {
            amountFen: amount,
            tier: { discountRateBp: rateBp, pointsMultiplierBp: tierBp },
            couponContext: { now: WED_0010, storeId: STORE_A, tierCode: 'normal' },
            pointsBalance: 0,
            storedBalance: 0,
          };
          const p = priceOrder(input, { earning: WED_2X, redemption: DEFAULT_REDEMPTION, timezone: TZ });
          if (!p.ok) return false;
          const exact = (BigInt(p.payable) * BigInt(tierBp) * 20_000n) / 10_000_000_000n;
          return p.earned.points === Number(exact);
        },
      ),
    );
  });

  it('priceOrder reads the order instant in the programme timezone', () => {
    const input = (now: Date): PricingInput => ({
      amountFen: 10_000,
      tier: { discountRateBp: 10_000, pointsMultiplierBp: 10_000 },
      couponContext: { now, storeId: STORE_A, tierCode: 'normal' },
      pointsBalance: 0,
      storedBalance: 0,
    });
    const programme = { earning: WED_2X, redemption: DEFAULT_REDEMPTION, timezone: TZ };
    const wed = priceOrder(input(WED_0010), programme);
    const tue = priceOrder(input(TUE_2350), programme);
    expect(wed.ok && wed.earned.points).toBe(200);
    expect(tue.ok && tue.earned.points).toBe(100);
    // In UTC the same instants are both Tuesday.
    const utc = priceOrder(input(WED_0010), { ...programme, timezone: 'UTC' });
    expect(utc.ok && utc.earned.points).toBe(100);
  });

  it('validates its args with field: reason problems', () => {
    const v = (a: Record<string, unknown>) => EARNING_RULES.member_day.validateArgs(a);
    expect(v({ multiplierBp: 20_000, weekdays: [3] })).toEqual([]);
    expect(v({ multiplierBp: 10_000 })).toEqual([expect.stringMatching(/^multiplierBp: /)]);
    expect(v({ multiplierBp: 20_000, weekdays: [0, 3] })).toEqual([expect.stringMatching(/^weekdays: /)]);
    expect(v({ multiplierBp: 20_000, weekdays: [3, 3] })).toEqual([expect.stringMatching(/^weekdays: /)]);
    expect(v({ multiplierBp: 20_000, monthDays: [32] })).toEqual([expect.stringMatching(/^monthDays: /)]);
    expect(v({ multiplierBp: 20_000, timeFrom: '10:00' })).toEqual([expect.stringMatching(/^timeTo: /)]);
    expect(v({ multiplierBp: 20_000, timeFrom: '14:00', timeTo: '10:00' })).toEqual([
      expect.stringMatching(/^timeTo: must be after/),
    ]);
    expect(v({ multiplierBp: 20_000, timeFrom: '25:00', timeTo: '26:00' })).toHaveLength(2);
    expect(v({ multiplierBp: 20_000, tiers: ['diamond'] })).toEqual([expect.stringMatching(/^tiers: /)]);
    expect(v({ multiplierBp: 20_000, storeIds: ['x'] })).toEqual([expect.stringMatching(/^storeIds: /)]);
    expect(v({ multiplierBp: 20_000, category: '' })).toEqual([expect.stringMatching(/^category: /)]);
    expect(v({ multiplierBp: 20_000, colour: 'red' })).toEqual(['colour: unknown field']);
  });

  it('validateProgramme reports member_day problems under earning.rules[i].args', () => {
    const doc = {
      ...toProgrammeView(DEFAULT_PROGRAMME),
      earning: {
        pointsPerYuan: 1,
        growthPerYuan: 1,
        rules: [
          { code: 'per_yuan_paid', args: {} },
          { code: 'member_day', args: { multiplierBp: 5, weekdays: [8], timeFrom: '12:00', timeTo: '11:00' } },
        ],
      },
    } as Record<string, unknown>;
    delete doc.version;
    const r = validateProgramme(doc);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.details.map((d) => d.field).sort()).toEqual([
      'earning.rules[1].args.multiplierBp',
      'earning.rules[1].args.timeTo',
      'earning.rules[1].args.weekdays',
    ]);
  });

  it('describes itself in Chinese', () => {
    expect(describeEarningRules(WED_2X)).toEqual(['实付每 ¥1 得 1 积分（再乘等级积分倍数）', '会员日 每周三：积分 2 倍']);
    expect(
      EARNING_RULES.member_day.describe(
        { multiplierBp: 15_000, weekdays: [5, 1], timeFrom: '10:00', timeTo: '14:00', tiers: ['gold'], category: 'coffee' },
        DEFAULT_EARNING,
      ),
    ).toBe('会员日 每周一、五 10:00–14:00：「coffee」类商品积分 1.5 倍（限金卡会员）');
    expect(whenText({ monthDays: [18, 8] })).toBe('每月 8、18 日');
    expect(whenText({})).toBe('每天');
  });
});

describe('todayPromotions (the card banner)', () => {
  const cfg: EarningConfig = {
    ...DEFAULT_EARNING,
    rules: [
      { code: 'per_yuan_paid', args: {} },
      { code: 'member_day', args: { multiplierBp: 20_000, weekdays: [3] } },
      { code: 'member_day', args: { multiplierBp: 30_000, weekdays: [3], tiers: ['gold'] } },
      { code: 'member_day', args: { multiplierBp: 30_000, weekdays: [3], storeIds: [STORE_A] } },
      { code: 'member_day', args: { multiplierBp: 20_000, weekdays: [3], timeFrom: '18:00', timeTo: '21:00' } },
      { code: 'category_bonus', args: { category: 'coffee', multiplierBp: 10_000 } },
    ],
  };
  it("lists today's member days for this member's tier, not store-bound ones", () => {
    expect(todayPromotions(cfg, { now: WED_0010, timeZone: TZ, tierCode: 'normal' }).map((p) => p.title)).toEqual([
      '今天是会员日，积分 2 倍',
      '今天是会员日，18:00–21:00 积分 2 倍',
    ]);
    expect(todayPromotions(cfg, { now: WED_0010, timeZone: TZ, tierCode: 'gold' })).toHaveLength(3);
    expect(todayPromotions(cfg, { now: TUE_2350, timeZone: TZ, tierCode: 'gold' })).toEqual([]);
  });
});

describe('coupons valid only on some weekdays or hours', () => {
  const coupon = (terms: Partial<CouponForOrder['terms']>): CouponForOrder => ({
    id: 'c1',
    terms: { kind: 'cash', amountOff: 500, ...terms },
    validFrom: new Date('2025-01-01T00:00:00Z'),
    expiresAt: new Date('2026-01-01T00:00:00Z'),
    status: 'available',
  });
  const ctx = (now: Date) => ({ now, timeZone: TZ, storeId: STORE_A, tierCode: 'normal' as const });

  it('refuses with COUPON_NOT_VALID_NOW outside its weekdays, in the programme timezone', () => {
    const wed = coupon({ validWeekdays: [3] });
    expect(checkCouponRedeemable(wed, ctx(WED_0010))).toEqual({ ok: true });
    expect(checkCouponRedeemable(wed, ctx(TUE_2350))).toMatchObject({ ok: false, code: 'COUPON_NOT_VALID_NOW' });
  });

  it('hours: [from, to) on the local clock', () => {
    const lunch = coupon({ validTimeFrom: '11:00', validTimeTo: '14:00' });
    expect(couponUsableAt(lunch.terms, new Date('2025-03-05T03:00:00Z'), TZ)).toBe(true);
    expect(couponUsableAt(lunch.terms, new Date('2025-03-05T06:00:00Z'), TZ)).toBe(false);
    expect(couponUsableAt(coupon({}).terms, TUE_2350, TZ)).toBe(true);
  });

  it('says when it is valid, and validates the terms', () => {
    expect(couponUsableTimesText({ validWeekdays: [6, 7] })).toBe('仅每周六、日可用');
    expect(couponUsableTimesText({ validWeekdays: [3], validTimeFrom: '10:00', validTimeTo: '14:00' })).toBe(
      '仅每周三 10:00–14:00可用',
    );
    expect(couponUsableTimesText({})).toBeNull();
    expect(couponUsableTimesProblems({ validWeekdays: [3] })).toEqual([]);
    expect(couponUsableTimesProblems({ validWeekdays: [9] })).toEqual([expect.stringMatching(/^validWeekdays: /)]);
    expect(couponUsableTimesProblems({ validTimeFrom: '10:00' })).toEqual([
      'validTimeTo: validTimeFrom and validTimeTo go together',
    ]);
  });
});
