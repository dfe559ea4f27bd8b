import { act, fireEvent, render, renderHook, waitFor } from '@testing-library/react';
import type { PaymentArguments } from '@huiyuan/shared';
import Taro from '@tarojs/taro';
import { apiError, ok } from '../../test/fixtures';
import { resetTaroMock, respond } from '../../test/mocks/taro';
import { PaymentStep } from '../components/payment-step';
import { api } from '../services/api';
import { saveSession } from '../services/session';
import { PAYMENT_MESSAGES, prepayIdOf, useWechatPayment, type PaymentOrder } from './use-wechat-payment';

const requestMock = Taro.request as unknown as jest.Mock;
const sent = (i: number) => requestMock.mock.calls[i][0] as { url: string; method: string; data?: unknown };
const urls = () => requestMock.mock.calls.map(([o]) => `${(o as { method: string }).method} ${(o as { url: string }).url}`);
// The mock has no requestPayment: this suite adds it (weapp only calls it).
const taro = Taro as unknown as { requestPayment?: jest.Mock };

const PAYMENT: PaymentArguments = {
  appId: 'wxd0000000000000',
  timeStamp: '1764660000',
  nonceStr: 'n0nce',
  package: 'prepay_id=wx02151500abc',
  signType: 'RSA',
  paySign: 'c2lnbmVk',
  outTradeNo: 'HT20261202abc123',
};

const status = (s: 'pending' | 'paid' | 'closed') =>
  ok({ outTradeNo: PAYMENT.outTradeNo, status: s, purpose: 'stored_value_top_up', amount: 10000 });

/** Opens a top-up the way the 储值 page does. */
const topUp = (requestId: string): Promise<PaymentOrder> => api.createTopUp({ planId: 'plan-100', requestId });

beforeEach(() => {
  resetTaroMock();
  process.env.TARO_ENV = 'h5';
  taro.requestPayment = jest.fn();
  saveSession('member-token', 3600, { kind: 'member' });
});

function setup(onDone = jest.fn()) {
  const hook = renderHook(() => useWechatPayment({ onDone, pollMs: 0, pollTries: 3 }));
  return { ...hook, onDone };
}

describe('prepayIdOf', () => {
  it('takes the prepay id out of the package', () => {
    expect(prepayIdOf(PAYMENT)).toBe('wx02151500abc');
  });
});

describe('useWechatPayment on H5', () => {
  it('create → 模拟支付 confirm → sandbox pays → polls until paid → done, onDone called once', async () => {
    const { result, onDone } = setup();
    respond(ok({ topUpId: 't1', status: 'pending', payment: PAYMENT }, 201));
    await act(() => result.current.start('plan-100', topUp));
    expect(result.current.phase).toBe('confirm');
    expect(result.current.confirming).toBe(true);
    expect(result.current.payment?.outTradeNo).toBe(PAYMENT.outTradeNo);
    expect(sent(0)).toMatchObject({ method: 'POST', url: '/api/v1/me/stored-value/top-ups', data: { planId: 'plan-100' } });
    expect((sent(0).data as { requestId: string }).requestId).toMatch(/^pay-/);

    // The sandbox answers while the notification is still on its way: pending, then paid.
    respond(status('pending'), status('paid'));
    await act(() => result.current.confirmSandbox());
    expect(urls().slice(1)).toEqual([
      'POST /api/v1/sandbox/payments/wx02151500abc/pay',
      `GET /api/v1/me/payments/${PAYMENT.outTradeNo}`,
    ]);
    expect(result.current.phase).toBe('done');
    expect(result.current.message).toBe(PAYMENT_MESSAGES.done);
    expect(result.current.busy).toBe(false);
    expect(onDone).toHaveBeenCalledTimes(1);
    expect(taro.requestPayment).not.toHaveBeenCalled();
  });

  it('a 404 from the sandbox route → the server is not a sandbox, said in words', async () => {
    const { result, onDone } = setup();
    respond(ok({ topUpId: 't1', status: 'pending', payment: PAYMENT }, 201));
    await act(() => result.current.start('plan-100', topUp));
    respond(apiError(404, 'NOT_FOUND', 'route not found'));
    await act(() => result.current.confirmSandbox());
    expect(result.current.phase).toBe('failed');
    expect(result.current.isError).toBe(true);
    expect(result.current.message).toBe(PAYMENT_MESSAGES.notSandbox);
    expect(onDone).not.toHaveBeenCalled();
  });

  it('still pending after the polls → pending (not an error); 刷新支付结果 asks again and finishes', async () => {
    const { result, onDone } = setup();
    respond(ok({ topUpId: 't1', status: 'pending', payment: PAYMENT }, 201));
    await act(() => result.current.start('plan-100', topUp));
    respond(status('pending'), status('pending'), status('pending'), status('pending'));
    await act(() => result.current.confirmSandbox());
    expect(requestMock).toHaveBeenCalledTimes(5); // create, sandbox pay, 3 polls
    expect(result.current.phase).toBe('pending');
    expect(result.current.isError).toBe(false);
    expect(result.current.message).toBe(PAYMENT_MESSAGES.pending);

    respond(status('paid'));
    await act(() => result.current.recheck());
    expect(result.current.phase).toBe('done');
    expect(onDone).toHaveBeenCalledTimes(1);
  });

  it('a closed payment → failed, 请重新下单', async () => {
    const { result } = setup();
    respond(ok({ topUpId: 't1', status: 'pending', payment: PAYMENT }, 201));
    await act(() => result.current.start('plan-100', topUp));
    respond(status('closed'));
    await act(() => result.current.confirmSandbox());
    expect(result.current.phase).toBe('failed');
    expect(result.current.message).toBe(PAYMENT_MESSAGES.closed);
  });

  it('cancel closes the 模拟支付 step without paying', async () => {
    const { result } = setup();
    respond(ok({ topUpId: 't1', status: 'pending', payment: PAYMENT }, 201));
    await act(() => result.current.start('plan-100', topUp));
    act(() => result.current.cancel());
    expect(result.current.phase).toBe('cancelled');
    expect(result.current.message).toBe(PAYMENT_MESSAGES.cancelled);
    expect(requestMock).toHaveBeenCalledTimes(1);
  });

  it('a network error on create keeps the requestId: tapping the same plan again replays it; another plan gets a new one', async () => {
    const { result } = setup();
    requestMock.mockRejectedValueOnce(new Error('request:fail timeout'));
    await act(() => result.current.start('plan-100', topUp));
    expect(result.current.phase).toBe('failed');
    expect(result.current.message).toBe('网络连接失败，请检查网络后重试');
    const first = (sent(0).data as { requestId: string }).requestId;

    respond(ok({ topUpId: 't1', status: 'pending', payment: PAYMENT }, 200));
    await act(() => result.current.start('plan-100', topUp));
    expect((sent(1).data as { requestId: string }).requestId).toBe(first);
    expect(result.current.phase).toBe('confirm');

    // Once answered, the tap is over: the next tap is a new top-up.
    act(() => result.current.cancel());
    respond(ok({ topUpId: 't2', status: 'pending', payment: PAYMENT }, 201));
    await act(() => result.current.start('plan-100', topUp));
    expect((sent(2).data as { requestId: string }).requestId).not.toBe(first);
  });

  it('a refusal is final: the next tap gets a new requestId, and the message is in words', async () => {
    const { result } = setup();
    respond(apiError(422, 'PLAN_NOT_AVAILABLE', 'plan withdrawn'));
    await act(() => result.current.start('plan-100', topUp));
    expect(result.current.message).toBe('该方案已下架，请刷新后选择其他方案');
    respond(apiError(502, 'PAYMENT_UNAVAILABLE', 'wechat pay down'));
    await act(() => result.current.start('plan-100', topUp));
    expect(result.current.message).toBe('微信支付暂时不可用，请稍后重试');
    expect((sent(1).data as { requestId: string }).requestId).not.toBe((sent(0).data as { requestId: string }).requestId);
  });

  it('nothing to pay (a free trial answers active at once) → done without a payment step', async () => {
    const { result, onDone } = setup();
    respond(ok({ purchaseId: 'p1', status: 'active', startsAt: '2026-12-02T00:00:00Z', endsAt: '2026-12-09T00:00:00Z' }, 201));
    await act(() => result.current.start('trial', (requestId) => api.purchaseMembership({ planId: 'trial', requestId })));
    expect(result.current.phase).toBe('done');
    expect(result.current.message).toBe(PAYMENT_MESSAGES.activated);
    expect(requestMock).toHaveBeenCalledTimes(1);
    expect(onDone).toHaveBeenCalledTimes(1);
  });

  it('a double tap opens one order', async () => {
    const { result } = setup();
    respond(ok({ topUpId: 't1', status: 'pending', payment: PAYMENT }, 201));
    await act(async () => {
      await Promise.all([result.current.start('plan-100', topUp), result.current.start('plan-100', topUp)]);
    });
    expect(requestMock).toHaveBeenCalledTimes(1);
  });
});

describe('useWechatPayment on weapp', () => {
  beforeEach(() => {
    process.env.TARO_ENV = 'weapp';
  });
  afterEach(() => {
    process.env.TARO_ENV = 'h5';
  });

  it('calls Taro.requestPayment with the signed arguments, then polls until paid', async () => {
    const { result, onDone } = setup();
    taro.requestPayment!.mockResolvedValueOnce({ errMsg: 'requestPayment:ok' });
    respond(ok({ topUpId: 't1', status: 'pending', payment: PAYMENT }, 201), status('paid'));
    await act(() => result.current.start('plan-100', topUp));
    expect(taro.requestPayment).toHaveBeenCalledWith({
      timeStamp: PAYMENT.timeStamp,
      nonceStr: PAYMENT.nonceStr,
      package: PAYMENT.package,
      signType: 'RSA',
      paySign: PAYMENT.paySign,
    });
    expect(urls()).toEqual(['POST /api/v1/me/stored-value/top-ups', `GET /api/v1/me/payments/${PAYMENT.outTradeNo}`]);
    expect(result.current.phase).toBe('done');
    expect(onDone).toHaveBeenCalledTimes(1);
  });

  it('the member closes the payment sheet → cancelled, nothing polled', async () => {
    const { result, onDone } = setup();
    taro.requestPayment!.mockRejectedValueOnce({ errMsg: 'requestPayment:fail cancel' });
    respond(ok({ topUpId: 't1', status: 'pending', payment: PAYMENT }, 201));
    await act(() => result.current.start('plan-100', topUp));
    expect(result.current.phase).toBe('cancelled');
    expect(requestMock).toHaveBeenCalledTimes(1);
    expect(onDone).not.toHaveBeenCalled();
  });

  it('the payment sheet fails → failed, 请重试', async () => {
    const { result } = setup();
    taro.requestPayment!.mockRejectedValueOnce({ errMsg: 'requestPayment:fail system error' });
    respond(ok({ topUpId: 't1', status: 'pending', payment: PAYMENT }, 201));
    await act(() => result.current.start('plan-100', topUp));
    expect(result.current.phase).toBe('failed');
    expect(result.current.message).toBe(PAYMENT_MESSAGES.payFailed);
  });
});

describe('PaymentStep', () => {
  function Harness() {
    const payment = useWechatPayment({ pollMs: 0, pollTries: 2 });
    return (
      <div>
        <button id="go" onClick={() => void payment.start('plan-100', topUp)} />
        <PaymentStep payment={payment} amount={10000} what="储值充值" />
      </div>
    );
  }

  it('shows the 模拟支付 step with the amount, and the result line after confirming', async () => {
    const view = render(<Harness />);
    respond(ok({ topUpId: 't1', status: 'pending', payment: PAYMENT }, 201));
    fireEvent.click(view.container.querySelector('#go')!);
    await waitFor(() => expect(view.container.querySelector('#payment-confirm')).not.toBeNull());
    expect(view.container.querySelector('#payment-confirm-amount')?.textContent).toBe('¥100.00');
    expect(view.container.querySelector('#payment-out-trade-no')?.textContent).toContain(PAYMENT.outTradeNo);

    respond(status('paid'));
    fireEvent.click(view.container.querySelector('#payment-confirm-pay')!);
    await waitFor(() => expect(view.container.querySelector('#payment-status')?.textContent).toBe('支付成功'));
    expect(view.container.querySelector('#payment-confirm')).toBeNull();
    expect(view.container.querySelector('#payment-status')?.className).toBe('notice-text');
  });
});
