// The rotating member code (动态会员码) shown on the card page and scanned at the till, like a payment code.
//
// Layout — 18 decimal digits, read left to right:
//
//     66 │ KKKKKKKKK │ C │ TTTTTT
//     ── │ ───────── │ ─ │ ──────
//     2  │     9     │ 1 │   6
//
//   66      fixed prefix: tells a scanner (and a cashier's eye) it is a member code, not a
//           payment code (WeChat Pay 10–15, Alipay 25–30).
//   K × 9   the member's `codeId` (a stable integer 0…999 999 999 assigned at registration),
//           scrambled by a fixed affine bijection mod 10^9 so consecutive members do not show
//           consecutive digits. This is cosmetic, NOT secret: the codeId is an index, and the server
//           finds the member by it (one indexed lookup, no scan over members).
//   C       the issue counter within the time step (0 for codes computed offline on the phone;
//           1–9 for fresh codes the server hands out after a scan, see `nextMemberCode`).
//   T × 6   TOTP: HMAC-SHA256(secret, step as 8 bytes big-endian [‖ counter byte when C > 0]) with
//           RFC 6238 dynamic truncation, mod 10^6. With C = 0 this is exactly RFC 6238 TOTP-SHA256
//           (30 s steps, T0 = 0), so standard test vectors apply.
//
// The secret is per member (20 random bytes), created at registration, stored server-side and
// given to the member's own phone (`GET /me/code-seed`) so it can compute codes offline.
//
// Acceptance (`verifyMemberCode`): the current step and the previous one (valid ≈ 30–60 s) plus,
// for phones whose clock runs up to one step ahead, the next step. A well-formed code of this member
// that matches one of the 20 steps before that window → MEMBER_CODE_EXPIRED; anything else →
// MEMBER_CODE_INVALID. Replay: the server stores the last accepted (step, counter) per member and
// passes it as `lastUsed`; a code at or before it → MEMBER_CODE_USED, so each code is accepted once
// and a code older than the last used one is dead too.
//
// A fresh code at once after a scan: `nextMemberCode(seed, now, lastUsed)` returns the code for
// (current step, lastUsed.counter + 1) — strictly after the used one, so a used code is never handed
// out again; after counter 9 it moves to (step + 1, 0), which the next-step tolerance accepts.
//
// Security: the 6 TOTP digits are the only secret part; codeId is public. A blind guess at a known
// member's code is accepted with probability at most 3 / 10^6 (three accepted steps). The identify
// endpoint needs a staff token and must be rate limited: e.g. lock a member's dynamic code for 10
// minutes after 5 failures, and limit each staff account to 20 failures an hour. Then an attacker
// gets ≤ 5 guesses per 10 minutes per member: ≤ 1.5 × 10^-5 per 30 s window and ≈ 2 × 10^-3 per
// member per day of continuous, audited attempts. Observed codes die within ≈ 60 s and after one use.
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import { refuse } from './result.js';
import type { Refusal } from './result.js';

export const MEMBER_CODE_PREFIX = '66';
export const MEMBER_CODE_LENGTH = 18;
export const MEMBER_CODE_STEP_SECONDS = 30;
export const MEMBER_CODE_SECRET_BYTES = 20;
export const MAX_MEMBER_CODE_ID = 999_999_999;
const KEY_DIGITS = 9;
const OTP_DIGITS = 6;
const MAX_COUNTER = 9;
const KEY_MOD = 1_000_000_000n;
const SCRAMBLE_MUL = 738_219_467n; // coprime with 10, so x ↦ (x × MUL + ADD) mod 10^9 is a bijection
const SCRAMBLE_ADD = 271_828_182n;
const SCRAMBLE_INV = modInverse(SCRAMBLE_MUL, KEY_MOD);

export interface MemberCodeSeed {
  /** The member's stable code index, 0…999 999 999. */
  codeId: number;
  /** The per-member secret: bytes or hex, at least 16 bytes. */
  secret: Uint8Array | string;
}

export interface MemberCode {
  code: string;
  step: number;
  counter: number;
  /** When the phone should show the next code (start of the next step). */
  refreshAt: Date;
  /** When this code stops being accepted (end of the previous-step grace). */
  expiresAt: Date;
}

export interface ParsedMemberCode {
  codeId: number;
  counter: number;
  otp: string;
}

export interface UsedMemberCode {
  step: number;
  counter: number;
}

export interface VerifyMemberCodeOptions {
  /** Steps before the current one still accepted (default 1 ≈ 30–60 s validity). */
  acceptPreviousSteps?: number;
  /** Steps after the current one accepted, for clocks that run ahead (default 1). */
  acceptFutureSteps?: number;
  /** How far before the window a match is still reported as EXPIRED rather than INVALID (default 20). */
  expiredLookBackSteps?: number;
  /** The last code the server accepted for this member; codes at or before it are USED. */
  lastUsed?: UsedMemberCode | null;
}

export type VerifyMemberCodeResult =
  { ok: true; step: number; counter: number } | Refusal<'MEMBER_CODE_EXPIRED' | 'MEMBER_CODE_INVALID' | 'MEMBER_CODE_USED'>;

/** The 30-second time step `now` falls in. */
export function memberCodeStep(now: Date): number {
  return Math.floor(now.getTime() / 1000 / MEMBER_CODE_STEP_SECONDS);
}

function stepStart(step: number): Date {
  return new Date(step * MEMBER_CODE_STEP_SECONDS * 1000);
}

function secretBytes(secret: Uint8Array | string): Uint8Array {
  const bytes = typeof secret === 'string' ? hexToBytes(secret) : secret;
  if (bytes.length < 16) throw new RangeError('a member code secret needs at least 16 bytes');
  return bytes;
}

function checkCodeId(codeId: number): void {
  if (!Number.isSafeInteger(codeId) || codeId < 0 || codeId > MAX_MEMBER_CODE_ID) {
    throw new RangeError(`codeId must be an integer 0…${MAX_MEMBER_CODE_ID}`);
  }
}

function modInverse(a: bigint, m: bigint): bigint {
  let [r0, r1] = [a % m, m];
  let [s0, s1] = [1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return ((s0 % m) + m) % m;
}

function scramble(codeId: number): string {
  const v = (BigInt(codeId) * SCRAMBLE_MUL + SCRAMBLE_ADD) % KEY_MOD;
  return v.toString().padStart(KEY_DIGITS, '0');
}

function unscramble(digits: string): number {
  const v = (((((BigInt(digits) - SCRAMBLE_ADD) % KEY_MOD) + KEY_MOD) % KEY_MOD) * SCRAMBLE_INV) % KEY_MOD;
  return Number(v);
}

/** RFC 6238 TOTP-SHA256 with an optional counter byte, truncated to 6 digits. */
export function memberCodeOtp(secret: Uint8Array | string, step: number, counter = 0): string {
  if (!Number.isSafeInteger(step) || step < 0) throw new RangeError('step must be a non-negative integer');
  if (!Number.isInteger(counter) || counter < 0 || counter > MAX_COUNTER) throw new RangeError('counter must be 0…9');
  const msg = new Uint8Array(counter === 0 ? 8 : 9);
  const view = new DataView(msg.buffer);
  view.setUint32(0, Math.floor(step / 2 ** 32));
  view.setUint32(4, step >>> 0);
  if (counter > 0) msg[8] = counter;
  const mac = hmac(sha256, secretBytes(secret), msg);
  const offset = mac[mac.length - 1]! & 0x0f;
  const bin = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(bin % 10 ** OTP_DIGITS).padStart(OTP_DIGITS, '0');
}

function codeFor(seed: MemberCodeSeed, step: number, counter: number): MemberCode {
  checkCodeId(seed.codeId);
  const code = MEMBER_CODE_PREFIX + scramble(seed.codeId) + String(counter) + memberCodeOtp(seed.secret, step, counter);
  return { code, step, counter, refreshAt: stepStart(step + 1), expiresAt: stepStart(step + 2) };
}

/** The member code for `now` (offline on the phone: counter 0). */
export function memberCodeAt(seed: MemberCodeSeed, now: Date, options: { counter?: number } = {}): MemberCode {
  return codeFor(seed, memberCodeStep(now), options.counter ?? 0);
}

/**
 * The code the server hands out (`GET /me/code`): strictly after the last used one, so a used code
 * is never handed out again and a fresh code is available at once after a scan.
 */
export function nextMemberCode(seed: MemberCodeSeed, now: Date, lastUsed: UsedMemberCode | null): MemberCode {
  const current = memberCodeStep(now);
  if (lastUsed === null || lastUsed.step < current) return codeFor(seed, current, 0);
  if (lastUsed.counter < MAX_COUNTER) return codeFor(seed, lastUsed.step, lastUsed.counter + 1);
  return codeFor(seed, lastUsed.step + 1, 0);
}

/** Splits a scanned code into its parts; null when it is not an 18-digit member code. */
export function parseMemberCode(code: string): ParsedMemberCode | null {
  if (code.length !== MEMBER_CODE_LENGTH || !/^\d+$/.test(code) || !code.startsWith(MEMBER_CODE_PREFIX)) return null;
  const keyEnd = MEMBER_CODE_PREFIX.length + KEY_DIGITS;
  return {
    codeId: unscramble(code.slice(MEMBER_CODE_PREFIX.length, keyEnd)),
    counter: Number(code[keyEnd]),
    otp: code.slice(keyEnd + 1),
  };
}

function sameDigits(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

function isAfter(a: UsedMemberCode, b: UsedMemberCode): boolean {
  return a.step > b.step || (a.step === b.step && a.counter > b.counter);
}

/** Checks a scanned code against the member found by `parseMemberCode(code).codeId`. */
export function verifyMemberCode(
  seed: MemberCodeSeed,
  code: string,
  now: Date,
  options: VerifyMemberCodeOptions = {},
): VerifyMemberCodeResult {
  const previous = options.acceptPreviousSteps ?? 1;
  const future = options.acceptFutureSteps ?? 1;
  const lookBack = options.expiredLookBackSteps ?? 20;
  const parsed = parseMemberCode(code);
  if (parsed === null || parsed.codeId !== seed.codeId) return refuse('MEMBER_CODE_INVALID');
  const current = memberCodeStep(now);
  for (let step = current + future; step >= Math.max(0, current - previous); step--) {
    if (sameDigits(memberCodeOtp(seed.secret, step, parsed.counter), parsed.otp)) {
      const used = { step, counter: parsed.counter };
      if (options.lastUsed && !isAfter(used, options.lastUsed)) return refuse('MEMBER_CODE_USED');
      return { ok: true, step, counter: parsed.counter };
    }
  }
  const oldest = Math.max(0, current - previous - lookBack);
  for (let step = current - previous - 1; step >= oldest; step--) {
    if (sameDigits(memberCodeOtp(seed.secret, step, parsed.counter), parsed.otp)) return refuse('MEMBER_CODE_EXPIRED');
  }
  return refuse('MEMBER_CODE_INVALID');
}
