import { validateSegmentConditions } from '@huiyuan/shared';
import { describe, expect, it } from 'vitest';
import { checkConditions, fromConditions } from '../segments/conditions';
import { drillDown, drillDownHref, lifecycleDrillDown, readDrillDown } from './drill-down';

const STORE = '2b1c0a4e-9d6f-4c33-8a0b-5f1e2d3c4b5a';
const week = { from: '2026-11-26', to: '2026-12-02', today: '2026-12-02' };

describe('KPI drill-down', () => {
  it('new members → registered in the period (and, for one store, store_any, approximate)', () => {
    const all = drillDown('newMembers', week)!;
    expect(all.conditions).toEqual({ all: [{ code: 'registered_between', args: { from: '2026-11-26', to: '2026-12-02' } }] });
    expect(all.approximate).toBe(false);
    const one = drillDown('newMembers', { ...week, storeId: STORE, storeName: '静安寺店' })!;
    expect(one.conditions.all).toContainEqual({ code: 'store_any', args: { storeIds: [STORE] } });
    expect(one.approximate).toBe(true);
    expect(one.name).toBe('静安寺店 新增会员 2026-11-26~2026-12-02');
  });

  it('active members → ordered within the period’s days, only for a period ending today', () => {
    expect(drillDown('activeMembers', week)!.conditions).toEqual({
      all: [{ code: 'last_order_within_days', args: { days: 7 } }],
    });
    expect(drillDown('activeMembers', { ...week, to: '2026-12-01' })).toBeNull();
  });

  it('churn and funnel stages → lifecycle_in; exact only for today over all stores', () => {
    expect(drillDown('churnRate', week)!.conditions).toEqual({ all: [{ code: 'lifecycle_in', args: { stages: ['churned'] } }] });
    expect(lifecycleDrillDown('silent', week).approximate).toBe(false);
    expect(lifecycleDrillDown('silent', { ...week, to: '2026-11-30' }).approximate).toBe(true);
    expect(drillDown('gmv', week)).toBeNull();
  });

  it('every drill-down is a valid segment and survives the editor’s URL and builder', () => {
    const ctx = { ...week, storeId: STORE, storeName: '静安寺店' };
    const all = [
      drillDown('newMembers', ctx)!,
      drillDown('activeMembers', ctx)!,
      drillDown('churnRate', ctx)!,
      ...(['new', 'active', 'silent', 'churned'] as const).map((s) => lifecycleDrillDown(s, ctx)),
    ];
    for (const d of all) {
      expect(validateSegmentConditions(d.conditions).ok).toBe(true);
      const read = readDrillDown(drillDownHref(d).split('?')[1]!)!;
      expect(read).toEqual(d);
      const rebuilt = checkConditions({ name: read.name, ...fromConditions(read.conditions) });
      expect(rebuilt).toEqual({ ok: true, conditions: d.conditions });
    }
    expect(readDrillDown('conditions=not-json')).toBeNull();
    expect(readDrillDown('')).toBeNull();
  });
});
