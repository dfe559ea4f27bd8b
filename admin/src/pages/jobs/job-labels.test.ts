import { describe, expect, it } from 'vitest';
import { cronLabel, lastRun } from './job-labels';

const run = (id: string, state: 'created' | 'completed' | 'failed') => ({
  id,
  state,
  createdAt: '2026-12-02T00:00:00.000Z',
  startedAt: null,
  completedAt: null,
});

describe('job labels', () => {
  it('reads the common cron shapes', () => {
    expect(cronLabel('40 3 * * *')).toBe('每天 03:40');
    expect(cronLabel('15 * * * *')).toBe('每小时第 15 分');
    expect(cronLabel('* * * * *')).toBe('每分钟');
    expect(cronLabel('*/10 * * * *')).toBe('每 10 分钟');
    expect(cronLabel('0 9 1 * *')).toBe('0 9 1 * *');
  });

  it('the last run is the newest one that started, a queued one only when nothing else', () => {
    expect(lastRun({ runs: [run('a', 'created'), run('b', 'failed'), run('c', 'completed')] })?.id).toBe('b');
    expect(lastRun({ runs: [run('a', 'created')] })?.id).toBe('a');
    expect(lastRun({ runs: [] })).toBeNull();
  });
});
