import { act, renderHook, waitFor } from '@testing-library/react';
import type { MembershipPlan, MyMembershipResponse, MyStoredValueResponse, StoredValueEntry } from '@huiyuan/shared';
import Taro from '@tarojs/taro';
import { ok } from '../../test/fixtures';
import { resetTaroMock, respond } from '../../test/mocks/taro';
import { saveSession } from '../services/session';
import { useMembership } from './use-membership';
import { useStoredValue } from './use-stored-value';

const requestMock = Taro.request as unknown as jest.Mock;
const sent = (i: number) => requestMock.mock.calls[i][0] as { url: string; method: string; data?: Record<string, unknown> };

function entry(id: string, overrides: Partial<StoredValueEntry> = {}): StoredValueEntry {
  return {
    id,
    delta: 11_000,
    principalDelta: 10_000,
    bonusDelta: 1000,
    kind: 'top_up',
    balanceAfter: 11_000,
    storeId: null,
    orderNo: null,
    createdAt: '2026-12-02T07:00:00.000Z',
    ...overrides,
  };
}

function mine(overrides: Partial<MyStoredValueResponse> = {}): MyStoredValueResponse {
  return {
    balance: 11_000,
    principal: 10_000,
    bonus: 1000,
    bonusExpiringAt: '2027-12-02T07:00:00.000Z',
    bonusExpiring: 1000,
    spendOrder: 'proportional',
    entries: [entry('e2', { kind: 'spend', delta: -3000, balanceAfter: 8000, orderNo: 'POS-1' })],
    nextCursor: 'c1',
    ...overrides,
  };
}

const PAYMENT = {
  appId: 'wx1',
  timeStamp: '1',
  nonceStr: 'n',
  package: 'prepay_id=wx9',
  signType: 'RSA',
  paySign: 's',
  outTradeNo: 'HT1234567',
};

beforeEach(() => {
  resetTaroMock();
  process.env.TARO_ENV = 'h5';
  saveSession('member-token', 3600, { kind: 'member' });
});

describe('useStoredValue', () => {
  it('pages the ledger by nextCursor without repeating an entry', async () => {
    respond(ok(mine()), ok({ items: [{ id: 'p1', title: '充100送10', amount: 10_000, bonus: 1000 }] }));
    const { result } = renderHook(() => useStoredValue({ pollMs: 0 }));
    await waitFor(() => expect(result.current.summary?.balance).toBe(11_000));
    expect(sent(0).url).toBe('/api/v1/me/stored-value?limit=20');
    expect(result.current.plans).toHaveLength(1);
    expect(result.current.hasMore).toBe(true);

    respond(ok(mine({ entries: [entry('e2'), entry('e1')], nextCursor: null })));
    await act(() => result.current.loadMore());
    expect(sent(2).url).toBe('/api/v1/me/stored-value?limit=20&cursor=c1');
    expect(result.current.entries.map((e) => e.id)).toEqual(['e2', 'e1']);
    expect(result.current.hasMore).toBe(false);
  });

  it('a paid top-up reloads the balance', async () => {
    respond(ok(mine({ balance: 0, principal: 0, bonus: 0, entries: [], nextCursor: null })), ok({ items: [] }));
    const { result } = renderHook(() => useStoredValue({ pollMs: 0 }));
    await waitFor(() => expect(result.current.summary?.balance).toBe(0));
    respond(ok({ topUpId: 't1', status: 'pending', payment: PAYMENT }, 201));
    await act(() => result.current.topUp({ id: 'p1', title: '充100送10', amount: 10_000, bonus: 1000 }));
    expect(sent(2).data).toMatchObject({ planId: 'p1' });
    respond(
      ok({ outTradeNo: PAYMENT.outTradeNo, status: 'paid', purpose: 'stored_value_top_up', amount: 10_000 }),
      ok(mine()),
      ok({ items: [] }),
    );
    await act(() => result.current.payment.confirmSandbox());
    await waitFor(() => expect(result.current.summary?.balance).toBe(11_000));
    expect(result.current.payment.phase).toBe('done');
  });
});

describe('useMembership', () => {
  const plan = (overrides: Partial<MembershipPlan>): MembershipPlan => ({
    id: 'year',
    title: 'PLUS 年卡',
    price: 19_800,
    termDays: 365,
    trial: false,
    discountRateBp: 9500,
    pointsMultiplierBp: 10_000,
    monthlyCouponTemplateId: null,
    benefits: ['会员价 95 折（与等级折扣取更优）'],
    ...overrides,
  });
  const membership = (overrides: Partial<MyMembershipResponse>): MyMembershipResponse => ({
    active: false,
    planId: null,
    title: null,
    expiresAt: null,
    benefits: null,
    trialUsed: false,
    purchases: [],
    ...overrides,
  });

  it('hides the free trial once it was used', async () => {
    respond(ok(membership({ trialUsed: true })), ok({ items: [plan({ id: 'trial', trial: true, price: 0 }), plan({})] }));
    const { result } = renderHook(() => useMembership());
    await waitFor(() => expect(result.current.mine).not.toBeNull());
    expect(result.current.plans.map((p) => p.id)).toEqual(['year']);
  });

  it('the trial is active at once: no payment step, the status reloaded', async () => {
    respond(ok(membership({})), ok({ items: [plan({ id: 'trial', trial: true, price: 0 })] }));
    const { result } = renderHook(() => useMembership());
    await waitFor(() => expect(result.current.plans).toHaveLength(1));
    respond(
      ok({ purchaseId: 'p1', status: 'active', startsAt: '2026-12-02T07:00:00Z', endsAt: '2026-12-09T07:00:00Z' }, 201),
      ok(membership({ active: true, trialUsed: true, expiresAt: '2026-12-09T07:00:00Z', title: 'PLUS 体验卡' })),
      ok({ items: [plan({ id: 'trial', trial: true, price: 0 })] }),
    );
    await act(() => result.current.buy(result.current.plans[0]!));
    expect(sent(2)).toMatchObject({ method: 'POST', url: '/api/v1/me/membership/purchases', data: { planId: 'trial' } });
    await waitFor(() => expect(result.current.mine?.active).toBe(true));
    expect(result.current.plans).toHaveLength(0);
    expect(result.current.payment.confirming).toBe(false);
  });
});
