// The member code as drawable symbols: QR modules (library `qr`) and Code 128 bars (`jsbarcode`'s
// encoder), both reduced to runs so a row of the QR code or the barcode is a handful of Views.
// Views render the same in weapp (no DOM, no canvas plumbing) and H5.
import encodeQR from 'qr';
import CODE128C from 'jsbarcode/bin/barcodes/CODE128/CODE128C.js';

/** `length` consecutive modules of one colour. */
export interface Run {
  dark: boolean;
  length: number;
}

export interface QrSymbol {
  /** Modules per side, quiet zone included. */
  size: number;
  rows: Run[][];
}

export function toRuns(modules: readonly boolean[]): Run[] {
  const runs: Run[] = [];
  for (const dark of modules) {
    const last = runs[runs.length - 1];
    if (last && last.dark === dark) last.length += 1;
    else runs.push({ dark, length: 1 });
  }
  return runs;
}

/**
 * QR code with error correction M (scans through a cracked screen protector or glare) and a
 * 2-module quiet zone (the white panel around it adds the rest). 18 digits fit version 1: 25 × 25.
 */
export function qrSymbol(text: string): QrSymbol {
  const matrix = encodeQR(text, 'raw', { ecc: 'medium', border: 2 });
  return { size: matrix.length, rows: matrix.map(toRuns) };
}

export interface BarcodeSymbol {
  /** Total width in modules (bars and spaces), without quiet zones. */
  modules: number;
  runs: Run[];
}

/** Code 128 set C (two digits per symbol): an 18-digit code is 134 modules wide. */
export function code128Symbol(digits: string): BarcodeSymbol {
  if (!/^(\d\d)+$/.test(digits)) throw new RangeError('Code 128 set C needs an even number of digits');
  const bits = new CODE128C(digits, {}).encode().data;
  const modules = Array.from(bits, (b) => b === '1');
  return { modules: modules.length, runs: toRuns(modules) };
}
