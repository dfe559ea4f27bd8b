import fc from 'fast-check';
import { FEEDBACK_STATUSES, type FeedbackStatus } from '../api/feedback.js';
import {
  averageRating,
  canHandleFeedback,
  decideFeedbackChange,
  FEEDBACK_CATEGORY_CODES,
  FEEDBACK_TEXT_MAX,
  isFeedbackRating,
  normaliseFeedbackText,
} from './feedback.js';

describe('normaliseFeedbackText', () => {
  it('trims and turns CRLF into LF', () => {
    expect(normaliseFeedbackText('  咖啡有点凉\r\n下次注意 \n')).toEqual({ ok: true, value: '咖啡有点凉\n下次注意' });
  });

  it('refuses empty, blank and non-text content', () => {
    expect(normaliseFeedbackText('')).toEqual({ ok: false, reason: 'empty' });
    expect(normaliseFeedbackText(' \n\t ')).toEqual({ ok: false, reason: 'empty' });
    expect(normaliseFeedbackText(42)).toEqual({ ok: false, reason: 'not_text' });
  });

  it('counts characters, not UTF-16 units: 500 emoji pass, 501 do not', () => {
    expect(normaliseFeedbackText('😀'.repeat(FEEDBACK_TEXT_MAX)).ok).toBe(true);
    expect(normaliseFeedbackText('😀'.repeat(FEEDBACK_TEXT_MAX + 1))).toEqual({ ok: false, reason: 'too_long' });
  });

  it('refuses control characters other than line breaks, and bidi overrides', () => {
    for (const c of ['\u0000', '\u0007', '\t', '\u001b', '\u007f', '\u0085', '\u202e', '\u2067']) {
      expect(normaliseFeedbackText(`好${c}评`)).toEqual({ ok: false, reason: 'control_characters' });
    }
  });

  it('a text it accepts is a fixed point (normalising again changes nothing)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 600 }), (s) => {
        const r = normaliseFeedbackText(s);
        if (!r.ok) return;
        expect(normaliseFeedbackText(r.value)).toEqual(r);
        expect(Array.from(r.value).length).toBeLessThanOrEqual(FEEDBACK_TEXT_MAX);
        expect(r.value).toBe(r.value.trim());
      }),
    );
  });
});

describe('ratings and categories', () => {
  it('accepts whole stars 1–5 only', () => {
    expect([1, 2, 3, 4, 5].every(isFeedbackRating)).toBe(true);
    for (const v of [0, 6, 2.5, -1, '3', null, Number.NaN]) expect(isFeedbackRating(v)).toBe(false);
  });

  it('has the four categories of the contract', () => {
    expect(FEEDBACK_CATEGORY_CODES).toEqual(['service', 'product', 'environment', 'other']);
  });
});

describe('decideFeedbackChange', () => {
  it('a reply moves open or replied to the status asked for', () => {
    expect(decideFeedbackChange('open', { kind: 'reply', status: 'replied' }, 'manager')).toEqual({
      ok: true,
      next: 'replied',
      changed: true,
    });
    expect(decideFeedbackChange('replied', { kind: 'reply', status: 'closed' }, 'manager')).toMatchObject({ next: 'closed' });
  });

  it('a closed item takes no reply, for anyone', () => {
    for (const role of ['admin', 'manager'] as const) {
      expect(decideFeedbackChange('closed', { kind: 'reply', status: 'replied' }, role)).toEqual({
        ok: false,
        code: 'FEEDBACK_STATUS_CONFLICT',
        reason: 'closed',
      });
    }
  });

  it('only an admin reopens, and only a closed item', () => {
    expect(decideFeedbackChange('closed', { kind: 'reopen' }, 'manager')).toEqual({
      ok: false,
      code: 'FORBIDDEN',
      reason: 'admin_only',
    });
    expect(decideFeedbackChange('closed', { kind: 'reopen' }, 'admin')).toEqual({ ok: true, next: 'open', changed: true });
    expect(decideFeedbackChange('replied', { kind: 'reopen' }, 'admin')).toMatchObject({ code: 'FEEDBACK_STATUS_CONFLICT' });
  });

  it('closing or reopening to the status it has is a no-op', () => {
    expect(decideFeedbackChange('closed', { kind: 'close' }, 'manager')).toEqual({ ok: true, next: 'closed', changed: false });
    expect(decideFeedbackChange('open', { kind: 'reopen' }, 'admin')).toEqual({ ok: true, next: 'open', changed: false });
  });

  it('whatever the sequence of actions, a manager never leaves closed', () => {
    const action = fc.oneof(
      fc.constant({ kind: 'close' as const }),
      fc.constant({ kind: 'reopen' as const }),
      fc.constantFrom('replied' as const, 'closed' as const).map((status) => ({ kind: 'reply' as const, status })),
    );
    fc.assert(
      fc.property(fc.constantFrom(...FEEDBACK_STATUSES), fc.array(action, { maxLength: 20 }), (start, actions) => {
        let s: FeedbackStatus = start;
        let closedOnce = s === 'closed';
        for (const a of actions) {
          const r = decideFeedbackChange(s, a, 'manager');
          if (r.ok) s = r.next;
          if (closedOnce) expect(s).toBe('closed');
          closedOnce ||= s === 'closed';
        }
      }),
    );
  });
});

describe('canHandleFeedback', () => {
  it('admins everything; managers their store only; cashiers nothing', () => {
    expect(canHandleFeedback({ role: 'admin', storeId: null }, null)).toBe(true);
    expect(canHandleFeedback({ role: 'manager', storeId: 'a' }, 'a')).toBe(true);
    expect(canHandleFeedback({ role: 'manager', storeId: 'a' }, 'b')).toBe(false);
    expect(canHandleFeedback({ role: 'manager', storeId: 'a' }, null)).toBe(false);
    expect(canHandleFeedback({ role: 'cashier', storeId: 'a' }, 'a')).toBe(false);
  });
});

describe('averageRating', () => {
  it('is null without ratings and rounds to 2 decimals', () => {
    expect(averageRating(0, 0)).toBeNull();
    expect(averageRating(14, 3)).toBe(4.67);
    expect(averageRating(5, 1)).toBe(5);
  });

  it('lies between 1 and 5 for any set of ratings', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 200 }), (rs) => {
        const avg = averageRating(
          rs.reduce((a, b) => a + b, 0),
          rs.length,
        )!;
        expect(avg).toBeGreaterThanOrEqual(1);
        expect(avg).toBeLessThanOrEqual(5);
      }),
    );
  });
});
