import type { CouponTemplateTerms } from '../api/coupons.js';
import {
  birthdayGiftYear,
  checkTemplateIssuable,
  couponEffectiveStatus,
  couponRestorable,
  couponTemplateEditProblems,
  couponTemplateProblems,
  refundRestoresCoupons,
  templateValidity,
  type CouponTemplateState,
} from './coupon-templates.js';

const cash: CouponTemplateTerms = {
  title: '满100减20',
  kind: 'cash',
  threshold: 10000,
  amountOff: 2000,
  totalStock: 100,
  perMemberLimit: 1,
  validDays: 7,
  channels: ['center'],
};
const state = (over: Partial<CouponTemplateState> = {}): CouponTemplateState => ({
  status: 'active',
  channels: ['center'],
  totalStock: 10,
  issued: 0,
  perMemberLimit: 1,
  validDays: 7,
  validFrom: null,
  validTo: null,
  minTier: null,
  ...over,
});
const now = new Date('2025-06-10T04:00:00Z'); // 2025-06-10 12:00 Shanghai
const tz = 'Asia/Shanghai';

describe('couponTemplateProblems', () => {
  it('accepts a 满100减20 valid 7 days after claim', () => {
    expect(couponTemplateProblems(cash)).toEqual([]);
  });

  it('accepts a 8折 capped at ¥30 in a fixed window, sold for points', () => {
    expect(
      couponTemplateProblems({
        title: '8折',
        kind: 'percent',
        percentOff: 20,
        maxOff: 3000,
        totalStock: 5,
        perMemberLimit: 2,
        validFrom: '2025-06-01',
        validTo: '2025-06-30',
        channels: ['points'],
        pointsCost: 500,
      }),
    ).toEqual([]);
  });

  it('refuses kind terms that are missing or foreign to the kind', () => {
    expect(couponTemplateProblems({ ...cash, amountOff: 0 })).toContain('amountOff must be fen > 0');
    expect(couponTemplateProblems({ ...cash, percentOff: 10 })).toContain('percentOff does not apply to cash coupons');
    expect(couponTemplateProblems({ ...cash, kind: 'gift', threshold: 0, amountOff: undefined })).toEqual([]);
    expect(couponTemplateProblems({ ...cash, kind: 'gift', amountOff: undefined, stackable: true })).toContain(
      'stackable does not apply to gift coupons',
    );
  });

  it('needs exactly one validity: validDays or a window', () => {
    expect(couponTemplateProblems({ ...cash, validFrom: '2025-06-01', validTo: '2025-06-30' })).toContain(
      'give either validDays or validFrom and validTo',
    );
    const { validDays: _unused, ...noValidity } = cash;
    expect(couponTemplateProblems(noValidity)).toContain('give either validDays or validFrom and validTo');
    expect(couponTemplateProblems({ ...noValidity, validFrom: '2025-06-30', validTo: '2025-06-01' })).toContain(
      'validTo is before validFrom',
    );
    expect(couponTemplateProblems({ ...noValidity, validFrom: '2025-02-30', validTo: '2025-06-01' })).toContain(
      'validFrom and validTo must both be dates YYYY-MM-DD',
    );
  });

  it('ties pointsCost to the points channel and keeps centre and points apart', () => {
    expect(couponTemplateProblems({ ...cash, channels: ['points'] })).toContain('the points channel needs pointsCost');
    expect(couponTemplateProblems({ ...cash, pointsCost: 100 })).toContain('pointsCost needs the points channel');
    expect(couponTemplateProblems({ ...cash, channels: ['center', 'points'], pointsCost: 100 })).toContain(
      'a template is either free in the claim centre or sold for points, not both',
    );
    expect(couponTemplateProblems({ ...cash, channels: [] })).toContain('channels must name at least one channel');
    expect(couponTemplateProblems({ ...cash, channels: ['center', 'center'] })).toContain('channels must not repeat');
  });

  it('refuses empty stock and a zero per-member limit', () => {
    expect(couponTemplateProblems({ ...cash, totalStock: 0, perMemberLimit: 0 })).toEqual([
      'totalStock must be ≥ 1',
      'perMemberLimit must be ≥ 1',
    ]);
  });
});

describe('couponTemplateEditProblems', () => {
  it('lets the per-member limit go up, never down, and the stock down only to what is issued', () => {
    expect(couponTemplateEditProblems(state(), { totalStock: 20, perMemberLimit: 2 })).toEqual([]);
    expect(couponTemplateEditProblems(state({ issued: 4 }), { totalStock: 4 })).toEqual([]);
    expect(couponTemplateEditProblems(state({ issued: 4 }), { totalStock: 3 })).toEqual([
      'totalStock cannot go below the 4 issued (nor below 1)',
    ]);
    expect(couponTemplateEditProblems(state(), { totalStock: 0 })).toEqual([
      'totalStock cannot go below the 0 issued (nor below 1)',
    ]);
    expect(couponTemplateEditProblems(state({ perMemberLimit: 2 }), { perMemberLimit: 1 })).toEqual([
      'perMemberLimit can only go up (now 2)',
    ]);
  });

  it('moves the end of a window later only, and only for window templates', () => {
    const window = state({ validDays: null, validFrom: '2025-06-01', validTo: '2025-06-30' });
    expect(couponTemplateEditProblems(window, { validTo: '2025-07-31' })).toEqual([]);
    expect(couponTemplateEditProblems(window, { validTo: '2025-06-29' })).toEqual([
      'validTo can only move later (now 2025-06-30)',
    ]);
    expect(couponTemplateEditProblems(state(), { validTo: '2025-07-31' })).toEqual([
      'validTo applies only to templates with a validity window',
    ]);
  });
});

describe('checkTemplateIssuable', () => {
  it('issues through an offered channel with stock left', () => {
    expect(checkTemplateIssuable(state(), { channel: 'center', now, timeZone: tz })).toEqual({ ok: true });
  });

  it('refuses other channels, paused templates, ended windows, low tiers and empty stock', () => {
    expect(checkTemplateIssuable(state(), { channel: 'welcome', now, timeZone: tz })).toEqual({
      ok: false,
      code: 'COUPON_NOT_APPLICABLE',
      reason: 'channel_not_offered',
    });
    expect(checkTemplateIssuable(state({ status: 'paused' }), { channel: 'center', now, timeZone: tz })).toEqual({
      ok: false,
      code: 'COUPON_TEMPLATE_PAUSED',
    });
    const ended = state({ validDays: null, validFrom: '2025-06-01', validTo: '2025-06-09' });
    expect(checkTemplateIssuable(ended, { channel: 'center', now, timeZone: tz })).toEqual({
      ok: false,
      code: 'COUPON_EXPIRED',
      reason: 'window_ended',
    });
    const lastDay = state({ validDays: null, validFrom: '2025-06-01', validTo: '2025-06-10' });
    expect(checkTemplateIssuable(lastDay, { channel: 'center', now, timeZone: tz })).toEqual({ ok: true });
    expect(
      checkTemplateIssuable(state({ minTier: 'gold' }), { channel: 'center', now, timeZone: tz, tierCode: 'silver' }),
    ).toMatchObject({ reason: 'tier_too_low' });
    expect(
      checkTemplateIssuable(state({ minTier: 'gold' }), { channel: 'center', now, timeZone: tz, tierCode: 'platinum' }),
    ).toEqual({ ok: true });
    expect(checkTemplateIssuable(state({ issued: 10 }), { channel: 'center', now, timeZone: tz })).toEqual({
      ok: false,
      code: 'COUPON_OUT_OF_STOCK',
    });
  });
});

describe('coupon lifecycle', () => {
  it('templateValidity reads days or the window', () => {
    expect(templateValidity(state())).toEqual({ type: 'days_after_claim', days: 7 });
    expect(templateValidity(state({ validDays: null, validFrom: '2025-06-01', validTo: '2025-06-30' }))).toEqual({
      type: 'window',
      validFrom: '2025-06-01',
      validTo: '2025-06-30',
    });
  });

  it('shows an available coupon past its validity as expired', () => {
    const expiresAt = new Date('2025-06-10T16:00:00Z');
    expect(couponEffectiveStatus('available', expiresAt, now)).toBe('available');
    expect(couponEffectiveStatus('available', expiresAt, expiresAt)).toBe('expired');
    expect(couponEffectiveStatus('used', expiresAt, expiresAt)).toBe('used');
  });

  it('gives the birthday coupon in the birthday month, keyed by year', () => {
    expect(birthdayGiftYear('1990-06-25', '2025-06-01')).toBe(2025);
    expect(birthdayGiftYear('1990-06-25', '2025-07-01')).toBeNull();
    expect(birthdayGiftYear(null, '2025-06-01')).toBeNull();
    expect(birthdayGiftYear('2000-02-29', '2025-02-28')).toBe(2025);
  });

  it('restores coupons only when a refund completes the full refund, and only while they are valid', () => {
    expect(refundRestoresCoupons({ paidFen: 10000, refundedFen: 0, refundFen: 10000 })).toBe(true);
    expect(refundRestoresCoupons({ paidFen: 10000, refundedFen: 0, refundFen: 5000 })).toBe(false);
    expect(refundRestoresCoupons({ paidFen: 10000, refundedFen: 5000, refundFen: 5000 })).toBe(true);
    expect(couponRestorable(new Date('2025-06-11T00:00:00Z'), now)).toBe(true);
    expect(couponRestorable(new Date('2025-06-10T00:00:00Z'), now)).toBe(false);
  });
});
