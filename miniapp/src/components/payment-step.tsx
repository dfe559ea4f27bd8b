// What a payment shows while it runs, for both the 储值 and the 付费会员 page: the H5 模拟支付
// confirmation (no WeChat in a browser) and the line saying where the payment stands.
import { Button, Text, View } from '@tarojs/components';
import { formatYuan } from '@huiyuan/shared';
import type { WechatPayment } from '../hooks/use-wechat-payment';
import { StatusText } from './status-text';
import './stored-value.css';

export function PaymentStep({ payment, amount, what }: { payment: WechatPayment; amount: number | null; what: string }) {
  return (
    <View id="payment-step">
      {payment.confirming ? (
        <View className="panel payment-confirm" id="payment-confirm">
          <Text className="panel-title">模拟支付</Text>
          <Text className="muted payment-confirm__hint">
            浏览器中无法调起微信支付。本服务器为沙箱环境，确认后由模拟的微信支付完成付款并通知服务器。
          </Text>
          <View className="card-row">
            <Text>{what}</Text>
            <Text className="payment-confirm__amount" id="payment-confirm-amount">
              {amount === null ? '' : `¥${formatYuan(amount)}`}
            </Text>
          </View>
          <Text className="muted payment-confirm__no" id="payment-out-trade-no">
            订单号 {payment.payment?.outTradeNo}
          </Text>
          <Button
            className={`btn btn-primary ${payment.busy ? 'btn--busy' : ''}`}
            id="payment-confirm-pay"
            onClick={() => void payment.confirmSandbox()}
          >
            确认模拟支付
          </Button>
          <Button className="btn btn-plain" id="payment-confirm-cancel" onClick={payment.cancel}>
            取消
          </Button>
        </View>
      ) : null}
      <StatusText
        id="payment-status"
        error={payment.isError ? payment.message : null}
        notice={payment.isError ? null : payment.message}
      />
      {payment.phase === 'pending' ? (
        <Button className="btn btn-secondary" id="payment-recheck" onClick={() => void payment.recheck()}>
          刷新支付结果
        </Button>
      ) : null}
    </View>
  );
}
