// GET /me/recommendations (issue 12 item 4; docs/recommendations.md).

/** Why an item is on the list: which step of the fallback chain put it there. */
export type RecommendationBasis = 'co_purchase' | 'repeat' | 'store_popular' | 'global_popular';

export interface RecommendedItem {
  sku: string;
  name: string;
  category: string | null;
  /** The member-facing reason, e.g. "买过「拿铁」的会员也买了". */
  reason: string;
  basis: RecommendationBasis;
  /** For `co_purchase`: the SKU the member bought that the reason names; otherwise null. */
  because: string | null;
  /** The ranking score: the blend (personal + popularity prior); for the all-stores fill, that list's popularity. */
  score: number;
}

export interface RecommendationsResponse {
  items: RecommendedItem[];
}

/** POST /admin/jobs/recommendations/run: what the recompute wrote. */
export interface RecommendationsRecompute {
  /** Instant the recency weights were computed at (ISO). */
  asOf: string;
  /** Order lines read (non-refunded orders of members with consent in force, within the window). */
  lines: number;
  members: number;
  items: number;
  pairs: number;
  storeItems: number;
  ms: number;
}
