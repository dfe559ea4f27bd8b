import { Button, Text, View } from '@tarojs/components';
import { RefundResult } from '../../../components/cashier';
import { Field } from '../../../components/field';
import { StatusText } from '../../../components/status-text';
import { useRefund } from '../../../hooks/use-refund';
import { useStaffSession } from '../../../hooks/use-staff-session';

export default function RefundPage() {
  const { staff } = useStaffSession();
  const refund = useRefund();
  if (!staff) return <View className="page" id="refund-page" />;

  if (refund.result) {
    return (
      <View className="page" id="refund-page">
        <RefundResult result={refund.result} />
        <Button className="btn btn-secondary" id="refund-again" onClick={refund.again}>
          继续退款
        </Button>
      </View>
    );
  }

  return (
    <View className="page" id="refund-page">
      <View className="panel">
        <Text className="panel-title">订单退款</Text>
        <Field id="refund-order-no" label="原订单号" value={refund.orderNo} onInput={refund.setOrderNo} />
        <Field id="refund-no" label="退款单号" value={refund.refundNo} onInput={refund.setRefundNo} />
        <Field
          id="refund-amount"
          label="退款金额（元）"
          value={refund.amount}
          onInput={refund.setAmount}
          type="digit"
          placeholder="例如 38.00"
          hint="部分退款按比例扣回积分和成长值"
        />
        <StatusText id="refund-error" error={refund.error} />
        <Button
          className={`btn btn-primary ${refund.busy ? 'btn--busy' : ''}`}
          id="refund-submit"
          onClick={() => void refund.submit()}
        >
          确认退款
        </Button>
      </View>
    </View>
  );
}
