import { act, fireEvent, render, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { LotteryDrawResult, LotteryView, MyLotteryDraw } from '@huiyuan/shared';
import { apiError, ok } from '../../test/fixtures';
import { resetTaroMock, respond } from '../../test/mocks/taro';
import LotteryPage from '../packages/member/lottery/index';
import { saveSession } from '../services/session';
import { gridCells, oddsPercent, RING, spinPath } from './use-lottery';

const requestMock = Taro.request as unknown as jest.Mock;
const sent = () => requestMock.mock.calls.map(([o]) => o as { url: string; method: string; data?: { requestId?: string } });
const q = (c: HTMLElement, sel: string) => c.querySelector(sel) as HTMLElement | null;

const PRIZES = [
  { id: 'p-big', title: '保温杯', kind: 'physical' as const, odds: 100, probability: 0.01, remaining: 2 },
  { id: 'p-pts', title: '50 积分', kind: 'points' as const, odds: 2900, probability: 0.29, remaining: 100, points: 50 },
  { id: 'p-none', title: '谢谢参与', kind: 'none' as const, odds: 7000, probability: 0.7, remaining: null },
];

function lottery(over: Partial<LotteryView> = {}): LotteryView {
  return {
    id: 'l-1',
    title: '周年庆抽奖',
    costPoints: 10,
    prizes: PRIZES,
    remainingToday: 3,
    endsAt: '2026-12-31T16:00:00.000Z',
    description: null,
    startsAt: '2026-12-01T00:00:00.000Z',
    status: 'active',
    open: true,
    perMemberDaily: 3,
    perMemberTotal: 30,
    freeEntries: 0,
    ...over,
  };
}

function drawResult(over: Partial<LotteryDrawResult> = {}): LotteryDrawResult {
  return {
    drawId: 'd-1',
    prize: { id: 'p-big', title: '保温杯', kind: 'physical' },
    lotteryId: 'l-1',
    costPoints: 10,
    freeEntryUsed: false,
    pickedPrizeId: 'p-big',
    fallback: null,
    random: 0,
    couponId: 'c-1',
    claimCode: 'ABCDE12345FGHJK',
    createdAt: '2026-12-01T08:00:00.000Z',
    ...over,
  };
}

const myDraw = (over: Partial<MyLotteryDraw> = {}): MyLotteryDraw => ({ ...drawResult(), lotteryTitle: '周年庆抽奖', ...over });

async function renderPage(view = lottery(), draws: MyLotteryDraw[] = []) {
  respond(ok({ items: [view] }), ok({ items: draws, nextCursor: null }));
  const r = render(<LotteryPage />);
  await waitFor(() => expect(q(r.container, '#lottery-title')).not.toBeNull());
  return r.container;
}

beforeEach(() => {
  resetTaroMock();
  process.env.TARO_ENV = 'h5';
  saveSession('member-token', 3600, { kind: 'member' });
});
afterEach(() => jest.useRealTimers());

describe('九宫格 rules', () => {
  it('fills the eight cells with the prizes in order, repeating them when there are fewer', () => {
    const cells = gridCells(lottery());
    expect(cells).toHaveLength(8);
    expect(cells.map((c) => c?.prizeId)).toEqual(['p-big', 'p-pts', 'p-none', 'p-big', 'p-pts', 'p-none', 'p-big', 'p-pts']);
  });

  it('runs at least two laps and stops on a cell of the drawn prize', () => {
    const cells = gridCells(lottery());
    const path = spinPath(cells, 0, 'p-pts');
    expect(path.length).toBeGreaterThanOrEqual(16);
    expect(cells[path[path.length - 1]!]!.prizeId).toBe('p-pts');
    // Each step moves one cell clockwise.
    path.forEach((p, i) => expect(p).toBe((i + 1) % RING.length));
  });

  it('without a matching cell (nothing won and no 谢谢参与 cell) stops where it started', () => {
    const path = spinPath(gridCells(lottery()), 3, null);
    expect(path[path.length - 1]).toBe(3);
  });

  it('shows odds in percent from basis points', () => {
    expect(oddsPercent(100)).toBe('1.00%');
    expect(oddsPercent(3333)).toBe('33.33%');
  });
});

describe('幸运抽奖 page', () => {
  it('shows the lottery, its cost, draws left today, the published odds and my draws with a claim code', async () => {
    const c = await renderPage(lottery(), [myDraw()]);
    expect(sent().map((s) => s.url)).toEqual(['/api/v1/lotteries', '/api/v1/me/lottery-draws?limit=20']);
    expect(q(c, '#lottery-cost')!.textContent).toBe('每次 10 积分');
    expect(q(c, '#lottery-remaining')!.textContent).toBe('今日还可抽 3 次');
    expect(c.querySelectorAll('#lottery-cell')).toHaveLength(8);
    expect(q(c, '#lottery-draw')!.textContent).toBe('抽奖');
    const odds = [...c.querySelectorAll('#lottery-odds-row')].map((r) => r.textContent);
    expect(odds).toEqual(['保温杯1.00% · 剩余 2', '50 积分29.00% · 剩余 100', '谢谢参与70.00%']);
    expect(q(c, '#lottery-my-claim-code')!.textContent).toContain('ABCDE12345FGHJK');
  });

  it('draws with a requestId, runs the highlight round and stops on the won prize, then shows its claim code', async () => {
    const c = await renderPage();
    jest.useFakeTimers();
    respond(ok(drawResult(), 201), ok({ items: [lottery({ remainingToday: 2 })] }), ok({ items: [myDraw()], nextCursor: null }));
    fireEvent.click(q(c, '#lottery-draw')!);
    await act(async () => {
      await Promise.resolve();
    });
    const drawCall = sent()[2]!;
    expect(drawCall).toMatchObject({ url: '/api/v1/lotteries/l-1/draws', method: 'POST' });
    expect(drawCall.data?.requestId).toMatch(/^draw-/);
    // Mid-spin: one cell lit, no result yet.
    await act(async () => {
      jest.advanceTimersByTime(300);
    });
    expect(c.querySelectorAll('.lottery-grid__cell--active')).toHaveLength(1);
    expect(q(c, '#lottery-result')).toBeNull();
    await act(async () => {
      jest.runAllTimers();
    });
    jest.useRealTimers();
    await waitFor(() => expect(q(c, '#lottery-result')).not.toBeNull());
    const lit = c.querySelector('.lottery-grid__cell--active') as HTMLElement;
    expect(lit.getAttribute('data-prize-id')).toBe('p-big');
    expect(q(c, '#lottery-result-text')!.textContent).toBe('恭喜获得 保温杯');
    expect(q(c, '#lottery-result-claim-code')!.textContent).toBe('领奖码 ABCDE12345FGHJK');
    await waitFor(() => expect(q(c, '#lottery-remaining')!.textContent).toBe('今日还可抽 2 次'));
  });

  it('a refusal shows its message and no animation', async () => {
    const c = await renderPage();
    respond(apiError(422, 'LOTTERY_LIMIT_REACHED'));
    fireEvent.click(q(c, '#lottery-draw')!);
    await waitFor(() => expect(q(c, '#lottery-error')!.textContent).toBe('今日抽奖次数已用完'));
    expect(c.querySelectorAll('.lottery-grid__cell--active')).toHaveLength(0);
  });

  it('after a lost connection the next tap sends the same requestId (the server replays, nothing charged twice)', async () => {
    const c = await renderPage();
    requestMock.mockRejectedValueOnce(new Error('request:fail'));
    fireEvent.click(q(c, '#lottery-draw')!);
    await waitFor(() => expect(q(c, '#lottery-error')).not.toBeNull());
    respond(apiError(422, 'INSUFFICIENT_POINTS'));
    fireEvent.click(q(c, '#lottery-draw')!);
    await waitFor(() => expect(q(c, '#lottery-error')!.textContent).toBe('会员积分不足'));
    const [first, second] = sent().slice(2);
    expect(second!.data?.requestId).toBe(first!.data?.requestId);
  });

  it('disables the button when no draws are left today, and says so', async () => {
    const c = await renderPage(lottery({ remainingToday: 0 }));
    expect(q(c, '#lottery-draw')!.textContent).toBe('明天再来');
    expect(q(c, '#lottery-draw')!.hasAttribute('disabled')).toBe(true);
  });

  it('says so when no lottery is running', async () => {
    respond(ok({ items: [] }));
    const { container } = render(<LotteryPage />);
    await waitFor(() => expect(q(container, '#lottery-empty')).not.toBeNull());
  });
});
