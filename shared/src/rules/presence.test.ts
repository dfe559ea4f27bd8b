import fc from 'fast-check';
import { checkPresence, IDENTIFICATION_TTL_MS, identificationExpiresAt, orderSpends } from './presence.js';

const issued = new Date('2026-11-23T10:00:00Z');
const id = { memberId: 'm1', storeId: 's1', expiresAt: identificationExpiresAt(issued) };
const expected = { memberId: 'm1', storeId: 's1', sent: true };

describe('presence at the till', () => {
  it('an identification lasts 10 minutes from issue', () => {
    expect(identificationExpiresAt(issued).toISOString()).toBe('2026-11-23T10:10:00.000Z');
  });

  it('is valid for its member at its store until, not including, its expiry', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: IDENTIFICATION_TTL_MS * 2 }), (ms) => {
        const result = checkPresence(id, expected, new Date(issued.getTime() + ms));
        expect(result.ok).toBe(ms < IDENTIFICATION_TTL_MS);
      }),
    );
  });

  it('refuses with the cause: none sent, unknown, another member, another store, expired', () => {
    const later = new Date(issued.getTime() + 60_000);
    expect(checkPresence(null, { ...expected, sent: false }, later)).toEqual({
      ok: false,
      code: 'MEMBER_NOT_PRESENT',
      reason: 'missing',
    });
    expect(checkPresence(null, expected, later)).toMatchObject({ reason: 'unknown' });
    expect(checkPresence(id, { ...expected, memberId: 'm2' }, later)).toMatchObject({ reason: 'other_member' });
    expect(checkPresence(id, { ...expected, storeId: 's2' }, later)).toMatchObject({ reason: 'other_store' });
    expect(checkPresence(id, expected, id.expiresAt)).toMatchObject({ reason: 'expired' });
  });

  it('an order spends when it redeems points, uses coupons or pays with balance; earning alone does not', () => {
    expect(orderSpends({})).toBe(false);
    expect(orderSpends({ pointsToRedeem: 0, couponCodes: [], payWithBalance: 0 })).toBe(false);
    expect(orderSpends({ pointsToRedeem: 100 })).toBe(true);
    expect(orderSpends({ couponCodes: ['ABC'] })).toBe(true);
    expect(orderSpends({ payWithBalance: 1 })).toBe(true);
  });
});
