import {
  bonusExpiryNudge,
  dateOf,
  ENTRY_KIND_TEXT,
  membershipBadge,
  membershipPriceText,
  planOffer,
  signedYuan,
  termText,
} from './stored-value';

describe('stored value wording', () => {
  it('words a plan as 充 ¥100 送 ¥10 (no bonus: 充 ¥100; fen kept when not whole yuan)', () => {
    expect(planOffer({ amount: 10_000, bonus: 1000 })).toBe('充 ¥100 送 ¥10');
    expect(planOffer({ amount: 10_000, bonus: 0 })).toBe('充 ¥100');
    expect(planOffer({ amount: 9950, bonus: 50 })).toBe('充 ¥99.50 送 ¥0.50');
  });

  it('nudges the soonest bonus expiry on the programme-timezone date, and says nothing without one', () => {
    expect(bonusExpiryNudge({ bonusExpiring: 1000, bonusExpiringAt: '2027-12-01T16:30:00.000Z' })).toBe(
      '¥10.00 赠送金将于 2027-12-02 到期',
    );
    expect(bonusExpiryNudge({ bonusExpiring: 0, bonusExpiringAt: null })).toBeNull();
  });

  it('words the ledger kinds and signs the amounts', () => {
    expect([ENTRY_KIND_TEXT.top_up, ENTRY_KIND_TEXT.spend, ENTRY_KIND_TEXT.order_refund]).toEqual(['充值', '消费', '退款退回']);
    expect([ENTRY_KIND_TEXT.top_up_refund, ENTRY_KIND_TEXT.bonus_expired]).toEqual(['充值退款', '赠送金到期']);
    expect(signedYuan(11_000)).toBe('+¥110.00');
    expect(signedYuan(-3000)).toBe('-¥30.00');
  });

  it('words membership terms, prices and the card badge', () => {
    expect(termText(365)).toBe('1 年');
    expect(termText(30)).toBe('1 个月');
    expect(termText(7)).toBe('7 天');
    expect(membershipPriceText({ price: 19_800, termDays: 365, trial: false })).toBe('¥198 / 1 年');
    expect(membershipPriceText({ price: 0, termDays: 7, trial: true })).toBe('免费试用 7 天');
    expect(membershipBadge({ expiresAt: '2027-01-09T04:00:00.000Z' })).toBe('PLUS 会员 · 有效期至 2027-01-09');
    expect(dateOf('2026-12-31T16:00:00.000Z')).toBe('2027-01-01');
  });
});
