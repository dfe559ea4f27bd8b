// Presence at the till (到店核身): spending anything of a member's — points, coupons, stored
// value — needs proof that the member was identified at this store a moment ago.
//
// Decisions:
// - Proof is an identification: issued by `POST /cashier/identify` (the member's rotating code) or
//   the manager fallback (member number + last 4 phone digits), for one member at the identifying
//   staff member's store, valid IDENTIFICATION_TTL_MS (10 minutes) from issue.
// - Reusable within its 10 minutes: a member may buy twice (a forgotten item, a split bill) without
//   a second scan. The member lock on every order serialises the spends, so reuse cannot overspend.
// - Only spending needs it. Earning-only orders (no points, no coupons, no balance) stay allowed
//   without one, so POS imports keep working; an identification sent with them is not checked.
// - Gift-coupon redemption (`POST /cashier/coupons/redeem`) needs none: the bearer shows the
//   coupon's own unguessable code, which is itself the proof (a gift is meant to be handed on).
import { refuse } from './result.js';
import type { Refusal } from './result.js';

export const IDENTIFICATION_TTL_MS = 10 * 60 * 1000;

/** How an identification was made (kept for the audit trail). */
export type IdentificationMethod = 'member_code' | 'member_no';

export interface Identification {
  memberId: string;
  storeId: string;
  expiresAt: Date;
}

export interface OrderSpending {
  pointsToRedeem?: number;
  couponCodes?: readonly string[];
  payWithBalance?: number;
}

export type PresenceRefusalReason = 'missing' | 'unknown' | 'other_member' | 'other_store' | 'expired';

export function identificationExpiresAt(issuedAt: Date): Date {
  return new Date(issuedAt.getTime() + IDENTIFICATION_TTL_MS);
}

/** True when the order spends something of the member's (and so needs the member present). */
export function orderSpends(order: OrderSpending): boolean {
  return (order.pointsToRedeem ?? 0) > 0 || (order.couponCodes?.length ?? 0) > 0 || (order.payWithBalance ?? 0) > 0;
}

/**
 * Whether `identification` (null: none sent, or no such row) proves `memberId` present at
 * `storeId` at `now`. Valid up to, not including, its expiry instant.
 */
export function checkPresence(
  identification: Identification | null,
  expected: { memberId: string; storeId: string; sent: boolean },
  now: Date,
): { ok: true } | Refusal<'MEMBER_NOT_PRESENT', PresenceRefusalReason> {
  if (!expected.sent) return refuse('MEMBER_NOT_PRESENT', 'missing');
  if (!identification) return refuse('MEMBER_NOT_PRESENT', 'unknown');
  if (identification.memberId !== expected.memberId) return refuse('MEMBER_NOT_PRESENT', 'other_member');
  if (identification.storeId !== expected.storeId) return refuse('MEMBER_NOT_PRESENT', 'other_store');
  if (now.getTime() >= identification.expiresAt.getTime()) return refuse('MEMBER_NOT_PRESENT', 'expired');
  return { ok: true };
}
