import { describe, expect, it } from 'vitest';
import { chartPeriod, defaultGranularity, presetPeriod, todayIn } from './period';

describe('periods', () => {
  it('presets end today, both ends inclusive', () => {
    expect(presetPeriod('today', '2026-12-01')).toEqual({ from: '2026-12-01', to: '2026-12-01' });
    expect(presetPeriod('7d', '2026-12-01')).toEqual({ from: '2026-11-25', to: '2026-12-01' });
    expect(presetPeriod('30d', '2026-12-01')).toEqual({ from: '2026-11-02', to: '2026-12-01' });
  });

  it('today is the programme timezone’s local date', () => {
    expect(todayIn('Asia/Shanghai', new Date('2026-11-30T16:30:00Z'))).toBe('2026-12-01');
  });

  it('trend charts span at least 7 days', () => {
    expect(chartPeriod({ from: '2026-12-01', to: '2026-12-01' })).toEqual({ from: '2026-11-25', to: '2026-12-01' });
    expect(chartPeriod({ from: '2026-11-01', to: '2026-12-01' })).toEqual({ from: '2026-11-01', to: '2026-12-01' });
  });

  it('buckets by day up to two months, then weeks, then months', () => {
    expect(defaultGranularity({ from: '2026-11-02', to: '2026-12-01' })).toBe('day');
    expect(defaultGranularity({ from: '2026-09-01', to: '2026-12-01' })).toBe('week');
    expect(defaultGranularity({ from: '2026-01-01', to: '2026-12-01' })).toBe('month');
  });
});
