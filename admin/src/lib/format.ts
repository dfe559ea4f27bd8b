// How figures read in the console: ¥ from integer fen, percentages from 0–1 fractions, "—" for a
// figure whose denominator is empty (null), dates in the programme timezone.
export const NO_VALUE = '—';

function group(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** 123456 fen → "¥1,234.56"; null → "—". Integer arithmetic, no floats of yuan. */
export function formatFen(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return NO_VALUE;
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.round(fen));
  return `${sign}¥${group(String(Math.floor(abs / 100)))}.${String(abs % 100).padStart(2, '0')}`;
}

/** 0.1234 → "12.3%"; null → "—". */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return NO_VALUE;
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined) return NO_VALUE;
  return `${n < 0 ? '-' : ''}${group(String(Math.abs(Math.round(n))))}`;
}

/** Yuan typed by an operator (up to 2 decimals) → fen, exactly; null when it is not such an amount. */
export function yuanToFen(yuan: number | string | null | undefined): number | null {
  if (yuan === null || yuan === undefined || yuan === '') return null;
  const text = typeof yuan === 'number' ? yuan.toFixed(2) : yuan.trim();
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) return null;
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -fen : fen;
}

/** fen → yuan as a number for an input (3850 → 38.5). */
export function fenToYuan(fen: number | null | undefined): number | undefined {
  if (fen === null || fen === undefined) return undefined;
  return fen / 100;
}

/** Basis points as a percentage: 5000 → "50%"; 9500 → "95%". */
export function formatBp(bp: number): string {
  return `${bp / 100}%`;
}

/** An instant shown as local date and time in the programme timezone: "2026-12-01 08:30". */
export function formatDateTime(iso: string | null | undefined, timeZone = 'Asia/Shanghai'): string {
  if (!iso) return NO_VALUE;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}
