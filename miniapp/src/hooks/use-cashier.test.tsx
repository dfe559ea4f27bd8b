import { act, renderHook } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { apiError, identifiedMember, ok, orderResponse } from '../../test/fixtures';
import { resetTaroMock, respond } from '../../test/mocks/taro';
import { saveSession } from '../services/session';
import { cleanMemberCode, redeemProblem, useCashier } from './use-cashier';

const requestMock = Taro.request as unknown as jest.Mock;
const sent = (i: number) => requestMock.mock.calls[i][0] as { url: string; method: string; data?: unknown };
const CODE = '661234567890123456';

beforeEach(() => {
  resetTaroMock();
  process.env.TARO_ENV = 'h5';
  saveSession('staff-token', 3600, {
    kind: 'staff',
    staff: { id: 's1', username: 'cashier1', role: 'cashier', storeId: 'store-1' },
  });
});

async function identified() {
  respond(ok({ member: identifiedMember(), usableCoupons: [] }));
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
      data: { memberId: identifiedMember().id, orderNo: result.current.orderNo, amount: 60000 },
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
    respond(apiError(404, 'NOT_FOUND', 'no such member'), ok({ member: identifiedMember(), usableCoupons: [] }));
    const { result } = renderHook(() => useCashier());
    await act(() => result.current.lookup('100000000042', '9999'));
    expect(result.current.error).toBe('未找到会员，请核对会员号和手机尾号');
    await act(() => result.current.lookup('100000000042', '8000'));
    expect(sent(1)).toMatchObject({
      url: '/api/v1/cashier/identify-by-member-no',
      data: { memberNo: '100000000042', phoneLast4: '8000' },
    });
    expect(result.current.step).toBe('order');
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
