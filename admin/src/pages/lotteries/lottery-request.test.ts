import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors';
import {
  lotteryFormProblems,
  lotteryProblemFields,
  oddsPreview,
  serverLotteryProblems,
  toLotteryRequest,
  winOdds,
  type LotteryValues,
} from './lottery-request';

const good: LotteryValues = {
  title: ' 周年庆抽奖 ',
  window: [dayjs('2026-12-01T00:00:00Z'), dayjs('2026-12-31T00:00:00Z')],
  costPoints: 10,
  perMemberDaily: 3,
  perMemberTotal: 30,
  prizes: [
    { title: '100 积分', kind: 'points', points: 100, stock: 10, weight: 1, templateId: 'stale' },
    { title: '咖啡杯', kind: 'physical', stock: 5, weight: 2, points: 7, claimDays: 14 },
    { title: '谢谢参与', kind: 'none', stock: 99, weight: 7 },
  ],
};

describe('lottery request', () => {
  it('sends only the fields of each prize kind; a none prize has no stock', () => {
    const req = toLotteryRequest(good);
    expect(req.title).toBe('周年庆抽奖');
    expect(req.startsAt).toBe('2026-12-01T00:00:00.000Z');
    expect(req.prizes).toEqual([
      { title: '100 积分', kind: 'points', points: 100, stock: 10, weight: 1 },
      { title: '咖啡杯', kind: 'physical', stock: 5, weight: 2, claimDays: 14 },
      { title: '谢谢参与', kind: 'none', stock: 0, weight: 7 },
    ]);
    expect(req).not.toHaveProperty('budgetPoints');
    expect(lotteryFormProblems(good)).toEqual({ fields: [], general: [] });
  });

  it('previews the published odds (Σ 10000) and the chance of any prize', () => {
    expect(oddsPreview(good.prizes)).toEqual([1000, 2000, 7000]);
    expect(winOdds(good.prizes)).toBe(3000);
    const thirds = oddsPreview([{ weight: 1 }, { weight: 1 }, { weight: 1 }]);
    expect(thirds).toEqual([3334, 3333, 3333]);
    expect(oddsPreview([{ weight: 1 }, { weight: 0 }])).toEqual([null, null]);
    expect(winOdds([])).toBeNull();
  });

  it('puts the shared rule’s problems on the fields they name', () => {
    const bad: LotteryValues = {
      ...good,
      title: '',
      window: [dayjs('2026-12-31T00:00:00Z'), dayjs('2026-12-01T00:00:00Z')],
      perMemberDaily: 5,
      perMemberTotal: 2,
      prizes: [
        { title: '', kind: 'points', stock: 1, weight: 1 },
        { title: '杯', kind: 'physical', stock: 0, weight: 1 },
      ],
    };
    const { fields, general } = lotteryFormProblems(bad);
    const names = fields.map((f) => f.name);
    expect(names).toContainEqual(['title']);
    expect(names).toContainEqual(['window']);
    expect(names).toContainEqual(['perMemberTotal']);
    expect(names).toContainEqual(['prizes', 0, 'title']);
    expect(names).toContainEqual(['prizes', 0, 'points']);
    expect(names).toContainEqual(['prizes', 1, 'stock']);
    expect(general).toEqual([]);
    expect(lotteryFormProblems({ ...good, prizes: [] }).general).toEqual(['prizes: at least one prize']);
  });

  it('reads the server’s problems (the same rule, plus template checks) from a 400', () => {
    const err = new ApiError(400, 'VALIDATION_FAILED', 'x', [
      { field: 'lottery', messages: ['prizes[0].templateId: the template must offer the lottery channel'] },
    ]);
    const lines = serverLotteryProblems(err);
    expect(lines).toEqual(['prizes[0].templateId: the template must offer the lottery channel']);
    expect(lotteryProblemFields(lines).fields[0]!.name).toEqual(['prizes', 0, 'templateId']);
    expect(serverLotteryProblems(new Error('x'))).toEqual([]);
    // The validation pipe's details name the DTO field: they land on the same prize field.
    const dto = new ApiError(400, 'VALIDATION_FAILED', 'prizes.1.title: …', [
      { field: 'prizes.1.title', messages: ['title must be shorter than or equal to 40 characters'] },
      { field: 'costPoints', messages: ['costPoints must not be greater than 10000000'] },
    ]);
    const dtoLines = serverLotteryProblems(dto);
    expect(dtoLines).toEqual([
      'prizes[1].title must be shorter than or equal to 40 characters',
      'costPoints must not be greater than 10000000',
    ]);
    expect(lotteryProblemFields(dtoLines).fields.map((f) => f.name)).toEqual([['prizes', 1, 'title'], ['costPoints']]);
  });
});
