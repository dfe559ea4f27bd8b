import fc from 'fast-check';
import {
  MEMBER_CODE_LENGTH,
  MEMBER_CODE_STEP_SECONDS,
  memberCodeAt,
  memberCodeOtp,
  memberCodeStep,
  nextMemberCode,
  parseMemberCode,
  verifyMemberCode,
} from './member-code.js';
import type { MemberCodeSeed } from './member-code.js';

const STEP_MS = MEMBER_CODE_STEP_SECONDS * 1000;
const secretArb = fc.uint8Array({ minLength: 20, maxLength: 20 });
const codeIdArb = fc.integer({ min: 0, max: 999_999_999 });
const seedArb = fc.record({ codeId: codeIdArb, secret: secretArb });
// 2001 … 2100, so steps are large realistic numbers
const nowArb = fc.integer({ min: 978_307_200_000, max: 4_102_444_800_000 }).map((ms) => new Date(ms));
const at = (d: Date, steps: number) => new Date(d.getTime() + steps * STEP_MS);
/** True when the code's 6 TOTP digits happen to equal another step's accepted at `t` (p ≈ 3 × 10^-6): such runs are skipped. */
const collidesAt = (s: MemberCodeSeed, step: number, t: Date) =>
  [-1, 0, 1].some((d) => memberCodeOtp(s.secret, memberCodeStep(t) + d) === memberCodeOtp(s.secret, step));
const seed: MemberCodeSeed = { codeId: 123_456, secret: '00112233445566778899aabbccddeeff00112233' };
const now = new Date('2025-06-01T04:00:10Z');

describe('member code', () => {
  it('counter 0 is RFC 6238 TOTP-SHA256 (test vector T = 59 s → 46119246, last 6 digits)', () => {
    const rfcSecret = Uint8Array.from('12345678901234567890123456789012', (c) => c.charCodeAt(0));
    expect(memberCodeOtp(rfcSecret, Math.floor(59 / 30))).toBe('119246');
  });

  it('RFC 6238 TOTP-SHA256 vector T = 1111111109 → 68084774', () => {
    const rfcSecret = Uint8Array.from('12345678901234567890123456789012', (c) => c.charCodeAt(0));
    expect(memberCodeOtp(rfcSecret, Math.floor(1111111109 / 30))).toBe('084774');
  });

  it('is always 18 digits starting with 66', () => {
    fc.assert(
      fc.property(seedArb, nowArb, fc.integer({ min: 0, max: 9 }), (s, t, counter) => {
        const { code } = memberCodeAt(s, t, { counter });
        expect(code).toMatch(/^66\d{16}$/);
        expect(code).toHaveLength(MEMBER_CODE_LENGTH);
      }),
    );
  });

  it('parse(generate) gives back the codeId and counter', () => {
    fc.assert(
      fc.property(seedArb, nowArb, fc.integer({ min: 0, max: 9 }), (s, t, counter) => {
        const parsed = parseMemberCode(memberCodeAt(s, t, { counter }).code);
        expect(parsed).toMatchObject({ codeId: s.codeId, counter });
      }),
    );
  });

  it('codes of different members differ at the same instant', () => {
    fc.assert(
      fc.property(seedArb, seedArb, nowArb, (a, b, t) => {
        fc.pre(a.codeId !== b.codeId);
        expect(memberCodeAt(a, t).code).not.toBe(memberCodeAt(b, t).code);
      }),
    );
  });

  it('consecutive members do not show consecutive key digits', () => {
    const a = memberCodeAt({ ...seed, codeId: 1000 }, now).code.slice(2, 11);
    const b = memberCodeAt({ ...seed, codeId: 1001 }, now).code.slice(2, 11);
    expect(Math.abs(Number(a) - Number(b))).not.toBe(1);
  });

  it('a code verifies in its own step', () => {
    fc.assert(
      fc.property(seedArb, nowArb, (s, t) => {
        const { code, step } = memberCodeAt(s, t);
        expect(verifyMemberCode(s, code, t)).toEqual({ ok: true, step, counter: 0 });
      }),
    );
  });

  it('a code still verifies during the next step (≈ 60 s validity)', () => {
    fc.assert(
      fc.property(seedArb, nowArb, (s, t) => {
        const { code } = memberCodeAt(s, t);
        expect(verifyMemberCode(s, code, at(t, 1)).ok).toBe(true);
      }),
    );
  });

  it('a code from one step ahead (phone clock ≤ 30 s fast) is tolerated', () => {
    const { code } = memberCodeAt(seed, at(now, 1));
    expect(verifyMemberCode(seed, code, now).ok).toBe(true);
  });

  it('a code from two steps ahead is invalid', () => {
    const { code } = memberCodeAt(seed, at(now, 2));
    expect(verifyMemberCode(seed, code, now)).toEqual({ ok: false, code: 'MEMBER_CODE_INVALID' });
  });

  it('a code 2 or more steps old is EXPIRED, not valid', () => {
    fc.assert(
      fc.property(seedArb, nowArb, fc.integer({ min: 2, max: 21 }), (s, t, age) => {
        const { code, step } = memberCodeAt(s, t);
        fc.pre(!collidesAt(s, step, at(t, age)));
        expect(verifyMemberCode(s, code, at(t, age))).toEqual({ ok: false, code: 'MEMBER_CODE_EXPIRED' });
      }),
    );
  });

  it('a code 3 steps later is not accepted', () => {
    fc.assert(
      fc.property(seedArb, nowArb, (s, t) => {
        const { code, step } = memberCodeAt(s, t);
        fc.pre(!collidesAt(s, step, at(t, 3)));
        expect(verifyMemberCode(s, code, at(t, 3)).ok).toBe(false);
      }),
    );
  });

  it('expiresAt is when verification stops accepting the code', () => {
    const c = memberCodeAt(seed, now);
    expect(verifyMemberCode(seed, c.code, new Date(c.expiresAt.getTime() - 1)).ok).toBe(true);
    expect(verifyMemberCode(seed, c.code, c.expiresAt).ok).toBe(false);
  });

  it('refreshAt is the start of the next step', () => {
    const c = memberCodeAt(seed, now);
    expect(c.refreshAt.getTime()).toBe((c.step + 1) * STEP_MS);
  });

  it('a code with a wrong TOTP part is INVALID', () => {
    const { code } = memberCodeAt(seed, now);
    const last = Number(code.at(-1));
    const tampered = code.slice(0, -1) + String((last + 1) % 10);
    expect(verifyMemberCode(seed, tampered, now)).toEqual({ ok: false, code: 'MEMBER_CODE_INVALID' });
  });

  it('a code of another member is INVALID against this member', () => {
    const other = memberCodeAt({ ...seed, codeId: seed.codeId + 1 }, now).code;
    expect(verifyMemberCode(seed, other, now)).toEqual({ ok: false, code: 'MEMBER_CODE_INVALID' });
  });

  it('the same member id with another secret is INVALID', () => {
    const forged = memberCodeAt({ ...seed, secret: 'ff'.repeat(20) }, now).code;
    expect(verifyMemberCode(seed, forged, now).ok).toBe(false);
  });

  it.each(['', '66123', '6612345678901234567', '551234567890123456', '66123456789012345a'])(
    'parse refuses %p (not an 18-digit 66… code)',
    (code) => {
      expect(parseMemberCode(code)).toBeNull();
    },
  );

  it('a code already accepted is USED when scanned again', () => {
    const c = memberCodeAt(seed, now);
    const first = verifyMemberCode(seed, c.code, now);
    expect(first.ok).toBe(true);
    const lastUsed = { step: c.step, counter: 0 };
    expect(verifyMemberCode(seed, c.code, now, { lastUsed })).toEqual({ ok: false, code: 'MEMBER_CODE_USED' });
  });

  it('the fresh code handed out after a scan differs from the used one and verifies at once', () => {
    fc.assert(
      fc.property(seedArb, nowArb, fc.integer({ min: 0, max: 9 }), (s, t, usedCounter) => {
        const used = memberCodeAt(s, t, { counter: usedCounter });
        const lastUsed = { step: used.step, counter: usedCounter };
        const fresh = nextMemberCode(s, t, lastUsed);
        expect(fresh.code).not.toBe(used.code);
        expect(verifyMemberCode(s, fresh.code, t, { lastUsed }).ok).toBe(true);
      }),
    );
  });

  it('a used code is never handed out again, however many scans follow', () => {
    let lastUsed: { step: number; counter: number } | null = null;
    const seen = new Set<string>();
    for (let i = 0; i < 15; i++) {
      const issued = nextMemberCode(seed, now, lastUsed);
      expect(seen.has(issued.code)).toBe(false);
      seen.add(issued.code);
      const v = verifyMemberCode(seed, issued.code, now, { lastUsed });
      if (!v.ok) break; // beyond 10 scans in one step the next code waits for the next step
      lastUsed = { step: v.step, counter: v.counter };
    }
    expect(seen.size).toBeGreaterThanOrEqual(11);
  });

  it('with no scan yet, the server hands out the offline (counter 0) code', () => {
    expect(nextMemberCode(seed, now, null).code).toBe(memberCodeAt(seed, now).code);
  });

  it('after a scan in an earlier step, the server hands out the current offline code', () => {
    const lastUsed = { step: memberCodeStep(now) - 1, counter: 3 };
    expect(nextMemberCode(seed, now, lastUsed).code).toBe(memberCodeAt(seed, now).code);
  });

  it('an older code than the last used one is refused as USED', () => {
    const older = memberCodeAt(seed, at(now, -1));
    const lastUsed = { step: memberCodeStep(now), counter: 0 };
    expect(verifyMemberCode(seed, older.code, now, { lastUsed })).toEqual({ ok: false, code: 'MEMBER_CODE_USED' });
  });

  it('accepts the secret as hex or bytes alike', () => {
    const hex = '0123456789abcdef0123456789abcdef01234567';
    const bytes = Uint8Array.from(hex.match(/../g)!.map((h) => parseInt(h, 16)));
    expect(memberCodeAt({ codeId: 7, secret: hex }, now).code).toBe(memberCodeAt({ codeId: 7, secret: bytes }, now).code);
  });

  it('refuses a secret shorter than 16 bytes', () => {
    expect(() => memberCodeAt({ codeId: 1, secret: 'abcd' }, now)).toThrow(RangeError);
  });
});
