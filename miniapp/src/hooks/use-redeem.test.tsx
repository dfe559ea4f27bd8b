import { act, renderHook } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { apiError, coupon, ok } from '../../test/fixtures';
import { resetTaroMock, respond } from '../../test/mocks/taro';
import { saveSession } from '../services/session';
import { useRedeem } from './use-redeem';

const requestMock = Taro.request as unknown as jest.Mock;
const sent = (i: number) => requestMock.mock.calls[i][0] as { url: string; method: string; data?: unknown };
const GIFT = coupon({ kind: 'gift', title: '咖啡兑换券', code: 'V3AHRY6DMU29GQS', threshold: undefined, amountOff: undefined });
const getInstance = Taro.getCurrentInstance as unknown as jest.Mock;

beforeEach(() => {
  resetTaroMock();
  process.env.TARO_ENV = 'h5';
  saveSession('staff-token', 3600, {
    kind: 'staff',
    staff: { id: 's1', username: 'cashier1', role: 'cashier', storeId: 'store-1' },
  });
});

describe('useRedeem (核销礼品券)', () => {
  it('redeems a typed code in any case and grouping, and shows the coupon', async () => {
    const { result } = renderHook(() => useRedeem());
    act(() => result.current.setCode('v3ahr-y6dmu-29gqs'));
    respond(ok({ coupon: { ...GIFT, status: 'used' } }));
    await act(() => result.current.submit());
    expect(sent(0)).toMatchObject({
      url: '/api/v1/cashier/coupons/redeem',
      method: 'POST',
      data: { couponCode: 'V3AHRY6DMU29GQS' },
    });
    expect(result.current.result?.title).toBe('咖啡兑换券');
  });

  it('COUPON_ALREADY_USED → 已核销过', async () => {
    const { result } = renderHook(() => useRedeem());
    act(() => result.current.setCode(GIFT.code));
    respond(apiError(422, 'COUPON_ALREADY_USED'));
    await act(() => result.current.submit());
    expect(result.current.error).toBe('该券已核销过，不能重复使用');
    expect(result.current.result).toBeNull();
  });

  it('a cash coupon is sent back to the order, by the refusal’s reason', async () => {
    const { result } = renderHook(() => useRedeem());
    act(() => result.current.setCode('RU9S5F75A7WZ9A5'));
    respond({
      statusCode: 422,
      data: { statusCode: 422, error: 'x', code: 'COUPON_NOT_APPLICABLE', message: 'x', details: [{ reason: 'not_gift' }] },
    });
    await act(() => result.current.submit());
    expect(result.current.error).toBe('这是满减/折扣券，请在收银时勾选使用');
  });

  it('a mistyped code is caught by its check character without a request', async () => {
    const { result } = renderHook(() => useRedeem());
    act(() => result.current.setCode('V3AHRY6DMU29GQT'));
    await act(() => result.current.submit());
    expect(result.current.error).toMatch(/^券码有误/);
    expect(requestMock).not.toHaveBeenCalled();
  });

  it('opened from an identified member: prefilled, and only that member’s coupon', async () => {
    getInstance.mockReturnValue({ router: { params: { code: GIFT.code, memberId: 'm-1' } } });
    const { result } = renderHook(() => useRedeem());
    expect(result.current.code).toBe(GIFT.code);
    respond(ok({ coupon: GIFT }));
    await act(() => result.current.submit());
    expect(sent(0).data).toEqual({ couponCode: GIFT.code, memberId: 'm-1' });
  });

  it('weapp: a scanned QR is redeemed at once; closing the scanner does nothing', async () => {
    (Taro.scanCode as unknown as jest.Mock)
      .mockRejectedValueOnce(new Error('cancel'))
      .mockResolvedValueOnce({ result: GIFT.code });
    const { result } = renderHook(() => useRedeem());
    await act(() => result.current.scan());
    expect(requestMock).not.toHaveBeenCalled();
    respond(ok({ coupon: GIFT }));
    await act(() => result.current.scan());
    expect(sent(0).data).toEqual({ couponCode: GIFT.code });
  });
});
