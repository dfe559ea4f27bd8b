// Who may open what in the console, decided once (the server enforces the same on every call):
// an admin everything; a manager the dashboard (their store only), members and tags, read-only, and
// their store's feedback inbox and the lotteries (read-only); a cashier nothing (the till is in the mini-program).
import type { StaffRole } from '@huiyuan/shared';

export type ConsoleResource =
  | 'dashboard'
  | 'members'
  | 'tags'
  | 'programme'
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

export function canAccess(role: StaffRole | null | undefined, resource: string | undefined, action: string): boolean {
  if (role === 'admin') return true;
  if (role === 'manager') return resource !== undefined && MANAGER_READS.has(resource) && READ_ACTIONS.has(action);
  return false;
}

/** Roles that may log in to the console at all. */
export function consoleRole(role: StaffRole): boolean {
  return role === 'admin' || role === 'manager';
}
