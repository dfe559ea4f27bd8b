import { couponTemplateProblems } from '@huiyuan/shared';
import { describe, expect, it } from 'vitest';
import { toRequest } from './template-request';

describe('coupon template request', () => {
  it('sends a cash coupon in fen with only its own fields', () => {
    const req = toRequest({
      title: ' 满100减20 ',
      kind: 'cash',
      thresholdYuan: 100,
      amountOffYuan: 20,
      percentOff: 30,
      totalStock: 100,
      perMemberLimit: 1,
      validity: 'days',
      validDays: 30,
      channels: ['grant'],
    });
    expect(req).toEqual({
      title: '满100减20',
      kind: 'cash',
      threshold: 10000,
      amountOff: 2000,
      totalStock: 100,
      perMemberLimit: 1,
      validDays: 30,
      channels: ['grant'],
    });
    expect(couponTemplateProblems(req)).toEqual([]);
  });

  it('a points-mall coupon carries its points cost; the shared rules refuse centre and points together', () => {
    const req = toRequest({
      title: '兑换券',
      kind: 'gift',
      totalStock: 10,
      perMemberLimit: 1,
      validity: 'days',
      validDays: 7,
      channels: ['center', 'points'],
      pointsCost: 500,
    });
    expect(req.pointsCost).toBe(500);
    expect(couponTemplateProblems(req).join(' ')).toMatch(/not both/);
  });

  it('sends weekday and hour terms only when given, weekdays sorted', () => {
    const base = {
      title: '周三券',
      kind: 'cash' as const,
      amountOffYuan: 5,
      totalStock: 10,
      perMemberLimit: 1,
      validity: 'days' as const,
      validDays: 7,
      channels: ['center' as const],
    };
    expect(toRequest({ ...base, validWeekdays: [5, 3], validTimeFrom: ' 10:00', validTimeTo: '14:00 ' })).toMatchObject({
      validWeekdays: [3, 5],
      validTimeFrom: '10:00',
      validTimeTo: '14:00',
    });
    const plain = toRequest({ ...base, validWeekdays: [], validTimeFrom: '' });
    expect('validWeekdays' in plain || 'validTimeFrom' in plain || 'validTimeTo' in plain).toBe(false);
  });
});
