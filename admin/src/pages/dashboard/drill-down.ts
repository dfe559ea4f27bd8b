// KPI drill-down: a dashboard figure → the segment conditions of the members behind it, opened in
// the segment editor (prefilled, live count) — admins only, since segments are. Each mapping and
// where it is only approximate is written down in docs/console.md "Drill-down".
import type { LifecycleStage, SegmentCondition, SegmentConditions } from '@huiyuan/shared';
import { daysBetween } from '@huiyuan/shared';
import { LIFECYCLE_LABELS } from '../../lib/labels';
import type { FigureKey } from './figures';

export interface DrillContext {
  from: string;
  to: string;
  /** Today in the programme timezone. */
  today: string;
  storeId?: string;
  storeName?: string;
}

export interface DrillDown {
  /** A suggested segment name. */
  name: string;
  conditions: SegmentConditions;
  /** True when the segment only approximates the figure (see docs/console.md). */
  approximate: boolean;
}

const storeCondition = (c: DrillContext): SegmentCondition[] =>
  c.storeId ? [{ code: 'store_any', args: { storeIds: [c.storeId] } }] : [];

const scope = (c: DrillContext) => (c.storeName ? `${c.storeName} ` : '');

/** The figures that drill down (the others — rates, money, orders — have no member list of their own). */
export function drillDown(figure: FigureKey, c: DrillContext): DrillDown | null {
  switch (figure) {
    case 'newMembers':
      return {
        name: `${scope(c)}新增会员 ${c.from}~${c.to}`,
        conditions: { all: [{ code: 'registered_between', args: { from: c.from, to: c.to } }, ...storeCondition(c)] },
        // The figure counts home-store members only; store_any also takes members who ordered there.
        approximate: Boolean(c.storeId),
      };
    case 'activeMembers': {
      // Ordered within the last N days, counted back from today: the period only when it ends today.
      if (c.to !== c.today) return null;
      return {
        name: `${scope(c)}近 ${daysBetween(c.from, c.to) + 1} 天消费会员`,
        conditions: {
          all: [{ code: 'last_order_within_days', args: { days: daysBetween(c.from, c.to) + 1 } }, ...storeCondition(c)],
        },
        // The figure also counts check-ins, and an order at any store; the segment orders only.
        approximate: true,
      };
    }
    case 'churnRate':
      return lifecycleDrillDown('churned', c);
    default:
      return null;
  }
}

/** A lifecycle funnel stage → lifecycle_in (the stage of the last member-scores run). */
export function lifecycleDrillDown(stage: LifecycleStage, c: DrillContext): DrillDown {
  return {
    name: `${scope(c)}生命周期·${LIFECYCLE_LABELS[stage]}`,
    conditions: { all: [{ code: 'lifecycle_in', args: { stages: [stage] } }, ...storeCondition(c)] },
    // member_score holds the stage as of the job's last run (nightly), with the thresholds of then;
    // the funnel is computed at `to` with the thresholds in force. They agree when `to` is today
    // and the job ran after the last threshold change. store_any: home store or ordered there.
    approximate: c.to !== c.today || Boolean(c.storeId),
  };
}

/** The segment editor's URL for a drill-down (the editor reads `name` and `conditions`). */
export function drillDownHref(d: DrillDown): string {
  const q = new URLSearchParams({
    name: d.name,
    conditions: JSON.stringify(d.conditions),
    ...(d.approximate ? { approx: '1' } : {}),
  });
  return `/segments/create?${q.toString()}`;
}

/** The editor's side: the prefilled name and conditions of `?name=&conditions=&approx=`, or null. */
export function readDrillDown(search: string): DrillDown | null {
  const q = new URLSearchParams(search);
  const raw = q.get('conditions');
  if (!raw) return null;
  try {
    const conditions = JSON.parse(raw) as unknown;
    if (!conditions || typeof conditions !== 'object' || Array.isArray(conditions)) return null;
    return { name: q.get('name') ?? '', conditions: conditions as SegmentConditions, approximate: q.get('approx') === '1' };
  } catch {
    return null;
  }
}
