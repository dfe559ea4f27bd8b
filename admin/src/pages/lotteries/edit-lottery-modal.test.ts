import { lotteryEditProblems } from '@huiyuan/shared';
import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import type { AdminLotteryView } from '../../api/types';
import { asRequest, beforeStart, editProblemFields, lotteryChanges, prizeValuesOf } from './edit-lottery-modal';
import { oddsPreview } from './lottery-request';

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

  it('before the start: prizes, cost and start are sent when changed, the prizes as a whole; unchanged prizes are not', () => {
    const upcoming = { ...l, startsAt: '2030-01-01T00:00:00.000Z', endsAt: '2030-02-01T00:00:00.000Z' } as AdminLotteryView;
    expect(beforeStart(upcoming, Date.parse('2029-12-31T23:59:59Z'))).toBe(true);
    expect(beforeStart(upcoming, Date.parse('2030-01-01T00:00:00Z'))).toBe(false);
    const same = {
      title: l.title,
      description: '',
      startsAt: dayjs(upcoming.startsAt),
      endsAt: dayjs(upcoming.endsAt),
      costPoints: 10,
      perMemberDaily: 1,
      perMemberTotal: 5,
      budgetPoints: null,
      prizes: prizeValuesOf(upcoming),
    };
    expect(lotteryChanges(upcoming, same)).toEqual({});
    const prizes = [
      { ...same.prizes[0]!, weight: 3, points: 20 },
      { ...same.prizes[1]!, weight: 1 },
    ];
    const body = lotteryChanges(upcoming, { ...same, costPoints: 0, prizes });
    expect(body).toEqual({
      costPoints: 0,
      prizes: [
        { title: '10 积分', kind: 'points', points: 20, stock: 100, weight: 3 },
        { title: '谢谢参与', kind: 'none', stock: 0, weight: 1 },
      ],
    });
    expect(lotteryEditProblems(asRequest(upcoming), body, false)).toEqual({ problems: [], startedConflict: false });
    // The odds the screen previews are the ones GET /lotteries/:id will publish.
    expect(oddsPreview(prizes)).toEqual([7500, 2500]);
    // Once started the same body is the server's 409.
    expect(lotteryEditProblems(asRequest(upcoming), body, true).startedConflict).toBe(true);
  });

  it('places the shared rule’s problems on the edit form’s fields', () => {
    const upcoming = { ...l, startsAt: '2030-01-01T00:00:00.000Z', endsAt: '2030-02-01T00:00:00.000Z' } as AdminLotteryView;
    const body = {
      startsAt: '2030-03-01T00:00:00.000Z',
      prizes: [{ title: ' ', kind: 'points' as const, points: 5, stock: 1, weight: 1 }],
    };
    const { problems } = lotteryEditProblems(asRequest(upcoming), body, false);
    expect(editProblemFields(problems)).toEqual({
      fields: [
        { name: ['prizes', 0, 'title'], errors: ['title must not be empty'] },
        { name: ['endsAt'], errors: ['endsAt must be after startsAt'] },
      ],
      general: [],
    });
  });

  it('leaves a physical prize’s hidden claim template out of its definition', () => {
    const physical = {
      ...l,
      prizes: [
        { id: 'p3', title: '帆布袋', kind: 'physical', stock: 5, weight: 1, odds: 10000, templateId: 't9', claimDays: 30 },
      ],
    } as unknown as AdminLotteryView;
    expect(asRequest(physical).prizes).toEqual([{ title: '帆布袋', kind: 'physical', stock: 5, weight: 1, claimDays: 30 }]);
    expect(lotteryEditProblems(asRequest(physical), { perMemberDaily: 2 }, true).problems).toEqual([]);
  });
});
