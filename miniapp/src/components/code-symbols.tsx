// QR code and Code 128 barcode of the member code, drawn as rows of Views (same in weapp and H5).
import { View } from '@tarojs/components';
import { useMemo } from 'react';
import { code128Symbol, qrSymbol, type Run } from './symbols';
import './member-code.css';

function RunStrip({ runs, className }: { runs: Run[]; className: string }) {
  return (
    <View className={className}>
      {runs.map((run, i) => (
        <View
          key={i}
          className={run.dark ? 'sym-dark' : 'sym-light'}
          style={{ flexGrow: String(run.length), flexShrink: '0', flexBasis: '0' }}
        />
      ))}
    </View>
  );
}

export function QrCode({ value, large = false, id }: { value: string; large?: boolean; id?: string }) {
  const symbol = useMemo(() => qrSymbol(value), [value]);
  return (
    <View className={`qr ${large ? 'qr--large' : ''}`} id={id}>
      {symbol.rows.map((runs, r) => (
        <RunStrip key={r} runs={runs} className="qr__row" />
      ))}
    </View>
  );
}

export function Barcode({ value, large = false, id }: { value: string; large?: boolean; id?: string }) {
  const symbol = useMemo(() => code128Symbol(value), [value]);
  return (
    <View className={`barcode ${large ? 'barcode--large' : ''}`} id={id}>
      <RunStrip runs={symbol.runs} className="barcode__bars" />
    </View>
  );
}
