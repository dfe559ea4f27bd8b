// Sharded coupon stock (issue 10): a hot template's stock split over N rows so that concurrent
// claims lock different rows. These are the pure parts: how a stock is split, and how an admin's
// change of the total (up, or down to what is already issued) is spread over the shards so that
// Σ shard stock = total stock and no shard holds less than it has issued. The server applies the
// result under the shards' row locks (server/src/coupons/coupon-template.repository.ts).

/** Most shards a template may have (each is one row every stock read sums). */
export const MAX_STOCK_SHARDS = 64;

export interface StockShard {
  shard: number;
  stock: number;
  issued: number;
}

/** `total` split over `n` shards as evenly as possible (the first `total % n` get one more). */
export function splitStock(total: number, n: number): number[] {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError('at least one shard');
  const base = Math.floor(total / n);
  return Array.from({ length: n }, (_, i) => base + (i < total % n ? 1 : 0));
}

/** Problems with a requested shard count for a stock (empty = fine). */
export function stockShardProblems(stockShards: number | undefined, totalStock: number): string[] {
  if (stockShards === undefined) return [];
  if (!Number.isSafeInteger(stockShards) || stockShards < 1 || stockShards > MAX_STOCK_SHARDS)
    return [`stockShards must be 1…${MAX_STOCK_SHARDS}`];
  if (Number.isSafeInteger(totalStock) && stockShards > totalStock) return ['stockShards must not exceed totalStock'];
  return [];
}

/**
 * The shards' new stock for a new total, or a refusal when the total would fall below what is
 * issued. A raise goes to the shards with the least left first (so it evens them out); a cut
 * comes from the shards with the most left first, never below a shard's issued. Σ of the result
 * is always `total`; each shard keeps stock ≥ issued.
 */
export function resizeShardStock(
  shards: readonly StockShard[],
  total: number,
): { ok: true; stock: { shard: number; stock: number }[] } | { ok: false; issued: number } {
  const issued = shards.reduce((s, x) => s + x.issued, 0);
  if (!Number.isSafeInteger(total) || total < issued) return { ok: false, issued };
  const next = shards.map((s) => ({ shard: s.shard, stock: s.stock, left: s.stock - s.issued }));
  let delta = total - shards.reduce((s, x) => s + x.stock, 0);
  // One unit at a time is clearest but a raise can be millions: level the shards in rounds.
  while (delta !== 0) {
    const order = [...next].sort((a, b) => (delta > 0 ? a.left - b.left : b.left - a.left) || a.shard - b.shard);
    if (delta > 0) {
      // Bring the emptiest shards up to the next level, or share what is left evenly.
      const low = order[0]!.left;
      const atLow = order.filter((s) => s.left === low);
      const nextLevel = order.find((s) => s.left > low)?.left ?? Infinity;
      const step = Math.min(Math.floor(delta / atLow.length) || 1, nextLevel - low);
      for (const s of atLow) {
        if (delta === 0) break;
        const add = Math.min(step, delta);
        s.stock += add;
        s.left += add;
        delta -= add;
      }
    } else {
      const high = order[0]!.left;
      const atHigh = order.filter((s) => s.left === high);
      const nextLevel = order.find((s) => s.left < high)?.left ?? 0;
      const step = Math.min(Math.floor(-delta / atHigh.length) || 1, high - nextLevel);
      for (const s of atHigh) {
        if (delta === 0) break;
        const cut = Math.min(step, -delta, s.left);
        s.stock -= cut;
        s.left -= cut;
        delta += cut;
      }
    }
  }
  return { ok: true, stock: next.map(({ shard, stock }) => ({ shard, stock })) };
}

/**
 * Takes `count` units from shards that have stock left, fullest first (a grant of several
 * coupons); null when the shards together have fewer than `count` left.
 */
export function takeFromShards(shards: readonly StockShard[], count: number): { shard: number; take: number }[] | null {
  const left = shards.reduce((s, x) => s + x.stock - x.issued, 0);
  if (count > left) return null;
  const out: { shard: number; take: number }[] = [];
  let need = count;
  for (const s of [...shards].sort((a, b) => b.stock - b.issued - (a.stock - a.issued) || a.shard - b.shard)) {
    if (need === 0) break;
    const take = Math.min(need, s.stock - s.issued);
    if (take > 0) out.push({ shard: s.shard, take });
    need -= take;
  }
  return out;
}
