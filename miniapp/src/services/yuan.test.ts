import { parseCount, parseYuan } from './yuan';

describe('parseYuan', () => {
  it.each([
    ['600', 60000],
    ['600.00', 60000],
    ['600.5', 60050],
    ['600.05', 60005],
    ['0.1', 10],
    ['.5', 50],
    ['19.99', 1999],
    ['0.29', 29], // 0.29 * 100 is 28.999999999999996 in floating point
    ['1.00', 100],
    [' ¥1,234.56 ', 123456],
    ['￥38', 3800],
    ['9999999.99', 999999999],
  ])('%s yuan → %i fen', (text, fen) => {
    expect(parseYuan(text)).toEqual({ ok: true, fen });
  });

  it('never goes through floating point: every two-decimal amount is exact', () => {
    for (let fen = 1; fen < 100_000; fen += 7) {
      const text = `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
      expect(parseYuan(text)).toEqual({ ok: true, fen });
    }
  });

  it.each([
    ['', '请输入金额'],
    ['   ', '请输入金额'],
    ['0', '金额必须大于 0'],
    ['0.00', '金额必须大于 0'],
    ['1.005', '金额最多两位小数'],
    ['-5', '请输入正确的金额，例如 38.50'],
    ['1e3', '请输入正确的金额，例如 38.50'],
    ['12.3.4', '请输入正确的金额，例如 38.50'],
    ['abc', '请输入正确的金额，例如 38.50'],
    ['10000000', '请输入正确的金额，例如 38.50'],
  ])('refuses %j', (text, message) => {
    expect(parseYuan(text)).toEqual({ ok: false, message });
  });
});

describe('parseCount', () => {
  it('reads whole counts, empty as 0, anything else as null', () => {
    expect(parseCount('')).toBe(0);
    expect(parseCount(' 300 ')).toBe(300);
    expect(parseCount('1.5')).toBeNull();
    expect(parseCount('-1')).toBeNull();
  });
});
