import { describeReward, isSameRewardRequest, isValidBusinessKey, REWARD_KINDS, validateReward } from './rewards.js';

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

  it('accepts a signed, non-zero, whole points adjustment by a staff member with a note', () => {
    const ok = { kind: 'points_adjustment', delta: -50, staffId: TEMPLATE, note: '扣减' } as const;
    expect(validateReward(ok)).toEqual({ ok: true });
    expect(validateReward({ ...ok, delta: 1_000_000 })).toEqual({ ok: true });
    for (const delta of [0, 1.5, 1_000_001, -1_000_001, Number.NaN]) {
      expect(validateReward({ ...ok, delta })).toMatchObject({ ok: false, reason: 'delta_invalid' });
    }
    expect(validateReward({ ...ok, staffId: 'x' })).toMatchObject({ ok: false, reason: 'staff_id_invalid' });
    expect(validateReward({ ...ok, note: '' })).toMatchObject({ ok: false, reason: 'note_invalid' });
    expect(validateReward({ ...ok, note: 'x'.repeat(101) })).toMatchObject({ ok: false, reason: 'note_invalid' });
    expect(describeReward(ok)).toBe('调整 -50 积分');
  });

  it('a replayed adjustment must ask for the same delta and note (any staff); other kinds replay whatever they ask', () => {
    const a = { kind: 'points_adjustment', delta: 5, staffId: TEMPLATE, note: 'n' } as const;
    expect(isSameRewardRequest(a, { ...a, staffId: '00000000-0000-4000-8000-000000000000' })).toBe(true);
    expect(isSameRewardRequest(a, { ...a, delta: 6 })).toBe(false);
    expect(isSameRewardRequest(a, { ...a, note: 'm' })).toBe(false);
    expect(
      isSameRewardRequest({ kind: 'points', points: 5, reason: 'checkin' }, { kind: 'points', points: 9, reason: 'checkin' }),
    ).toBe(true);
    expect(isSameRewardRequest(a, { kind: 'points', points: 5, reason: 'adjust' })).toBe(false);
  });

  it('needs a lottery id and 1…100 entries for free lottery entries', () => {
    expect(validateReward({ kind: 'lottery_entry', lotteryId: TEMPLATE, entries: 3 })).toEqual({ ok: true });
    expect(validateReward({ kind: 'lottery_entry', lotteryId: 'x', entries: 3 })).toMatchObject({ reason: 'lottery_id_invalid' });
    for (const entries of [0, 101, 1.5]) {
      expect(validateReward({ kind: 'lottery_entry', lotteryId: TEMPLATE, entries })).toMatchObject({
        reason: 'entries_out_of_range',
      });
    }
    expect(describeReward({ kind: 'lottery_entry', lotteryId: TEMPLATE, entries: 2 })).toBe('2 次抽奖机会');
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
