// GET /admin/analytics/kpis and /kpis/series (API.md "Analytics"; definitions in docs/metrics.md).
import type { Granularity, LifecycleStage } from '../rules/metrics.js';

export interface KpiResponse {
  /** e.g. `metrics-v1`: the docs/metrics.md definitions these figures follow. */
  definitionVersion: string;
  from: string;
  to: string;
  /** null = all stores (admin). */
  storeId: string | null;
  timezone: string;
  members: { total: number; new: number; growthRate: number | null };
  orders: number;
  buyers: number;
  /** Fen paid (payable) on orders placed in the period. */
  gmv: number;
  /** Fen refunded in the period (by the refund's date). */
  refunds: number;
  /** gmv − refunds. */
  netGmv: number;
  repurchaseRate: number | null;
  averageOrderValue: number | null;
  spendPerBuyer: number | null;
  churnRate: number | null;
  activityRate: number | null;
  activeMembers: number;
  checkIns: number;
  lifecycle: Record<LifecycleStage, number>;
}

export interface KpiSeriesItem {
  /** The bucket's first local date (the day, the ISO week's Monday, the month's 1st). */
  period: string;
  newMembers: number;
  orders: number;
  buyers: number;
  gmv: number;
  refunds: number;
  averageOrderValue: number | null;
  repurchaseRate: number | null;
  activityRate: number | null;
}

export interface KpiSeriesResponse {
  definitionVersion: string;
  granularity: Granularity;
  storeId: string | null;
  items: KpiSeriesItem[];
}

/** GET/PUT /admin/analytics/lifecycle: the thresholds in force (defaults until an admin saves some). */
export interface LifecycleSettingsResponse {
  newDays: number;
  silentAfterDays: number;
  churnedAfterDays: number;
  /** null while the defaults apply. */
  updatedAt: string | null;
  updatedBy: string | null;
}
