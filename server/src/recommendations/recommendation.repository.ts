// The SQL of recommendations (issue 12 item 4; docs/recommendations.md): the nightly recompute of
// item_catalog, item_pair_score and store_item_popularity from the till's order lines (set-based,
// one transaction, so a reader sees yesterday's statistics or today's, never a mix), and the one
// statement the request path reads them with. The formulas are the shared rule's (`pairScore`,
// `recencyWeight`, `categoryRepeatRate`) with its constants; test/recommendations.e2e-spec.ts
// checks the stored scores against them.
import { Injectable } from '@nestjs/common';
import { RECOMMENDATION_PARAMS as P } from '@huiyuan/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { sql } from '../common/sql.js';

type Db = DataSource | EntityManager;

const int = (n: number) => {
  if (!Number.isSafeInteger(n)) throw new Error(`not an integer: ${n}`);
  return String(n);
};
const num = (n: number) => {
  if (!Number.isFinite(n)) throw new Error(`not a number: ${n}`);
  return String(n);
};

/** 0.5 ^ (age in days / half-life) of `at` as of the parameter `asOf` (the shared rule's recencyWeight). */
const weight = (at: string, halfLifeDays: number, asOf = '$1') =>
  `power(0.5::float8, greatest(0, extract(epoch FROM (${asOf}::timestamptz - ${at}))::float8) / 86400 / ${num(halfLifeDays)})`;

/** Session-transaction lock: one recompute at a time across instances (the schedule and run-now). */
const RECOMPUTE_LOCK_KEY = '7263540031';

/**
 * The window's order lines: refunded orders (any refund) and members erased or without consent in
 * force left out. $1 window start, $2 as-of.
 */
const LINES = `
CREATE TEMPORARY TABLE reco_line ON COMMIT DROP AS
SELECT o.member_id, o.store_id, o.id AS order_id, o.created_at, i.sku, i.name, i.category
  FROM member_order o
  JOIN member m ON m.id = o.member_id
  JOIN order_item i ON i.order_id = o.id
 WHERE o.created_at > $1 AND o.created_at <= $2 AND o.refunded_amount = 0
   AND m.status <> 'deleted' AND m.consent_version IS NOT NULL`;

/** Member × SKU: on how many orders, when last; rk = recency rank within the member. */
const MEMBER_SKUS = `
CREATE TEMPORARY TABLE reco_member_sku ON COMMIT DROP AS
SELECT member_id, sku, orders, row_number() OVER (PARTITION BY member_id ORDER BY last_at DESC, sku) AS rk
  FROM (SELECT member_id, sku, count(DISTINCT order_id)::int AS orders, max(created_at) AS last_at
          FROM reco_line GROUP BY member_id, sku) x`;

/**
 * The catalogue ($1 as-of): latest name and category, buyers and repeat buyers, popularity over
 * all stores, and the repeat rate — the item's own shrunk toward its category's (the overall rate
 * for a category with too little support or none): shared itemRepeatRate / categoryRepeatRate.
 */
const CATALOG = `
INSERT INTO item_catalog (sku, name, category, buyers, repeat_buyers, popularity, repeat_rate, computed_at)
WITH latest AS (
  SELECT DISTINCT ON (sku) sku, name, category FROM reco_line ORDER BY sku, created_at DESC, order_id
), ms AS (
  SELECT sku, count(*)::int AS buyers, (count(*) FILTER (WHERE orders >= 2))::int AS repeat_buyers
    FROM reco_member_sku GROUP BY sku
), pop AS (
  SELECT sku, sum(${weight('created_at', P.popularityHalfLifeDays)}) AS popularity
    FROM (SELECT DISTINCT order_id, sku, created_at FROM reco_line) d GROUP BY sku
), overall AS (
  SELECT CASE WHEN sum(buyers) > 0 THEN sum(repeat_buyers)::float8 / sum(buyers) ELSE 0 END AS rate FROM ms
), cat AS (
  SELECT l.category, sum(m.buyers) AS pairs, sum(m.repeat_buyers) AS repeats
    FROM ms m JOIN latest l USING (sku) WHERE l.category IS NOT NULL GROUP BY l.category
)
SELECT l.sku, l.name, l.category, m.buyers, m.repeat_buyers, p.popularity,
       (m.repeat_buyers + ${num(P.repeatPrior)} * cr.rate) / (m.buyers + ${num(P.repeatPrior)}), $1
  FROM latest l JOIN ms m USING (sku) JOIN pop p USING (sku) CROSS JOIN overall o
  LEFT JOIN cat c ON c.category = l.category
  CROSS JOIN LATERAL (
    SELECT CASE WHEN c.pairs >= ${int(P.repeatMinSupport)} THEN c.repeats::float8 / c.pairs ELSE o.rate END AS rate
  ) cr`;

/**
 * Pairs of SKUs bought by the same member (each member's most recent memberItemsCap SKUs), seen
 * among at least minCoBuyers members, scored cosine × shrinkage; the best neighboursPerItem per SKU.
 */
const PAIRS = `
INSERT INTO item_pair_score (sku, other_sku, co_buyers, score)
SELECT sku, other_sku, co, score FROM (
  SELECT p.sku, p.other_sku, p.co, s.score,
         row_number() OVER (PARTITION BY p.sku ORDER BY s.score DESC, p.other_sku) AS rk
    FROM (SELECT a.sku, b.sku AS other_sku, count(*)::int AS co
            FROM reco_member_sku a JOIN reco_member_sku b ON b.member_id = a.member_id AND b.sku <> a.sku
           WHERE a.rk <= ${int(P.memberItemsCap)} AND b.rk <= ${int(P.memberItemsCap)}
           GROUP BY a.sku, b.sku HAVING count(*) >= ${int(P.minCoBuyers)}) p
    JOIN item_catalog ca ON ca.sku = p.sku
    JOIN item_catalog cb ON cb.sku = p.other_sku
    CROSS JOIN LATERAL (
      SELECT least(1, p.co / sqrt(ca.buyers::float8 * cb.buyers)) * (p.co::float8 / (p.co + ${num(P.shrinkage)})) AS score
    ) s
) r WHERE rk <= ${int(P.neighboursPerItem)}`;

/** Per store ($1 as-of): orders containing the item, Σ recency weights; the best popularPerStore per store. */
const STORE_POPULARITY = `
INSERT INTO store_item_popularity (store_id, sku, orders, score)
SELECT store_id, sku, orders, score FROM (
  SELECT store_id, sku, count(*)::int AS orders, sum(w) AS score,
         row_number() OVER (PARTITION BY store_id ORDER BY sum(w) DESC, sku) AS rk
    FROM (SELECT DISTINCT store_id, order_id, sku, ${weight('created_at', P.popularityHalfLifeDays)} AS w FROM reco_line) d
   GROUP BY store_id, sku
) r WHERE rk <= ${int(P.popularPerStore)}`;

/**
 * The request path's one read: the stored pairs of the member's SKUs, the popular items of their
 * store (the registration store read here from member, else $3: the store of most of their recent
 * orders) and of all stores, each with its catalogue entry; and the catalogue entries of the
 * member's SKUs (their repeat rates). $1 member, $2 the member's SKUs, $3 fallback store, $4 popular
 * items per list.
 */
const CANDIDATES = `
WITH home AS (SELECT registration_store_id AS store_id FROM member WHERE id = $1),
st AS (SELECT COALESCE((SELECT store_id FROM home), $3::uuid) AS store_id, (SELECT store_id FROM home) IS NOT NULL AS registration),
pairs AS (SELECT 'pair'::text AS kind, p.sku AS seed, p.other_sku AS sku, p.score FROM item_pair_score p WHERE p.sku = ANY($2::text[])),
sp AS (SELECT 'store'::text AS kind, NULL::text AS seed, s.sku, s.score FROM store_item_popularity s
        WHERE s.store_id = (SELECT store_id FROM st) ORDER BY s.score DESC LIMIT $4),
gp AS (SELECT 'global'::text AS kind, NULL::text AS seed, c.sku, c.popularity AS score FROM item_catalog c
        ORDER BY c.popularity DESC LIMIT $4),
seeds AS (SELECT 'seed'::text AS kind, NULL::text AS seed, c.sku, 0::float8 AS score FROM item_catalog c WHERE c.sku = ANY($2::text[])),
r AS (SELECT * FROM pairs UNION ALL SELECT * FROM sp UNION ALL SELECT * FROM gp UNION ALL SELECT * FROM seeds)
SELECT r.kind, r.seed, r.sku, r.score, c.name, c.category, c.repeat_rate, (SELECT registration FROM st) AS registration
  FROM r JOIN item_catalog c ON c.sku = r.sku`;

export interface CandidateRow {
  kind: 'pair' | 'store' | 'global' | 'seed';
  seed: string | null;
  sku: string;
  score: number;
  name: string;
  category: string | null;
  repeat_rate: number;
  registration: boolean;
}

export interface RecomputeCounts {
  lines: number;
  members: number;
  items: number;
  pairs: number;
  storeItems: number;
}

@Injectable()
export class RecommendationRepository {
  /** false when another recompute holds the lock (then this one does nothing). */
  async tryLock(tx: EntityManager): Promise<boolean> {
    const [row]: { locked: boolean }[] = await tx.query('SELECT pg_try_advisory_xact_lock($1::bigint) AS locked', [
      RECOMPUTE_LOCK_KEY,
    ]);
    return row?.locked === true;
  }

  /** Replaces the three tables by their recomputation as of `asOf`, inside the caller's transaction. */
  async recompute(tx: EntityManager, since: Date, asOf: Date): Promise<RecomputeCounts> {
    await tx.query(`SET LOCAL work_mem = '64MB'`);
    await tx.query(LINES, [since, asOf]);
    await tx.query('ANALYZE reco_line');
    await tx.query(MEMBER_SKUS);
    await tx.query('ANALYZE reco_member_sku');
    await tx.query('DELETE FROM item_pair_score');
    await tx.query('DELETE FROM store_item_popularity');
    await tx.query('DELETE FROM item_catalog');
    await tx.query(CATALOG, [asOf]);
    await tx.query(PAIRS);
    await tx.query(STORE_POPULARITY, [asOf]);
    const [c]: Record<string, string>[] = await tx.query(
      `SELECT (SELECT count(*) FROM reco_line) AS lines, (SELECT count(DISTINCT member_id) FROM reco_member_sku) AS members,
              (SELECT count(*) FROM item_catalog) AS items, (SELECT count(*) FROM item_pair_score) AS pairs,
              (SELECT count(*) FROM store_item_popularity) AS store_items`,
    );
    return {
      lines: Number(c!.lines),
      members: Number(c!.members),
      items: Number(c!.items),
      pairs: Number(c!.pairs),
      storeItems: Number(c!.store_items),
    };
  }

  async candidates(
    db: Db,
    memberId: string,
    skus: string[],
    fallbackStoreId: string | null,
    perList: number,
  ): Promise<CandidateRow[]> {
    const rows = await sql<CandidateRow>(db, CANDIDATES, [memberId, skus, fallbackStoreId, perList]);
    return rows.map((r) => ({ ...r, score: Number(r.score), repeat_rate: Number(r.repeat_rate) }));
  }

  // ---- for tests and the offline evaluation ----
  async pairs(db: Db): Promise<{ sku: string; other_sku: string; co_buyers: number; score: number }[]> {
    return db.query('SELECT sku, other_sku, co_buyers, score FROM item_pair_score ORDER BY sku, score DESC, other_sku');
  }

  async catalog(db: Db): Promise<
    {
      sku: string;
      name: string;
      category: string | null;
      buyers: number;
      repeat_buyers: number;
      popularity: number;
      repeat_rate: number;
    }[]
  > {
    return db.query('SELECT sku, name, category, buyers, repeat_buyers, popularity, repeat_rate FROM item_catalog ORDER BY sku');
  }

  async storePopularity(db: Db, storeId: string): Promise<{ sku: string; orders: number; score: number }[]> {
    return db.query('SELECT sku, orders, score FROM store_item_popularity WHERE store_id = $1 ORDER BY score DESC, sku', [
      storeId,
    ]);
  }
}
