import { act, renderHook } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { fireEvent, render, waitFor } from '@testing-library/react';
import { apiError, coupon, identifiedMember, ok, orderResponse } from '../../test/fixtures';
import StaffPage from '../packages/staff/staff/index';
import { resetTaroMock, respond } from '../../test/mocks/taro';
import { saveSession } from '../services/session';
import { priceOrder } from '@huiyuan/shared';
import { cleanMemberCode, redeemProblem, useCashier } from './use-cashier';

const requestMock = Taro.request as unknown as jest.Mock;
const sent = (i: number) => requestMock.mock.calls[i][0] as { url: string; method: string; data?: unknown };
const CODE = '661234567890123456';
const PRESENCE = { id: 'a1b2c3d4-0000-4000-8000-00000000000a', expiresAt: '2026-03-08T14:15:12.000Z' };

beforeEach(() => {
  resetTaroMock();
  process.env.TARO_ENV = 'h5';
  saveSession('staff-token', 3600, {
    kind: 'staff',
    staff: { id: 's1', username: 'cashier1', role: 'cashier', storeId: 'store-1' },
  });
});

async function identified() {
  respond(ok({ member: identifiedMember(), usableCoupons: [], identification: PRESENCE }));
  const hook = renderHook(() => useCashier());
  await act(() => hook.result.current.identify('6612 3456 7890 1234 56'));
  return hook;
}

describe('cleanMemberCode', () => {
  it('accepts the grouped digits and refuses anything that is not a member code', () => {
    expect(cleanMemberCode('6612 3456 7890 1234 56')).toBe(CODE);
    expect(cleanMemberCode('12345')).toBeNull();
    expect(cleanMemberCode('131234567890123456')).toBeNull(); // a payment code, not ours
  });
});

describe('useCashier', () => {
  it('identify → order → result: sends integer fen and shows what the purchase earned', async () => {
    const { result } = await identified();
    expect(sent(0)).toMatchObject({ url: '/api/v1/cashier/identify', method: 'POST', data: { memberCode: CODE } });
    expect(result.current.step).toBe('order');
    expect(result.current.member?.nickname).toBe('小满');
    expect(result.current.orderNo).toMatch(/^POS-\d{8}-\d{6}-[0-9a-z]{3}$/);

    act(() => result.current.setAmount('600.00'));
    expect(result.current.pointsHint).toBe('本单最多可用 1200 积分（抵 ¥12.00）');
    respond(ok(orderResponse(), 201));
    await act(() => result.current.submit());
    expect(sent(1)).toMatchObject({
      url: '/api/v1/cashier/orders',
      data: { memberId: identifiedMember().id, orderNo: result.current.orderNo, amount: 60000, identificationId: PRESENCE.id },
    });
    expect((sent(1).data as Record<string, unknown>).pointsToRedeem).toBeUndefined();
    expect(result.current.step).toBe('result');
    expect(result.current.result?.pointsEarned).toBe(600);
    expect(result.current.result?.tierChange?.to.name).toBe('银卡会员');

    act(() => result.current.reset());
    expect(result.current.step).toBe('identify');
    expect(result.current.member).toBeNull();
  });

  it('a used code → the Chinese message, and the cashier stays on identify', async () => {
    respond(apiError(422, 'MEMBER_CODE_USED', 'member code already used'));
    const { result } = renderHook(() => useCashier());
    await act(() => result.current.identify(CODE));
    expect(result.current.step).toBe('identify');
    expect(result.current.error).toBe('会员码已使用，请会员刷新后重新出示');
  });

  it('checks the code locally before calling the server', async () => {
    const { result } = renderHook(() => useCashier());
    await act(() => result.current.identify('1234'));
    expect(result.current.error).toBe('请输入 18 位会员码（以 66 开头）');
    expect(requestMock).not.toHaveBeenCalled();
  });

  it('INSUFFICIENT_POINTS from the server → message, same order number kept for the retry', async () => {
    const { result } = await identified();
    const orderNo = result.current.orderNo;
    act(() => {
      result.current.setAmount('600');
      result.current.setPoints('1200');
    });
    respond(apiError(422, 'INSUFFICIENT_POINTS', 'not enough points'));
    await act(() => result.current.submit());
    expect(sent(1).data).toMatchObject({ pointsToRedeem: 1200, amount: 60000 });
    expect(result.current.step).toBe('order');
    expect(result.current.error).toBe('会员积分不足');
    expect(result.current.orderNo).toBe(orderNo);
  });

  it('an expired identification (MEMBER_NOT_PRESENT) → 请重新扫码; scanning the member again resumes the order as typed', async () => {
    const { result } = await identified();
    const orderNo = result.current.orderNo;
    act(() => {
      result.current.setAmount('600');
      result.current.setPoints('1200');
    });
    respond(apiError(403, 'MEMBER_NOT_PRESENT', 'the identification has expired'));
    await act(() => result.current.submit());
    expect(result.current.step).toBe('order');
    expect(result.current.error).toBe('会员身份确认已过期（10 分钟），请重新扫码');
    expect(result.current.presenceExpired).toBe(true);

    act(() => result.current.rescan());
    expect(result.current.step).toBe('identify');
    expect(result.current.resuming).toBe(true);
    expect(result.current.error).toBeNull();
    const fresh = { id: 'a1b2c3d4-0000-4000-8000-00000000000b', expiresAt: '2026-03-08T14:27:00.000Z' };
    respond(ok({ member: identifiedMember(), usableCoupons: [], identification: fresh }));
    await act(() => result.current.identify(CODE));
    expect(result.current.step).toBe('order');
    expect(result.current.presenceExpired).toBe(false);
    expect(result.current).toMatchObject({ orderNo, amount: '600', points: '1200', resuming: false });
    respond(ok(orderResponse(), 201));
    await act(() => result.current.submit());
    expect(sent(3).data).toMatchObject({ orderNo, amount: 60000, pointsToRedeem: 1200, identificationId: fresh.id });
    expect(result.current.step).toBe('result');
  });

  it('the till page offers 重新扫码 when the identification has expired, and keeps the order', async () => {
    respond(ok({ member: identifiedMember(), usableCoupons: [], identification: PRESENCE }));
    const { container } = render(<StaffPage />);
    await waitFor(() => expect(container.querySelector('#cashier-code-input')).not.toBeNull());
    fireEvent.change(container.querySelector('#cashier-code-input')!, { target: { value: CODE } });
    fireEvent.click(container.querySelector('#cashier-identify')!);
    await waitFor(() => expect(container.querySelector('#cashier-amount')).not.toBeNull());
    fireEvent.change(container.querySelector('#cashier-amount')!, { target: { value: '88' } });
    expect(container.querySelector('#cashier-rescan')).toBeNull();
    respond(apiError(403, 'MEMBER_NOT_PRESENT'));
    fireEvent.click(container.querySelector('#cashier-submit')!);
    await waitFor(() => expect(container.querySelector('#cashier-rescan')).not.toBeNull());
    expect(container.querySelector('#cashier-error')?.textContent).toContain('请重新扫码');
    fireEvent.click(container.querySelector('#cashier-rescan')!);
    expect(container.querySelector('#cashier-resume-hint')?.textContent).toContain('继续本单');
  });

  it('a re-scan that finds another member starts a fresh order', async () => {
    const { result } = await identified();
    act(() => result.current.setAmount('600'));
    respond(apiError(403, 'MEMBER_NOT_PRESENT'));
    act(() => result.current.setPoints('100'));
    await act(() => result.current.submit());
    act(() => result.current.rescan());
    respond(ok({ member: identifiedMember({ id: 'other-member' }), usableCoupons: [], identification: PRESENCE }));
    await act(() => result.current.identify(CODE));
    expect(result.current).toMatchObject({ step: 'order', amount: '', points: '' });
  });

  it('refuses a bad amount or too many points without calling the server', async () => {
    const { result } = await identified();
    act(() => result.current.setAmount('12.345'));
    await act(() => result.current.submit());
    expect(result.current.error).toBe('金额最多两位小数');

    act(() => {
      result.current.setAmount('10');
      result.current.setPoints('1100');
    });
    await act(() => result.current.submit());
    expect(result.current.error).toBe('本单最多可使用 500 积分'); // points may pay half of ¥10
    expect(requestMock).toHaveBeenCalledTimes(1);
  });

  it('managers look a member up by member number and the last 4 phone digits', async () => {
    respond(
      apiError(404, 'NOT_FOUND', 'no such member'),
      ok({ member: identifiedMember(), usableCoupons: [], identification: PRESENCE }),
    );
    const { result } = renderHook(() => useCashier());
    await act(() => result.current.lookup('100000000042', '9999'));
    expect(result.current.error).toBe('未找到会员，请核对会员号和手机尾号');
    await act(() => result.current.lookup('100000000042', '8000'));
    expect(sent(1)).toMatchObject({
      url: '/api/v1/cashier/identify-by-member-no',
      data: { memberNo: '100000000042', phoneLast4: '8000' },
    });
    expect(result.current.step).toBe('order');
    expect(result.current.identification).toEqual(PRESENCE); // the fallback identifies too
  });
});

describe('redeemProblem', () => {
  const member = identifiedMember({ points: 1250 });
  it('uses the shared redemption rule', () => {
    expect(redeemProblem(member, 60000, 0)).toBeNull();
    expect(redeemProblem(member, 60000, 1200)).toBeNull();
    expect(redeemProblem(member, 60000, 150)).toBe('积分需为 100 的整数倍');
    expect(redeemProblem(member, 60000, 1300)).toBe('会员积分不足（可用 1250）');
    expect(redeemProblem(member, 1000, 600)).toBe('本单最多可使用 500 积分');
  });
});

describe('coupons at the till', () => {
  const cash = coupon({ id: 'c-cash', code: 'RU9S5F75A7WZ9A5', title: '满100减20', threshold: 10000, amountOff: 2000 });
  const percent = coupon({
    id: 'c-pct',
    code: 'FPW4BJSZ7ENV3AG',
    title: '9折券',
    kind: 'percent',
    threshold: 0,
    amountOff: undefined,
    percentOff: 10,
  });
  const gift = coupon({
    id: 'c-gift',
    code: 'V3AHRY6DMU29GQS',
    title: '咖啡兑换券',
    kind: 'gift',
    threshold: undefined,
    amountOff: undefined,
  });

  async function withCoupons(points = 1250) {
    respond(ok({ member: identifiedMember({ points }), usableCoupons: [cash, percent, gift], identification: PRESENCE }));
    const hook = renderHook(() => useCashier());
    await act(() => hook.result.current.identify(CODE));
    return hook;
  }

  it('lists order coupons to tick and gift coupons apart', async () => {
    const { result } = await withCoupons();
    expect(result.current.orderCoupons.map((c) => c.id)).toEqual(['c-cash', 'c-pct']);
    expect(result.current.giftCoupons.map((c) => c.id)).toEqual(['c-gift']);
    expect(result.current.selected).toEqual([]);
  });

  it('ticked coupons go in couponCodes; the preview is shared’s orderDiscount and lowers the points cap', async () => {
    const { result } = await withCoupons(10000);
    act(() => result.current.setAmount('120.00'));
    expect(result.current.pointsHint).toBe('本单最多可用 6000 积分（抵 ¥60.00）'); // half of ¥120
    act(() => result.current.toggle(cash));
    expect(result.current.preview).toEqual({ ok: true, discountFen: 2000, payableFen: 10000 });
    expect(result.current.pointsHint).toBe('本单最多可用 5000 积分（抵 ¥50.00）'); // half of the ¥100 left
    respond(ok(orderResponse({ amount: 12000, discount: 2000, payable: 10000, couponsUsed: [cash.code] }), 201));
    await act(() => result.current.submit());
    expect(sent(1).data).toMatchObject({ amount: 12000, couponCodes: ['RU9S5F75A7WZ9A5'], identificationId: PRESENCE.id });
    expect(result.current.result?.discount).toBe(2000);
  });

  it('ticking a second non-stackable coupon replaces the first; unticked coupons are not sent', async () => {
    const { result } = await withCoupons();
    act(() => result.current.toggle(cash));
    act(() => result.current.toggle(percent));
    expect(result.current.selected.map((c) => c.id)).toEqual(['c-pct']);
    act(() => result.current.toggle(percent));
    act(() => result.current.setAmount('50'));
    respond(ok(orderResponse(), 201));
    await act(() => result.current.submit());
    expect((sent(1).data as Record<string, unknown>).couponCodes).toBeUndefined();
  });

  it('a threshold not reached is explained before anything is sent', async () => {
    const { result } = await withCoupons();
    act(() => {
      result.current.toggle(cash);
      result.current.setAmount('99.99');
    });
    expect(result.current.preview).toEqual({ ok: false, message: '「满100减20」需订单满 ¥100.00 可用' });
    await act(() => result.current.submit());
    expect(result.current.error).toBe('「满100减20」需订单满 ¥100.00 可用');
    expect(requestMock).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['COUPON_ALREADY_USED', '所选优惠券已被使用，请取消勾选后重试'],
    ['COUPON_EXPIRED', '所选优惠券已过期，请取消勾选后重试'],
    ['COUPON_NOT_APPLICABLE', '所选优惠券不适用于本单，请取消勾选后重试'],
  ])('the server refusing a ticked coupon with %s → %s, on the same order number', async (code, text) => {
    const { result } = await withCoupons();
    const orderNo = result.current.orderNo;
    act(() => {
      result.current.toggle(cash);
      result.current.setAmount('200');
    });
    respond(apiError(422, code));
    await act(() => result.current.submit());
    expect(result.current.step).toBe('order');
    expect(result.current.error).toBe(text);
    expect(result.current.orderNo).toBe(orderNo);
  });

  it('the till page shows checkbox rows, the preview, and gift coupons with 核销', async () => {
    respond(ok({ member: identifiedMember(), usableCoupons: [cash, percent, gift] }));
    const { container } = render(<StaffPage />);
    await waitFor(() => expect(container.querySelector('#cashier-code-input')).not.toBeNull());
    expect(container.querySelector('#cashier-redeem-link')?.textContent).toContain('核销礼品券');
    fireEvent.change(container.querySelector('#cashier-code-input')!, { target: { value: CODE } });
    fireEvent.click(container.querySelector('#cashier-identify')!);
    await waitFor(() => expect(container.querySelectorAll('#cashier-coupon')).toHaveLength(2));
    const rows = () => [...container.querySelectorAll('#cashier-coupon')];
    expect(rows().map((r) => r.getAttribute('data-code'))).toEqual([cash.code, percent.code]);
    fireEvent.click(rows()[0]!);
    expect(rows()[0]!.classList.contains('till-coupon--checked')).toBe(true);
    fireEvent.change(container.querySelector('#cashier-amount')!, { target: { value: '150' } });
    expect(container.querySelector('#cashier-coupon-preview')?.textContent).toBe('优惠 -¥20.00，券后应付 ¥130.00');
    fireEvent.click(container.querySelector('#cashier-gift-redeem')!);
    expect(Taro.navigateTo).toHaveBeenCalledWith({
      url: `/packages/staff/redeem/index?code=${gift.code}&memberId=${identifiedMember().id}`,
    });
  });

  describe('the preview is shared priceOrder', () => {
    const silver = identifiedMember({
      tier: { code: 'silver', name: '银卡会员' },
      points: 10000,
      redemption: { pointsPerYuan: 100, unit: 100, maxShareBp: 5000, enabled: true, minPoints: 0 },
      pricing: { discountRateBp: 9800, pointsMultiplierBp: 12000, earning: { pointsPerYuan: 1, growthPerYuan: 1 } },
    });

    async function silverTill() {
      respond(ok({ member: silver, usableCoupons: [cash, percent], identification: PRESENCE }));
      const hook = renderHook(() => useCashier());
      await act(() => hook.result.current.identify(CODE));
      return hook;
    }

    it('silver ¥100 → member price ¥98, 117 points to earn — exactly what priceOrder returns', async () => {
      const { result } = await silverTill();
      act(() => result.current.setAmount('100'));
      const expected = priceOrder(
        {
          amountFen: 10000,
          tier: silver.pricing!,
          couponContext: { now: new Date(), storeId: 'store-1', tierCode: 'silver' },
          pointsBalance: 10000,
          storedBalance: 0,
        },
        { earning: silver.pricing!.earning, redemption: { ...silver.redemption, enabled: true, minPoints: 0 } },
      );
      expect(result.current.pricing).toEqual(expected);
      expect(result.current.pricing).toMatchObject({ payable: 9800, discounts: { memberPrice: 200 }, earned: { points: 117 } });
      // Points pay at most half of the member price.
      expect(result.current.pointsHint).toBe('本单最多可用 4900 积分（抵 ¥49.00）');
    });

    it('coupons apply to the member price, then points; the threshold counts on the member price', async () => {
      const { result } = await silverTill();
      act(() => {
        result.current.setAmount('120');
        result.current.toggle(percent);
        result.current.setPoints('1000');
      });
      // 12000 → 11760 (98折) → 10584 (9折券) → 9584 (1000 points = ¥10).
      expect(result.current.pricing).toMatchObject({
        discounts: { memberPrice: 240, coupons: 1176, points: 1000 },
        discount: 2416,
        payable: 9584,
        tenders: { balance: 0, external: 9584 },
        earned: { points: 115, growth: 95 },
      });
      act(() => {
        result.current.toggle(cash);
        result.current.setAmount('100');
        result.current.setPoints('');
      });
      // ¥100 lists at ¥98 for silver: the 满100减20 does not apply — said before anything is sent.
      expect(result.current.pricing).toBeNull();
      await act(() => result.current.submit());
      expect(result.current.error).toBe('「满100减20」需订单满 ¥100.00 可用');
      expect(requestMock).toHaveBeenCalledTimes(1);
    });

    it('the till page shows the member price, payable and points to earn', async () => {
      respond(ok({ member: silver, usableCoupons: [], identification: PRESENCE }));
      const { container } = render(<StaffPage />);
      await waitFor(() => expect(container.querySelector('#cashier-code-input')).not.toBeNull());
      fireEvent.change(container.querySelector('#cashier-code-input')!, { target: { value: CODE } });
      fireEvent.click(container.querySelector('#cashier-identify')!);
      await waitFor(() => expect(container.querySelector('#cashier-amount')).not.toBeNull());
      fireEvent.change(container.querySelector('#cashier-amount')!, { target: { value: '100' } });
      expect(container.querySelector('#cashier-preview-member-price')?.textContent).toBe('-¥2.00');
      expect(container.querySelector('#cashier-preview-payable')?.textContent).toBe('¥98.00');
      expect(container.querySelector('#cashier-preview-points-earned')?.textContent).toBe('+117');
    });
  });
});
