// The till's 储值支付: the tender preview (shared priceOrder with the balance and the paid
// membership's rates), 全部用储值, what the order sends, and the balance refusals in words.
import { act, fireEvent, render, renderHook, waitFor } from '@testing-library/react';
import type { IdentifiedMember } from '@huiyuan/shared';
import { priceOrder } from '@huiyuan/shared';
import Taro from '@tarojs/taro';
import { apiError, identifiedMember, ok, orderResponse } from '../../test/fixtures';
import { resetTaroMock, respond } from '../../test/mocks/taro';
import { MemberSummary, OrderResult, PricingPreview } from '../components/cashier';
import StaffPage from '../packages/staff/staff/index';
import { saveSession } from '../services/session';
import { balanceProblem, parseBalanceInput, previewOrder, useCashier } from './use-cashier';

const requestMock = Taro.request as unknown as jest.Mock;
const sent = (i: number) => requestMock.mock.calls[i][0] as { url: string; method: string; data?: Record<string, unknown> };
const CODE = '661234567890123456';
const PRESENCE = { id: 'a1b2c3d4-0000-4000-8000-00000000000a', expiresAt: '2099-03-08T14:15:12.000Z' };
const NOW = new Date('2026-12-02T08:00:00Z');

/** A member with ¥50.00 of stored value, a silver tier (98折) and a PLUS membership at 95折, ×2 points. */
function richMember(overrides: Partial<IdentifiedMember> = {}): IdentifiedMember {
  return identifiedMember({
    tier: { code: 'silver', name: '银卡会员' },
    storedBalance: 5000,
    pricing: {
      discountRateBp: 9800,
      pointsMultiplierBp: 10_000,
      earning: { pointsPerYuan: 1, growthPerYuan: 1 },
      timezone: 'Asia/Shanghai',
      paidMembership: {
        title: 'PLUS 年卡',
        expiresAt: '2027-12-02T08:00:00.000Z',
        discountRateBp: 9500,
        pointsMultiplierBp: 20_000,
      },
    },
    ...overrides,
  });
}

beforeEach(() => {
  resetTaroMock();
  process.env.TARO_ENV = 'h5';
  saveSession('staff-token', 3600, {
    kind: 'staff',
    staff: { id: 's1', username: 'cashier1', role: 'cashier', storeId: 'store-1' },
  });
});

async function identified(member = richMember()) {
  respond(ok({ member, usableCoupons: [], identification: PRESENCE }));
  const hook = renderHook(() => useCashier());
  await act(() => hook.result.current.identify(CODE));
  return hook;
}

describe('previewOrder with stored value and a paid membership', () => {
  it('is shared priceOrder with the balance, payWithBalance and the paid membership rates', () => {
    const member = richMember();
    const input = { amountFen: 10_000, coupons: [], pointsToRedeem: 0, payWithBalance: 3000, storeId: 'store-1', now: NOW };
    const preview = previewOrder(member, input);
    const direct = priceOrder(
      {
        amountFen: 10_000,
        tier: { discountRateBp: 9800, pointsMultiplierBp: 10_000 },
        paidMembershipRateBp: 9500,
        paidMembershipPointsMultiplierBp: 20_000,
        couponContext: { now: NOW, storeId: 'store-1', tierCode: 'silver' },
        pointsToRedeem: 0,
        pointsBalance: member.points,
        payWithBalance: 3000,
        storedBalance: 5000,
      },
      {
        earning: member.pricing!.earning,
        redemption: { ...member.redemption, enabled: true, minPoints: 0 },
        timezone: 'Asia/Shanghai',
      },
    );
    expect(preview).toEqual(direct);
    expect(preview).toMatchObject({
      ok: true,
      memberRateBp: 9500, // the better of 98折 and PLUS 95折
      payable: 9500,
      tenders: { balance: 3000, external: 6500 },
      earned: { points: 190 }, // ¥95 paid × 1 × PLUS ×2
    });
  });

  it('more than the balance → INSUFFICIENT_BALANCE; more than is left to pay → refused too', () => {
    const member = richMember();
    const base = { amountFen: 10_000, coupons: [], pointsToRedeem: 0, storeId: 'store-1', now: NOW };
    expect(previewOrder(member, { ...base, payWithBalance: 5001 })).toMatchObject({ ok: false, code: 'INSUFFICIENT_BALANCE' });
    expect(previewOrder(richMember({ storedBalance: 20_000 }), { ...base, payWithBalance: 9501 })).toMatchObject({
      ok: false,
      code: 'VALIDATION_FAILED',
    });
  });

  it('no stored value and no paid membership: as before (tier rate, the balance tender 0)', () => {
    const member = identifiedMember();
    const r = previewOrder(member, { amountFen: 10_000, coupons: [], pointsToRedeem: 0, storeId: '', now: NOW });
    expect(r).toMatchObject({ ok: true, payable: 10_000, tenders: { balance: 0, external: 10_000 } });
  });
});

describe('the 储值支付 field', () => {
  it('parses empty and zero as none, yuan as fen, rubbish as null', () => {
    expect(parseBalanceInput('')).toBe(0);
    expect(parseBalanceInput('0.00')).toBe(0);
    expect(parseBalanceInput('30.5')).toBe(3050);
    expect(parseBalanceInput('abc')).toBeNull();
  });

  it('words what cannot be paid', () => {
    const member = richMember();
    expect(balanceProblem(member, 5001, 9500)).toBe('会员储值余额不足（可用 ¥50.00）');
    expect(balanceProblem(richMember({ storedBalance: 20_000 }), 9600, 9500)).toBe('储值支付不能超过应付金额 ¥95.00');
    expect(balanceProblem(member, null, 9500)).toBe('请输入正确的储值支付金额，例如 38.50');
    expect(balanceProblem(member, 5000, 9500)).toBeNull();
  });
});

describe('useCashier with stored value', () => {
  it('is off by default: the order sends no payWithBalance', async () => {
    const { result } = await identified();
    expect(result.current.balanceOn).toBe(false);
    act(() => result.current.setAmount('100'));
    expect(result.current.pricing?.tenders).toEqual({ balance: 0, external: 9500 });
    respond(ok(orderResponse({ payable: 9500 }), 201));
    await act(() => result.current.submit());
    expect(sent(1).data?.payWithBalance).toBeUndefined();
  });

  it('全部用储值 fills min(balance, payable): the whole balance on a big order, the payable on a small one', async () => {
    const { result } = await identified();
    act(() => result.current.setAmount('100'));
    act(() => result.current.fillBalance());
    expect(result.current.balanceOn).toBe(true);
    expect(result.current.balance).toBe('50.00');
    expect(result.current.pricing?.tenders).toEqual({ balance: 5000, external: 4500 });

    act(() => result.current.setAmount('20'));
    act(() => result.current.fillBalance());
    expect(result.current.balance).toBe('19.00'); // ¥20 at 95折
    expect(result.current.pricing?.tenders).toEqual({ balance: 1900, external: 0 });
  });

  it('sends payWithBalance with the identification and shows the tenders of the result', async () => {
    const { result } = await identified();
    act(() => {
      result.current.setAmount('100');
      result.current.toggleBalance();
    });
    act(() => result.current.setBalance('30'));
    expect(result.current.balanceError).toBeNull();
    respond(ok(orderResponse({ payable: 9500, tenders: { balance: 3000, external: 6500 } }), 201));
    await act(() => result.current.submit());
    expect(sent(1).data).toMatchObject({ amount: 10_000, payWithBalance: 3000, identificationId: PRESENCE.id });
    expect(result.current.result?.tenders).toEqual({ balance: 3000, external: 6500 });
  });

  it('never sends more than the balance identify gave', async () => {
    const { result } = await identified();
    act(() => {
      result.current.setAmount('100');
      result.current.toggleBalance();
    });
    act(() => result.current.setBalance('50.01'));
    expect(result.current.balanceError).toBe('会员储值余额不足（可用 ¥50.00）');
    expect(result.current.pricing).toBeNull();
    await act(() => result.current.submit());
    expect(requestMock).toHaveBeenCalledTimes(1); // identify only
    expect(result.current.error).toBe('会员储值余额不足（可用 ¥50.00）');
  });

  it('INSUFFICIENT_BALANCE from the server (spent elsewhere since) → in words, the order kept for the retry', async () => {
    const { result } = await identified();
    act(() => {
      result.current.setAmount('100');
      result.current.toggleBalance();
    });
    act(() => result.current.setBalance('50'));
    const orderNo = result.current.orderNo;
    respond(apiError(422, 'INSUFFICIENT_BALANCE', 'not enough stored value'));
    await act(() => result.current.submit());
    expect(result.current.step).toBe('order');
    expect(result.current.error).toBe('会员储值余额不足（可能已在别处使用），请减少储值支付金额或重新扫码');
    expect(result.current.orderNo).toBe(orderNo);
  });
});

describe('the till screens', () => {
  it('MemberSummary shows 储值余额 and the paid membership', () => {
    const view = render(<MemberSummary member={richMember()} />);
    expect(view.container.querySelector('#cashier-member-balance')?.textContent).toBe('¥50.00');
    expect(view.container.querySelector('#cashier-member-plus')?.textContent).toBe('PLUS 年卡 · 至 2027-12-02');
  });

  it('PricingPreview shows 储值支付 and 其他支付 when the balance pays', () => {
    const priced = previewOrder(richMember(), {
      amountFen: 10_000,
      coupons: [],
      pointsToRedeem: 0,
      payWithBalance: 3000,
      storeId: 'store-1',
      now: NOW,
    });
    if (!priced.ok) throw new Error('priced');
    const view = render(<PricingPreview pricing={priced} />);
    const text = (id: string) => view.container.querySelector(`#${id}`)?.textContent;
    expect(text('cashier-preview-member-price')).toBe('-¥5.00');
    expect(text('cashier-preview-payable')).toBe('¥95.00');
    expect(text('cashier-preview-balance')).toBe('¥30.00');
    expect(text('cashier-preview-external')).toBe('¥65.00');
  });

  it('OrderResult shows the tenders (储值 ¥x, 其他支付 ¥y)', () => {
    const view = render(<OrderResult result={orderResponse({ payable: 9500, tenders: { balance: 3000, external: 6500 } })} />);
    expect(view.container.querySelector('#cashier-result-tender-balance')?.textContent).toBe('¥30.00');
    expect(view.container.querySelector('#cashier-result-tender-external')?.textContent).toBe('¥65.00');
  });

  it('the staff page: 使用储值 → 全部用储值 fills the field and the preview splits the tenders', async () => {
    respond(ok({ member: richMember(), usableCoupons: [], identification: PRESENCE }));
    const view = render(<StaffPage />);
    const $ = (id: string) => view.container.querySelector(`#${id}`);
    fireEvent.change($('cashier-code-input')!, { target: { value: CODE } });
    fireEvent.click($('cashier-identify')!);
    await waitFor(() => expect($('cashier-member-balance')).not.toBeNull());
    fireEvent.change($('cashier-amount')!, { target: { value: '100' } });
    expect($('cashier-balance-input')).toBeNull(); // off by default
    fireEvent.click($('cashier-balance-toggle')!);
    fireEvent.click($('cashier-balance-all')!);
    expect(($('cashier-balance-input') as HTMLInputElement).value).toBe('50.00');
    expect($('cashier-preview-balance')?.textContent).toBe('¥50.00');
    expect($('cashier-preview-external')?.textContent).toBe('¥45.00');
  });
});
