// The member code on the card (tap to enlarge) and its full-screen white view for the scanner.
import { Text, View } from '@tarojs/components';
import { formatYuan } from '@huiyuan/shared';
import { Barcode, QrCode } from './code-symbols';
import './member-code.css';

export interface MemberCodeProps {
  code: string | null;
  grouped: string | null;
  secondsLeft: number | null;
  offline: boolean;
  error: string | null;
  /** Stored value (储值) spendable now, fen: shown so the member can offer it at the till. */
  storedBalance?: number;
}

/** 储值余额 ¥x，可出示给收银员使用 (nothing without a balance). */
export function storedBalanceLine(storedBalance: number | undefined): string | null {
  if (!storedBalance || storedBalance <= 0) return null;
  return `储值余额 ¥${formatYuan(storedBalance)}，可出示给收银员使用`;
}

function BalanceLine({ storedBalance, id }: { storedBalance: number | undefined; id: string }) {
  const line = storedBalanceLine(storedBalance);
  return line ? (
    <Text className="member-code__balance" id={id}>
      {line}
    </Text>
  ) : null;
}

function Meta({ secondsLeft, offline }: Pick<MemberCodeProps, 'secondsLeft' | 'offline'>) {
  return (
    <View className="member-code__meta">
      <Text id="card-code-countdown">{secondsLeft === null ? '' : `${secondsLeft} 秒后自动刷新`}</Text>
      {offline ? <Text className="member-code__offline">离线码</Text> : null}
    </View>
  );
}

export function MemberCodePanel({
  code,
  grouped,
  secondsLeft,
  offline,
  error,
  storedBalance,
  onEnlarge,
}: MemberCodeProps & { onEnlarge: () => void }) {
  return (
    <View className="panel member-code" id="card-code-panel">
      <Text className="member-code__hint">到店消费时出示会员码，轻触放大</Text>
      {code ? (
        <View className="member-code" id="card-code-enlarge" onClick={onEnlarge}>
          <Barcode value={code} />
          <QrCode value={code} id="card-qr" />
          <Text className="member-code__digits" id="card-member-code">
            {grouped}
          </Text>
        </View>
      ) : (
        <Text className={error ? 'error-text' : 'muted'} id="card-code-status">
          {error ?? '会员码生成中…'}
        </Text>
      )}
      {code ? <Meta secondsLeft={secondsLeft} offline={offline} /> : null}
      {code ? <BalanceLine storedBalance={storedBalance} id="card-code-balance" /> : null}
    </View>
  );
}

export function MemberCodeOverlay({
  code,
  grouped,
  secondsLeft,
  offline,
  storedBalance,
  onClose,
}: MemberCodeProps & { onClose: () => void }) {
  if (!code) return null;
  return (
    <View className="code-overlay" id="card-code-overlay" onClick={onClose}>
      <Barcode value={code} large />
      <QrCode value={code} large />
      <Text className="member-code__digits" id="card-code-large-digits">
        {grouped}
      </Text>
      <Meta secondsLeft={secondsLeft} offline={offline} />
      <BalanceLine storedBalance={storedBalance} id="card-code-large-balance" />
      <Text className="code-overlay__close" id="card-code-close">
        轻触任意处返回
      </Text>
    </View>
  );
}
