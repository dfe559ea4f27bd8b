// Seeded randomness for tests: a shuffle or a random order is one exact sequence named by a
// seed, so a failing run can be replayed. The seed is in the test's title (`withSeed`), which
// Jest prints with every failure; `HUIYUAN_TEST_SEED=<seed>` replays it.

export type Rand = () => number;

/** mulberry32: a small, fast 32-bit generator; the same seed gives the same sequence. */
export function mulberry32(seed: number): Rand {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** This run's seed: `HUIYUAN_TEST_SEED` when set (a replay), else a fresh one. */
export const TEST_SEED = Number(process.env.HUIYUAN_TEST_SEED ?? Math.floor(Math.random() * 2 ** 31));

/** A test title carrying the seed, so that a failure names how to replay it. */
export function withSeed(title: string, seed = TEST_SEED): string {
  return `${title} [HUIYUAN_TEST_SEED=${seed}]`;
}

/** A Fisher–Yates shuffle of a copy of `items`, by a generator of its own from `seed`. */
export function shuffled<T>(items: readonly T[], seed = TEST_SEED): T[] {
  const rand = mulberry32(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
