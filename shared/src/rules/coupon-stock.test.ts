import { resizeShardStock, splitStock, stockShardProblems, takeFromShards, type StockShard } from './coupon-stock.js';

const shards = (...rows: [number, number][]): StockShard[] => rows.map(([stock, issued], shard) => ({ shard, stock, issued }));
const sum = (xs: { stock: number }[]) => xs.reduce((s, x) => s + x.stock, 0);

describe('splitStock', () => {
  it('splits evenly, the first shards taking the remainder', () => {
    expect(splitStock(10, 4)).toEqual([3, 3, 2, 2]);
    expect(splitStock(5000, 16).reduce((a, b) => a + b, 0)).toBe(5000);
    expect(splitStock(3, 3)).toEqual([1, 1, 1]);
  });
});

describe('stockShardProblems', () => {
  it('takes 1…64 shards, no more than the stock', () => {
    expect(stockShardProblems(undefined, 10)).toEqual([]);
    expect(stockShardProblems(16, 5000)).toEqual([]);
    expect(stockShardProblems(0, 10)).toEqual(['stockShards must be 1…64']);
    expect(stockShardProblems(65, 1000)).toEqual(['stockShards must be 1…64']);
    expect(stockShardProblems(1.5, 10)).toEqual(['stockShards must be 1…64']);
    expect(stockShardProblems(11, 10)).toEqual(['stockShards must not exceed totalStock']);
  });
});

describe('resizeShardStock', () => {
  it('raises the emptiest shards first, keeping Σ = the new total', () => {
    const r = resizeShardStock(shards([10, 10], [10, 2], [10, 6]), 40);
    expect(r).toEqual({
      ok: true,
      stock: [
        { shard: 0, stock: 17 },
        { shard: 1, stock: 10 },
        { shard: 2, stock: 13 },
      ],
    });
  });

  it('cuts from the fullest shards first, never below what a shard issued', () => {
    const before = shards([10, 10], [10, 2], [10, 6]);
    const r = resizeShardStock(before, 18);
    expect(r.ok && r.stock).toEqual([
      { shard: 0, stock: 10 },
      { shard: 1, stock: 2 },
      { shard: 2, stock: 6 },
    ]);
    const mid = resizeShardStock(before, 25);
    expect(mid.ok && sum(mid.stock)).toBe(25);
    if (mid.ok) for (const s of mid.stock) expect(s.stock).toBeGreaterThanOrEqual(before[s.shard]!.issued);
  });

  it('refuses a total below what is issued', () => {
    expect(resizeShardStock(shards([10, 10], [10, 8]), 17)).toEqual({ ok: false, issued: 18 });
  });

  it('holds Σ = total and stock ≥ issued for many random changes, large raises included', () => {
    let rnd = 7;
    const next = (n: number) => ((rnd = (rnd * 1103515245 + 12345) % 2 ** 31), rnd % n);
    for (let i = 0; i < 500; i++) {
      const n = 1 + next(16);
      const before = Array.from({ length: n }, (_, shard) => {
        const stock = next(50);
        return { shard, stock, issued: next(stock + 1) };
      });
      const issued = before.reduce((s, x) => s + x.issued, 0);
      const total = issued + next(i % 10 === 0 ? 5_000_000 : 200);
      const r = resizeShardStock(before, total);
      if (!r.ok) throw new Error('refused a total ≥ issued');
      expect(sum(r.stock)).toBe(total);
      for (const s of r.stock) expect(s.stock).toBeGreaterThanOrEqual(before[s.shard]!.issued);
    }
  });
});

describe('takeFromShards', () => {
  it('takes from the fullest shards; null when they cannot cover it', () => {
    expect(takeFromShards(shards([10, 10], [10, 2], [10, 6]), 10)).toEqual([
      { shard: 1, take: 8 },
      { shard: 2, take: 2 },
    ]);
    expect(takeFromShards(shards([10, 10], [10, 2], [10, 6]), 13)).toBeNull();
    expect(takeFromShards(shards([10, 10], [10, 2], [10, 6]), 12)).toHaveLength(2);
  });
});
