import { describe, expect, it } from 'vitest';
import { canAccess, consoleRole } from './access';

describe('console access', () => {
  it('an admin may do everything', () => {
    for (const r of ['dashboard', 'members', 'programme', 'coupon-templates', 'segments', 'stores', 'staff'])
      expect(canAccess('admin', r, 'list')).toBe(true);
    expect(canAccess('admin', 'members', 'adjustPoints')).toBe(true);
  });

  it('a manager reads the dashboard and members, works the feedback inbox, nothing else, and cannot adjust points', () => {
    expect(canAccess('manager', 'dashboard', 'list')).toBe(true);
    expect(canAccess('manager', 'members', 'list')).toBe(true);
    expect(canAccess('manager', 'members', 'show')).toBe(true);
    expect(canAccess('manager', 'members', 'adjustPoints')).toBe(false);
    expect(canAccess('manager', 'feedback', 'list')).toBe(true);
    expect(canAccess('manager', 'members', 'tag')).toBe(false);
    for (const r of ['programme', 'coupon-templates', 'segments', 'stores', 'staff', 'engagement', 'lifecycle'])
      expect(canAccess('manager', r, 'list')).toBe(false);
  });

  it('a manager reads the lotteries and their reports but creates and changes none', () => {
    expect(canAccess('manager', 'lotteries', 'list')).toBe(true);
    expect(canAccess('manager', 'lotteries', 'show')).toBe(true);
    expect(canAccess('manager', 'lotteries', 'create')).toBe(false);
    expect(canAccess('manager', 'lotteries', 'edit')).toBe(false);
    for (const a of ['list', 'create', 'edit']) expect(canAccess('admin', 'lotteries', a)).toBe(true);
    expect(canAccess('admin', 'members', 'tag')).toBe(true);
  });

  it('cashiers and strangers get nothing; only admins and managers log in', () => {
    expect(canAccess('cashier', 'dashboard', 'list')).toBe(false);
    expect(canAccess(undefined, 'dashboard', 'list')).toBe(false);
    expect(consoleRole('cashier')).toBe(false);
    expect(consoleRole('manager')).toBe(true);
  });

  it('a manager reads the tags (their store’s counts) but creates none; an admin creates them', () => {
    expect(canAccess('manager', 'tags', 'list')).toBe(true);
    expect(canAccess('manager', 'tags', 'create')).toBe(false);
    expect(canAccess('admin', 'tags', 'create')).toBe(true);
    expect(canAccess('cashier', 'tags', 'list')).toBe(false);
  });
});
