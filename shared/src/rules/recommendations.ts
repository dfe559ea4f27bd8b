// Personal recommendations (issue 12 item 4; docs/recommendations.md): item-to-item co-purchase
// plus recency-weighted popularity per store, with a fallback chain for members with little or no
// history. The nightly job (server/src/recommendations/) computes the statistics in SQL with the
// formulas and constants below (`pairScore`, `recencyWeight`, RECOMMENDATION_PARAMS); the request
// path hands them, with the member's own recent order lines, to `recommend`.
//
// - Co-purchase is per MEMBER, not per basket: "买过 X 的会员也买了 Y" counts members who bought
//   both X and Y (within the window), which is what the reason says.
// - Normalised so popular items do not dominate: cosine co / √(buyers(X) · buyers(Y)), times the
//   shrinkage co / (co + λ) so that a pair seen among 3 members does not outrank one seen among
//   300 with a slightly lower cosine. Pairs seen among fewer than `minCoBuyers` members are not
//   kept at all (noise, and no statistic describes one or two people).
// - Popularity per store: Σ over the store's orders containing the item of 0.5^(age / half-life).
// - A member's seeds: each SKU they bought, weighted Σ 0.5^(age / historyHalfLife) over its
//   purchases. A candidate's score is Σ over seeds of weight(seed) · pairScore(seed, candidate);
//   the reason names the seed that contributed most.
// - Exclusion: what the member bought in the last `excludeDays` is not recommended again (they
//   have it), unless it is bought again and again — its repeat rate (the share of its buyers who bought it on two or
//   more orders) reaches `repeatRateMin`. An item's own rate is shrunk toward its category's with
//   `repeatPrior` pseudo-buyers, so a tail item with 3 buyers takes its category's habit (milk,
//   coffee beans) and a well-known item its own; a category seen over fewer than
//   `repeatMinSupport` member × SKU pairs (or none) takes the overall rate. Those come back as
//   "您常买的商品" with score weight(seed) · repeatRate. Data-driven on purpose: categories are free
//   text from the tills, so no hand-kept list of repeat-purchase categories could name them. An
//   older purchase may come back through another seed's pairs (a member's bundle is bought again).
// - Fallback chain and blend: personal candidates (co-purchase, repeat) and the popular items of
//   the member's store (the registration store, else the store of most of their recent orders;
//   all stores when there is none) ranked together by personal score + popularityWeight ×
//   popularity relative to the store's best item — so a strong popular item can outrank a weak
//   co-purchase — then popularity over all stores; never a duplicate, never an excluded item.
import type { RecommendationBasis, RecommendedItem } from '../api/recommendations.js';

export const RECOMMENDATION_PARAMS = {
  /** Items per answer by default, and the most a client may ask for. */
  limit: 10,
  maxLimit: 20,
  // ---- the nightly job ----
  /** Order lines of the last this many days feed the statistics. */
  windowDays: 365,
  /** A member's most recent distinct SKUs that enter the pair counts (bounds the self-join). */
  memberItemsCap: 50,
  /** A pair needs at least this many members who bought both. */
  minCoBuyers: 3,
  /** λ of the shrinkage co / (co + λ). */
  shrinkage: 10,
  /** Best pairs kept per SKU. */
  neighboursPerItem: 30,
  /** Half-life of an order's weight in store popularity. */
  popularityHalfLifeDays: 30,
  /** Most popular items kept per store (and read per request). */
  popularPerStore: 50,
  /** A bought item comes back when this share of its buyers bought it on ≥ 2 orders (shrunk, below)… */
  repeatRateMin: 0.3,
  /** …its own rate shrunk toward its category's with this many pseudo-buyers… */
  repeatPrior: 20,
  /** …a category's rate measured over at least this many member × SKU pairs (else the overall rate). */
  repeatMinSupport: 20,
  // ---- the request ----
  /** The member's order lines of the last this many days are their seeds (and exclusions). */
  historyDays: 365,
  /** At most this many of their most recent lines. */
  historyLines: 100,
  /** Half-life of a purchase's weight as a seed. */
  historyHalfLifeDays: 60,
  /** What the member bought in the last this many days is not recommended (unless repeat-purchase). */
  excludeDays: 30,
  /**
   * Weight of popularity (relative to the store's best item) added to a candidate's personal
   * score: a prior that orders weak co-purchases and lets the store's best sellers in
   * (docs/recommendations.md, "Choosing the weights").
   */
  popularityWeight: 0.05,
} as const;

const DAY_MS = 86_400_000;

/** 0.5^(age / half-life); 1 for an age ≤ 0. */
export function recencyWeight(ageMs: number, halfLifeDays: number): number {
  if (!(ageMs > 0)) return 1;
  return 0.5 ** (ageMs / DAY_MS / halfLifeDays);
}

/**
 * Normalised co-purchase score of a pair: cosine × shrinkage, in [0, 1). `co` members bought
 * both, `buyersA` / `buyersB` bought each (≥ co). Symmetric in A and B.
 */
export function pairScore(
  co: number,
  buyersA: number,
  buyersB: number,
  shrinkage: number = RECOMMENDATION_PARAMS.shrinkage,
): number {
  if (!(co > 0) || !(buyersA > 0) || !(buyersB > 0)) return 0;
  const cosine = co / Math.sqrt(buyersA * buyersB);
  return Math.min(1, cosine) * (co / (co + shrinkage));
}

/** A category's repeat rate: its member × SKU pairs bought on ≥ 2 orders, or `overall` below the minimum support. */
export function categoryRepeatRate(pairs: number, repeatPairs: number, overall: number): number {
  if (pairs < RECOMMENDATION_PARAMS.repeatMinSupport || pairs <= 0) return overall;
  return repeatPairs / pairs;
}

/** An item's repeat rate as the job stores it: its own, shrunk toward its category's (`repeatPrior` pseudo-buyers). */
export function itemRepeatRate(buyers: number, repeatBuyers: number, categoryRate: number): number {
  const prior = RECOMMENDATION_PARAMS.repeatPrior;
  return (repeatBuyers + prior * categoryRate) / (buyers + prior);
}

export const isRepeatPurchase = (repeatRate: number) => repeatRate >= RECOMMENDATION_PARAMS.repeatRateMin;

/** One of the member's order lines (refunded orders already left out). `at` in ms since epoch. */
export interface PurchaseLine {
  sku: string;
  name: string;
  category: string | null;
  at: number;
}

/** The catalogue as the job last saw it: the latest name and category, the item's repeat rate. */
export interface CatalogItem {
  sku: string;
  name: string;
  category: string | null;
  repeatRate: number;
}

/** A stored pair: members who bought `sku` also bought `other`, with its `pairScore`. */
export interface PairNeighbour {
  sku: string;
  other: string;
  score: number;
}

export interface PopularEntry {
  sku: string;
  score: number;
}

export interface RecommendInput {
  now: number;
  history: readonly PurchaseLine[];
  neighbours: readonly PairNeighbour[];
  /** The popular items of the member's store, and which store that is (for the reason). */
  storePopular: readonly PopularEntry[];
  storeKind: 'registration' | 'frequent' | null;
  globalPopular: readonly PopularEntry[];
  catalog: ReadonlyMap<string, CatalogItem>;
  limit?: number;
  /** false: popularity only, with the same exclusions (the offline evaluation's baseline). */
  personal?: boolean;
}

export const RECOMMENDATION_REASONS = {
  coPurchase: (name: string) => `买过「${shorten(name)}」的会员也买了`,
  repeatOften: '您常买的商品',
  repeatOnce: '您买过的商品，欢迎再次选购',
  registrationStore: '您开卡门店的热销商品',
  frequentStore: '您常去门店的热销商品',
  global: '会员热购商品',
} as const;

const REASON_NAME_MAX = 16;
function shorten(name: string): string {
  const chars = [...name.trim()];
  return chars.length <= REASON_NAME_MAX ? chars.join('') : `${chars.slice(0, REASON_NAME_MAX - 1).join('')}…`;
}

interface Seed {
  sku: string;
  name: string;
  weight: number;
  times: number;
  last: number;
}

/** The member's seeds: one per SKU, weight Σ recencyWeight over its purchases, the latest name. */
export function seedsOf(history: readonly PurchaseLine[], now: number): Map<string, Seed> {
  const seeds = new Map<string, Seed>();
  for (const line of history) {
    const w = recencyWeight(now - line.at, RECOMMENDATION_PARAMS.historyHalfLifeDays);
    const s = seeds.get(line.sku);
    if (!s) seeds.set(line.sku, { sku: line.sku, name: line.name, weight: w, times: 1, last: line.at });
    else {
      s.weight += w;
      s.times += 1;
      if (line.at > s.last || (line.at === s.last && line.name < s.name)) {
        s.last = line.at;
        s.name = line.name;
      }
    }
  }
  return seeds;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** Score descending, then SKU: a total order, so the answer never depends on input order. */
const byScore = <T extends { sku: string; score: number }>(a: T, b: T) =>
  b.score - a.score || (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0);

/** The ranked list for one member (see the header for the rules). */
export function recommend(input: RecommendInput): RecommendedItem[] {
  const limit = Math.max(0, Math.min(input.limit ?? RECOMMENDATION_PARAMS.limit, RECOMMENDATION_PARAMS.maxLimit));
  const seeds = seedsOf(input.history, input.now);
  const repeatRate = (sku: string) => input.catalog.get(sku)?.repeatRate ?? 0;
  const recentSince = input.now - RECOMMENDATION_PARAMS.excludeDays * DAY_MS;
  const excluded = (sku: string) => (seeds.get(sku)?.last ?? -Infinity) >= recentSince && !isRepeatPurchase(repeatRate(sku));

  interface Candidate {
    sku: string;
    score: number;
    basis: RecommendationBasis;
    because: string | null;
    best: number;
    popular?: boolean;
  }
  const candidates = new Map<string, Candidate>();
  if (input.personal !== false) {
    // Co-purchase: Σ over seeds, the reason from the largest contribution (ties: smaller SKU).
    const pairs = [...input.neighbours].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : a.other < b.other ? -1 : 1));
    for (const n of pairs) {
      const seed = seeds.get(n.sku);
      if (!seed || n.other === n.sku || excluded(n.other) || !input.catalog.has(n.other) || !(n.score > 0)) continue;
      const contribution = seed.weight * n.score;
      const c = candidates.get(n.other);
      if (!c)
        candidates.set(n.other, {
          sku: n.other,
          score: contribution,
          basis: 'co_purchase',
          because: seed.sku,
          best: contribution,
        });
      else {
        c.score += contribution;
        if (contribution > c.best) {
          c.best = contribution;
          c.because = seed.sku;
        }
      }
    }
    // Repeat purchases: a bought SKU of a repeat-purchase category, if that scores higher.
    for (const seed of seeds.values()) {
      const rate = repeatRate(seed.sku);
      if (!isRepeatPurchase(rate) || !input.catalog.has(seed.sku)) continue;
      const score = seed.weight * rate;
      const c = candidates.get(seed.sku);
      if (!c || score > c.score) candidates.set(seed.sku, { sku: seed.sku, score, basis: 'repeat', because: null, best: score });
    }
  }

  const out: RecommendedItem[] = [];
  const taken = new Set<string>();
  const push = (sku: string, score: number, basis: RecommendationBasis, because: string | null) => {
    const item = input.catalog.get(sku);
    if (!item || taken.has(sku) || out.length >= limit) return;
    taken.add(sku);
    const seed = because ? seeds.get(because) : undefined;
    const reason =
      basis === 'co_purchase'
        ? RECOMMENDATION_REASONS.coPurchase(seed?.name ?? input.catalog.get(because ?? '')?.name ?? because ?? '')
        : basis === 'repeat'
          ? (seeds.get(sku)?.times ?? 0) >= 2
            ? RECOMMENDATION_REASONS.repeatOften
            : RECOMMENDATION_REASONS.repeatOnce
          : basis === 'store_popular'
            ? input.storeKind === 'registration'
              ? RECOMMENDATION_REASONS.registrationStore
              : RECOMMENDATION_REASONS.frequentStore
            : RECOMMENDATION_REASONS.global;
    out.push({ sku, name: item.name, category: item.category, reason, basis, because, score: round(score) });
  };
  // The blend: personal score + popularityWeight × the item's popularity relative to the best of the
  // member's store's list (all stores' when they have no store). A strong popular item can outrank
  // a weak co-purchase; the reason is the larger of the two parts.
  const storeList = input.storePopular.length > 0;
  const prior = storeList ? input.storePopular : input.globalPopular;
  const priorBasis: RecommendationBasis = storeList ? 'store_popular' : 'global_popular';
  const top = Math.max(0, ...prior.map((p) => p.score));
  const ranked = new Map<string, Candidate & { personal: number; raw: number }>();
  for (const c of candidates.values()) ranked.set(c.sku, { ...c, personal: c.score, raw: 0 });
  for (const p of prior) {
    if (excluded(p.sku)) continue;
    const pop = top > 0 ? RECOMMENDATION_PARAMS.popularityWeight * (p.score / top) : 0;
    const r = ranked.get(p.sku);
    if (!r) ranked.set(p.sku, { sku: p.sku, score: pop, basis: priorBasis, because: null, best: pop, personal: 0, raw: p.score });
    else if (!r.popular) {
      r.popular = true;
      r.score += pop;
      r.raw = p.score;
      if (pop > r.personal) {
        r.basis = priorBasis;
        r.because = null;
      }
    }
  }
  // Equal blends (a popularity ratio too small for a double) fall back to the raw popularity.
  const blended = [...ranked.values()].sort((a, b) => b.score - a.score || b.raw - a.raw || byScore(a, b));
  for (const c of blended) push(c.sku, c.score, c.basis, c.because);
  // Then all stores' popular items, in their order.
  for (const p of [...input.globalPopular].sort(byScore)) if (!excluded(p.sku)) push(p.sku, p.score, 'global_popular', null);
  return out;
}

/**
 * The member's store for popularity: the registration store, else the store of most of their
 * recent lines (ties: the most recent), else none (global popularity only).
 */
export function memberStore(
  registrationStoreId: string | null,
  recent: readonly { storeId: string; at: number }[],
): { storeId: string; kind: 'registration' | 'frequent' } | null {
  if (registrationStoreId) return { storeId: registrationStoreId, kind: 'registration' };
  const counts = new Map<string, { n: number; last: number }>();
  for (const r of recent) {
    const c = counts.get(r.storeId) ?? { n: 0, last: -Infinity };
    c.n += 1;
    c.last = Math.max(c.last, r.at);
    counts.set(r.storeId, c);
  }
  let best: { storeId: string; n: number; last: number } | null = null;
  for (const [storeId, c] of counts) {
    if (!best || c.n > best.n || (c.n === best.n && (c.last > best.last || (c.last === best.last && storeId < best.storeId))))
      best = { storeId, ...c };
  }
  return best ? { storeId: best.storeId, kind: 'frequent' } : null;
}
