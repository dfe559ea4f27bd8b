import { describeReward, isValidBusinessKey, REWARD_KINDS, validateReward } from './rewards.js';

const TEMPLATE = '3f2b8c4e-1d2a-4b5c-8d9e-0a1b2c3d4e5f';

describe('reward kinds', () => {
  it('registers each kind under its own code', () => {
    for (const [code, spec] of Object.entries(REWARD_KINDS)) expect(spec.code).toBe(code);
  });

  it('accepts positive whole points only', () => {
    expect(validateReward({ kind: 'points', points: 10, reason: 'checkin' })).toEqual({ ok: true });
    for (const points of [0, -5, 1.5, Number.NaN]) {
      expect(validateReward({ kind: 'points', points, reason: 'checkin' })).toMatchObject({
        ok: false,
        reason: 'points_not_positive',
      });
    }
  });

  it('needs a template id for a coupon', () => {
    expect(validateReward({ kind: 'coupon', templateId: TEMPLATE, channel: 'grant' })).toEqual({ ok: true });
    expect(validateReward({ kind: 'coupon', templateId: 'nope', channel: 'grant' })).toMatchObject({
      ok: false,
      code: 'VALIDATION_FAILED',
    });
  });

  it('refuses an unknown kind', () => {
    expect(validateReward({ kind: 'prize' } as never)).toMatchObject({ ok: false, reason: 'unknown_reward_kind' });
  });

  it('describes rewards', () => {
    expect(describeReward({ kind: 'points', points: 5, reason: 'referral' })).toBe('5 积分');
  });

  it('checks business keys', () => {
    expect(isValidBusinessKey('checkin:2026-12-01:abc')).toBe(true);
    expect(isValidBusinessKey('')).toBe(false);
    expect(isValidBusinessKey('a b')).toBe(false);
    expect(isValidBusinessKey('x'.repeat(201))).toBe(false);
  });
});
