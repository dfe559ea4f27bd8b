// Coupon codes: unguessable, typeable, self-checking. Randomness is an input (CSPRNG bytes from the caller).
//
// Format: 15 characters from a 31-character alphabet without 0/O/1/I/L — 14 random characters
// (14 × log2 31 ≈ 69.4 bits) and one check character — shown as `XXXXX-XXXXX-XXXXX`.
// Check: with character values v₀…v₁₄ and weights 1…15, Σ (i + 1)·vᵢ ≡ 0 (mod 31). Because 31 is
// prime and every weight is non-zero and distinct mod 31, this catches every single-character
// substitution and every transposition of two characters (adjacent or not). Luhn mod N would not do:
// with an odd N its doubling step is not a permutation, so some substitutions slip through.
// Random characters come from rejection sampling (byte & 31, skipping 31), so there is no modulo bias.

export const COUPON_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const N = COUPON_CODE_ALPHABET.length; // 31, prime
export const COUPON_CODE_BODY_LENGTH = 14;
export const COUPON_CODE_LENGTH = COUPON_CODE_BODY_LENGTH + 1;
/** Enough random bytes that running out is astronomically unlikely (each byte is kept with p = 31/32). */
export const COUPON_CODE_RANDOM_BYTES = 32;
const GROUP = 5;

function valueOf(ch: string): number {
  return COUPON_CODE_ALPHABET.indexOf(ch);
}

function inverseModN(a: number): number {
  for (let x = 1; x < N; x++) if ((a * x) % N === 1) return x;
  throw new RangeError('no inverse');
}
const CHECK_WEIGHT_INVERSE = inverseModN(COUPON_CODE_LENGTH % N);

function weightedSum(chars: string): number {
  let sum = 0;
  for (let i = 0; i < chars.length; i++) sum += (i + 1) * valueOf(chars[i]!);
  return sum % N;
}

/** The check character that completes a 14-character body. */
export function couponCheckChar(body: string): string {
  if (body.length !== COUPON_CODE_BODY_LENGTH || ![...body].every((c) => valueOf(c) >= 0)) {
    throw new RangeError('a coupon code body is 14 characters of the coupon alphabet');
  }
  const v = ((N - weightedSum(body)) * CHECK_WEIGHT_INVERSE) % N;
  return COUPON_CODE_ALPHABET[v]!;
}

/** A new code from CSPRNG bytes (pass `crypto.getRandomValues(new Uint8Array(COUPON_CODE_RANDOM_BYTES))`). */
export function generateCouponCode(random: Uint8Array): string {
  let body = '';
  for (const b of random) {
    const v = b & 31;
    if (v === 31) continue;
    body += COUPON_CODE_ALPHABET[v]!;
    if (body.length === COUPON_CODE_BODY_LENGTH) return body + couponCheckChar(body);
  }
  throw new RangeError('not enough random bytes for a coupon code');
}

/** Upper-cases and strips spaces and hyphens; null when what is left is not 15 alphabet characters. */
export function normalizeCouponCode(input: string): string | null {
  const s = input.toUpperCase().replace(/[\s-]/g, '');
  if (s.length !== COUPON_CODE_LENGTH || ![...s].every((c) => valueOf(c) >= 0)) return null;
  return s;
}

/** True when `input` (in any case, with or without hyphens and spaces) is a code with a correct check character. */
export function isValidCouponCode(input: string): boolean {
  const s = normalizeCouponCode(input);
  return s !== null && weightedSum(s) === 0;
}

/** `ABCDE-FGHJK-MNPQR` for display and printing. */
export function formatCouponCode(code: string): string {
  const s = normalizeCouponCode(code);
  if (s === null) throw new RangeError('not a coupon code');
  const groups: string[] = [];
  for (let i = 0; i < s.length; i += GROUP) groups.push(s.slice(i, i + GROUP));
  return groups.join('-');
}
