// The analytics rollups (docs/metrics.md, docs/architecture.md "Analytics"): written in the same
// transaction as the order, refund, registration or check-in that changes them, read by the KPI
// endpoints, recomputed from the raw rows by AnalyticsService.rebuild(). No foreign keys: the
// programme-wide row uses the nil store id, and a rollup must never block a delete elsewhere.
import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** Store id of the programme-wide rows (registrations without a store, check-ins). */
export const NO_STORE = '00000000-0000-0000-0000-000000000000';
/**
 * The hot rollup rows (store × day, recent recurrence) are split in this many shards by the
 * writing connection, so concurrent orders do not queue on one row; past days are folded into
 * shard 0 nightly (analytics.repository.ts SHARD, compactionStatements). Also frozen in the
 * SQL function analytics_shard() (migration 1763900000026).
 */
export const ROLLUP_SHARDS = 64;

/** The advisory-lock key (first of two int4) under which each connection holds its shard slot. */
export const ANALYTICS_SHARD_LOCK = 18553;

/** store × programme-local day counters, split into shards; read as Σ over shards. */
@Entity('analytics_store_day')
export class AnalyticsStoreDay {
  @PrimaryColumn('uuid')
  storeId: string;

  @PrimaryColumn('date')
  day: string;

  @PrimaryColumn('smallint')
  shard: number;

  /** Members registered this day whose home store is this store. */
  @Column('integer', { default: 0 })
  registrations: number;

  @Column('integer', { default: 0 })
  orders: number;

  /** Σ payable (fen) of the orders placed this day. */
  @Column('bigint', { default: 0 })
  gmv: string;

  @Column('integer', { default: 0 })
  refunds: number;

  /** Σ fen refunded this day (by the refund's date). */
  @Column('bigint', { default: 0 })
  refunded: string;

  @Column('integer', { default: 0 })
  checkIns: number;
}

/** One row per member: when they registered and their home store (NO_STORE when none). */
@Entity('analytics_member')
@Index('analytics_member_home_idx', ['homeStoreId', 'registeredOn'])
export class AnalyticsMember {
  @PrimaryColumn('uuid')
  memberId: string;

  @Column('uuid')
  homeStoreId: string;

  @Column('timestamptz')
  registeredAt: Date;

  @Column('date')
  registeredOn: string;

  /** The member's first and last order day (any store) and last day with an order or a check-in. */
  @Column('date', { nullable: true })
  firstOrderOn: string | null;

  @Column('date', { nullable: true })
  lastOrderOn: string | null;

  @Column('date', { nullable: true })
  lastActiveOn: string | null;

  /** The day of the order before the last one (any store; the last one's day when both fell on it). */
  @Column('date', { nullable: true })
  prevOrderOn: string | null;

  /** The member's totals over all stores (segment ranges read them as plain columns). */
  @Column('integer', { default: 0 })
  orders: number;

  /** Σ payable (fen) of the member's orders. */
  @Column('bigint', { default: 0 })
  spend: string;

  /** Σ fen refunded on the member's orders. */
  @Column('bigint', { default: 0 })
  refunded: string;
}

/** analytics_recurrence kinds (docs/metrics.md, "Distinct members"). */
export const RECURRENCE = {
  /** a day with an order (any store); prev_day = the member's previous order day */
  order: 1,
  /** a day with an order or a check-in; prev_day = the previous such day */
  active: 2,
  /** the first order ever; prev_day = the registration day */
  first: 3,
  /** the registration; prev_day = -infinity */
  registered: 4,
} as const;

/**
 * Distinct members over any period without scanning members: one count per (scope, kind, day,
 * previous day). A member has an event in [a, b] exactly when one of their events in [a, b] has
 * prev_day < a (their first in the period), so Σ members over day ∈ [a, b], prev_day < a is the
 * exact count of distinct members. Scope = the member's home store, and NO_STORE for every
 * member. prev_day is -infinity for a member's first event of the kind. Rows of recent or first
 * events are split into shards by the writing connection (hot rows); older gaps use shard 0.
 */
@Entity('analytics_recurrence')
export class AnalyticsRecurrence {
  @PrimaryColumn('uuid')
  scopeId: string;

  @PrimaryColumn('smallint')
  kind: number;

  @PrimaryColumn('date')
  day: string;

  @PrimaryColumn('date')
  prevDay: string;

  @PrimaryColumn('smallint')
  shard: number;

  @Column('integer', { default: 0 })
  members: number;
}

/**
 * The purchase figures' counterpart of analytics_recurrence (buyers and repurchasers of any period,
 * docs/metrics.md "Distinct members"): one count per (scope, day, the day of the member's previous
 * order in the scope, the day of the one before). Scope = the order's store, and NO_STORE for
 * orders anywhere. Over [a, b]: buyers = Σ orders with prev_day < a (each buyer's first order in
 * it); repurchasers = Σ orders with prev2_day < a ≤ prev_day (each repeat buyer's second order in it).
 */
@Entity('analytics_order_recurrence')
export class AnalyticsOrderRecurrence {
  @PrimaryColumn('uuid')
  scopeId: string;

  @PrimaryColumn('date')
  day: string;

  @PrimaryColumn('date')
  prevDay: string;

  @PrimaryColumn('date')
  prev2Day: string;

  @PrimaryColumn('smallint')
  shard: number;

  @Column('integer', { default: 0 })
  orders: number;
}

/** member × store purchase stats (the member 360's and RFM's source). */
@Entity('analytics_member_store')
@Index('analytics_member_store_store_idx', ['storeId', 'lastOrderOn'])
export class AnalyticsMemberStore {
  @PrimaryColumn('uuid')
  memberId: string;

  @PrimaryColumn('uuid')
  storeId: string;

  @Column('timestamptz')
  firstOrderAt: Date;

  @Column('timestamptz')
  lastOrderAt: Date;

  @Column('date')
  firstOrderOn: string;

  @Column('date')
  lastOrderOn: string;

  @Column('integer', { default: 0 })
  orders: number;

  /** Σ payable (fen) of the member's orders at this store. */
  @Column('bigint', { default: 0 })
  spend: string;

  @Column('bigint', { default: 0 })
  refunded: string;

  /** The day of the member's order at this store before the last one. */
  @Column('date', { nullable: true })
  prevOrderOn: string | null;
}

/**
 * One row per member: lifecycle stage and RFM scores as the nightly job last computed them
 * (issue 11 item 3). Segment conditions `lifecycle_in` / `rfm_group_in` and the member 360 read
 * it; the stage the KPIs report is computed live from the rollups, so it may be a day fresher.
 */
@Entity('member_score')
@Index('member_score_stage_idx', ['stage'])
@Index('member_score_rfm_group_idx', ['rfmGroup'])
export class MemberScore {
  @PrimaryColumn('uuid')
  memberId: string;

  /** new | active | silent | churned (shared LifecycleStage). */
  @Column('text')
  stage: string;

  /** The local date the member entered `stage` (first seen in it by the job). */
  @Column('date')
  stageSince: string;

  /** 1–5; null for a member who never ordered. */
  @Column('smallint', { nullable: true })
  recencyScore: number | null;

  @Column('smallint', { nullable: true })
  frequencyScore: number | null;

  @Column('smallint', { nullable: true })
  monetaryScore: number | null;

  /** The RFM group code (shared rules); null for a member who never ordered. */
  @Column('text', { nullable: true })
  rfmGroup: string | null;

  /** The run that last wrote the row: first scored, or stage / scores changed (unchanged rows are not rewritten). */
  @Column('timestamptz')
  computedAt: Date;
}

/**
 * The lifecycle thresholds in force (one row, id 1; absent = DEFAULT_LIFECYCLE). Edited with
 * `PUT /admin/analytics/lifecycle` (validated by shared lifecycleThresholdsProblems; the CHECK is
 * the database's copy of the ordering rule). The KPIs and the member-scores job read it.
 */
@Entity('lifecycle_setting')
@Check('lifecycle_setting_single_row', `"id" = 1`)
@Check(
  'lifecycle_setting_ascending',
  `"new_days" >= 1 AND "new_days" < "silent_after_days" AND "silent_after_days" < "churned_after_days" AND "churned_after_days" <= 3660`,
)
export class LifecycleSetting {
  @PrimaryColumn('smallint')
  id: number;

  @Column('integer')
  newDays: number;

  @Column('integer')
  silentAfterDays: number;

  @Column('integer')
  churnedAfterDays: number;

  @Column('uuid', { nullable: true })
  updatedBy: string | null;

  @Column('timestamptz')
  updatedAt: Date;
}

/**
 * Append-only: a member's stage or RFM group changed between two runs of the member-scores job
 * (never written for a member's first scoring: the first run only initialises). The automations
 * trigger on it ("became silent"); stage changes are also the `member.lifecycle_changed` webhook.
 */
@Entity('member_score_change')
@Index('member_score_change_created_idx', ['createdAt'])
@Index('member_score_change_member_idx', ['memberId', 'createdAt'])
@Check('member_score_change_kind_known', `"kind" IN ('stage', 'rfm_group')`)
export class MemberScoreChange {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  memberId: string;

  /** stage | rfm_group */
  @Column('text')
  kind: string;

  /** The previous value (a stage, or an RFM group code; null = had no group, i.e. had not ordered). */
  @Column('text', { nullable: true })
  fromValue: string | null;

  @Column('text', { nullable: true })
  toValue: string | null;

  /** The local date the job scored (its as-of date, programme timezone). */
  @Column('date')
  changedOn: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
