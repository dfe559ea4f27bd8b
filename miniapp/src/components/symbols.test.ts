import decodeQR from 'qr/decode.js';
import { code128Symbol, qrSymbol, toRuns, type QrSymbol } from './symbols';

/** Paints the runs the way the View grid does (RGBA, `scale` px per module, extra white margin). */
function paint(symbol: QrSymbol, scale = 6, margin = 8) {
  const side = (symbol.size + margin * 2) * scale;
  const data = new Uint8Array(side * side * 4).fill(255);
  symbol.rows.forEach((runs, r) => {
    let c = 0;
    for (const run of runs) {
      if (run.dark) {
        for (let y = (r + margin) * scale; y < (r + margin + 1) * scale; y++) {
          for (let x = (c + margin) * scale; x < (c + margin + run.length) * scale; x++) {
            data.fill(0, (y * side + x) * 4, (y * side + x) * 4 + 3);
          }
        }
      }
      c += run.length;
    }
  });
  return { width: side, height: side, data };
}

describe('symbols', () => {
  it('merges equal neighbours into runs', () => {
    expect(toRuns([true, true, false, true])).toEqual([
      { dark: true, length: 2 },
      { dark: false, length: 1 },
      { dark: true, length: 1 },
    ]);
  });

  it('an 18-digit code is a version-1 QR code (21 modules) plus a 2-module quiet zone', () => {
    const qr = qrSymbol('661234567890123456');
    expect(qr.size).toBe(25);
    expect(qr.rows).toHaveLength(25);
    for (const row of qr.rows) expect(row.reduce((n, r) => n + r.length, 0)).toBe(25);
    // Row 2 starts the top-left finder pattern: quiet zone, then 7 dark modules.
    expect(qr.rows[2]!.slice(0, 2)).toEqual([
      { dark: false, length: 2 },
      { dark: true, length: 7 },
    ]);
  });

  it('the runs, drawn, scan back to the code', () => {
    expect(decodeQR(paint(qrSymbol('661234567890123456')))).toBe('661234567890123456');
  });

  it('Code 128 set C: start C, 9 digit pairs, check symbol, stop = 134 modules', () => {
    const bars = code128Symbol('661234567890123456');
    expect(bars.modules).toBe(11 + 9 * 11 + 11 + 13);
    expect(bars.runs[0]).toEqual({ dark: true, length: 2 }); // start C is 211232
    expect(bars.runs[bars.runs.length - 1]).toEqual({ dark: true, length: 2 }); // stop ends 2331112
  });

  it('refuses an odd number of digits for set C', () => {
    expect(() => code128Symbol('123')).toThrow(RangeError);
  });
});
