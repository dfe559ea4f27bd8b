// How figures read in the console: ¥ from integer fen, percentages from 0–1 fractions, "—" for a
// figure whose denominator is empty (null), dates in the programme timezone.
import {
  NO_VALUE,
  formatCountDisplay as formatCount,
  formatFenDisplay as formatFen,
  formatRateDisplay as formatRate,
  zonedPartsOf,
} from '@huiyuan/shared';

// Amounts, rates and counts read as in the mini-program (shared money.ts).
export { NO_VALUE, formatCount, formatFen, formatRate };

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
  const p = zonedPartsOf(d, timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}`;
}
