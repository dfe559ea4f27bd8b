// How the member centre words stored value (储值) and paid membership (付费会员): plan titles,
// ledger kinds, the spend order, expiry dates. Pure: tested beside it.
import type { MembershipPlan, SpendOrder, StoredValueEntryKind, StoredValuePlan } from '@huiyuan/shared';
import { DEFAULT_TIMEZONE, formatYuan, toLocalDate } from '@huiyuan/shared';

/** `¥100` for whole yuan, `¥99.50` otherwise. */
export function yuanShort(fen: number): string {
  return fen % 100 === 0 ? `¥${fen / 100}` : `¥${formatYuan(fen)}`;
}

/** 充 ¥100 送 ¥10 (no bonus: 充 ¥100). */
export function planOffer(plan: Pick<StoredValuePlan, 'amount' | 'bonus'>): string {
  return plan.bonus > 0 ? `充 ${yuanShort(plan.amount)} 送 ${yuanShort(plan.bonus)}` : `充 ${yuanShort(plan.amount)}`;
}

export const ENTRY_KIND_TEXT: Record<StoredValueEntryKind, string> = {
  top_up: '充值',
  spend: '消费',
  order_refund: '退款退回',
  top_up_refund: '充值退款',
  top_up_refund_reverted: '充值退款撤销',
  bonus_expired: '赠送金到期',
};

export const SPEND_ORDER_TEXT: Record<SpendOrder, string> = {
  proportional: '消费时本金与赠送金按余额比例同时扣减',
  principal_first: '消费时先扣本金，本金用完再扣赠送金',
  bonus_first: '消费时先扣赠送金，赠送金用完再扣本金',
};

/** `+¥110.00` / `-¥30.00`. */
export function signedYuan(fen: number): string {
  return `${fen < 0 ? '-' : '+'}¥${formatYuan(Math.abs(fen))}`;
}

/** The programme-timezone date of an instant: 2026-12-31. */
export function dateOf(iso: string, timeZone: string = DEFAULT_TIMEZONE): string {
  return toLocalDate(new Date(iso), timeZone);
}

/** ¥10.00 赠送金将于 2027-12-02 到期; null when no bonus is due to expire. */
export function bonusExpiryNudge(v: { bonusExpiring: number; bonusExpiringAt: string | null }): string | null {
  if (!v.bonusExpiringAt || v.bonusExpiring <= 0) return null;
  return `¥${formatYuan(v.bonusExpiring)} 赠送金将于 ${dateOf(v.bonusExpiringAt)} 到期`;
}

/** 30 天 / 1 年 / 365 天 as a plan's term. */
export function termText(days: number): string {
  if (days % 365 === 0) return `${days / 365} 年`;
  if (days % 30 === 0) return `${days / 30} 个月`;
  return `${days} 天`;
}

/** ¥198 / 1 年, or 免费试用 7 天. */
export function membershipPriceText(plan: Pick<MembershipPlan, 'price' | 'termDays' | 'trial'>): string {
  if (plan.trial) return `免费试用 ${plan.termDays} 天`;
  return `${yuanShort(plan.price)} / ${termText(plan.termDays)}`;
}

/** PLUS 会员 · 有效期至 2027-12-02 */
export function membershipBadge(m: { expiresAt: string }): string {
  return `PLUS 会员 · 有效期至 ${dateOf(m.expiresAt)}`;
}
