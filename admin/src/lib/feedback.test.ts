import { describe, expect, it } from 'vitest';
import { formatDuration, inboxQuery, isOverdue, stars, waitingSeconds } from './feedback';

describe('feedback inbox helpers', () => {
  it('reads durations floored to the largest unit', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(59)).toBe('刚刚');
    expect(formatDuration(60 * 12 + 30)).toBe('12 分钟');
    expect(formatDuration(3 * 3600 + 59 * 60)).toBe('3 小时');
    expect(formatDuration(2 * 86_400 + 5)).toBe('2 天');
  });

  it('waits until the first reply, else until now; flags open items older than a day', () => {
    const now = new Date('2026-03-02T12:00:00Z');
    expect(waitingSeconds({ createdAt: '2026-03-02T11:00:00Z', firstRepliedAt: null }, now)).toBe(3600);
    expect(waitingSeconds({ createdAt: '2026-03-01T00:00:00Z', firstRepliedAt: '2026-03-01T00:10:00Z' }, now)).toBe(600);
    expect(isOverdue({ status: 'open', createdAt: '2026-03-01T11:00:00Z', firstRepliedAt: null }, now)).toBe(true);
    expect(isOverdue({ status: 'replied', createdAt: '2026-03-01T11:00:00Z', firstRepliedAt: '2026-03-02T11:00:00Z' }, now)).toBe(
      false,
    );
  });

  it('builds the query from the filters that are set', () => {
    expect(inboxQuery({ owner: 'all' }, 'me')).toEqual({});
    expect(inboxQuery({ owner: 'mine', status: 'open', category: 'service' }, 'me')).toEqual({
      status: 'open',
      category: 'service',
      ownerStaffId: 'me',
    });
    expect(inboxQuery({ owner: 'unassigned', storeId: 's1' }, 'me')).toEqual({ storeId: 's1', unassigned: true });
  });

  it('draws stars', () => {
    expect(stars(4)).toBe('★★★★☆');
    expect(stars(null)).toBe('—');
  });
});
