import type { StoredValueSettlementRow } from '@huiyuan/shared';
import { describe, expect, it } from 'vitest';
import { ApiError, errorDetails, fieldErrors } from '../../api/errors';
import { canAccess } from '../../auth/access';
import { describeStoredValuePlan, storedValuePlanFormProblems, toStoredValuePlanRequest } from './plan-request';
import { serverProblems, toFieldProblems } from './rule-problems';
import { settlementPeriod, settlementRange, settlementTotals } from './settlement';
import { refundPrincipalProblem, toTopUpRefundRequest, topUpRefundable } from './top-up-refund';
import { toSettings } from './settings-request';

describe('储值方案 form', () => {
  it('sends yuan as fen, a blank bonus as 0', () => {
    expect(toStoredValuePlanRequest({ title: ' 充 100 送 10 ', amountYuan: 100, bonusYuan: 10 })).toEqual({
      title: '充 100 送 10',
      amount: 10000,
      bonus: 1000,
    });
    expect(toStoredValuePlanRequest({ title: 'x', amountYuan: 0.1 + 0.2 }).amount).toBe(30);
    expect(toStoredValuePlanRequest({ title: 'x', amountYuan: 50 }).bonus).toBe(0);
  });

  it('puts the shared rule’s problems on the form’s own fields, in Chinese', () => {
    expect(storedValuePlanFormProblems({ title: '充 100', amountYuan: 100, bonusYuan: 10 })).toEqual({ fields: [], general: [] });
    const p = storedValuePlanFormProblems({ title: ' ', amountYuan: 0.5, bonusYuan: 1 });
    expect(p.fields.map((f) => f.name[0]).sort()).toEqual(['amountYuan', 'bonusYuan', 'title']);
    expect(p.fields.find((f) => f.name[0] === 'amountYuan')?.errors[0]).toMatch(/¥1 到 ¥50,000.00/);
    // A blank amount is a problem of the amount, not a request of NaN.
    expect(storedValuePlanFormProblems({ title: 'x' }).fields.map((f) => f.name[0])).toEqual(['amountYuan']);
    // The bonus may not exceed the amount.
    expect(storedValuePlanFormProblems({ title: 'x', amountYuan: 10, bonusYuan: 10.01 }).fields[0]?.name).toEqual(['bonusYuan']);
  });

  it('reads a plan as 充 … 送 …', () => {
    expect(describeStoredValuePlan({ amount: 10000, bonus: 1000 })).toBe('充 ¥100.00 送 ¥10.00');
    expect(describeStoredValuePlan({ amount: 50000, bonus: 0 })).toBe('充 ¥500.00');
  });

  it('the server’s 422 INVALID_PLAN details land on the same fields; unknown ones stay general', () => {
    const err = new ApiError(422, 'INVALID_PLAN', 'the plan is not valid', [
      { field: 'amount', problem: '¥1 to ¥50000, in fen' },
      { field: 'surprise', problem: 'new rule' },
    ]);
    const problems = serverProblems(err);
    expect(problems).toEqual({ amount: '¥1 to ¥50000, in fen', surprise: 'new rule' });
    const found = toFieldProblems(problems, { amount: { field: 'amountYuan', message: '金额不对' } });
    expect(found).toEqual({ fields: [{ name: ['amountYuan'], errors: ['金额不对'] }], general: ['surprise: new rule'] });
    expect(serverProblems(new Error('x'))).toEqual({});
    // The error alert and field errors read `problem` details as text, not JSON.
    expect(errorDetails(err)).toEqual(['amount: ¥1 to ¥50000, in fen', 'surprise: new rule']);
    expect(fieldErrors(err)[0]).toEqual({ name: ['amount'], errors: ['¥1 to ¥50000, in fen'] });
  });
});

describe('储值设置', () => {
  it('永不过期 is null; otherwise the days typed', () => {
    expect(toSettings({ spendOrder: 'bonus_first', expiry: 'never', bonusExpiryDays: 30 })).toEqual({
      spendOrder: 'bonus_first',
      bonusExpiryDays: null,
    });
    expect(toSettings({ spendOrder: 'proportional', expiry: 'days', bonusExpiryDays: 90 }).bonusExpiryDays).toBe(90);
    expect(Number.isNaN(toSettings({ spendOrder: 'proportional', expiry: 'days' }).bonusExpiryDays)).toBe(true);
  });
});

describe('跨店结算 periods', () => {
  it('presets: this month to today, last month whole, the last 30 days', () => {
    expect(settlementPeriod('this_month', '2026-12-02')).toEqual({ from: '2026-12-01', to: '2026-12-02' });
    expect(settlementPeriod('last_month', '2026-12-02')).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(settlementPeriod('last_month', '2026-03-31')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(settlementPeriod('30d', '2026-12-02')).toEqual({ from: '2026-11-03', to: '2026-12-02' });
  });

  it('is sent as [first day 00:00, the day after the last 00:00) in the programme timezone', () => {
    expect(settlementRange({ from: '2026-12-01', to: '2026-12-02' }, 'Asia/Shanghai')).toEqual({
      from: '2026-11-30T16:00:00.000Z',
      to: '2026-12-02T16:00:00.000Z',
    });
    expect(settlementRange({ from: '2026-12-01', to: '2026-12-01' }, 'UTC')).toEqual({
      from: '2026-12-01T00:00:00.000Z',
      to: '2026-12-02T00:00:00.000Z',
    });
  });

  it('totals every figure; the nets of all stores cancel out', () => {
    const row = (storeId: string, f: Partial<StoredValueSettlementRow>): StoredValueSettlementRow => ({
      storeId,
      storeName: storeId,
      toppedUp: 0,
      bonusGranted: 0,
      principalSpent: 0,
      bonusSpent: 0,
      owedByOthers: 0,
      owedToOthers: 0,
      net: 0,
      principalRefunded: 0,
      ...f,
    });
    const totals = settlementTotals([
      row('a', { toppedUp: 10000, bonusGranted: 1000, owedToOthers: 3000, net: -3000, principalRefunded: 500 }),
      row('b', { principalSpent: 3000, bonusSpent: 300, owedByOthers: 3000, net: 3000 }),
    ]);
    expect(totals).toEqual({
      toppedUp: 10000,
      bonusGranted: 1000,
      principalSpent: 3000,
      bonusSpent: 300,
      owedByOthers: 3000,
      owedToOthers: 3000,
      net: 0,
      principalRefunded: 500,
    });
    expect(settlementTotals([]).net).toBe(0);
  });
});

describe('top-up 退款', () => {
  it('only a paid top-up with principal left can be refunded', () => {
    expect(topUpRefundable({ status: 'paid', principalLeft: 100 })).toBe(true);
    expect(topUpRefundable({ status: 'partially_refunded', principalLeft: 1 })).toBe(true);
    expect(topUpRefundable({ status: 'paid', principalLeft: 0 })).toBe(false);
    for (const status of ['pending', 'closed', 'refunded'] as const)
      expect(topUpRefundable({ status, principalLeft: 100 })).toBe(false);
  });

  it('all that is left is the default and is sent as no figure; less is sent in fen', () => {
    expect(toTopUpRefundRequest({ principalYuan: 100, reason: '  ' }, 10000, 'k1')).toEqual({ requestId: 'k1' });
    expect(toTopUpRefundRequest({ principalYuan: 40.5, reason: ' 搬家 ' }, 10000, 'k2')).toEqual({
      principal: 4050,
      reason: '搬家',
      requestId: 'k2',
    });
  });

  it('the principal typed must be 0.01 up to what is left', () => {
    expect(refundPrincipalProblem(100, 10000)).toBeNull();
    expect(refundPrincipalProblem(0.01, 10000)).toBeNull();
    expect(refundPrincipalProblem(null, 10000)).toBe('请填写退款本金');
    expect(refundPrincipalProblem(0, 10000)).toMatch(/¥0.01 到 ¥100.00/);
    expect(refundPrincipalProblem(100.01, 10000)).toMatch(/¥100.00/);
  });
});

describe('储值 access', () => {
  it('admins everything; managers the settlement and top-up refunds (their store, server-scoped), nothing else', () => {
    for (const r of [
      'stored-value',
      'stored-value-plans',
      'stored-value-settings',
      'stored-value-settlement',
      'membership-plans',
    ])
      expect(canAccess('admin', r, 'list')).toBe(true);
    expect(canAccess('admin', 'members', 'refundMembership')).toBe(true);
    expect(canAccess('manager', 'stored-value', 'list')).toBe(true);
    expect(canAccess('manager', 'stored-value-settlement', 'list')).toBe(true);
    expect(canAccess('manager', 'members', 'refundTopUp')).toBe(true);
    for (const r of ['stored-value-plans', 'stored-value-settings', 'membership-plans'])
      expect(canAccess('manager', r, 'list')).toBe(false);
    expect(canAccess('manager', 'members', 'refundMembership')).toBe(false);
    expect(canAccess('cashier', 'stored-value-settlement', 'list')).toBe(false);
  });
});
