// jsbarcode ships types for its DOM entry only; the till uses its Code 128 set C encoder directly.
declare module 'jsbarcode/bin/barcodes/CODE128/CODE128C.js' {
  export default class CODE128C {
    constructor(data: string, options: Record<string, unknown>);
    valid(): boolean;
    /** `data` is the bar pattern: '1' a dark module, '0' a light one. */
    encode(): { text: string; data: string };
  }
}
