import { coupon, offer } from '../../test/fixtures';
import {
  claimLabel,
  claimState,
  cleanCouponCode,
  couponFace,
  couponTerms,
  couponValidity,
  displayCode,
  offerValidity,
  previewCoupons,
  toggleCoupon,
} from './coupons';
import { ApiError } from './http';
import { errorMessage } from './errors';

const NOW = new Date('2026-03-08T06:00:00Z');
const at = (amountFen: number) => ({ amountFen, storeId: 'store-1', tierCode: 'normal' as const, now: NOW });

describe('couponTerms', () => {
  it('reads 满减, 无门槛, 折扣 with a cap, and 兑换礼品', () => {
    expect(couponTerms({ kind: 'cash', threshold: 10000, amountOff: 2000 })).toBe('满100减20');
    expect(couponTerms({ kind: 'cash', threshold: 0, amountOff: 550 })).toBe('无门槛减5.50');
    expect(couponTerms({ kind: 'percent', threshold: 0, percentOff: 20, maxOff: 5000 })).toBe('8折 最高减50');
    expect(couponTerms({ kind: 'percent', threshold: 20000, percentOff: 15 })).toBe('满200享8.5折');
    expect(couponTerms({ kind: 'gift' })).toBe('兑换礼品');
  });

  it('puts the face value on the stub: ¥ amount, 折, or 礼品', () => {
    expect(couponFace({ kind: 'cash', threshold: 10000, amountOff: 2000 })).toEqual({
      value: '20',
      unit: '元',
      note: '满100可用',
    });
    expect(couponFace({ kind: 'percent', percentOff: 12 })).toEqual({ value: '8.8', unit: '折', note: '无门槛' });
    expect(couponFace({ kind: 'gift' }).value).toBe('礼品');
  });

  it('shows validity as dates, or days after claim for an offer', () => {
    expect(couponValidity(coupon())).toBe('有效期 2026-03-01 至 2026-03-31');
    expect(couponValidity(coupon({ validFrom: '2026-03-08', validTo: '2026-03-08' }))).toBe('仅限 2026-03-08 当天有效');
    expect(offerValidity(offer({ validDays: 7 }))).toBe('领取后 7 天内有效');
    expect(offerValidity(offer({ validDays: undefined, validFrom: '2026-03-01', validTo: '2026-03-31' }))).toBe(
      '有效期 2026-03-01 至 2026-03-31',
    );
  });
});

describe('claim button', () => {
  it('领取 while open, 已领取 at the limit, 已抢光 when the stock is gone', () => {
    expect(claimLabel(offer())).toBe('领取');
    expect(claimState(offer({ claimedByMe: 1 }))).toBe('claimed');
    expect(claimLabel(offer({ claimedByMe: 1 }))).toBe('已领取');
    expect(claimLabel(offer({ remaining: 0 }))).toBe('已抢光');
    expect(claimLabel(offer({ perMemberLimit: 3, claimedByMe: 2 }))).toBe('领取');
  });

  it('reaching one’s own limit wins over the stock running out', () => {
    expect(claimLabel(offer({ claimedByMe: 1, remaining: 0 }))).toBe('已领取');
  });

  it('a points offer shows its price in the centre and 兑换 / 已兑换 in the mall', () => {
    expect(claimLabel(offer({ pointsCost: 500 }))).toBe('500 积分兑换');
    expect(claimLabel(offer({ pointsCost: 500 }), true)).toBe('兑换');
    expect(claimLabel(offer({ pointsCost: 500, claimedByMe: 1 }), true)).toBe('已兑换');
  });
});

describe('coupon codes', () => {
  it('groups a code for reading and accepts it back typed with spaces, hyphens or lower case', () => {
    expect(displayCode('RU9S5F75A7WZ9A5')).toBe('RU9S5-F75A7-WZ9A5');
    expect(cleanCouponCode('ru9s5-f75a7 wz9a5')).toBe('RU9S5F75A7WZ9A5');
  });

  it('refuses a code with a typo (the check character catches it)', () => {
    expect(cleanCouponCode('RU9S5F75A7WZ9A6')).toBeNull();
    expect(cleanCouponCode('RU9S5F75A7WZ9A')).toBeNull();
  });
});

describe('previewCoupons (shared orderDiscount)', () => {
  const cash = coupon({ id: 'c-1', title: '满100减20', threshold: 10000, amountOff: 2000 });
  const percent = coupon({
    id: 'c-2',
    code: 'FPW4BJSZ7ENV3AG',
    title: '9折券',
    kind: 'percent',
    threshold: 0,
    amountOff: undefined,
    percentOff: 10,
  });

  it('takes 满100减20 off a ¥120 order', () => {
    expect(previewCoupons([cash], at(12000))).toEqual({ ok: true, discountFen: 2000, payableFen: 10000 });
  });

  it('explains a threshold not reached', () => {
    expect(previewCoupons([cash], at(9900))).toEqual({ ok: false, message: '「满100减20」需订单满 ¥100.00 可用' });
  });

  it('applies stackable coupons cash first, then percent on what is left', () => {
    const a = { ...cash, stackable: true };
    const b = { ...percent, stackable: true };
    expect(previewCoupons([b, a], at(10000))).toEqual({ ok: true, discountFen: 2800, payableFen: 7200 });
  });

  it('refuses two coupons when one is not stackable', () => {
    const r = previewCoupons([cash, { ...percent, stackable: true }], at(20000));
    expect(r).toEqual({ ok: false, message: '「满100减20」不能与其他优惠券同时使用' });
  });
});

describe('toggleCoupon', () => {
  const a = coupon({ id: 'a', stackable: false });
  const b = coupon({ id: 'b', stackable: false });
  const s1 = coupon({ id: 's1', stackable: true });
  const s2 = coupon({ id: 's2', stackable: true });

  it('a non-stackable coupon goes on the order alone: ticking another replaces it', () => {
    expect(toggleCoupon([a], b).map((c) => c.id)).toEqual(['b']);
    expect(toggleCoupon([s1, s2], a).map((c) => c.id)).toEqual(['a']);
    expect(toggleCoupon([a], s1).map((c) => c.id)).toEqual(['s1']);
  });

  it('stackable coupons add up, and ticking again unticks', () => {
    expect(toggleCoupon([s1], s2).map((c) => c.id)).toEqual(['s1', 's2']);
    expect(toggleCoupon([s1, s2], s1).map((c) => c.id)).toEqual(['s2']);
  });
});

describe('error messages for the coupon codes', () => {
  it.each([
    ['COUPON_ALREADY_USED', '优惠券已被使用'],
    ['COUPON_OUT_OF_STOCK', '手慢了，优惠券已被抢光'],
    ['COUPON_LIMIT_REACHED', '已达到每人领取上限'],
    ['COUPON_EXPIRED', '优惠券已过期'],
    ['COUPON_TEMPLATE_PAUSED', '该优惠活动已暂停'],
  ] as const)('%s → %s', (code, text) => {
    expect(errorMessage(new ApiError(422, code, 'english'))).toBe(text);
  });
});
