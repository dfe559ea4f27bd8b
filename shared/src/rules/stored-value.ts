// Stored value (储值): the rules of the two buckets, decided once.
//
// Every top-up is a lot with its own principal (本金, what the member paid) and bonus (赠送金, what
// the plan added), and the bonus may expire (`bonusExpiresAt`). The member's balance is Σ lots:
// principal + live bonus. Keeping the lots apart is what makes four things exact that the anchors
// (CRMEB) get wrong by merging them into one number:
//   - the spend order (`SpendOrder`): principal first, bonus first, or in proportion;
//   - order refunds return what the order took, principal to principal and bonus to bonus;
//   - refunding an unspent top-up claws back its bonus in proportion to the principal refunded;
//   - the settlement between stores (top up at A, spend at B) follows the principal's lot.
// Within a bucket the oldest money goes first: principal by top-up time, bonus by its expiry
// (soonest first, no expiry last), then top-up time.
import type { Fen } from '../money.js';
import { mulDivFloor } from '../money.js';
import { allocateFen } from './pricing.js';
import { assertCount, refuse } from './result.js';
import type { Refusal } from './result.js';

export type SpendOrder = 'proportional' | 'principal_first' | 'bonus_first';
export const SPEND_ORDERS: readonly SpendOrder[] = ['proportional', 'principal_first', 'bonus_first'];

export interface StoredValueLot {
  id: string;
  principalLeft: Fen;
  bonusLeft: Fen;
  /** null: the bonus never expires. */
  bonusExpiresAt: Date | null;
  createdAt: Date;
}

/** A lot's bonus is spendable until (not at) its expiry. */
export function bonusLive(lot: Pick<StoredValueLot, 'bonusExpiresAt'>, now: Date): boolean {
  return lot.bonusExpiresAt === null || lot.bonusExpiresAt.getTime() > now.getTime();
}

export interface Balance {
  principal: Fen;
  bonus: Fen;
  /** principal + bonus */
  total: Fen;
}

/** What the member can spend at `now`: all principal and the bonus that has not expired. */
export function liveBalance(lots: readonly StoredValueLot[], now: Date): Balance {
  let principal = 0;
  let bonus = 0;
  for (const lot of lots) {
    principal += lot.principalLeft;
    if (bonusLive(lot, now)) bonus += lot.bonusLeft;
  }
  return { principal, bonus, total: principal + bonus };
}

/** One lot's part of a spend (or of a return). */
export interface LotTake {
  lotId: string;
  principal: Fen;
  bonus: Fen;
}

export interface BalanceSpendPlan {
  ok: true;
  principal: Fen;
  bonus: Fen;
  takes: LotTake[];
}

const byTopUpTime = (a: StoredValueLot, b: StoredValueLot) =>
  a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const byBonusExpiry = (a: StoredValueLot, b: StoredValueLot) => {
  const ea = a.bonusExpiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
  const eb = b.bonusExpiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
  return ea === eb ? byTopUpTime(a, b) : ea < eb ? -1 : 1;
};

/** How much of each bucket pays `amount`, before it is spread over the lots. */
export function splitSpend(amount: Fen, balance: Balance, order: SpendOrder): { principal: Fen; bonus: Fen } {
  if (order === 'principal_first') {
    const principal = Math.min(amount, balance.principal);
    return { principal, bonus: amount - principal };
  }
  if (order === 'bonus_first') {
    const bonus = Math.min(amount, balance.bonus);
    return { bonus, principal: amount - bonus };
  }
  // In proportion to the two buckets (largest remainder, principal first on a tie), so a member
  // who topped up 100 + 10 pays every yuan 10/11 from principal and 1/11 from bonus.
  const [principal, bonus] = allocateFen(amount, [balance.principal, balance.bonus]) as [Fen, Fen];
  return { principal, bonus };
}

/** Spreads `amount` over the lots: INSUFFICIENT_BALANCE when the live balance is short. */
export function planBalanceSpend(
  lots: readonly StoredValueLot[],
  amount: Fen,
  order: SpendOrder,
  now: Date,
): BalanceSpendPlan | Refusal<'INSUFFICIENT_BALANCE'> {
  assertCount(amount, 'amount');
  const balance = liveBalance(lots, now);
  if (amount > balance.total) return refuse('INSUFFICIENT_BALANCE');
  const split = splitSpend(amount, balance, order);
  const takes = new Map<string, LotTake>();
  const take = (lot: StoredValueLot) => {
    let t = takes.get(lot.id);
    if (!t) takes.set(lot.id, (t = { lotId: lot.id, principal: 0, bonus: 0 }));
    return t;
  };
  let principalDue = split.principal;
  for (const lot of [...lots].sort(byTopUpTime)) {
    if (principalDue === 0) break;
    const n = Math.min(principalDue, lot.principalLeft);
    if (n > 0) take(lot).principal += n;
    principalDue -= n;
  }
  let bonusDue = split.bonus;
  for (const lot of [...lots].filter((l) => bonusLive(l, now)).sort(byBonusExpiry)) {
    if (bonusDue === 0) break;
    const n = Math.min(bonusDue, lot.bonusLeft);
    if (n > 0) take(lot).bonus += n;
    bonusDue -= n;
  }
  return { ok: true, principal: split.principal, bonus: split.bonus, takes: [...takes.values()] };
}

/**
 * The stored value an order refund gives back: the order paid `balancePaid` of its `payable` with
 * stored value, so refunds return that share of each refund, cumulatively (floor of the running
 * total), so that refunding the whole order returns exactly `balancePaid`.
 */
export function balanceToReturn(balancePaid: Fen, payable: Fen, refundedBefore: Fen, refundNow: Fen): Fen {
  if (balancePaid === 0 || payable === 0) return 0;
  const after = Math.min(payable, refundedBefore + refundNow);
  return mulDivFloor(after, balancePaid, payable) - mulDivFloor(Math.min(payable, refundedBefore), balancePaid, payable);
}

/** One lot's part of an order's spend, and what refunds have returned to it so far. */
export interface SpentFromLot {
  lotId: string;
  principal: Fen;
  bonus: Fen;
  principalReturned: Fen;
  bonusReturned: Fen;
  /** The lot's bonus expiry now (a bonus returned to an expired lot is forfeited, not credited). */
  bonusExpiresAt: Date | null;
}

export interface BalanceReturnPlan {
  /** Credited back, per lot; `bonusForfeited` of the lot's share was not (its bonus expired), but the order owes it no more. */
  returns: (LotTake & { bonusForfeited: Fen })[];
  principal: Fen;
  bonus: Fen;
  /** Bonus that would have gone back to lots whose bonus has expired since. */
  bonusForfeited: Fen;
}

/**
 * Gives `amount` back to the lots the order took it from: principal and bonus in the proportion
 * the order took them (cumulative, so a full refund returns exactly what was taken), each lot up
 * to what it gave. A bonus whose lot has expired in the meantime is forfeited, like points.
 */
export function planBalanceReturn(spent: readonly SpentFromLot[], amount: Fen, now: Date): BalanceReturnPlan {
  assertCount(amount, 'amount');
  const took = { principal: 0, bonus: 0 };
  const back = { principal: 0, bonus: 0 };
  for (const s of spent) {
    took.principal += s.principal;
    took.bonus += s.bonus;
    back.principal += s.principalReturned;
    back.bonus += s.bonusReturned;
  }
  const open = took.principal + took.bonus - back.principal - back.bonus;
  const give = Math.min(amount, open);
  const totalTaken = took.principal + took.bonus;
  // Principal's cumulative share of everything returned after this refund, floor; bonus the rest.
  const principalTarget = totalTaken === 0 ? 0 : mulDivFloor(back.principal + back.bonus + give, took.principal, totalTaken);
  const principal = Math.min(Math.max(0, principalTarget - back.principal), took.principal - back.principal, give);
  const bonus = give - principal;
  const returns: BalanceReturnPlan['returns'] = [];
  let principalDue = principal;
  let bonusDue = bonus;
  let bonusForfeited = 0;
  for (const s of spent) {
    const p = Math.min(principalDue, s.principal - s.principalReturned);
    const b = Math.min(bonusDue, s.bonus - s.bonusReturned);
    principalDue -= p;
    bonusDue -= b;
    const live = bonusLive(s, now);
    if (!live) bonusForfeited += b;
    if (p > 0 || b > 0) returns.push({ lotId: s.lotId, principal: p, bonus: live ? b : 0, bonusForfeited: live ? 0 : b });
  }
  return { returns, principal, bonus: bonus - bonusForfeited, bonusForfeited };
}

/** A top-up's figures for its refund (principal refunded to WeChat Pay, bonus clawed back). */
export interface TopUpForRefund {
  amount: Fen;
  bonus: Fen;
  principalLeft: Fen;
  bonusLeft: Fen;
  /** Principal of this top-up refunded before (its clawback was due on it). */
  principalRefunded: Fen;
  /** Bonus clawed back before, from the lot and from the money together. */
  bonusClawed: Fen;
}

export interface TopUpRefundPlan {
  ok: true;
  /** Principal that leaves the lot. */
  principal: Fen;
  /** Bonus that leaves the lot. */
  bonusFromLot: Fen;
  /** The part of the bonus due back that was already spent: kept from the money refunded. */
  bonusFromMoney: Fen;
  /** What WeChat Pay returns to the member: principal − bonusFromMoney. */
  money: Fen;
}

/**
 * Refunding `principal` fen of a top-up's unspent principal claws back the bonus that came with
 * it: bonus × principal ÷ amount (cumulative, rounded up so the member never keeps a bonus fen
 * for principal they took back). Taken from the lot's bonus first; what of it was already spent
 * is kept from the money, so the member ends as if they had topped up only what they kept.
 */
export function planTopUpRefund(
  t: TopUpForRefund,
  principal: Fen = t.principalLeft,
): TopUpRefundPlan | Refusal<'TOP_UP_NOT_REFUNDABLE', 'nothing_left' | 'more_than_left'> {
  assertCount(principal, 'principal');
  if (t.principalLeft === 0 || principal === 0) return refuse('TOP_UP_NOT_REFUNDABLE', 'nothing_left');
  if (principal > t.principalLeft) return refuse('TOP_UP_NOT_REFUNDABLE', 'more_than_left');
  const refundedAfter = t.principalRefunded + principal;
  const dueTotal = t.amount === 0 ? 0 : Math.min(t.bonus, Math.ceil((t.bonus * refundedAfter) / t.amount));
  const due = Math.max(0, dueTotal - t.bonusClawed);
  const bonusFromLot = Math.min(due, t.bonusLeft);
  const bonusFromMoney = Math.min(due - bonusFromLot, principal);
  return { ok: true, principal, bonusFromLot, bonusFromMoney, money: principal - bonusFromMoney };
}

// --- configuration ---------------------------------------------------------------------------

export interface StoredValuePlanInput {
  title: string;
  /** What the member pays, fen. */
  amount: Fen;
  /** What the plan adds on top, fen (充 100 送 10: amount 10000, bonus 1000). */
  bonus: Fen;
}

export const TOP_UP_MAX_FEN = 5_000_000; // ¥50,000: above the WeChat Pay single-payment limits most merchants have

/** A plan's title (储值方案 and 付费会员方案 alike): 1–40 characters after trimming; null when fine. */
export function planTitleProblem(title: unknown): string | null {
  return typeof title !== 'string' || title.trim().length === 0 || title.length > 40 ? '1–40 characters' : null;
}

/** What an edit of a plan may change (its title; amounts and benefits never change). */
export function planEditProblems(edit: { title?: string }): Record<string, string> {
  const title = edit.title === undefined ? null : planTitleProblem(edit.title);
  return title ? { title } : {};
}

export function storedValuePlanProblems(p: StoredValuePlanInput): Record<string, string> {
  const problems: Record<string, string> = {};
  const title = planTitleProblem(p.title);
  if (title) problems.title = title;
  if (!Number.isSafeInteger(p.amount) || p.amount < 100 || p.amount > TOP_UP_MAX_FEN)
    problems.amount = `¥1 to ¥${TOP_UP_MAX_FEN / 100}, in fen`;
  if (!Number.isSafeInteger(p.bonus) || p.bonus < 0 || p.bonus > p.amount) problems.bonus = '0 up to the amount, in fen';
  return problems;
}

export interface StoredValueSettings {
  spendOrder: SpendOrder;
  /** Days a top-up's bonus stays spendable; null = never expires. */
  bonusExpiryDays: number | null;
}

export const DEFAULT_STORED_VALUE_SETTINGS: StoredValueSettings = { spendOrder: 'proportional', bonusExpiryDays: 365 };

export function storedValueSettingsProblems(s: StoredValueSettings): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!SPEND_ORDERS.includes(s.spendOrder)) problems.spendOrder = SPEND_ORDERS.join(' | ');
  if (
    s.bonusExpiryDays !== null &&
    (!Number.isSafeInteger(s.bonusExpiryDays) || s.bonusExpiryDays < 1 || s.bonusExpiryDays > 3660)
  )
    problems.bonusExpiryDays = '1–3660 days, or null for never';
  return problems;
}

/** When a top-up paid at `paidAt` loses its bonus. */
export function bonusExpiresAt(paidAt: Date, settings: Pick<StoredValueSettings, 'bonusExpiryDays'>): Date | null {
  return settings.bonusExpiryDays === null ? null : new Date(paidAt.getTime() + settings.bonusExpiryDays * 86_400_000);
}
