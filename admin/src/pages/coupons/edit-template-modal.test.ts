import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import type { CouponTemplateView } from '../../api/types';
import { templateChanges } from './edit-template-modal';

const t = {
  id: 't1',
  title: '满100减20',
  description: null,
  totalStock: 1000,
  issued: 10,
  perMemberLimit: 1,
  validTo: '2026-12-31T15:59:59.999Z',
} as unknown as CouponTemplateView;

describe('template edit', () => {
  it('sends only what changed', () => {
    expect(
      templateChanges(t, {
        title: '满100减20',
        description: '',
        totalStock: 1000,
        perMemberLimit: 1,
        validTo: dayjs('2026-12-31'),
      }),
    ).toEqual({});
    expect(
      templateChanges(t, {
        title: ' 满100减25 ',
        description: '全场',
        totalStock: 2000,
        perMemberLimit: 2,
        validTo: dayjs('2027-01-31'),
      }),
    ).toEqual({
      title: '满100减25',
      description: '全场',
      totalStock: 2000,
      perMemberLimit: 2,
      validTo: '2027-01-31',
    });
  });
});
