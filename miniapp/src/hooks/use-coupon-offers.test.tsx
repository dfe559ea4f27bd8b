import { act, fireEvent, render, renderHook, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { apiError, coupon, memberCard, offer, ok } from '../../test/fixtures';
import { resetTaroMock, respond } from '../../test/mocks/taro';
import CenterPage from '../pages/center/index';
import MallPage from '../pages/mall/index';
import { saveSession } from '../services/session';
import { useCouponOffers } from './use-coupon-offers';

const requestMock = Taro.request as unknown as jest.Mock;
const sent = (i: number) => requestMock.mock.calls[i][0] as { url: string; method: string; data?: unknown };
const T1 = 't0000000-0000-4000-8000-000000000001';

beforeEach(() => {
  resetTaroMock();
  process.env.TARO_ENV = 'h5';
  saveSession('member-token', 3600, { kind: 'member' });
});

async function loaded(
  items = [offer()],
  options: Parameters<typeof useCouponOffers>[0] = {},
  me?: ReturnType<typeof memberCard>,
) {
  respond(ok({ items }), ...(me ? [ok(me)] : []));
  const hook = renderHook(() => useCouponOffers(options));
  await waitFor(() => expect(hook.result.current.loaded).toBe(true));
  return hook;
}

describe('useCouponOffers', () => {
  it('claims a free offer at once with a retry key, then shows 已领取 and the notice', async () => {
    const { result } = await loaded();
    expect(sent(0)).toMatchObject({ url: '/api/v1/coupons/center', method: 'GET' });
    respond(ok(coupon(), 201));
    await act(async () => result.current.request(result.current.items[0]!));
    await waitFor(() => expect(result.current.items[0]!.claimedByMe).toBe(1));
    expect(sent(1)).toMatchObject({ url: `/api/v1/coupons/center/${T1}/claim`, method: 'POST' });
    expect((sent(1).data as { requestId: string }).requestId).toMatch(/^[A-Za-z0-9_.:-]{1,64}$/);
    expect(result.current.items[0]!.remaining).toBe(87);
    expect(result.current.notice).toBe('领取成功，「满100减20」已放入券包');
  });

  it('COUPON_OUT_OF_STOCK → 已抢光 on the button and the Chinese message', async () => {
    const { result } = await loaded();
    respond(apiError(422, 'COUPON_OUT_OF_STOCK'));
    await act(async () => result.current.request(result.current.items[0]!));
    await waitFor(() => expect(result.current.error).toBe('手慢了，优惠券已被抢光'));
    expect(result.current.items[0]!.remaining).toBe(0);
  });

  it('COUPON_LIMIT_REACHED → 已领取 and the Chinese message', async () => {
    const { result } = await loaded([offer({ perMemberLimit: 2, claimedByMe: 1 })]);
    respond(apiError(422, 'COUPON_LIMIT_REACHED'));
    await act(async () => result.current.request(result.current.items[0]!));
    await waitFor(() => expect(result.current.error).toBe('已达到每人领取上限'));
    expect(result.current.items[0]!.claimedByMe).toBe(2);
  });

  it('a lost answer keeps the retry key, so a retry claims (and charges) once', async () => {
    const { result } = await loaded();
    requestMock.mockRejectedValueOnce(new Error('timeout'));
    await act(async () => result.current.request(result.current.items[0]!));
    await waitFor(() => expect(result.current.error).toBe('网络连接失败，请检查网络后重试'));
    respond(ok(coupon(), 200));
    await act(async () => result.current.request(result.current.items[0]!));
    await waitFor(() => expect(result.current.notice).not.toBeNull());
    expect((sent(2).data as { requestId: string }).requestId).toBe((sent(1).data as { requestId: string }).requestId);
  });

  it('does nothing for an offer already claimed or sold out', async () => {
    const { result } = await loaded([offer({ claimedByMe: 1 }), offer({ templateId: 't2', remaining: 0 })]);
    act(() => {
      result.current.request(result.current.items[0]!);
      result.current.request(result.current.items[1]!);
    });
    expect(requestMock).toHaveBeenCalledTimes(1);
  });

  it('mall: a points offer asks first, then charges and lowers the points shown', async () => {
    const { result } = await loaded(
      [offer({ pointsCost: 300 })],
      { channel: 'points', withPoints: true },
      memberCard({ points: 356 }),
    );
    expect(sent(0).url).toBe('/api/v1/coupons/center?channel=points');
    expect(result.current.points).toBe(356);
    act(() => result.current.request(result.current.items[0]!));
    expect(result.current.pending?.templateId).toBe(T1);
    expect(requestMock).toHaveBeenCalledTimes(2); // nothing claimed before the member confirms
    respond(ok(coupon(), 201));
    await act(() => result.current.confirm());
    expect(result.current.points).toBe(56);
    expect(result.current.notice).toBe('兑换成功，「满100减20」已放入券包');
  });

  it('mall: too few points → a clear message and no request; the server saying so reads the same way', async () => {
    const { result } = await loaded(
      [offer({ pointsCost: 500 })],
      { channel: 'points', withPoints: true },
      memberCard({ points: 356 }),
    );
    act(() => result.current.request(result.current.items[0]!));
    expect(result.current.pending).toBeNull();
    expect(result.current.error).toBe('积分不足：兑换需要 500 积分，您当前有 356 积分');
    expect(requestMock).toHaveBeenCalledTimes(2);

    const second = await loaded(
      [offer({ pointsCost: 300 })],
      { channel: 'points', withPoints: true },
      memberCard({ points: 356 }),
    );
    act(() => second.result.current.request(second.result.current.items[0]!));
    respond(apiError(422, 'INSUFFICIENT_POINTS'));
    await act(() => second.result.current.confirm());
    expect(second.result.current.error).toBe('积分不足，无法兑换');
  });
});

describe('the centre and mall pages', () => {
  it('show 领取 / 已领取 / 已抢光 and the points price, with the template id on each item', async () => {
    respond(
      ok({
        items: [
          offer({ templateId: 'open' }),
          offer({ templateId: 'mine', claimedByMe: 1 }),
          offer({ templateId: 'gone', remaining: 0 }),
          offer({ templateId: 'pts', pointsCost: 200, kind: 'percent', percentOff: 20, maxOff: 5000, threshold: 0 }),
        ],
      }),
    );
    const { container } = render(<CenterPage />);
    await waitFor(() => expect(container.querySelectorAll('#center-item')).toHaveLength(4));
    const buttons = [...container.querySelectorAll('#center-claim')].map((b) => b.textContent);
    expect(buttons).toEqual(['领取', '已领取', '已抢光', '200 积分兑换']);
    const items = [...container.querySelectorAll('#center-item')];
    expect(items.map((i) => i.getAttribute('data-template'))).toEqual(['open', 'mine', 'gone', 'pts']);
    expect(items[1]!.classList.contains('coupon-offer--claimed')).toBe(true);
    expect(items[2]!.classList.contains('coupon-offer--sold_out')).toBe(true);
    expect(items[3]!.textContent).toContain('8折 最高减50');
    expect(items[3]!.textContent).toContain('200 积分');
  });

  it('the mall confirms an exchange in a sheet', async () => {
    respond(
      ok({ items: [offer({ pointsCost: 300, title: '咖啡兑换券', kind: 'gift', threshold: undefined, amountOff: undefined })] }),
      ok(memberCard({ points: 356 })),
    );
    const { container } = render(<MallPage />);
    await waitFor(() => expect(container.querySelector('#mall-points')?.textContent).toBe('356'));
    fireEvent.click(container.querySelector('#mall-exchange')!);
    expect(screen.getByText('使用 300 积分兑换「咖啡兑换券」，兑换后剩余 56 积分')).toBeTruthy();
    respond(ok(coupon({ kind: 'gift', title: '咖啡兑换券' }), 201));
    fireEvent.click(container.querySelector('#mall-confirm-ok')!);
    await waitFor(() => expect(container.querySelector('#mall-points')?.textContent).toBe('56'));
    expect(container.querySelector('#mall-confirm')).toBeNull();
    expect(container.querySelector('#mall-exchange')?.textContent).toBe('已兑换');
  });
});
