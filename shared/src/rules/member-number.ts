// Member numbers and invite codes: formats and check digits. Randomness is an input (bytes from a
// CSPRNG supplied by the caller) so these stay pure.

/** Luhn check digit for a string of digits. */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** 10 digits: 9 random (first not zero) + a Luhn check digit. Needs ≥ 9 random bytes. */
export function memberNumberFromBytes(bytes: Uint8Array): string {
  if (bytes.length < 9) throw new RangeError('memberNumberFromBytes needs 9 bytes');
  let body = String(1 + (bytes[0]! % 9));
  for (let i = 1; i < 9; i++) body += String(bytes[i]! % 10);
  return body + String(luhnCheckDigit(body));
}

export function isValidMemberNumber(value: string): boolean {
  return /^[1-9]\d{9}$/.test(value) && luhnCheckDigit(value.slice(0, 9)) === Number(value[9]);
}

/** Unambiguous alphabet: no 0/O, 1/I/L. 31 symbols. */
export const INVITE_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const INVITE_CODE_LENGTH = 8;

/** 8 symbols from the unambiguous alphabet (≈ 39.6 bits); bytes ≥ 8. Rejection sampling keeps it unbiased. */
export function inviteCodeFromBytes(bytes: Uint8Array): string | null {
  const n = INVITE_CODE_ALPHABET.length;
  const limit = 256 - (256 % n);
  let out = '';
  for (const b of bytes) {
    if (b >= limit) continue;
    out += INVITE_CODE_ALPHABET[b % n];
    if (out.length === INVITE_CODE_LENGTH) return out;
  }
  return null; // not enough unbiased bytes; the caller draws more
}

export function isValidInviteCode(value: string): boolean {
  return new RegExp(`^[${INVITE_CODE_ALPHABET}]{${INVITE_CODE_LENGTH}}$`).test(value);
}

/** 13800138000 → 138****8000; other lengths keep the first 3 and last 2. */
export function maskPhone(phone: string): string {
  if (phone.length >= 11) return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
  if (phone.length > 5) return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 5)}${phone.slice(-2)}`;
  return '*'.repeat(phone.length);
}

/**
 * A nickname as the console shows another member's (a referral's friend): the first character
 * (a code point, so one Chinese character or emoji) and one * per further character, at most
 * three; null stays null. 张小明 → 张**, Lily → L***, 王 → 王.
 */
export function maskNickname(nickname: string | null): string | null {
  if (nickname === null) return null;
  const chars = [...nickname.trim()];
  if (chars.length === 0) return null;
  return chars[0]! + '*'.repeat(Math.min(chars.length - 1, 3));
}
