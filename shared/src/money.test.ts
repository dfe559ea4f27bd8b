import fc from 'fast-check';
import { formatCountDisplay, formatFenDisplay, formatRateDisplay, formatYuan, NO_VALUE } from './money.js';

describe('figures as people read them', () => {
  it('amounts: ¥, thousands, two decimals from integer fen, "—" for none', () => {
    expect(formatFenDisplay(1234567)).toBe('¥12,345.67');
    expect(formatFenDisplay(5)).toBe('¥0.05');
    expect(formatFenDisplay(-2050)).toBe('-¥20.50');
    expect(formatFenDisplay(null)).toBe(NO_VALUE);
    expect(formatFenDisplay(undefined)).toBe(NO_VALUE);
  });

  it('an amount without its ¥ and separators is formatYuan, for every safe fen', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (fen) => {
        expect(formatFenDisplay(fen).replace('¥', '').replace(/,/g, '')).toBe(formatYuan(fen));
      }),
    );
  });

  it('rates: one decimal of a percentage; counts: thousands', () => {
    expect(formatRateDisplay(0.1234)).toBe('12.3%');
    expect(formatRateDisplay(1)).toBe('100.0%');
    expect(formatRateDisplay(null)).toBe(NO_VALUE);
    expect(formatCountDisplay(1234567)).toBe('1,234,567');
    expect(formatCountDisplay(-1200)).toBe('-1,200');
    expect(formatCountDisplay(null)).toBe(NO_VALUE);
  });
});
