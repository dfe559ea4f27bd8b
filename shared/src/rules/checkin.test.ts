import fc from 'fast-check';
import {
  CHECKIN_REWARD_CODES,
  CHECKIN_REWARD_RULES,
  checkIn,
  checkInCalendar,
  checkInRewards,
  describeCheckInReward,
  checkInCycleOf,
  currentStreak,
  DEFAULT_CHECKIN_CONFIG,
  makeUpsLeft,
  planMakeUp,
  streakAfterMakeUp,
} from './checkin.js';
import type { CheckInConfig, CheckInRecord } from './checkin.js';
import { addDays } from '../time.js';

const days = (...dates: string[]): CheckInRecord[] => dates.map((date) => ({ date, madeUp: false }));
const run = (from: string, n: number): CheckInRecord[] =>
  Array.from({ length: n }, (_, i) => ({ date: addDays(from, i), madeUp: false }));
const weekly: CheckInConfig = {
  cycle: 'week',
  streakScope: 'cycle',
  rewards: [
    { code: 'base_points', args: { points: 5 } },
    { code: 'streak_bonus', args: { day: 3, points: 10 } },
    { code: 'streak_bonus', args: { day: 7, points: 30 } },
    { code: 'cumulative_milestone', args: { days: 5, couponTemplateId: 'tpl-weekly' } },
  ],
  makeUp: { perCycle: 1, costPoints: 50 },
};

describe('check-in', () => {
  it('a first check-in earns the base points with streak 1', () => {
    expect(checkIn([], '2025-06-10')).toEqual({
      ok: true,
      date: '2025-06-10',
      streak: 1,
      cumulativeInCycle: 1,
      pointsAwarded: 5,
      rewards: [{ type: 'points', rule: 'base_points', points: 5 }],
    });
  });

  it('a second check-in on the same local date → ALREADY_CHECKED_IN', () => {
    expect(checkIn(days('2025-06-10'), '2025-06-10')).toEqual({ ok: false, code: 'ALREADY_CHECKED_IN' });
  });

  it('the third day in a row adds the day-3 streak bonus', () => {
    expect(checkIn(days('2025-06-08', '2025-06-09'), '2025-06-10')).toMatchObject({ streak: 3, pointsAwarded: 15 });
  });

  it('the seventh day in a row adds the day-7 bonus', () => {
    expect(checkIn(run('2025-06-01', 6), '2025-06-07')).toMatchObject({ streak: 7, pointsAwarded: 35 });
  });

  it('a missed day resets the streak', () => {
    expect(checkIn(days('2025-06-07', '2025-06-08'), '2025-06-10')).toMatchObject({ streak: 1 });
  });

  it('the cycle count reaching a milestone pays it once', () => {
    expect(
      checkIn(
        days(
          '2025-06-01',
          '2025-06-03',
          '2025-06-05',
          '2025-06-07',
          '2025-06-09',
          '2025-06-11',
          '2025-06-13',
          '2025-06-15',
          '2025-06-17',
        ),
        '2025-06-19',
      ),
    ).toMatchObject({
      cumulativeInCycle: 10,
      pointsAwarded: 25,
    });
  });

  it('the cumulative count starts again each cycle (month)', () => {
    expect(checkIn(run('2025-05-20', 12), '2025-06-01')).toMatchObject({ cumulativeInCycle: 1, streak: 13 });
  });

  it('with a cycle-scoped streak the week starts it again on Monday', () => {
    expect(checkIn(run('2025-06-02', 7), '2025-06-09', weekly)).toMatchObject({ streak: 1, cumulativeInCycle: 1 });
  });

  it('a milestone can grant a coupon', () => {
    expect(checkIn(run('2025-06-09', 4), '2025-06-13', weekly)).toMatchObject({
      rewards: expect.arrayContaining([{ type: 'coupon', rule: 'cumulative_milestone', couponTemplateId: 'tpl-weekly' }]),
    });
  });

  it('weeks run Monday to Sunday', () => {
    expect(checkInCycleOf('2025-06-15', 'week')).toEqual({ start: '2025-06-09', end: '2025-06-15' });
  });

  it('the streak shown today survives until today is over if yesterday was checked', () => {
    expect(currentStreak(run('2025-06-05', 5), '2025-06-10', DEFAULT_CHECKIN_CONFIG)).toBe(5);
  });

  it('the streak shown today is 0 when yesterday was missed', () => {
    expect(currentStreak(run('2025-06-05', 4), '2025-06-10', DEFAULT_CHECKIN_CONFIG)).toBe(0);
  });

  it('the streak never exceeds the check-ins, and each day-N bonus is paid at most once per run of days', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 60 }), (pattern) => {
        let history: CheckInRecord[] = [];
        let day7Bonuses = 0;
        pattern.forEach((present, i) => {
          if (!present) return;
          const r = checkIn(history, addDays('2025-01-01', i));
          if (!r.ok) throw new Error('unexpected');
          expect(r.streak).toBeLessThanOrEqual(history.length + 1);
          if (r.rewards.some((x) => x.type === 'points' && x.rule === 'streak_bonus' && x.points === 30)) day7Bonuses++;
          history = [...history, { date: r.date, madeUp: false }];
        });
        const runsOf7 = pattern
          .join('')
          .split('false')
          .filter((s) => s.split('true').length - 1 >= 7).length;
        expect(day7Bonuses).toBe(runsOf7);
      }),
    );
  });
});

describe('make-up (补签)', () => {
  const base = { today: '2025-06-10', registeredOn: '2025-05-01', balance: 1000 };

  it('fills a missed day of this cycle for its cost, earning base points only', () => {
    expect(planMakeUp({ ...base, history: days('2025-06-08', '2025-06-10'), target: '2025-06-09' })).toMatchObject({
      ok: true,
      costPoints: 20,
      pointsAwarded: 5,
      streakNow: 3,
      makeUpsLeft: 1,
    });
  });

  it('never pays a streak bonus, even when it completes a 3-day run', () => {
    const r = planMakeUp({ ...base, history: days('2025-06-07', '2025-06-08'), target: '2025-06-09' });
    expect(r).toMatchObject({ streak: 3, pointsAwarded: 5 });
  });

  it('pays a cumulative milestone it completes', () => {
    const history = days(
      '2025-06-01',
      '2025-06-02',
      '2025-06-03',
      '2025-06-04',
      '2025-06-05',
      '2025-06-06',
      '2025-06-07',
      '2025-06-08',
      '2025-06-10',
    );
    expect(planMakeUp({ ...base, history, target: '2025-06-09' })).toMatchObject({ cumulativeInCycle: 10, pointsAwarded: 25 });
  });

  it.each([
    ['today', '2025-06-10', '2025-05-01'],
    ['future_date', '2025-06-11', '2025-05-01'],
    ['before_registration', '2025-06-02', '2025-06-03'],
    ['outside_cycle', '2025-05-31', '2025-05-01'],
  ])('refuses %s → MAKE_UP_NOT_ALLOWED, the API code itself', (reason, target, registeredOn) => {
    expect(planMakeUp({ ...base, registeredOn, history: [], target })).toEqual({
      ok: false,
      code: 'MAKE_UP_NOT_ALLOWED',
      reason,
    });
  });

  it('refuses a date that is no date → VALIDATION_FAILED (invalid_date)', () => {
    expect(planMakeUp({ ...base, history: [], target: '2025-02-30' })).toEqual({
      ok: false,
      code: 'VALIDATION_FAILED',
      reason: 'invalid_date',
    });
  });

  it('refuses a day already checked in', () => {
    expect(planMakeUp({ ...base, history: days('2025-06-05'), target: '2025-06-05' })).toEqual({
      ok: false,
      code: 'ALREADY_CHECKED_IN',
    });
  });

  it('refuses beyond the per-cycle limit → MAKE_UP_LIMIT_REACHED', () => {
    const history = [
      { date: '2025-06-02', madeUp: true },
      { date: '2025-06-03', madeUp: true },
    ];
    expect(planMakeUp({ ...base, history, target: '2025-06-04' })).toEqual({
      ok: false,
      code: 'MAKE_UP_LIMIT_REACHED',
      reason: 'make_up_limit',
    });
  });

  it('make-ups of last cycle do not count against this one', () => {
    const history = [
      { date: '2025-05-30', madeUp: true },
      { date: '2025-05-31', madeUp: true },
    ];
    expect(makeUpsLeft(history, '2025-06-10')).toBe(2);
  });

  it('refuses when the member cannot pay the cost', () => {
    expect(planMakeUp({ ...base, balance: 19, history: [], target: '2025-06-09' })).toEqual({
      ok: false,
      code: 'INSUFFICIENT_POINTS',
    });
  });

  it('streakAfterMakeUp joins the runs on both sides of the filled day', () => {
    expect(streakAfterMakeUp([...run('2025-06-05', 3), ...run('2025-06-09', 2)], '2025-06-08', '2025-06-10')).toBe(6);
  });

  it('never allows a make-up for today, a future day, a day before registration or outside the cycle', () => {
    fc.assert(
      fc.property(fc.integer({ min: -60, max: 30 }), fc.integer({ min: 0, max: 60 }), (offset, registeredAgo) => {
        const today = '2025-06-15';
        const target = addDays(today, offset);
        const registeredOn = addDays(today, -registeredAgo);
        const r = planMakeUp({ history: [], target, today, registeredOn, balance: 1e6 }, weekly);
        if (r.ok) {
          expect(target < today).toBe(true);
          expect(target >= registeredOn).toBe(true);
          expect(target >= checkInCycleOf(today, 'week').start).toBe(true);
        }
      }),
    );
  });
});

describe('calendar', () => {
  const cal = checkInCalendar({
    history: [...days('2025-06-01', '2025-06-02'), { date: '2025-06-04', madeUp: true }],
    month: '2025-06',
    today: '2025-06-06',
    registeredOn: '2025-06-02',
  });

  it('lists every day of the month', () => {
    expect(cal.days).toHaveLength(30);
  });

  it('marks checked, made-up, missed, today and future days', () => {
    expect(cal.days.slice(1, 7).map((d) => d.status)).toEqual(['checked', 'missed', 'made_up', 'missed', 'today', 'future']);
  });

  it('offers a make-up only on missed days after registration', () => {
    expect(cal.days.filter((d) => d.canMakeUp).map((d) => d.date)).toEqual(['2025-06-03', '2025-06-05']);
  });

  it('counts check-ins of the month and the make-ups left', () => {
    expect([cal.checkedInMonth, cal.makeUpsLeft, cal.checkedInToday, cal.streak]).toEqual([3, 1, false, 0]);
  });

  it('marks days before registration', () => {
    const c = checkInCalendar({ history: [], month: '2025-06', today: '2025-06-06', registeredOn: '2025-06-03' });
    expect(c.days.slice(0, 2).map((d) => d.status)).toEqual(['before_registration', 'before_registration']);
  });
});

describe('the check-in reward registry (CHECKIN_REWARD_RULES)', () => {
  it('lists every rule code for DTOs, in registry order', () => {
    expect(CHECKIN_REWARD_CODES).toEqual(['base_points', 'streak_bonus', 'cumulative_milestone']);
  });

  it('each rule is filed under its own code', () => {
    for (const code of CHECKIN_REWARD_CODES) expect(CHECKIN_REWARD_RULES[code].code).toBe(code);
  });

  it('describes each reward as a member reads it', () => {
    expect(describeCheckInReward({ code: 'base_points', args: { points: 5 } })).toBe('每次签到 +5 积分');
    expect(describeCheckInReward({ code: 'streak_bonus', args: { day: 7, points: 30 } })).toBe('连续签到 7 天 +30 积分');
    expect(describeCheckInReward({ code: 'streak_bonus', args: { day: 7, points: 30, repeat: true } })).toBe(
      '每连续签到 7 天 +30 积分',
    );
    expect(describeCheckInReward({ code: 'cumulative_milestone', args: { days: 10, points: 20 } })).toBe(
      '本月累计签到 10 天 +20 积分',
    );
    expect(
      describeCheckInReward(
        { code: 'cumulative_milestone', args: { days: 5, couponTemplateId: '00000000-0000-4000-8000-000000000000' } },
        'week',
      ),
    ).toBe('本周累计签到 5 天 送优惠券');
  });

  it('a cumulative milestone may give free lottery draws (both fields or neither), evaluated and described', () => {
    const lotteryId = '00000000-0000-4000-8000-000000000001';
    const rule = CHECKIN_REWARD_RULES.cumulative_milestone;
    expect(rule.validateArgs({ days: 3, lotteryId, lotteryEntries: 2 }, { cycleDays: 31 })).toEqual([]);
    expect(rule.validateArgs({ days: 3, lotteryId }, { cycleDays: 31 })).toEqual([
      'lotteryId and lotteryEntries go together (which lottery, how many free draws)',
    ]);
    expect(rule.validateArgs({ days: 3, lotteryId: 'x', lotteryEntries: 101 }, { cycleDays: 31 })).toEqual([
      'lotteryId: must be a lottery id (uuid)',
      'lotteryEntries: must be an integer 1-100',
    ]);
    const event = { date: '2026-12-03', madeUp: false, streak: 3, cumulativeInCycle: 3 };
    expect(rule.evaluate(event, { days: 3, points: 10, lotteryId, lotteryEntries: 2 })).toEqual([
      { type: 'points', rule: 'cumulative_milestone', points: 10 },
      { type: 'lottery_entry', rule: 'cumulative_milestone', lotteryId, entries: 2 },
    ]);
    expect(rule.evaluate({ ...event, cumulativeInCycle: 4 }, { days: 3, lotteryId, lotteryEntries: 2 })).toEqual([]);
    expect(describeCheckInReward({ code: 'cumulative_milestone', args: { days: 3, lotteryId, lotteryEntries: 2 } })).toBe(
      '本月累计签到 3 天 送 2 次抽奖机会',
    );
  });

  it('validates args through the rule (fields relative to args)', () => {
    expect(CHECKIN_REWARD_RULES.base_points.validateArgs({ points: -1, extra: 1 }, { cycleDays: 31 })).toEqual([
      'extra: unknown field',
      'points: must be an integer 0-100000',
    ]);
    expect(CHECKIN_REWARD_RULES.cumulative_milestone.validateArgs({ days: 8 }, { cycleDays: 7 })).toEqual([
      "days: must be an integer 1-7 (the cycle's length)",
      'a milestone needs points, a couponTemplateId or lottery entries',
    ]);
  });

  it('a make-up never earns a rule with appliesToMakeUp false (streak bonus)', () => {
    const config: CheckInConfig = { ...DEFAULT_CHECKIN_CONFIG, rewards: [{ code: 'streak_bonus', args: { day: 1, points: 9 } }] };
    const event = { date: '2025-06-05', streak: 1, cumulativeInCycle: 1 };
    expect(checkInRewards({ ...event, madeUp: false }, config)).toEqual([{ type: 'points', rule: 'streak_bonus', points: 9 }]);
    expect(checkInRewards({ ...event, madeUp: true }, config)).toEqual([]);
  });
});
