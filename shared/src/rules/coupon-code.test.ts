import fc from 'fast-check';
import {
  COUPON_CODE_ALPHABET,
  COUPON_CODE_LENGTH,
  COUPON_CODE_RANDOM_BYTES,
  couponCheckChar,
  formatCouponCode,
  generateCouponCode,
  isValidCouponCode,
  normalizeCouponCode,
} from './coupon-code.js';

const randomArb = fc.uint8Array({ minLength: COUPON_CODE_RANDOM_BYTES, maxLength: COUPON_CODE_RANDOM_BYTES });
const codeArb = randomArb.map(generateCouponCode);

describe('coupon codes', () => {
  it('use no 0, O, 1, I or L', () => {
    expect(COUPON_CODE_ALPHABET).not.toMatch(/[0O1IL]/);
  });

  it('carry at least 60 bits of randomness', () => {
    expect((COUPON_CODE_LENGTH - 1) * Math.log2(COUPON_CODE_ALPHABET.length)).toBeGreaterThanOrEqual(60);
  });

  it('are 15 alphabet characters and valid', () => {
    fc.assert(
      fc.property(codeArb, (code) => {
        expect(code).toMatch(new RegExp(`^[${COUPON_CODE_ALPHABET}]{${COUPON_CODE_LENGTH}}$`));
        expect(isValidCouponCode(code)).toBe(true);
      }),
    );
  });

  it('the check character catches every single-character substitution', () => {
    fc.assert(
      fc.property(codeArb, (code) => {
        for (let i = 0; i < code.length; i++) {
          for (const ch of COUPON_CODE_ALPHABET) {
            if (ch === code[i]) continue;
            expect(isValidCouponCode(code.slice(0, i) + ch + code.slice(i + 1))).toBe(false);
          }
        }
      }),
      { numRuns: 50 },
    );
  });

  it('the check character catches every transposition of two different characters', () => {
    fc.assert(
      fc.property(codeArb, fc.nat({ max: COUPON_CODE_LENGTH - 1 }), fc.nat({ max: COUPON_CODE_LENGTH - 1 }), (code, i, j) => {
        fc.pre(code[i] !== code[j]);
        const chars = [...code];
        [chars[i], chars[j]] = [chars[j]!, chars[i]!];
        expect(isValidCouponCode(chars.join(''))).toBe(false);
      }),
    );
  });

  it('formats as XXXXX-XXXXX-XXXXX and reads back in any case, with spaces or hyphens', () => {
    fc.assert(
      fc.property(codeArb, (code) => {
        const shown = formatCouponCode(code);
        expect(shown).toMatch(/^\w{5}-\w{5}-\w{5}$/);
        expect(normalizeCouponCode(` ${shown.toLowerCase().replace('-', ' ')} `)).toBe(code);
        expect(isValidCouponCode(shown)).toBe(true);
      }),
    );
  });

  it('rejects a code with a character outside the alphabet', () => {
    expect(isValidCouponCode('0BCDE-FGHJK-MNPQR')).toBe(false);
  });

  it('rejects a code of the wrong length', () => {
    expect(isValidCouponCode('ABCDE-FGHJK')).toBe(false);
  });

  it('skips bytes whose low 5 bits are 31 (rejection sampling, no modulo bias)', () => {
    const bytes = new Uint8Array(COUPON_CODE_RANDOM_BYTES).fill(31); // every byte rejected
    bytes.set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13], 5);
    expect(generateCouponCode(bytes).slice(0, 14)).toBe(COUPON_CODE_ALPHABET.slice(0, 14));
  });

  it('refuses to make a code from too few usable random bytes', () => {
    expect(() => generateCouponCode(new Uint8Array(10))).toThrow(RangeError);
  });

  it('computes the check character of a known body', () => {
    const body = 'ABCDEFGHJKMNPQ';
    expect(isValidCouponCode(body + couponCheckChar(body))).toBe(true);
  });
});
