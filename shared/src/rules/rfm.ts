// RFM scores (issue 11 item 3; docs/metrics.md "RFM"): recency, frequency and monetary value of
// each buyer of the programme, 1–5 each, and one of the classic eight groups. The nightly job
// computes the same scores in SQL (server/src/analytics/scores.repository.ts builds its CASE
// expressions from the tables below); its test checks both agree on the same world.
//
// - Recency (days since the last order) and monetary (net spend) by quintile over the
//   programme's buyers: score = 1 + ⌊5 × (buyers with a strictly worse value) / buyers⌋. Equal
//   values always get equal scores (ntile() would split ties arbitrarily), the best value gets
//   the highest score present, and with distinct values each score holds a fifth of the buyers.
// - Frequency by fixed bands (most buyers have one order, so quintiles would be meaningless).
// - Fewer than RFM_MIN_BUYERS_FOR_QUINTILES buyers: fixed bands for recency and spend too.
// - Group: each score is "high" at or above RFM_HIGH, and the (R, F, M) high/low triple names one
//   of the eight groups.

export type RfmScore = 1 | 2 | 3 | 4 | 5;

/** Below this many buyers quintiles say little (Klaviyo waits for 500): fixed bands instead. */
export const RFM_MIN_BUYERS_FOR_QUINTILES = 100;

/** Lowest order count of F scores 1..5: 1, 2, 3–4, 5–9, 10+. */
export const FREQUENCY_BANDS: readonly number[] = [1, 2, 3, 5, 10];

/** Small populations: days since the last order below which R is 5, 4, 3, 2 (else 1). */
export const RECENCY_BAND_DAYS: readonly number[] = [30, 60, 120, 180];

/** Small populations: lowest net spend (fen) of M scores 2..5 (below the first: 1) — ¥100, ¥300, ¥1,000, ¥3,000. */
export const MONETARY_BAND_FEN: readonly number[] = [10_000, 30_000, 100_000, 300_000];

/** A score at or above this is "high" for the group: R and M the upper three quintiles, F a repeat buyer. */
export const RFM_HIGH = { r: 3, f: 2, m: 3 } as const;

export type RfmGroupCode =
  'champion' | 'loyal_at_risk' | 'big_potential' | 'big_lapsed' | 'loyal' | 'fading' | 'promising' | 'lost';

export interface RfmGroupDefinition {
  code: RfmGroupCode;
  /** The classic Chinese name (RFM 八大客户类型). */
  name: string;
  r: 'high' | 'low';
  f: 'high' | 'low';
  m: 'high' | 'low';
}

/** The eight groups, by (R, F, M) high/low. Codes are stable: segments store them (`rfm_group_in`). */
export const RFM_GROUPS: readonly RfmGroupDefinition[] = [
  { code: 'champion', name: '重要价值客户', r: 'high', f: 'high', m: 'high' },
  { code: 'big_potential', name: '重要发展客户', r: 'high', f: 'low', m: 'high' },
  { code: 'loyal_at_risk', name: '重要保持客户', r: 'low', f: 'high', m: 'high' },
  { code: 'big_lapsed', name: '重要挽留客户', r: 'low', f: 'low', m: 'high' },
  { code: 'loyal', name: '一般价值客户', r: 'high', f: 'high', m: 'low' },
  { code: 'promising', name: '一般发展客户', r: 'high', f: 'low', m: 'low' },
  { code: 'fading', name: '一般保持客户', r: 'low', f: 'high', m: 'low' },
  { code: 'lost', name: '一般挽留客户', r: 'low', f: 'low', m: 'low' },
];

export const RFM_GROUP_CODES: readonly RfmGroupCode[] = RFM_GROUPS.map((g) => g.code);

export function isRfmGroupCode(value: unknown): value is RfmGroupCode {
  return typeof value === 'string' && (RFM_GROUP_CODES as readonly string[]).includes(value);
}

/** The Chinese name of a group code. */
export function rfmGroupName(code: RfmGroupCode): string {
  return RFM_GROUPS.find((g) => g.code === code)!.name;
}

/** 1 + the number of band bounds `value` reaches (bounds ascending). */
function band(value: number, bounds: readonly number[]): number {
  let score = 1;
  for (const b of bounds) if (value >= b) score += 1;
  return score;
}

/** F: 1 → 1, 2 → 2, 3–4 → 3, 5–9 → 4, 10+ → 5 (orders < 1 are not a buyer's). */
export function frequencyScore(orders: number): RfmScore {
  return Math.max(1, band(orders, FREQUENCY_BANDS) - 1) as RfmScore;
}

/** R from fixed bands (small populations): fewer days since the last order is better. */
export function recencyBandScore(daysSinceLastOrder: number): RfmScore {
  return (5 - band(daysSinceLastOrder, RECENCY_BAND_DAYS) + 1) as RfmScore;
}

/** M from fixed bands (small populations). */
export function monetaryBandScore(netSpendFen: number): RfmScore {
  return band(netSpendFen, MONETARY_BAND_FEN) as RfmScore;
}

/**
 * Quintile scores of `values` (higher is better), in input order:
 * 1 + ⌊5 × (values strictly lower) / n⌋ — equal values get equal scores.
 */
export function quintileScores(values: readonly number[]): RfmScore[] {
  const n = values.length;
  const sorted = [...values].sort((a, b) => a - b);
  // below(v) = index of the first element ≥ v in the sorted values (binary search).
  const below = (v: number) => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return values.map((v) => (1 + Math.floor((5 * below(v)) / n)) as RfmScore);
}

export function rfmGroup(r: RfmScore, f: RfmScore, m: RfmScore): RfmGroupCode {
  const level = (score: number, high: number) => (score >= high ? 'high' : 'low');
  const key = { r: level(r, RFM_HIGH.r), f: level(f, RFM_HIGH.f), m: level(m, RFM_HIGH.m) };
  return RFM_GROUPS.find((g) => g.r === key.r && g.f === key.f && g.m === key.m)!.code;
}

export interface RfmBuyer {
  /** Whole local days from the last order to the as-of date. */
  daysSinceLastOrder: number;
  /** Orders placed (refunds do not remove orders, as in the KPIs). */
  orders: number;
  /** Σ paid − Σ refunded, fen, over every store. */
  netSpend: number;
}

export interface RfmResult {
  r: RfmScore;
  f: RfmScore;
  m: RfmScore;
  group: RfmGroupCode;
}

/** The scores of every buyer of one population (the programme's), in input order. */
export function scoreBuyers(buyers: readonly RfmBuyer[]): RfmResult[] {
  const quintiles = buyers.length >= RFM_MIN_BUYERS_FOR_QUINTILES;
  const r = quintiles
    ? quintileScores(buyers.map((b) => -b.daysSinceLastOrder))
    : buyers.map((b) => recencyBandScore(b.daysSinceLastOrder));
  const m = quintiles ? quintileScores(buyers.map((b) => b.netSpend)) : buyers.map((b) => monetaryBandScore(b.netSpend));
  return buyers.map((b, i) => {
    const f = frequencyScore(b.orders);
    return { r: r[i]!, f, m: m[i]!, group: rfmGroup(r[i]!, f, m[i]!) };
  });
}
