// Amounts typed at the till: a yuan string → integer fen, by parsing the digits (never via floats).
import type { Fen } from '@huiyuan/shared';

/** ¥9,999,999.99 — far above any till receipt, far below Number.MAX_SAFE_INTEGER. */
export const MAX_TILL_FEN = 999_999_999;

export type YuanParse = { ok: true; fen: Fen } | { ok: false; message: string };

const YUAN = /^(\d{1,7})(?:\.(\d{0,2}))?$|^\.(\d{1,2})$/;

/**
 * `"600"`, `"600.5"`, `"600.05"`, `"0.5"`, `".5"`, `"¥1,234.00"` → fen. A third decimal, a sign,
 * letters or an empty string are refused (with the reason in Chinese), as is zero.
 */
export function parseYuan(text: string): YuanParse {
  const cleaned = text
    .trim()
    .replace(/^[¥￥]\s*/, '')
    .replace(/,/g, '');
  if (!cleaned) return { ok: false, message: '请输入金额' };
  const m = YUAN.exec(cleaned);
  if (!m) {
    if (/^\d+\.\d{3,}$/.test(cleaned)) return { ok: false, message: '金额最多两位小数' };
    return { ok: false, message: '请输入正确的金额，例如 38.50' };
  }
  const whole = m[1] ?? '0';
  const fraction = (m[2] ?? m[3] ?? '').padEnd(2, '0');
  const fen = Number(whole) * 100 + Number(fraction);
  if (fen <= 0) return { ok: false, message: '金额必须大于 0' };
  if (fen > MAX_TILL_FEN) return { ok: false, message: '金额过大' };
  return { ok: true, fen };
}

/** A whole, non-negative count typed by hand (points to redeem); empty means 0. */
export function parseCount(text: string): number | null {
  const cleaned = text.trim();
  if (!cleaned) return 0;
  if (!/^\d{1,9}$/.test(cleaned)) return null;
  return Number(cleaned);
}
