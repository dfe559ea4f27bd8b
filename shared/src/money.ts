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

/** What a figure shows when it has no value (a KPI whose denominator is 0). */
export const NO_VALUE = '—';

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `123456` → `"¥1,234.56"`, null → "—": how the mini-program and the console show amounts. */
export function formatFenDisplay(fen: Fen | null | undefined): string {
  if (fen === null || fen === undefined) return NO_VALUE;
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.round(fen));
  return `${sign}¥${groupThousands(String(Math.floor(abs / 100)))}.${String(abs % 100).padStart(2, '0')}`;
}

/** A 0–1 fraction as a one-decimal percentage: `0.1234` → `"12.3%"`, null → "—". */
export function formatRateDisplay(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return NO_VALUE;
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/** `12345` → `"12,345"`, null → "—". */
export function formatCountDisplay(n: number | null | undefined): string {
  if (n === null || n === undefined) return NO_VALUE;
  return `${n < 0 ? '-' : ''}${groupThousands(String(Math.abs(Math.round(n))))}`;
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
