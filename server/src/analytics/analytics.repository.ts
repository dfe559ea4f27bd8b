// The analytics rollups' SQL (analytics/ owns the analytics_* tables). The write half runs
// inside the caller's transaction (the till's order and refund, a registration, a check-in) as
// one statement each: upserts that add to what is there, so concurrent writers never lose an
// increment. The read half serves the KPI endpoints from the rollups only. The recomputation
// (rebuild and the reconciliation check) reads the raw tables of other modules: a documented
// CROSS_MODULE_READS exemption in module-boundaries.spec.ts. docs/metrics.md explains every figure.
import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { deferSql, sql } from '../common/sql.js';
import { NO_STORE, RECURRENCE } from './analytics.entity.js';

type Db = DataSource | EntityManager;

/**
 * The shard a live write lands in: the writing connection's slot, `analytics_shard()` (migration
 * 1763900000026): each connection takes a free slot of ROLLUP_SHARDS once, held by a session
 * advisory lock (ANALYTICS_SHARD_LOCK) while it lives. A connection runs one transaction at a time,
 * so concurrent orders (at one store, on one day) add to different rows instead of queueing on one
 * row's lock until the other commits — with member-id shards 32 connections queued four deep on 8
 * rows, and with `pg_backend_pid() % 32` connections whose pids collided queued in pairs
 * (docs/performance.md). Rows are read as Σ over shards; the rebuild writes shard 0 only, and the
 * nightly compaction folds past days' shards into shard 0.
 */
const SHARD = 'analytics_shard()';

/**
 * The shard of a live recurrence row: the connection's for first events and gaps of up to a
 * week (the rows every busy day shares), 0 for older gaps (spread over many rows anyway).
 */
const RECURRENCE_SHARD = (day: string, prev: string) =>
  `(CASE WHEN ${prev} = '-infinity'::date OR ${day} - ${prev} <= 7 THEN ${SHARD} ELSE 0 END)`;

/** The scopes of a member's recurrence rows: every member (NO_STORE) and their home store. */
const SCOPES = (home: string) =>
  `unnest(CASE WHEN ${home} = '${NO_STORE}'::uuid THEN ARRAY['${NO_STORE}'::uuid] ELSE ARRAY['${NO_STORE}'::uuid, ${home}] END)`;

/** A timezone name safe to inline in SQL (the invariants run without parameters). */
function tzLiteral(timezone: string): string {
  if (!/^[A-Za-z0-9_+\-/]+$/.test(timezone)) throw new Error(`not a timezone name: ${timezone}`);
  return `'${timezone}'`;
}

/** SELECTs that recompute each rollup from the raw rows, columns in the table's order. */
function recomputation(timezone: string) {
  const tz = tzLiteral(timezone);
  const local = (col: string) => `(${col} AT TIME ZONE ${tz})::date`;
  return {
    analytics_member: `SELECT m.id AS member_id, COALESCE(m.registration_store_id, '${NO_STORE}'::uuid) AS home_store_id,
        m.created_at AS registered_at, ${local('m.created_at')} AS registered_on,
        o.first_on AS first_order_on, o.last_on AS last_order_on, GREATEST(o.last_on, c.last_on) AS last_active_on,
        o.prev_on AS prev_order_on, COALESCE(o.orders, 0) AS orders, COALESCE(o.spend, 0) AS spend,
        COALESCE(o.refunded, 0) AS refunded
      FROM member m
      LEFT JOIN (SELECT member_id, min(${local('created_at')}) AS first_on, max(${local('created_at')}) AS last_on,
                   (array_agg(${local('created_at')} ORDER BY created_at DESC, id DESC))[2] AS prev_on,
                   count(*)::int AS orders, sum(payable)::bigint AS spend, sum(refunded_amount)::bigint AS refunded
                 FROM member_order GROUP BY member_id) o ON o.member_id = m.id
      LEFT JOIN (SELECT member_id, max(date) AS last_on FROM checkin WHERE NOT made_up GROUP BY member_id) c ON c.member_id = m.id`,
    // Each member's events (order days, active days, first order, registration) with the day of
    // the event before, counted per home store and for everyone.
    analytics_recurrence: `SELECT s.scope_id, e.kind, e.day, e.prev_day,
        0::smallint AS shard, count(*)::int AS members
      FROM (
        SELECT ${RECURRENCE.order}::smallint AS kind, member_id, day,
          COALESCE(lag(day) OVER (PARTITION BY member_id ORDER BY day), '-infinity'::date) AS prev_day
        FROM (SELECT DISTINCT member_id, ${local('created_at')} AS day FROM member_order) od
        UNION ALL
        SELECT ${RECURRENCE.active}::smallint, member_id, day,
          COALESCE(lag(day) OVER (PARTITION BY member_id ORDER BY day), '-infinity'::date)
        FROM (SELECT member_id, ${local('created_at')} AS day FROM member_order
              UNION SELECT member_id, date FROM checkin WHERE NOT made_up) ad
        UNION ALL
        SELECT ${RECURRENCE.first}::smallint, o.member_id, min(${local('o.created_at')}), ${local('m.created_at')}
        FROM member_order o JOIN member m ON m.id = o.member_id GROUP BY o.member_id, m.created_at
        UNION ALL
        SELECT ${RECURRENCE.registered}::smallint, m.id, ${local('m.created_at')}, '-infinity'::date FROM member m
      ) e
      JOIN member hm ON hm.id = e.member_id
      CROSS JOIN LATERAL ${SCOPES(`COALESCE(hm.registration_store_id, '${NO_STORE}'::uuid)`)} AS s(scope_id)
      GROUP BY 1, 2, 3, 4`,
    analytics_member_store: `SELECT o.member_id, o.store_id, min(o.created_at) AS first_order_at, max(o.created_at) AS last_order_at,
        min(${local('o.created_at')}) AS first_order_on, max(${local('o.created_at')}) AS last_order_on,
        count(*)::int AS orders, sum(o.payable)::bigint AS spend, sum(o.refunded_amount)::bigint AS refunded,
        (array_agg(${local('o.created_at')} ORDER BY o.created_at DESC, o.id DESC))[2] AS prev_order_on
      FROM member_order o GROUP BY o.member_id, o.store_id`,
    // Each order with the days of the member's two orders before it, at its store and anywhere.
    analytics_order_recurrence: `SELECT e.scope_id, e.day, e.prev_day, e.prev2_day,
        0::smallint AS shard, count(*)::int AS orders
      FROM (
        SELECT store_id AS scope_id, member_id, day,
          COALESCE(lag(day) OVER w, '-infinity'::date) AS prev_day, COALESCE(lag(day, 2) OVER w, '-infinity'::date) AS prev2_day
        FROM (SELECT id, member_id, store_id, created_at, ${local('created_at')} AS day FROM member_order) o
        WINDOW w AS (PARTITION BY member_id, store_id ORDER BY created_at, id)
        UNION ALL
        SELECT '${NO_STORE}'::uuid, member_id, day,
          COALESCE(lag(day) OVER w, '-infinity'::date), COALESCE(lag(day, 2) OVER w, '-infinity'::date)
        FROM (SELECT id, member_id, created_at, ${local('created_at')} AS day FROM member_order) o
        WINDOW w AS (PARTITION BY member_id ORDER BY created_at, id)
      ) e
      GROUP BY 1, 2, 3, 4`,
    analytics_store_day: `SELECT store_id, day, 0::smallint AS shard, sum(registrations)::int AS registrations, sum(orders)::int AS orders,
        sum(gmv)::bigint AS gmv, sum(refunds)::int AS refunds, sum(refunded)::bigint AS refunded, sum(check_ins)::int AS check_ins
      FROM (
        SELECT COALESCE(m.registration_store_id, '${NO_STORE}'::uuid) AS store_id, ${local('m.created_at')} AS day,
          1 AS registrations, 0 AS orders, 0 AS gmv, 0 AS refunds, 0 AS refunded, 0 AS check_ins
        FROM member m
        UNION ALL
        SELECT o.store_id, ${local('o.created_at')}, 0, 1, o.payable, 0, 0, 0 FROM member_order o
        UNION ALL
        SELECT o.store_id, ${local('r.created_at')}, 0, 0, 0, 1, r.amount, 0
        FROM order_refund r JOIN member_order o ON o.id = r.order_id
        UNION ALL
        SELECT '${NO_STORE}'::uuid, c.date, 0, 0, 0, 0, 0, 1 FROM checkin c WHERE NOT c.made_up
      ) x GROUP BY store_id, day`,
  };
}

const ROLLUPS = [
  'analytics_store_day',
  'analytics_member',
  'analytics_member_store',
  'analytics_recurrence',
  'analytics_order_recurrence',
] as const;
type Rollup = (typeof ROLLUPS)[number];

/** The sharded rollups: their key (without the shard) and their counters, with each counter's type. */
const SHARDED: Partial<Record<Rollup, { keys: string[]; counters: [string, 'int' | 'bigint'][] }>> = {
  analytics_store_day: {
    keys: ['store_id', 'day'],
    counters: [
      ['registrations', 'int'],
      ['orders', 'int'],
      ['gmv', 'bigint'],
      ['refunds', 'int'],
      ['refunded', 'bigint'],
      ['check_ins', 'int'],
    ],
  },
  analytics_recurrence: { keys: ['scope_id', 'kind', 'day', 'prev_day'], counters: [['members', 'int']] },
  analytics_order_recurrence: { keys: ['scope_id', 'day', 'prev_day', 'prev2_day'], counters: [['orders', 'int']] },
};

/**
 * A rollup as it is read: a sharded one folded to Σ over shards in shard 0 (keys whose counters
 * all sum to zero are no row), the others as they are — what the recomputation gives.
 */
function folded(t: Rollup): string {
  const spec = SHARDED[t];
  if (!spec) return `SELECT * FROM ${t}`;
  const sums = spec.counters.map(([c, type]) => `sum(${c})::${type} AS ${c}`).join(', ');
  const nonZero = spec.counters.map(([c]) => `sum(${c}) <> 0`).join(' OR ');
  return `SELECT ${spec.keys.join(', ')}, 0::smallint AS shard, ${sums} FROM ${t} GROUP BY ${spec.keys.join(', ')} HAVING ${nonZero}`;
}

/** The statements of a full rebuild, in order, for one transaction (also run by `pnpm analytics:rebuild`). */
export function rebuildStatements(timezone: string): string[] {
  const r = recomputation(timezone);
  return [
    // Writers (the till, registrations, check-ins) wait until the rebuild commits: no increment
    // lands between the TRUNCATE and the INSERT … SELECT, and none is counted twice.
    `LOCK TABLE ${ROLLUPS.join(', ')} IN ACCESS EXCLUSIVE MODE`,
    `TRUNCATE ${ROLLUPS.join(', ')}`,
    ...ROLLUPS.map((t) => `INSERT INTO ${t} ${r[t]}`),
  ];
}

/**
 * How many days before today the nightly compaction looks at: a day's shards are written on the
 * day itself (and a late order at midnight), so one night suffices; the margin covers a job that
 * did not run for weeks. Older sharded rows stay exact (read as sums); the rebuild compacts all.
 */
const COMPACTED_DAYS = 35;

/**
 * The nightly compaction ($1 = the first day kept sharded, i.e. today): every sharded row of the
 * COMPACTED_DAYS before is folded into that key's shard 0, and rows left all zero are deleted. Readers
 * sum over shards either way; this keeps the rows a period reads to one per key for past days
 * (the rebuild's shape) whatever number of connections wrote them. One statement per table, so
 * a concurrent reader sees a day either before or after (the DELETE and the INSERT share a
 * snapshot and commit together); a late write to a past day lands in a new shard row, folded
 * the next night.
 */
export function compactionStatements(): { table: Rollup; text: string }[] {
  return (Object.keys(SHARDED) as Rollup[]).flatMap((t) => {
    const spec = SHARDED[t]!;
    const keys = spec.keys.join(', ');
    const counters = spec.counters.map(([c]) => c);
    return [
      {
        table: t,
        text: `WITH moved AS (DELETE FROM ${t} WHERE day < $1::date AND day >= $1::date - ${COMPACTED_DAYS} AND shard <> 0 RETURNING *),
          folded AS (
            INSERT INTO ${t} AS x (${keys}, shard, ${counters.join(', ')})
            SELECT ${keys}, 0, ${counters.map((c) => `sum(${c})`).join(', ')} FROM moved GROUP BY ${keys} ORDER BY ${keys}
            ON CONFLICT (${keys}, shard) DO UPDATE SET ${counters.map((c) => `${c} = x.${c} + EXCLUDED.${c}`).join(', ')}
            RETURNING 1)
          SELECT count(*)::int AS n FROM moved`,
      },
      {
        table: t,
        text: `WITH zero AS (DELETE FROM ${t} WHERE day < $1::date AND day >= $1::date - ${COMPACTED_DAYS} AND shard = 0 AND ${counters.map((c) => `${c} = 0`).join(' AND ')} RETURNING 1)
          SELECT count(*)::int AS n FROM zero`,
      },
    ];
  });
}

/** Reconciliation: each rollup (folded over shards) equals its recomputation (rows in one and not the other). */
export function analyticsInvariants(timezone: string): { check: string; sql: string }[] {
  const r = recomputation(timezone);
  return ROLLUPS.map((t) => ({
    check: `${t} equals its recomputation from the raw rows`,
    sql: `SELECT 'rollup only' AS subject, row_to_json(a)::text AS detail FROM (${folded(t)} EXCEPT SELECT * FROM (${r[t]}) q) a
      UNION ALL
      SELECT 'recomputation only', row_to_json(b)::text FROM (SELECT * FROM (${r[t]}) q EXCEPT ${folded(t)}) b`,
  }));
}

export interface PeriodTotals {
  registrations: number;
  orders: number;
  gmv: number;
  refunds: number;
  refunded: number;
  checkIns: number;
}

export interface BucketRow extends PeriodTotals {
  period: string;
}

const num = (v: unknown) => Number(v ?? 0);

/**
 * The store condition of a read, as two statement texts: `sql()` prepares each text once, and a
 * generic plan of `($1 IS NULL OR store_id = $1)` cannot use the store's index (it read every
 * store's rows of the period once the plan cache went generic: KPIs of one store p50 969 → 99 ms
 * at 1M members / 10M orders, docs/performance.md).
 */
const storeScope = (storeId: string | null) => (storeId === null ? '$1::uuid IS NULL' : 'store_id = $1');

/** A bucket size, or null for the whole period in one row labelled `all`. */
export type Unit = 'day' | 'week' | 'month' | null;

@Injectable()
export class AnalyticsRepository {
  // ---- writes, inside the caller's transaction ----

  async registered(tx: EntityManager, memberId: string, homeStoreId: string | null, timezone: string): Promise<void> {
    // now() is the transaction's start, the same instant as the member row's created_at default.
    await sql(
      tx,
      `WITH m AS (
         INSERT INTO analytics_member (member_id, home_store_id, registered_at, registered_on)
         VALUES ($1, COALESCE($2::uuid, '${NO_STORE}'::uuid), now(), (now() AT TIME ZONE $3)::date)
         ON CONFLICT (member_id) DO NOTHING
         RETURNING home_store_id, registered_on),
       rc AS (
         INSERT INTO analytics_recurrence AS t (scope_id, kind, day, prev_day, shard, members)
         SELECT s.scope_id, ${RECURRENCE.registered}, m.registered_on, '-infinity', ${SHARD}, 1
         FROM m CROSS JOIN LATERAL ${SCOPES('m.home_store_id')} AS s(scope_id) ORDER BY s.scope_id
         ON CONFLICT (scope_id, kind, day, prev_day, shard) DO UPDATE SET members = t.members + 1
         RETURNING 1)
       INSERT INTO analytics_store_day AS t (store_id, day, shard, registrations)
       SELECT home_store_id, registered_on, ${SHARD}, 1 FROM m
       ON CONFLICT (store_id, day, shard) DO UPDATE SET registrations = t.registrations + 1`,
      [memberId, homeStoreId, timezone],
    );
  }

  /**
   * A member row removed (never consented): their registration is no longer counted. It is taken
   * off in shard 0 whichever shard counted it (the connection that registered them is unknown):
   * what is read is the Σ over shards, so one shard's partial count may go below zero.
   */
  async removed(tx: EntityManager, memberId: string): Promise<void> {
    const rows: { home_store_id: string; registered_on: string }[] = await sql(
      tx,
      `DELETE FROM analytics_member WHERE member_id = $1 RETURNING home_store_id, to_char(registered_on, 'YYYY-MM-DD') AS registered_on`,
      [memberId],
    );
    const m = rows[0];
    if (!m) return;
    const key = [m.home_store_id, m.registered_on];
    await sql(
      tx,
      `INSERT INTO analytics_recurrence AS t (scope_id, kind, day, prev_day, shard, members)
       SELECT s.scope_id, ${RECURRENCE.registered}, $2::date, '-infinity', 0, -1 FROM ${SCOPES('$1::uuid')} AS s(scope_id)
       ORDER BY s.scope_id
       ON CONFLICT (scope_id, kind, day, prev_day, shard) DO UPDATE SET members = t.members - 1`,
      key,
    );
    await sql(
      tx,
      `INSERT INTO analytics_store_day AS t (store_id, day, shard, registrations) VALUES ($1, $2, 0, -1)
       ON CONFLICT (store_id, day, shard) DO UPDATE SET registrations = t.registrations - 1`,
      key,
    );
  }

  /**
   * An order's rollups, queued for the order transaction's one write (deferSql; docs/performance.md):
   * five plain statements instead of one with its own WITH, which could not join it. The recurrence
   * rows read the member's previous days from analytics_member (and analytics_member_store); they
   * are queued BEFORE the writes of those rows, so they read the previous days whether the writes
   * share a statement (one snapshot) or not (sent in queue order).
   */
  async orderRecorded(
    tx: EntityManager,
    o: { memberId: string; storeId: string; paid: number; at: Date; day: string },
  ): Promise<void> {
    // Recurrence rows, sorted (the same lock order everywhere): the member's first order, first
    // order of the day, and first activity of the day (previous day, or -infinity).
    await deferSql(
      tx,
      `INSERT INTO analytics_recurrence AS t (scope_id, kind, day, prev_day, shard, members)
       SELECT s.scope_id, ev.kind, $2::date, ev.prev_day, ${RECURRENCE_SHARD('$2::date', 'ev.prev_day')}, 1
         FROM (WITH am AS (SELECT home_store_id, registered_on, last_order_on, last_active_on
                             FROM analytics_member WHERE member_id = $1)
               SELECT ${RECURRENCE.order} AS kind, COALESCE(last_order_on, '-infinity'::date) AS prev_day, home_store_id FROM am
                WHERE last_order_on IS NULL OR last_order_on < $2::date
               UNION ALL
               SELECT ${RECURRENCE.active}, COALESCE(last_active_on, '-infinity'::date), home_store_id FROM am
                WHERE last_active_on IS NULL OR last_active_on < $2::date
               UNION ALL
               SELECT ${RECURRENCE.first}, registered_on, home_store_id FROM am WHERE last_order_on IS NULL) AS ev
         CROSS JOIN LATERAL ${SCOPES('ev.home_store_id')} AS s(scope_id)
        ORDER BY ev.kind, s.scope_id
       ON CONFLICT (scope_id, kind, day, prev_day, shard) DO UPDATE SET members = t.members + 1`,
      [o.memberId, o.day],
    );
    // The order with the days of the member's two orders before it, at this store and anywhere
    // (read before the two rows below move them on).
    await deferSql(
      tx,
      `INSERT INTO analytics_order_recurrence AS t (scope_id, day, prev_day, prev2_day, shard, orders)
       SELECT e.scope_id, $3::date, e.prev_day, e.prev2_day, ${RECURRENCE_SHARD('$3::date', 'e.prev_day')}, 1
         FROM (SELECT $2::uuid AS scope_id, COALESCE(ms.last_order_on, '-infinity'::date) AS prev_day,
                      COALESCE(ms.prev_order_on, '-infinity'::date) AS prev2_day
                 FROM (SELECT 1) one LEFT JOIN analytics_member_store ms ON ms.member_id = $1 AND ms.store_id = $2
               UNION ALL
               SELECT '${NO_STORE}'::uuid, COALESCE(am.last_order_on, '-infinity'::date), COALESCE(am.prev_order_on, '-infinity'::date)
                 FROM analytics_member am WHERE am.member_id = $1) AS e
        ORDER BY e.scope_id
       ON CONFLICT (scope_id, day, prev_day, prev2_day, shard) DO UPDATE SET orders = t.orders + 1`,
      [o.memberId, o.storeId, o.day],
    );
    await deferSql(
      tx,
      `UPDATE analytics_member SET first_order_on = COALESCE(first_order_on, $2::date), prev_order_on = last_order_on,
         last_order_on = GREATEST(last_order_on, $2::date), last_active_on = GREATEST(last_active_on, $2::date),
         orders = orders + 1, spend = spend + $3
        WHERE member_id = $1`,
      [o.memberId, o.day, o.paid],
    );
    await deferSql(
      tx,
      `INSERT INTO analytics_member_store AS t
         (member_id, store_id, first_order_at, last_order_at, first_order_on, last_order_on, orders, spend)
       VALUES ($1, $2, $3, $3, $4, $4, 1, $5)
       ON CONFLICT (member_id, store_id) DO UPDATE SET
         first_order_at = LEAST(t.first_order_at, EXCLUDED.first_order_at),
         last_order_at = GREATEST(t.last_order_at, EXCLUDED.last_order_at),
         first_order_on = LEAST(t.first_order_on, EXCLUDED.first_order_on),
         last_order_on = GREATEST(t.last_order_on, EXCLUDED.last_order_on), prev_order_on = t.last_order_on,
         orders = t.orders + 1, spend = t.spend + EXCLUDED.spend`,
      [o.memberId, o.storeId, o.at, o.day, o.paid],
    );
    await deferSql(
      tx,
      `INSERT INTO analytics_store_day AS t (store_id, day, shard, orders, gmv) VALUES ($1, $2, ${SHARD}, 1, $3)
       ON CONFLICT (store_id, day, shard) DO UPDATE SET orders = t.orders + 1, gmv = t.gmv + EXCLUDED.gmv`,
      [o.storeId, o.day, o.paid],
    );
  }

  async refundRecorded(tx: EntityManager, r: { memberId: string; storeId: string; amount: number; day: string }): Promise<void> {
    await sql(
      tx,
      `WITH ms AS (
         UPDATE analytics_member_store SET refunded = refunded + $3 WHERE member_id = $1 AND store_id = $2 RETURNING 1),
       am AS (UPDATE analytics_member SET refunded = refunded + $3 WHERE member_id = $1 RETURNING 1)
       INSERT INTO analytics_store_day AS t (store_id, day, shard, refunds, refunded) VALUES ($2, $4, ${SHARD}, 1, $3)
       ON CONFLICT (store_id, day, shard) DO UPDATE SET refunds = t.refunds + 1, refunded = t.refunded + EXCLUDED.refunded`,
      [r.memberId, r.storeId, r.amount, r.day],
    );
  }

  async checkedIn(tx: EntityManager, memberId: string, day: string): Promise<void> {
    await sql(
      tx,
      `WITH am AS (SELECT home_store_id, last_active_on FROM analytics_member WHERE member_id = $1),
       amu AS (UPDATE analytics_member SET last_active_on = GREATEST(last_active_on, $2::date) WHERE member_id = $1 RETURNING 1),
       rc AS (
         INSERT INTO analytics_recurrence AS t (scope_id, kind, day, prev_day, shard, members)
         SELECT s.scope_id, ${RECURRENCE.active}, $2::date, COALESCE(am.last_active_on, '-infinity'::date),
           ${RECURRENCE_SHARD('$2::date', "COALESCE(am.last_active_on, '-infinity'::date)")}, 1
         FROM am CROSS JOIN LATERAL ${SCOPES('am.home_store_id')} AS s(scope_id)
         WHERE am.last_active_on IS NULL OR am.last_active_on < $2::date
         ORDER BY s.scope_id
         ON CONFLICT (scope_id, kind, day, prev_day, shard) DO UPDATE SET members = t.members + 1
         RETURNING 1)
       INSERT INTO analytics_store_day AS t (store_id, day, shard, check_ins) VALUES ('${NO_STORE}', $2, ${SHARD}, 1)
       ON CONFLICT (store_id, day, shard) DO UPDATE SET check_ins = t.check_ins + 1`,
      [memberId, day],
    );
  }

  // ---- rebuild and reconciliation ----

  async rebuild(tx: EntityManager, timezone: string): Promise<void> {
    for (const statement of rebuildStatements(timezone)) await tx.query(statement);
  }

  async violations(db: Db, timezone: string): Promise<{ check: string; subject: string; detail: string }[]> {
    const out: { check: string; subject: string; detail: string }[] = [];
    for (const inv of analyticsInvariants(timezone)) {
      const rows: { subject: string; detail: string }[] = await db.query(`SELECT * FROM (${inv.sql}) v LIMIT 20`);
      for (const r of rows) out.push({ check: inv.check, subject: r.subject, detail: r.detail });
    }
    return out;
  }

  /** Every rollup row as it is read (folded over shards), for tests comparing the live rollups with a rebuild. */
  async snapshot(db: Db): Promise<Record<string, unknown[]>> {
    const out: Record<string, unknown[]> = {};
    for (const t of ROLLUPS) out[t] = await db.query(`SELECT * FROM (${folded(t)}) f ORDER BY 1, 2, 3, 4, 5`);
    return out;
  }

  /** Folds past days' shards into shard 0 (compactionStatements); the rows folded, by table. */
  async compact(db: DataSource, today: string): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const { table, text } of compactionStatements()) {
      // Each statement commits alone: a long compaction never holds the rows of all tables at once.
      const [{ n }] = (await db.query(text, [today])) as [{ n: number }];
      out[table] = (out[table] ?? 0) + n;
    }
    return out;
  }

  // ---- reads (store = null: every store; storeId: that store) ----

  /** Store × day counters Σ over [from, to] bucketed by `unit`; registrations by home store. */
  async buckets(db: Db, storeId: string | null, from: string, to: string, unit: Unit): Promise<BucketRow[]> {
    const rows: Record<string, unknown>[] = await sql(
      db,
      `SELECT COALESCE(to_char(date_trunc($4, day::timestamp), 'YYYY-MM-DD'), 'all') AS period,
         sum(registrations) AS registrations, sum(orders) AS orders, sum(gmv) AS gmv,
         sum(refunds) AS refunds, sum(refunded) AS refunded, sum(check_ins) AS check_ins
       FROM analytics_store_day
       WHERE day BETWEEN $2 AND $3 AND ${storeScope(storeId)}
       GROUP BY 1 ORDER BY 1`,
      [storeId, from, to, unit],
    );
    return rows.map((r) => ({
      period: r.period as string,
      registrations: num(r.registrations),
      orders: num(r.orders),
      gmv: num(r.gmv),
      refunds: num(r.refunds),
      refunded: num(r.refunded),
      checkIns: num(r.check_ins),
    }));
  }

  /** Members (of the home store, or all) registered on or before `day`: Σ registration counts. */
  async membersAsOf(db: Db, homeStoreId: string | null, day: string): Promise<number> {
    const rows: { n: string }[] = await sql(
      db,
      `SELECT sum(members) AS n FROM analytics_recurrence WHERE scope_id = $1 AND kind = ${RECURRENCE.registered} AND day <= $2`,
      [homeStoreId ?? NO_STORE, day],
    );
    return num(rows[0]?.n);
  }

  /**
   * Distinct members of the home store (or all) with an event of `kind` in each [from, to] range,
   * exactly: Σ over day ∈ [from, to] with prev_day < from (each member's first event in it).
   */
  async distinctMembers(db: Db, homeStoreId: string | null, kind: number, ranges: [string, string][]): Promise<number[]> {
    const params: unknown[] = [homeStoreId ?? NO_STORE, kind];
    const p = (v: string) => `$${params.push(v)}::date`;
    const sums = ranges.map(([from, to]) => {
      const f = p(from);
      return `sum(members) FILTER (WHERE day BETWEEN ${f} AND ${p(to)} AND prev_day < ${f})`;
    });
    const lo = ranges.map((r) => r[0]).reduce((m, d) => (d < m ? d : m));
    const hi = ranges.map((r) => r[1]).reduce((m, d) => (d > m ? d : m));
    const rows: Record<string, unknown>[] = await sql(
      db,
      `SELECT ARRAY[${sums.join(', ')}] AS n FROM analytics_recurrence
       WHERE scope_id = $1 AND kind = $2 AND day BETWEEN ${p(lo)} AND ${p(hi)}`,
      params,
    );
    const n = (rows[0]?.n as (string | null)[] | undefined) ?? [];
    return ranges.map((_, i) => num(n[i]));
  }

  /** Per bucket of [from, to] (cut by the period): distinct members with an event of `kind` in it. */
  async distinctByBucket(
    db: Db,
    homeStoreId: string | null,
    kind: number,
    from: string,
    to: string,
    unit: Exclude<Unit, null>,
  ): Promise<{ period: string; n: number }[]> {
    // By day the bucket is the row's own day (no expression per row: see buyers()).
    const rows: Record<string, unknown>[] =
      unit === 'day'
        ? await sql(
            db,
            `SELECT to_char(day, 'YYYY-MM-DD') AS period, sum(members) AS n FROM analytics_recurrence
              WHERE scope_id = $1 AND kind = $2 AND day BETWEEN $3 AND $4 AND prev_day < day
              GROUP BY day ORDER BY day`,
            [homeStoreId ?? NO_STORE, kind, from, to],
          )
        : await sql(
            db,
            `SELECT to_char(b, 'YYYY-MM-DD') AS period, sum(members) AS n
             FROM (SELECT date_trunc($5, day::timestamp)::date AS b, prev_day, members FROM analytics_recurrence
                   WHERE scope_id = $1 AND kind = $2 AND day BETWEEN $3 AND $4) x
             WHERE prev_day < GREATEST(b, $3::date)
             GROUP BY b ORDER BY b`,
            [homeStoreId ?? NO_STORE, kind, from, to, unit],
          );
    return rows.map((r) => ({ period: r.period as string, n: num(r.n) }));
  }

  /**
   * The inputs of the lifecycle at the end of `asOf` for the home store (or all), in one pass over
   * at most three index ranges: distinct members with an order since `silentFrom` / `churnFrom`,
   * first orders (all, since `newFrom`, of members registered since `newFrom` / `churnFrom`) and
   * registrations (all, since `newFrom` / `churnFrom`), each up to `asOf`.
   */
  async lifecycleCounts(
    db: Db,
    homeStoreId: string | null,
    asOf: string,
    from: { newFrom: string; silentFrom: string; churnFrom: string },
  ): Promise<Record<'ds' | 'dc' | 'o' | 'newO' | 'frN' | 'frC' | 'm' | 'regN' | 'regC', number>> {
    const rows: Record<string, unknown>[] = await sql(
      db,
      `SELECT
         sum(members) FILTER (WHERE kind = ${RECURRENCE.order} AND day >= $4 AND prev_day < $4) AS ds,
         sum(members) FILTER (WHERE kind = ${RECURRENCE.order} AND prev_day < $5) AS dc,
         sum(members) FILTER (WHERE kind = ${RECURRENCE.first}) AS o,
         sum(members) FILTER (WHERE kind = ${RECURRENCE.first} AND day >= $3) AS new_o,
         sum(members) FILTER (WHERE kind = ${RECURRENCE.first} AND prev_day >= $3) AS fr_n,
         sum(members) FILTER (WHERE kind = ${RECURRENCE.first} AND prev_day >= $5) AS fr_c,
         sum(members) FILTER (WHERE kind = ${RECURRENCE.registered}) AS m,
         sum(members) FILTER (WHERE kind = ${RECURRENCE.registered} AND day >= $3) AS reg_n,
         sum(members) FILTER (WHERE kind = ${RECURRENCE.registered} AND day >= $5) AS reg_c
       FROM (SELECT kind, day, prev_day, members FROM analytics_recurrence
             WHERE scope_id = $1 AND kind = ${RECURRENCE.order} AND day BETWEEN $5 AND $2
             UNION ALL
             SELECT kind, day, prev_day, members FROM analytics_recurrence
             WHERE scope_id = $1 AND kind IN (${RECURRENCE.first}, ${RECURRENCE.registered}) AND day <= $2) r`,
      [homeStoreId ?? NO_STORE, asOf, from.newFrom, from.silentFrom, from.churnFrom],
    );
    const r = rows[0] ?? {};
    return {
      ds: num(r.ds),
      dc: num(r.dc),
      o: num(r.o),
      newO: num(r.new_o),
      frN: num(r.fr_n),
      frC: num(r.fr_c),
      m: num(r.m),
      regN: num(r.reg_n),
      regC: num(r.reg_c),
    };
  }

  /**
   * Per bucket: buyers and repurchasers (≥ 2 orders in the bucket) at the store (or anywhere),
   * exactly, from the order recurrence counts: per bucket starting at b (cut by the period), each
   * buyer's first order in it has prev_day < b and each repeat buyer's second prev2_day < b ≤ prev_day.
   * Three statement texts so that the whole period and days need no expression per row (a year
   * of one store is ~80k rows: 100 → 29 ms for the period, 180 → 57 ms by day at 1M members).
   */
  async buyers(
    db: Db,
    storeId: string | null,
    from: string,
    to: string,
    unit: Unit,
  ): Promise<{ period: string; buyers: number; repurchasers: number }[]> {
    const range = `FROM analytics_order_recurrence WHERE scope_id = $1 AND day BETWEEN $2 AND $3`;
    const figures = (b: string) =>
      `sum(orders) FILTER (WHERE prev_day < ${b}) AS buyers, sum(orders) FILTER (WHERE prev2_day < ${b} AND prev_day >= ${b}) AS repurchasers`;
    const [text, params] =
      unit === null
        ? [`SELECT 'all' AS period, ${figures('$2::date')} ${range}`, [storeId ?? NO_STORE, from, to]]
        : unit === 'day'
          ? [
              `SELECT to_char(day, 'YYYY-MM-DD') AS period, ${figures('day')} ${range} GROUP BY day ORDER BY day`,
              [storeId ?? NO_STORE, from, to],
            ]
          : [
              // Labelled by the bucket's first day (periodsBetween), counted from where the period cuts it.
              `SELECT to_char(t, 'YYYY-MM-DD') AS period, ${figures('GREATEST(t, $2::date)')}
                 FROM (SELECT date_trunc($4, day::timestamp)::date AS t, prev_day, prev2_day, orders ${range}) x
                GROUP BY t ORDER BY t`,
              [storeId ?? NO_STORE, from, to, unit],
            ];
    const rows: Record<string, unknown>[] = await sql(db, text, params);
    return rows
      .filter((r) => r.buyers !== null)
      .map((r) => ({ period: r.period as string, buyers: num(r.buyers), repurchasers: num(r.repurchasers) }));
  }

  /** The member's home store as the rollups hold it (null: none, or not registered in analytics). */
  async homeStore(db: Db, memberId: string): Promise<string | null> {
    const rows: { home_store_id: string }[] = await sql(db, 'SELECT home_store_id FROM analytics_member WHERE member_id = $1', [
      memberId,
    ]);
    const home = rows[0]?.home_store_id;
    return home === undefined || home === NO_STORE ? null : home;
  }
}
