import { lotteryEditProblems } from '@huiyuan/shared';
import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import type { AdminLotteryView } from '../../api/types';
import { asRequest, lotteryChanges } from './edit-lottery-modal';

const l = {
  id: 'l1',
  title: '周年庆抽奖',
  description: null,
  startsAt: '2026-12-01T00:00:00.000Z',
  endsAt: '2026-12-31T00:00:00.000Z',
  status: 'active',
  costPoints: 10,
  perMemberDaily: 1,
  perMemberTotal: 5,
  budgetPoints: null,
  budgetUsed: null,
  prizes: [
    { id: 'p1', title: '10 积分', kind: 'points', points: 10, stock: 100, weight: 1, odds: 2500 },
    { id: 'p2', title: '谢谢参与', kind: 'none', stock: 0, weight: 3, odds: 7500 },
  ],
  createdAt: '2026-11-30T00:00:00.000Z',
  updatedAt: '2026-11-30T00:00:00.000Z',
} as unknown as AdminLotteryView;

describe('lottery edit', () => {
  it('sends only what changed, and the shared rule refuses lower limits or an earlier end once started', () => {
    const same = { title: l.title, description: '', endsAt: dayjs(l.endsAt), perMemberDaily: 1, perMemberTotal: 5 };
    expect(lotteryChanges(l, same)).toEqual({});
    const later = lotteryChanges(l, { ...same, endsAt: dayjs('2027-01-31T00:00:00Z'), perMemberDaily: 2 });
    expect(later).toEqual({ endsAt: '2027-01-31T00:00:00.000Z', perMemberDaily: 2 });
    expect(lotteryEditProblems(asRequest(l), later, true).problems).toEqual([]);
    const lower = lotteryChanges(l, { ...same, endsAt: dayjs('2026-12-15T00:00:00Z'), perMemberTotal: 4 });
    expect(lotteryEditProblems(asRequest(l), lower, true).problems).toEqual([
      'perMemberTotal can only go up once started (now 5)',
      'endsAt can only move later once started',
    ]);
  });
});
