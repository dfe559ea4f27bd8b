// Who may open what in the console, decided once (the server enforces the same on every call):
// an admin everything; a manager the dashboard (their store only), members and tags, read-only, and
// their store's feedback inbox and the lotteries (read-only); a cashier nothing (the till is in the mini-program).
import type { StaffRole } from '@huiyuan/shared';

export type ConsoleResource =
  | 'dashboard'
  | 'members'
  | 'tags'
  | 'programme'
  | 'stored-value'
  | 'stored-value-plans'
  | 'stored-value-settings'
  | 'stored-value-settlement'
  | 'membership-plans'
  | 'coupon-templates'
  | 'segments'
  | 'campaigns'
  | 'automations'
  | 'stores'
  | 'staff'
  | 'feedback'
  | 'lotteries'
  | 'engagement'
  | 'lifecycle'
  | 'audit-log'
  | 'jobs';

// 反馈: a manager works their store's inbox (reply, assign, close); the server scopes every call.
// 抽奖: a manager reads the lotteries and their reports (the server answers their writes 403).
// 标签: a manager reads the tags with their store's member counts (creating one is an admin's).
const MANAGER_READS: ReadonlySet<string> = new Set(['dashboard', 'members', 'tags', 'feedback', 'lotteries']);
const READ_ACTIONS: ReadonlySet<string> = new Set(['list', 'show']);
// 储值: a manager reads the settlement (the server scopes it to their store) and refunds the
// top-ups made for their store from the member 360 (the server answers others 403 STORE_SCOPE).
const MANAGER_STORED_VALUE: ReadonlySet<string> = new Set([
  'stored-value:list',
  'stored-value-settlement:list',
  'members:refundTopUp',
]);

export function canAccess(role: StaffRole | null | undefined, resource: string | undefined, action: string): boolean {
  if (role === 'admin') return true;
  if (role === 'manager' && MANAGER_STORED_VALUE.has(`${resource}:${action}`)) return true;
  if (role === 'manager') return resource !== undefined && MANAGER_READS.has(resource) && READ_ACTIONS.has(action);
  return false;
}

/** Roles that may log in to the console at all. */
export function consoleRole(role: StaffRole): boolean {
  return role === 'admin' || role === 'manager';
}
