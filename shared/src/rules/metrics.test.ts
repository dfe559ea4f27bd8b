import { checkPeriod, growthRate, lifecycleStage, periodStart, periodsBetween, ratio } from './metrics.js';

describe('ratio and growthRate', () => {
  it('is null when the denominator is 0, never "500 %"', () => {
    expect(growthRate(5, 0)).toBeNull();
    expect(ratio(0, 0)).toBeNull();
    expect(growthRate(5, 10)).toBe(0.5);
    expect(ratio(3, 4)).toBe(0.75);
  });
});

describe('checkPeriod', () => {
  it('accepts a real period of at most 366 days', () => {
    expect(checkPeriod('2025-01-01', '2025-12-31')).toEqual({ ok: true, from: '2025-01-01', to: '2025-12-31', days: 365 });
    expect(checkPeriod('2024-01-01', '2024-12-31')).toMatchObject({ ok: true, days: 366 });
    expect(checkPeriod('2025-03-01', '2025-03-01')).toMatchObject({ ok: true, days: 1 });
  });
  it('refuses bad dates, from after to, and longer periods', () => {
    expect(checkPeriod('2025-02-30', '2025-03-01')).toMatchObject({ ok: false, code: 'INVALID_PERIOD' });
    expect(checkPeriod('2025-03-01', undefined)).toMatchObject({ ok: false, code: 'INVALID_PERIOD' });
    expect(checkPeriod('2025-03-02', '2025-03-01')).toMatchObject({ ok: false, code: 'INVALID_PERIOD' });
    expect(checkPeriod('2024-01-01', '2025-01-01')).toMatchObject({ ok: false, code: 'PERIOD_TOO_LONG' });
  });
});

describe('periods', () => {
  it('buckets by day, ISO week (Monday) and month', () => {
    expect(periodStart('2025-03-05', 'day')).toBe('2025-03-05');
    expect(periodStart('2025-03-05', 'week')).toBe('2025-03-03'); // a Wednesday
    expect(periodStart('2025-03-09', 'week')).toBe('2025-03-03'); // Sunday
    expect(periodStart('2025-03-31', 'month')).toBe('2025-03-01');
  });
  it('lists every bucket from the one holding from to the one holding to', () => {
    expect(periodsBetween('2025-01-30', '2025-02-02', 'day')).toEqual(['2025-01-30', '2025-01-31', '2025-02-01', '2025-02-02']);
    expect(periodsBetween('2025-01-31', '2025-03-01', 'month')).toEqual(['2025-01-01', '2025-02-01', '2025-03-01']);
    expect(periodsBetween('2025-03-05', '2025-03-17', 'week')).toEqual(['2025-03-03', '2025-03-10', '2025-03-17']);
  });
});

describe('lifecycleStage', () => {
  const asOf = '2025-06-30';
  it('a member who never ordered is new for 30 days, then silent, then churned', () => {
    const m = (registeredOn: string) => ({ registeredOn, firstOrderOn: null, lastOrderOn: null });
    expect(lifecycleStage(m('2025-06-01'), asOf)).toBe('new'); // 29 days
    expect(lifecycleStage(m('2025-05-31'), asOf)).toBe('silent'); // 30 days
    expect(lifecycleStage(m('2025-01-02'), asOf)).toBe('silent'); // 179 days
    expect(lifecycleStage(m('2025-01-01'), asOf)).toBe('churned'); // 180 days
  });
  it('a buyer is new after the first order, active, silent after 60 days, churned after 180', () => {
    const b = (firstOrderOn: string, lastOrderOn: string) => ({ registeredOn: '2024-01-01', firstOrderOn, lastOrderOn });
    expect(lifecycleStage(b('2025-06-10', '2025-06-10'), asOf)).toBe('new');
    expect(lifecycleStage(b('2025-01-01', '2025-05-02'), asOf)).toBe('active'); // 59 days
    expect(lifecycleStage(b('2025-01-01', '2025-05-01'), asOf)).toBe('silent'); // 60 days
    expect(lifecycleStage(b('2024-03-01', '2025-01-01'), asOf)).toBe('churned'); // 180 days
  });
});
