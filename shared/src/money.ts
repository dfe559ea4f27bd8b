// Money is integer fen everywhere (¥38.00 === 3800). Never floats of yuan.
export type Fen = number;

export function isFen(value: unknown): value is Fen {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

export function assertFen(value: number, what = 'amount'): Fen {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be an integer number of fen`);
  return value;
}

/** `3800` → `"38.00"`. */
export function formatYuan(fen: Fen): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * Exact `floor(a × b / c)` for non-negative safe integers, via BigInt, so products beyond 2^53
 * (a big amount × a rate in basis points) never lose precision.
 */
export function mulDivFloor(a: number, b: number, c: number): number {
  if (![a, b, c].every((n) => Number.isSafeInteger(n) && n >= 0)) {
    throw new RangeError('mulDivFloor takes non-negative safe integers');
  }
  if (c === 0) throw new RangeError('mulDivFloor: division by zero');
  const result = (BigInt(a) * BigInt(b)) / BigInt(c);
  return Number(result);
}
