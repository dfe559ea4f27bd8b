// Analytics (issue 11): the rollups other modules feed inside their own transactions (one call
// each: an order, a refund, a registration, a removal, a check-in), the KPIs read from them, and
// the rebuild that recomputes them from the raw rows. Definitions: docs/metrics.md (metrics-v1).
import { Inject, Injectable } from '@nestjs/common';
import {
  DEFAULT_LIFECYCLE,
  METRICS_DEFINITION_VERSION,
  addDays,
  checkPeriod,
  dayBefore,
  growthRate,
  periodsBetween,
  ratio,
  toLocalDate,
  type Granularity,
  type KpiResponse,
  type KpiSeriesResponse,
  type LifecycleStage,
  type LifecycleThresholds,
} from '@huiyuan/shared';
import { DataSource, type EntityManager } from 'typeorm';
import type { StaffPrincipal } from '../common/auth.js';
import { DomainError } from '../common/domain-error.js';
import { inTransaction } from '../common/transaction.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { ProgrammeService } from '../programme/programme.service.js';
import { StoreRepository } from '../stores/store.repository.js';
import { RECURRENCE } from './analytics.entity.js';
import { AnalyticsRepository } from './analytics.repository.js';
import { ScoresRepository } from './scores.repository.js';

const money = (fen: number | null) => (fen === null ? null : Math.round(fen));

@Injectable()
export class AnalyticsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly rows: AnalyticsRepository,
    private readonly programme: ProgrammeService,
    private readonly stores: StoreRepository,
    private readonly settings: ScoresRepository,
  ) {}

  /** The lifecycle thresholds in force (GET/PUT /admin/analytics/lifecycle; defaults until saved). */
  private async thresholds(): Promise<LifecycleThresholds> {
    return (await this.settings.thresholds(this.db)) ?? DEFAULT_LIFECYCLE;
  }

  private get timezone(): string {
    return this.programme.settings.timezone;
  }

  // ---- hooks, called inside the caller's transaction (after its per-member lock) ----
  // All of them are no-ops under HUIYUAN_ANALYTICS_ROLLUPS=off (a benchmark's comparison run only).

  /** A new member (first login), counted at their home store or programme-wide. */
  memberRegistered(tx: EntityManager, memberId: string, homeStoreId: string | null = null): Promise<void> {
    if (!this.config.analyticsRollups) return Promise.resolve();
    return this.rows.registered(tx, memberId, homeStoreId, this.timezone);
  }

  /** A member row deleted (never consented): no longer a registration. */
  memberRemoved(tx: EntityManager, memberId: string): Promise<void> {
    if (!this.config.analyticsRollups) return Promise.resolve();
    return this.rows.removed(tx, memberId);
  }

  orderRecorded(tx: EntityManager, o: { memberId: string; storeId: string; paid: number; at: Date }): Promise<void> {
    if (!this.config.analyticsRollups) return Promise.resolve();
    return this.rows.orderRecorded(tx, { ...o, day: toLocalDate(o.at, this.timezone) });
  }

  refundRecorded(tx: EntityManager, r: { memberId: string; storeId: string; amount: number; at: Date }): Promise<void> {
    if (!this.config.analyticsRollups) return Promise.resolve();
    return this.rows.refundRecorded(tx, { ...r, day: toLocalDate(r.at, this.timezone) });
  }

  /** A check-in of local date `day` (make-ups are not activity: they change a past day's calendar). */
  checkedIn(tx: EntityManager, memberId: string, day: string): Promise<void> {
    if (!this.config.analyticsRollups) return Promise.resolve();
    return this.rows.checkedIn(tx, memberId, day);
  }

  // ---- rebuild and reconciliation ----

  /** Recomputes every rollup from the raw rows in one transaction (writers wait meanwhile). */
  async rebuild(): Promise<{ ms: number }> {
    const started = Date.now();
    await inTransaction(this.db, (tx) => this.rows.rebuild(tx, this.timezone));
    return { ms: Date.now() - started };
  }

  /**
   * Folds the shards of every day before today into shard 0 (nightly `analytics-compact`): the
   * hot rows are split by connection while a day is written, one row per key once it is past.
   */
  async compact(): Promise<{ folded: Record<string, number>; ms: number }> {
    const started = Date.now();
    const folded = await this.rows.compact(this.db, toLocalDate(new Date(), this.timezone));
    return { folded, ms: Date.now() - started };
  }

  /** Rollups that disagree with their recomputation (empty = consistent). */
  check(): Promise<{ check: string; subject: string; detail: string }[]> {
    return this.rows.violations(this.db, this.timezone);
  }

  // ---- reads ----

  /** admin: any store or all (null); manager: their own (the guard refused another). */
  private async scope(staff: StaffPrincipal, storeId: string | undefined): Promise<string | null> {
    if (staff.role !== 'admin') return staff.storeId;
    if (storeId === undefined) return null;
    if (!(await this.stores.exists(this.db.manager, storeId))) throw DomainError.notFound('store');
    return storeId;
  }

  private period(from: unknown, to: unknown): { from: string; to: string } {
    const p = checkPeriod(from, to);
    if (!p.ok) throw new DomainError(p.code, p.message);
    return p;
  }

  async kpis(staff: StaffPrincipal, q: { from?: string; to?: string; storeId?: string }): Promise<KpiResponse> {
    const { from, to } = this.period(q.from, q.to);
    const storeId = await this.scope(staff, q.storeId);
    // Independent reads of the rollups, each a few index ranges: run side by side on the pool.
    const thresholds = this.thresholds();
    const [[totals], [buyers], [nActive = 0], total, atStart, churn, lifecycle] = await Promise.all([
      this.rows.buckets(this.db, storeId, from, to, null),
      this.rows.buyers(this.db, storeId, from, to, null),
      this.rows.distinctMembers(this.db, storeId, RECURRENCE.active, [[from, to]]),
      this.rows.membersAsOf(this.db, storeId, to),
      this.rows.membersAsOf(this.db, storeId, dayBefore(from)),
      thresholds.then((t) => this.churn(storeId, from, to, t.churnedAfterDays)),
      thresholds.then((t) => this.lifecycle(storeId, to, t)),
    ]);
    const orders = totals?.orders ?? 0;
    const gmv = totals?.gmv ?? 0;
    const refunded = totals?.refunded ?? 0;
    const newMembers = totals?.registrations ?? 0;
    const nBuyers = buyers?.buyers ?? 0;
    return {
      definitionVersion: METRICS_DEFINITION_VERSION,
      from,
      to,
      storeId,
      timezone: this.timezone,
      members: { total, new: newMembers, growthRate: growthRate(newMembers, atStart) },
      orders,
      buyers: nBuyers,
      gmv,
      refunds: refunded,
      netGmv: gmv - refunded,
      repurchaseRate: ratio(buyers?.repurchasers ?? 0, nBuyers),
      averageOrderValue: money(ratio(gmv, orders)),
      spendPerBuyer: money(ratio(gmv, nBuyers)),
      churnRate: ratio(churn.lost, churn.base),
      activityRate: ratio(nActive, total),
      activeMembers: nActive,
      checkIns: totals?.checkIns ?? 0,
      lifecycle,
    };
  }

  /**
   * Churn over [from, to] (docs/metrics.md): base = members with an order in the `churnDays`
   * before `from`; lost = those whose last order up to `to` lies in [from − churnDays, k] with
   * k = min(from − 1, to − churnDays), i.e. with an order in [from − churnDays, to] and none in
   * [k + 1, to]. Three distinct counts over the recurrence rows.
   */
  private async churn(homeStoreId: string | null, from: string, to: string, churnDays: number) {
    const baseFrom = addDays(from, -churnDays);
    const k = dayBefore(from) < addDays(to, -churnDays) ? dayBefore(from) : addDays(to, -churnDays);
    const [base = 0, everInWindow = 0, stillBuying = 0] = await this.rows.distinctMembers(
      this.db,
      homeStoreId,
      RECURRENCE.order,
      [
        [baseFrom, dayBefore(from)],
        [baseFrom, to],
        [addDays(k, 1), to],
      ],
    );
    return { base, lost: everInWindow - stillBuying };
  }

  /**
   * The four stages at the end of `asOf` from distinct-member counts (no scan of the members):
   * with windows new < silent < churned (validated, and a CHECK on lifecycle_setting), an ordered
   * member is new when their first order is in the new window, else active when they ordered in
   * the silent window, else silent when they ordered in the churn window, else churned; a member
   * who never ordered by then is staged by their registration day (lifecycleStage's rules).
   */
  private async lifecycle(
    homeStoreId: string | null,
    asOf: string,
    t: LifecycleThresholds,
  ): Promise<Record<LifecycleStage, number>> {
    const c = await this.rows.lifecycleCounts(this.db, homeStoreId, asOf, {
      newFrom: addDays(asOf, -(t.newDays - 1)),
      silentFrom: addDays(asOf, -(t.silentAfterDays - 1)),
      churnFrom: addDays(asOf, -(t.churnedAfterDays - 1)),
    });
    return {
      new: c.newO + (c.regN - c.frN),
      active: c.ds - c.newO,
      silent: c.dc - c.ds + (c.regC - c.regN - (c.frC - c.frN)),
      churned: c.m - c.regC - c.dc + c.frC,
    };
  }

  async series(
    staff: StaffPrincipal,
    q: { from?: string; to?: string; granularity?: Granularity; storeId?: string },
  ): Promise<KpiSeriesResponse> {
    const { from, to } = this.period(q.from, q.to);
    const granularity = q.granularity ?? 'day';
    const storeId = await this.scope(staff, q.storeId);
    const [counterRows, buyerRows, activeRows, membersAtStart] = await Promise.all([
      this.rows.buckets(this.db, storeId, from, to, granularity),
      this.rows.buyers(this.db, storeId, from, to, granularity),
      this.rows.distinctByBucket(this.db, storeId, RECURRENCE.active, from, to, granularity),
      this.rows.membersAsOf(this.db, storeId, dayBefore(from)),
    ]);
    const counters = new Map(counterRows.map((r) => [r.period, r]));
    const buyers = new Map(buyerRows.map((r) => [r.period, r]));
    const active = new Map(activeRows.map((r) => [r.period, r.n]));
    let members = membersAtStart;
    const items = periodsBetween(from, to, granularity).map((period) => {
      const c = counters.get(period);
      const b = buyers.get(period);
      const newMembers = c?.registrations ?? 0;
      members += newMembers; // members at the bucket's end (within the period)
      const orders = c?.orders ?? 0;
      const gmv = c?.gmv ?? 0;
      return {
        period,
        newMembers,
        orders,
        buyers: b?.buyers ?? 0,
        gmv,
        refunds: c?.refunded ?? 0,
        averageOrderValue: money(ratio(gmv, orders)),
        repurchaseRate: ratio(b?.repurchasers ?? 0, b?.buyers ?? 0),
        activityRate: ratio(active.get(period) ?? 0, members),
      };
    });
    return { definitionVersion: METRICS_DEFINITION_VERSION, granularity, storeId, items };
  }
}
