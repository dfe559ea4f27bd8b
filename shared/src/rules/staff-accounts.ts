// Staff account changes by an admin. Decisions:
// - An admin belongs to no store; a cashier or manager to exactly one (the same rule as
//   creating an account, and a CHECK on the table).
// - The programme must keep an active admin: disabling or demoting the last one is refused
//   (409 LAST_ACTIVE_ADMIN), else nobody could manage staff again without database access.
// - An admin may not disable their own account (409 CANNOT_DISABLE_SELF): a slip of the
//   finger would lock them out mid-session.
// - Disabling and any role or store change end the account's sessions (its token version is
//   bumped); re-enabling does not need to, nothing was granted.
import type { StaffStatus } from '../api/auth.js';
import type { StaffRole } from '../api/common.js';

export interface StaffAccountState {
  id: string;
  role: StaffRole;
  storeId: string | null;
  status: StaffStatus;
}

export interface StaffAccountChange {
  role?: StaffRole;
  /** `null` takes the account out of any store (only valid for an admin). */
  storeId?: string | null;
  status?: StaffStatus;
}

export type StaffChangeDecision =
  | { ok: true; next: StaffAccountState; changed: boolean; endSessions: boolean }
  | { ok: false; code: 'VALIDATION_FAILED' | 'LAST_ACTIVE_ADMIN' | 'CANNOT_DISABLE_SELF'; message: string };

/** The role/store combination problem, or null when it is allowed. */
export function staffStoreProblem(role: StaffRole, storeId: string | null | undefined): string | null {
  if (role === 'admin' && storeId) return 'storeId: an admin belongs to no store';
  if (role !== 'admin' && !storeId) return `storeId: a ${role} must belong to a store`;
  return null;
}

/**
 * May `actorId` apply `change` to `target`? `activeAdminIds` are the ids of every active admin
 * as read under lock by the caller (the target included when it is one).
 */
export function decideStaffChange(input: {
  actorId: string;
  target: StaffAccountState;
  change: StaffAccountChange;
  activeAdminIds: readonly string[];
}): StaffChangeDecision {
  const { actorId, target, change, activeAdminIds } = input;
  const role = change.role ?? target.role;
  // Becoming an admin leaves the store unless one is named (which is then refused below).
  const storeId =
    change.storeId !== undefined ? change.storeId : role === 'admin' || target.role === 'admin' ? null : target.storeId;
  const status = change.status ?? target.status;
  const problem = staffStoreProblem(role, storeId);
  if (problem) return { ok: false, code: 'VALIDATION_FAILED', message: problem };

  if (status === 'disabled' && target.status === 'active' && target.id === actorId) {
    return { ok: false, code: 'CANNOT_DISABLE_SELF', message: 'an admin cannot disable their own account' };
  }
  const wasActiveAdmin = target.role === 'admin' && target.status === 'active';
  const staysActiveAdmin = role === 'admin' && status === 'active';
  if (wasActiveAdmin && !staysActiveAdmin && activeAdminIds.filter((id) => id !== target.id).length === 0) {
    return { ok: false, code: 'LAST_ACTIVE_ADMIN', message: 'this is the last active admin; appoint another first' };
  }

  const next: StaffAccountState = { id: target.id, role, storeId, status };
  const roleOrStoreChanged = role !== target.role || storeId !== target.storeId;
  const disabledNow = status === 'disabled' && target.status === 'active';
  return {
    ok: true,
    next,
    changed: roleOrStoreChanged || status !== target.status,
    endSessions: roleOrStoreChanged || disabledNow,
  };
}
