import { describe, expect, it } from 'vitest';
import { fenToYuan, formatCount, formatDateTime, formatFen, formatRate, yuanToFen } from './format';

describe('format', () => {
  it('shows fen as yuan with grouping, exactly', () => {
    expect(formatFen(123456)).toBe('¥1,234.56');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(-1000)).toBe('-¥10.00');
    expect(formatFen(null)).toBe('—');
  });

  it('shows a rate as a percentage with one decimal, null as —', () => {
    expect(formatRate(0.1234)).toBe('12.3%');
    expect(formatRate(1)).toBe('100.0%');
    expect(formatRate(null)).toBe('—');
  });

  it('groups counts', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
  });

  it('turns typed yuan into fen without float drift', () => {
    expect(yuanToFen(19.99)).toBe(1999);
    expect(yuanToFen(0.1 + 0.2)).toBe(30);
    expect(yuanToFen('38.5')).toBe(3850);
    expect(yuanToFen('abc')).toBeNull();
    expect(yuanToFen(undefined)).toBeNull();
    expect(fenToYuan(3850)).toBe(38.5);
  });

  it('shows instants in the programme timezone', () => {
    expect(formatDateTime('2026-03-31T16:30:00.000Z', 'Asia/Shanghai')).toBe('2026-04-01 00:30');
    expect(formatDateTime(null)).toBe('—');
  });
});
