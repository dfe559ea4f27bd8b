import { fireEvent, render, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { calendar } from '../../test/engagement-fixtures';
import { apiError, ok } from '../../test/fixtures';
import { resetTaroMock, respond } from '../../test/mocks/taro';
import CheckInPage from '../pages/checkin/index';
import { CHECKIN_REMINDER_TEMPLATE_ID } from '../services/engagement';
import { saveSession } from '../services/session';

const requestMock = Taro.request as unknown as jest.Mock;
const sent = () => requestMock.mock.calls.map(([o]) => o as { url: string; method: string; data?: unknown });
const q = (c: HTMLElement, sel: string) => c.querySelector(sel) as HTMLElement | null;
const dayCell = (c: HTMLElement, date: string) => q(c, `#checkin-day[data-date="${date}"]`);

async function renderPage(cal = calendar()) {
  respond(ok(cal));
  const view = render(<CheckInPage />);
  await waitFor(() => expect(q(view.container, '#checkin-streak')).not.toBeNull());
  return view.container;
}

beforeEach(() => {
  resetTaroMock();
  process.env.TARO_ENV = 'h5';
  saveSession('member-token', 3600, { kind: 'member' });
});

describe('每日签到 calendar', () => {
  it('renders each day with its status class, Monday first, and a 补签 button only on a missed day that allows it', async () => {
    const c = await renderPage();
    expect(sent()[0]!.url).toBe('/api/v1/me/checkins');
    expect(c.querySelectorAll('#checkin-day')).toHaveLength(31);
    expect(dayCell(c, '2026-03-01')!.className).toContain('checkin-day--checked');
    expect(dayCell(c, '2026-03-02')!.className).toContain('checkin-day--made_up');
    expect(dayCell(c, '2026-03-02')!.textContent).toContain('补');
    expect(dayCell(c, '2026-03-03')!.className).toContain('checkin-day--missed');
    expect(dayCell(c, '2026-03-05')!.className).toContain('checkin-day--today');
    expect(dayCell(c, '2026-03-06')!.className).toContain('checkin-day--future');
    // 2026-03-01 is a Sunday: six padding cells before it in the first week.
    expect(c.querySelectorAll('.checkin-calendar__week')[1]!.querySelectorAll('.checkin-day--pad')).toHaveLength(6);
    const makeUps = c.querySelectorAll('#checkin-makeup');
    expect(makeUps).toHaveLength(1);
    expect(makeUps[0]!.getAttribute('data-date')).toBe('2026-03-03');
    expect(q(c, '#checkin-month')!.textContent).toBe('2026年3月');
    expect(q(c, '#checkin-milestone-text')!.textContent).toBe('再签到 4 天：本周期累计签到 7 天，可得 50 积分');
  });

  it('hides 补签 once the cycle has no make-ups left', async () => {
    const c = await renderPage(calendar({ makeUpsLeft: 0 }));
    expect(c.querySelectorAll('#checkin-makeup')).toHaveLength(0);
  });

  it('goes to the previous month and back; no month after the current one', async () => {
    const c = await renderPage();
    expect(q(c, '#checkin-next-month')).toBeNull();
    respond(ok(calendar({ month: '2026-02', days: [] })));
    fireEvent.click(q(c, '#checkin-prev-month')!);
    await waitFor(() => expect(q(c, '#checkin-month')!.textContent).toBe('2026年2月'));
    expect(sent()[1]!.url).toBe('/api/v1/me/checkins?month=2026-02');
    respond(ok(calendar()));
    fireEvent.click(q(c, '#checkin-next-month')!);
    await waitFor(() => expect(q(c, '#checkin-month')!.textContent).toBe('2026年3月'));
    expect(sent()[2]!.url).toBe('/api/v1/me/checkins?month=2026-03');
  });
});

describe('签到 button', () => {
  it('checks in, shows the points and rewards, then reads 今天已签到 and is disabled', async () => {
    const c = await renderPage();
    const button = q(c, '#checkin-submit') as HTMLButtonElement;
    expect(button.textContent).toBe('签到');
    expect(button.disabled).toBe(false);
    expect(q(c, '#checkin-today-points')!.textContent).toBe('今日签到可得 5 积分');

    respond(
      ok(
        {
          date: '2026-03-05',
          streak: 2,
          pointsAwarded: 15,
          rewards: [
            { type: 'points', rule: 'base_points', points: 5 },
            { type: 'points', rule: 'streak_bonus', points: 10 },
          ],
          cumulativeInCycle: 4,
        },
        201,
      ),
      ok(calendar({ checkedInToday: true, streak: 2, todayPoints: 0 })),
    );
    fireEvent.click(button);
    await waitFor(() => expect(q(c, '#checkin-result')).not.toBeNull());
    expect(sent()[1]).toMatchObject({ url: '/api/v1/me/checkins', method: 'POST' });
    expect(q(c, '#checkin-result-points')!.textContent).toBe('+15 积分');
    expect(Array.from(c.querySelectorAll('#checkin-result-reward')).map((e) => e.textContent)).toEqual([
      '签到奖励 +5 积分',
      '连续签到奖励 +10 积分',
    ]);
    await waitFor(() => expect(q(c, '#checkin-submit')!.textContent).toBe('今天已签到'));
    expect((q(c, '#checkin-submit') as HTMLButtonElement).disabled).toBe(true);
    expect(q(c, '#checkin-streak')!.textContent).toBe('2');
  });

  it('409 ALREADY_CHECKED_IN (checked in on another phone) → 今天已签到, calendar read again', async () => {
    const c = await renderPage();
    respond(apiError(409, 'ALREADY_CHECKED_IN'), ok(calendar({ checkedInToday: true })));
    fireEvent.click(q(c, '#checkin-submit')!);
    await waitFor(() => expect(q(c, '#checkin-error')?.textContent).toBe('今天已签到'));
    expect(q(c, '#checkin-submit')!.textContent).toBe('今天已签到');
    expect(sent()[2]!.url).toBe('/api/v1/me/checkins?month=2026-03');
  });

  it('a network failure says so in Chinese and leaves the button usable', async () => {
    const c = await renderPage();
    requestMock.mockRejectedValueOnce(new Error('fail'));
    fireEvent.click(q(c, '#checkin-submit')!);
    await waitFor(() => expect(q(c, '#checkin-error')?.textContent).toBe('网络连接失败，请检查网络后重试'));
    expect((q(c, '#checkin-submit') as HTMLButtonElement).disabled).toBe(false);
  });
});

describe('补签', () => {
  it('asks first with the cost and make-ups left, then makes up the day', async () => {
    const c = await renderPage();
    fireEvent.click(q(c, '#checkin-makeup')!);
    expect(q(c, '#checkin-makeup-cost')!.textContent).toBe('消耗 20 积分，本周期还可补签 2 次');
    expect(requestMock).toHaveBeenCalledTimes(1);

    respond(
      ok(
        {
          date: '2026-03-03',
          streak: 4,
          pointsAwarded: 5,
          rewards: [{ type: 'points', rule: 'base_points', points: 5 }],
          cumulativeInCycle: 4,
          costPoints: 20,
          makeUpsLeft: 1,
        },
        201,
      ),
      ok(calendar({ makeUpsLeft: 1, streak: 4 })),
    );
    fireEvent.click(q(c, '#checkin-makeup-ok')!);
    await waitFor(() => expect(q(c, '#checkin-result')).not.toBeNull());
    expect(sent()[1]).toMatchObject({ url: '/api/v1/me/checkins/make-up', method: 'POST', data: { date: '2026-03-03' } });
    expect(q(c, '#checkin-result')!.textContent).toContain('3月3日补签成功');
    expect(q(c, '#checkin-result-makeup')!.textContent).toBe('消耗 20 积分 · 本周期还可补签 1 次');
    expect(q(c, '#checkin-makeup-sheet')).toBeNull();
    await waitFor(() => expect(q(c, '#checkin-streak')!.textContent).toBe('4'));
  });

  it.each([
    [apiError(422, 'INSUFFICIENT_POINTS'), '积分不足，补签一次需要 20 积分'],
    [apiError(422, 'MAKE_UP_LIMIT_REACHED'), '本周期补签次数已用完'],
    [
      { statusCode: 422, data: { code: 'MAKE_UP_NOT_ALLOWED', message: 'x', details: [{ reason: 'outside_cycle' }] } },
      '只能补签本周期内漏签的日期',
    ],
  ])('a refusal is shown in Chinese (%#)', async (answer, text) => {
    const c = await renderPage();
    fireEvent.click(q(c, '#checkin-makeup')!);
    respond(answer);
    fireEvent.click(q(c, '#checkin-makeup-ok')!);
    await waitFor(() => expect(q(c, '#checkin-error')?.textContent).toBe(text));
    expect(q(c, '#checkin-makeup-sheet')).toBeNull();
    expect(q(c, '#checkin-result')).toBeNull();
  });

  it('再想想 closes the sheet without sending anything', async () => {
    const c = await renderPage();
    fireEvent.click(q(c, '#checkin-makeup')!);
    fireEvent.click(q(c, '#checkin-makeup-cancel')!);
    expect(q(c, '#checkin-makeup-sheet')).toBeNull();
    expect(requestMock).toHaveBeenCalledTimes(1);
  });
});

describe('签到提醒', () => {
  it('on H5 the sandbox button reports an accepted subscription', async () => {
    const c = await renderPage();
    expect(q(c, '#checkin-subscribe')!.textContent).toBe('模拟订阅签到提醒（沙箱）');
    respond(ok({ templateId: CHECKIN_REMINDER_TEMPLATE_ID, remaining: 1 }));
    fireEvent.click(q(c, '#checkin-subscribe')!);
    await waitFor(() => expect(q(c, '#checkin-subscribe-status')?.textContent).toBe('已开启签到提醒，可提醒 1 次'));
    expect(Taro.requestSubscribeMessage).not.toHaveBeenCalled();
    expect(sent()[1]).toMatchObject({
      url: '/api/v1/me/subscriptions',
      method: 'POST',
      data: { templateId: CHECKIN_REMINDER_TEMPLATE_ID, accepted: true },
    });
  });

  it('on weapp asks WeChat on the tap and reports what the member chose', async () => {
    process.env.TARO_ENV = 'weapp';
    const c = await renderPage();
    (Taro.requestSubscribeMessage as jest.Mock).mockResolvedValueOnce({
      errMsg: 'requestSubscribeMessage:ok',
      [CHECKIN_REMINDER_TEMPLATE_ID]: 'reject',
    });
    respond(ok({ templateId: CHECKIN_REMINDER_TEMPLATE_ID, remaining: 0 }));
    fireEvent.click(q(c, '#checkin-subscribe')!);
    await waitFor(() => expect(q(c, '#checkin-subscribe-status')).not.toBeNull());
    expect(Taro.requestSubscribeMessage).toHaveBeenCalledWith({ tmplIds: [CHECKIN_REMINDER_TEMPLATE_ID] });
    expect(sent()[1]).toMatchObject({ data: { templateId: CHECKIN_REMINDER_TEMPLATE_ID, accepted: false } });
  });
});
