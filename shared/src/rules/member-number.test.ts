import fc from 'fast-check';
import {
  inviteCodeFromBytes,
  isValidInviteCode,
  isValidMemberNumber,
  luhnCheckDigit,
  maskNickname,
  maskPhone,
  memberNumberFromBytes,
} from './member-number.js';

describe('member numbers', () => {
  it('computes the Luhn digit of a known number', () => {
    expect(luhnCheckDigit('7992739871')).toBe(3);
  });

  it('always makes 10 digits that pass their own check', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 9, maxLength: 9 }), (bytes) => {
        const no = memberNumberFromBytes(bytes);
        return /^[1-9]\d{9}$/.test(no) && isValidMemberNumber(no);
      }),
    );
  });

  it('catches any single mistyped digit', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 9, maxLength: 9 }),
        fc.nat(9),
        fc.integer({ min: 1, max: 9 }),
        (bytes, pos, shift) => {
          const no = memberNumberFromBytes(bytes);
          const typo = no.slice(0, pos) + String((Number(no[pos]) + shift) % 10) + no.slice(pos + 1);
          return !isValidMemberNumber(typo);
        },
      ),
    );
  });
});

describe('invite codes', () => {
  it('are 8 unambiguous symbols when enough bytes are given', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 16 }).filter((b) => b.filter((x) => x < 248).length >= 8),
        (bytes) => {
          const code = inviteCodeFromBytes(bytes);
          return code !== null && isValidInviteCode(code) && !/[01OIL]/.test(code);
        },
      ),
    );
  });

  it('asks for more bytes rather than bias the draw', () => {
    expect(inviteCodeFromBytes(new Uint8Array(8).fill(255))).toBeNull();
  });
});

describe('phone masking', () => {
  it('keeps only the first 3 and last 4 digits of a mainland mobile number', () => {
    expect(maskPhone('13800138000')).toBe('138****8000');
  });

  it('never reveals the middle digits', () => {
    fc.assert(fc.property(fc.stringMatching(/^1\d{10}$/), (phone) => maskPhone(phone).slice(3, 7) === '****'));
  });
});

describe('nickname masking', () => {
  it('keeps the first character and hides the rest, at most three stars', () => {
    expect(maskNickname('张小明')).toBe('张**');
    expect(maskNickname('Lily Chen')).toBe('L***');
    expect(maskNickname('王')).toBe('王');
    expect(maskNickname('😀abc')).toBe('😀***');
    expect(maskNickname('  ')).toBeNull();
    expect(maskNickname(null)).toBeNull();
  });

  it('never shows more than the first character of a name', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 2 }), (name) => {
        const masked = maskNickname(name);
        return masked === null || [...masked].slice(1).every((c) => c === '*');
      }),
    );
  });
});
