import fc from 'fast-check';
import {
  abuseReason,
  checkInviterCaps,
  decideReferralBinding,
  DEFAULT_REFERRAL_POLICY,
  newReferralReward,
  referralRewardTransition,
} from './referral.js';
import type { AbuseSignals, ReferralBindingInput, ReferralEvent, ReferralRewardState } from './referral.js';

const DAY = 86_400_000;
const paidAt = new Date('2025-06-01T04:00:00Z');
const after = (days: number) => new Date(paidAt.getTime() + days * DAY);
const clean: AbuseSignals = { sameDeviceAsInviter: false, sameDeviceCount: 0, sameIpCount: 0 };
const zero = { today: 0, thisMonth: 0 };
const step = (s: ReferralRewardState, ...events: ReferralEvent[]) =>
  events.reduce((acc, e) => referralRewardTransition(acc, e), s);
const paid = (paidFen = 5000): ReferralEvent => ({ type: 'order_paid', orderId: 'o1', paidAt, paidFen });
const due = (days: number, signals = clean, inviterReleased = zero): ReferralEvent => ({
  type: 'release_due',
  now: after(days),
  signals,
  inviterReleased,
});

describe('referral binding', () => {
  const input = (over: Partial<ReferralBindingInput> = {}): ReferralBindingInput => ({
    inviteeId: 'friend',
    inviteeIsNew: true,
    inviteeInviterId: null,
    inviterId: 'alice',
    inviterActive: true,
    inviterAncestors: ['bob'],
    ...over,
  });

  it('binds a new member to an active inviter', () => {
    expect(decideReferralBinding(input())).toEqual({ ok: true });
  });

  it('refuses self-referral', () => {
    expect(decideReferralBinding(input({ inviteeId: 'alice' }))).toEqual({
      ok: false,
      code: 'CONFLICT',
      reason: 'self_referral',
    });
  });

  it('first inviter wins: a bound member is not re-bound', () => {
    expect(decideReferralBinding(input({ inviteeInviterId: 'carol' }))).toMatchObject({ reason: 'already_bound' });
  });

  it('binds only new members by default', () => {
    expect(decideReferralBinding(input({ inviteeIsNew: false }))).toMatchObject({ reason: 'not_new_member' });
  });

  it('may bind existing members when the programme allows it', () => {
    expect(decideReferralBinding(input({ inviteeIsNew: false }), { binding: 'all_members' })).toEqual({ ok: true });
  });

  it('refuses a cycle: the invitee is already up the inviter’s chain', () => {
    expect(
      decideReferralBinding(input({ inviteeIsNew: false, inviterAncestors: ['bob', 'friend'] }), { binding: 'all_members' }),
    ).toMatchObject({
      reason: 'cycle',
    });
  });

  it('refuses a frozen inviter', () => {
    expect(decideReferralBinding(input({ inviterActive: false }))).toMatchObject({ reason: 'inviter_inactive' });
  });

  it('never binds into a cycle or to oneself, whatever the chain', () => {
    const id = fc.constantFrom('a', 'b', 'c', 'd', 'e');
    fc.assert(
      fc.property(id, id, fc.array(id, { maxLength: 4 }), fc.boolean(), (invitee, inviter, ancestors, isNew) => {
        const r = decideReferralBinding(
          {
            inviteeId: invitee,
            inviterId: inviter,
            inviterAncestors: ancestors,
            inviteeIsNew: isNew,
            inviteeInviterId: null,
            inviterActive: true,
          },
          { binding: 'all_members' },
        );
        if (r.ok) expect([inviter, ...ancestors]).not.toContain(invitee);
      }),
    );
  });
});

describe('referral reward', () => {
  it('stays pending until the friend pays', () => {
    expect(step(newReferralReward('inviter'), due(30)).status).toBe('pending');
  });

  it('is released once the first paid order passes the 7-day refund window', () => {
    expect(step(newReferralReward('inviter'), paid(), due(7))).toMatchObject({ status: 'released', reason: null });
  });

  it('is not released inside the refund window', () => {
    expect(step(newReferralReward('inviter'), paid(), due(6.9)).status).toBe('pending');
  });

  it('is cancelled by a full refund inside the window', () => {
    const refund: ReferralEvent = { type: 'order_refunded', orderId: 'o1', at: after(3), refundedTotalFen: 5000 };
    expect(step(newReferralReward('inviter'), paid(), refund, due(8))).toMatchObject({
      status: 'cancelled',
      reason: 'refunded_in_window',
    });
  });

  it('survives a partial refund that leaves the minimum paid', () => {
    const refund: ReferralEvent = { type: 'order_refunded', orderId: 'o1', at: after(3), refundedTotalFen: 4000 };
    expect(step(newReferralReward('inviter'), paid(), refund, due(8)).status).toBe('released');
  });

  it('ignores a refund after the window closed', () => {
    const refund: ReferralEvent = { type: 'order_refunded', orderId: 'o1', at: after(8), refundedTotalFen: 5000 };
    expect(step(newReferralReward('inviter'), paid(), refund, due(9)).status).toBe('released');
  });

  it('only the first qualifying order counts: a later order does not move the window', () => {
    const second: ReferralEvent = { type: 'order_paid', orderId: 'o2', paidAt: after(5), paidFen: 9000 };
    expect(step(newReferralReward('invitee'), paid(), second).qualifyingOrder?.orderId).toBe('o1');
  });

  it('an order below the minimum does not qualify', () => {
    const r = referralRewardTransition(newReferralReward('inviter'), paid(500), {
      ...DEFAULT_REFERRAL_POLICY,
      minOrderFen: 1000,
    });
    expect(r.qualifyingOrder).toBeNull();
  });

  it('goes on hold when the friend used the inviter’s device', () => {
    expect(step(newReferralReward('inviter'), paid(), due(7, { ...clean, sameDeviceAsInviter: true }))).toMatchObject({
      status: 'on_hold',
      reason: 'inviter_device',
    });
  });

  it('goes on hold when too many friends share one IP address', () => {
    expect(step(newReferralReward('inviter'), paid(), due(7, { ...clean, sameIpCount: 4 }))).toMatchObject({
      status: 'on_hold',
      reason: 'same_ip',
    });
  });

  it('a held reward is released on approval, cancelled on rejection', () => {
    const held = step(newReferralReward('inviter'), paid(), due(7, { ...clean, sameDeviceCount: 2 }));
    expect([
      step(held, { type: 'hold_approved', inviterReleased: zero }).status,
      step(held, { type: 'hold_rejected' }).status,
    ]).toEqual(['released', 'cancelled']);
  });

  it('the inviter’s reward is cancelled once the daily cap is reached', () => {
    expect(step(newReferralReward('inviter'), paid(), due(7, clean, { today: 10, thisMonth: 10 }))).toMatchObject({
      status: 'cancelled',
      reason: 'daily_cap',
    });
  });

  it('the friend’s own reward is not subject to the inviter’s caps', () => {
    expect(step(newReferralReward('invitee'), paid(), due(7, clean, { today: 10, thisMonth: 50 })).status).toBe('released');
  });

  it('caps: monthly cap', () => {
    expect(checkInviterCaps({ today: 0, thisMonth: 50 })).toEqual({ ok: false, code: 'RATE_LIMITED', reason: 'monthly_cap' });
  });

  it('a clean referral has no abuse reason', () => {
    expect(abuseReason(clean)).toBeNull();
  });

  it('holds a friend WeChat ranks 3 or riskier; a lower or unknown rank holds nothing by itself', () => {
    expect(abuseReason({ ...clean, riskRank: 3 })).toBe('wechat_risk');
    expect(abuseReason({ ...clean, riskRank: 4 })).toBe('wechat_risk');
    expect(abuseReason({ ...clean, riskRank: 2 })).toBeNull();
    expect(abuseReason({ ...clean, riskRank: null })).toBeNull();
  });

  it('a low risk rank never clears another signal', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.nat({ max: 5 }), fc.nat({ max: 8 }), fc.integer({ min: 0, max: 2 }), (dev, sd, sip, rank) => {
        const signals = { sameDeviceAsInviter: dev, sameDeviceCount: sd, sameIpCount: sip };
        return abuseReason({ ...signals, riskRank: rank }) === abuseReason(signals);
      }),
    );
  });

  const eventArb: fc.Arbitrary<ReferralEvent> = fc.oneof(
    fc.record({
      type: fc.constant('order_paid' as const),
      orderId: fc.constantFrom('o1', 'o2'),
      paidAt: fc.integer({ min: 0, max: 20 }).map(after),
      paidFen: fc.nat({ max: 10_000 }),
    }),
    fc.record({
      type: fc.constant('order_refunded' as const),
      orderId: fc.constantFrom('o1', 'o2'),
      at: fc.integer({ min: 0, max: 30 }).map(after),
      refundedTotalFen: fc.nat({ max: 10_000 }),
    }),
    fc.record({
      type: fc.constant('release_due' as const),
      now: fc.integer({ min: 0, max: 30 }).map(after),
      signals: fc.record({
        sameDeviceAsInviter: fc.boolean(),
        sameDeviceCount: fc.nat({ max: 3 }),
        sameIpCount: fc.nat({ max: 5 }),
      }),
      inviterReleased: fc.record({ today: fc.nat({ max: 12 }), thisMonth: fc.nat({ max: 60 }) }),
    }),
    fc.record({
      type: fc.constant('hold_approved' as const),
      inviterReleased: fc.record({ today: fc.nat({ max: 12 }), thisMonth: fc.nat({ max: 60 }) }),
    }),
    fc.constant<ReferralEvent>({ type: 'hold_rejected' }),
  );

  it('released and cancelled are final', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('inviter' as const, 'invitee' as const),
        fc.array(eventArb, { maxLength: 12 }),
        eventArb,
        (who, events, extra) => {
          const s = step(newReferralReward(who), ...events);
          if (s.status === 'released' || s.status === 'cancelled') expect(referralRewardTransition(s, extra)).toBe(s);
        },
      ),
    );
  });

  it('a released reward always has a qualifying order whose window had closed and that was not refunded below the minimum', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('inviter' as const, 'invitee' as const),
        fc.array(eventArb, { maxLength: 12 }),
        (who, events) => {
          let s = newReferralReward(who);
          let lastNow: Date | null = null;
          for (const e of events) {
            const next = referralRewardTransition(s, e);
            if (next.status === 'released' && s.status === 'pending') lastNow = e.type === 'release_due' ? e.now : null;
            s = next;
          }
          if (s.status !== 'released') return;
          expect(s.qualifyingOrder).not.toBeNull();
          expect(s.qualifyingOrder!.paidFen - s.qualifyingOrder!.refundedFen).toBeGreaterThanOrEqual(
            DEFAULT_REFERRAL_POLICY.minOrderFen,
          );
          if (lastNow) expect(lastNow.getTime()).toBeGreaterThanOrEqual(s.releaseAt!.getTime());
        },
      ),
    );
  });
});
