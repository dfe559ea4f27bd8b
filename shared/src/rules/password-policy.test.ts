import fc from 'fast-check';
import { COMMON_PASSWORDS } from './common-passwords.js';
import { checkPassword, describePasswordProblems, isCommonPassword, PASSWORD_MIN_LENGTH } from './password-policy.js';

describe('password policy', () => {
  it('accepts a long, uncommon password that does not contain the username', () => {
    expect(checkPassword('violet-harbour-42-lantern', { username: 'cashier7' })).toEqual({ ok: true });
  });

  it('ships a list of a few thousand common passwords, all lower-case', () => {
    expect(COMMON_PASSWORDS.length).toBeGreaterThan(3000);
    expect(COMMON_PASSWORDS.every((p) => p === p.toLowerCase())).toBe(true);
  });

  it('refuses a password shorter than 10 characters', () => {
    expect(checkPassword('k7#pQ2wz!')).toEqual({ ok: false, code: 'WEAK_PASSWORD', problems: ['too_short'] });
  });

  it('counts characters, not UTF-16 units: ten emoji are ten characters', () => {
    expect(checkPassword('🍵'.repeat(9))).toMatchObject({ ok: false, problems: ['too_short'] });
    expect(checkPassword('🍵'.repeat(10))).toEqual({ ok: true });
  });

  it('refuses a common password whatever its case', () => {
    expect(checkPassword('qwertyuiop')).toMatchObject({ ok: false, problems: ['common'] });
    expect(checkPassword('QwertyUIOP')).toMatchObject({ ok: false, problems: ['common'] });
    expect(isCommonPassword('PASSWORD123')).toBe(true);
  });

  it('knows default and mainland-China favourites too (the demo seed is exempt for this reason)', () => {
    expect(checkPassword('woaini1314')).toMatchObject({ ok: false, problems: ['common'] });
    expect(isCommonPassword('admin1234')).toBe(true);
    expect(isCommonPassword('HuiYuan123')).toBe(true);
  });

  it('refuses a password containing the username, case-insensitively', () => {
    expect(checkPassword('xx-Manager2-yy-zz', { username: 'manager2' })).toMatchObject({
      ok: false,
      problems: ['contains_username'],
    });
  });

  it('reports every problem at once', () => {
    expect(checkPassword('admin', { username: 'admin' })).toEqual({
      ok: false,
      code: 'WEAK_PASSWORD',
      problems: ['too_short', 'common', 'contains_username'],
    });
    expect(describePasswordProblems(['too_short', 'common'])).toBe('shorter than 10 characters; a commonly used password');
  });

  it('refuses a password longer than 128 characters', () => {
    expect(checkPassword('a7'.repeat(65))).toMatchObject({ ok: false, problems: ['too_long'] });
  });

  it('property: every password of the common list is refused, in any case', () => {
    fc.assert(
      fc.property(fc.constantFrom(...COMMON_PASSWORDS), fc.boolean(), (p, upper) => {
        const decision = checkPassword(upper ? p.toUpperCase() : p);
        return !decision.ok && decision.problems.includes('common');
      }),
    );
  });

  it('property: a password under the minimum length is always refused as too short', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: PASSWORD_MIN_LENGTH - 1, unit: 'grapheme-ascii' }), (p) => {
        const decision = checkPassword(p);
        return !decision.ok && decision.problems.includes('too_short');
      }),
    );
  });

  it('property: a password with the username inside is refused, wherever it sits', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z0-9_.-]{3,32}$/),
        fc.string({ maxLength: 20 }),
        fc.string({ maxLength: 20 }),
        (username, before, after) => {
          const decision = checkPassword(before + username.toUpperCase() + after, { username });
          return !decision.ok && decision.problems.includes('contains_username');
        },
      ),
    );
  });
});
