import fc from 'fast-check';
import { decideStaffChange, staffStoreProblem, type StaffAccountState } from './staff-accounts.js';

const admin = (id: string): StaffAccountState => ({ id, role: 'admin', storeId: null, status: 'active' });
const cashier: StaffAccountState = { id: 'c1', role: 'cashier', storeId: 'store-a', status: 'active' };

describe('staff account changes', () => {
  it('refuses an admin with a store and a cashier or manager without one', () => {
    expect(staffStoreProblem('admin', 'store-a')).toMatch(/admin belongs to no store/);
    expect(staffStoreProblem('manager', null)).toMatch(/manager must belong to a store/);
    expect(staffStoreProblem('cashier', 'store-a')).toBeNull();
  });

  it('moves a cashier to another store and ends their sessions', () => {
    const d = decideStaffChange({ actorId: 'a1', target: cashier, change: { storeId: 'store-b' }, activeAdminIds: ['a1'] });
    expect(d).toEqual({ ok: true, next: { ...cashier, storeId: 'store-b' }, changed: true, endSessions: true });
  });

  it('promotes a cashier to manager in the same store', () => {
    const d = decideStaffChange({ actorId: 'a1', target: cashier, change: { role: 'manager' }, activeAdminIds: ['a1'] });
    expect(d).toMatchObject({ ok: true, next: { role: 'manager', storeId: 'store-a' }, endSessions: true });
  });

  it('promoting to admin leaves the store; demoting an admin needs one', () => {
    expect(
      decideStaffChange({ actorId: 'a1', target: cashier, change: { role: 'admin' }, activeAdminIds: ['a1'] }),
    ).toMatchObject({ ok: true, next: { role: 'admin', storeId: null } });
    expect(
      decideStaffChange({ actorId: 'a1', target: admin('a2'), change: { role: 'manager' }, activeAdminIds: ['a1', 'a2'] }),
    ).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    expect(
      decideStaffChange({
        actorId: 'a1',
        target: cashier,
        change: { role: 'admin', storeId: 'store-a' },
        activeAdminIds: ['a1'],
      }),
    ).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
  });

  it('refuses an admin disabling themselves', () => {
    expect(
      decideStaffChange({ actorId: 'a1', target: admin('a1'), change: { status: 'disabled' }, activeAdminIds: ['a1', 'a2'] }),
    ).toMatchObject({ ok: false, code: 'CANNOT_DISABLE_SELF' });
  });

  it('refuses to disable or demote the last active admin', () => {
    const last = { actorId: 'a1', target: admin('a2'), activeAdminIds: ['a2'] };
    expect(decideStaffChange({ ...last, change: { status: 'disabled' } })).toMatchObject({
      ok: false,
      code: 'LAST_ACTIVE_ADMIN',
    });
    expect(decideStaffChange({ ...last, change: { role: 'manager', storeId: 's' } })).toMatchObject({
      ok: false,
      code: 'LAST_ACTIVE_ADMIN',
    });
  });

  it('disabling ends sessions; enabling again does not need to', () => {
    const off = decideStaffChange({ actorId: 'a1', target: cashier, change: { status: 'disabled' }, activeAdminIds: ['a1'] });
    expect(off).toMatchObject({ ok: true, changed: true, endSessions: true });
    const on = decideStaffChange({
      actorId: 'a1',
      target: { ...cashier, status: 'disabled' },
      change: { status: 'active' },
      activeAdminIds: ['a1'],
    });
    expect(on).toMatchObject({ ok: true, changed: true, endSessions: false });
  });

  it('an empty change changes nothing', () => {
    expect(decideStaffChange({ actorId: 'a1', target: cashier, change: {}, activeAdminIds: ['a1'] })).toMatchObject({
      ok: true,
      changed: false,
      endSessions: false,
    });
  });

  it('property: applying allowed changes one by one never leaves zero active admins', () => {
    const ids = ['a1', 'a2', 'a3', 'c1'];
    const change = fc.record(
      {
        role: fc.constantFrom('cashier' as const, 'manager' as const, 'admin' as const),
        storeId: fc.constantFrom('s1', 's2', null),
        status: fc.constantFrom('active' as const, 'disabled' as const),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...ids), fc.constantFrom(...ids), change), { maxLength: 30 }), (steps) => {
        const accounts = new Map<string, StaffAccountState>([
          ['a1', admin('a1')],
          ['a2', admin('a2')],
          ['a3', admin('a3')],
          ['c1', cashier],
        ]);
        const activeAdmins = () => [...accounts.values()].filter((a) => a.role === 'admin' && a.status === 'active');
        for (const [actorId, targetId, c] of steps) {
          const actor = accounts.get(actorId)!;
          if (actor.role !== 'admin' || actor.status !== 'active') continue; // the guard refuses them
          const d = decideStaffChange({
            actorId,
            target: accounts.get(targetId)!,
            change: c,
            activeAdminIds: activeAdmins().map((a) => a.id),
          });
          if (d.ok) accounts.set(targetId, d.next);
          if (activeAdmins().length === 0) return false;
        }
        return true;
      }),
    );
  });
});
