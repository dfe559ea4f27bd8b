import { Button, Text, View } from '@tarojs/components';
import { Field } from '../../../components/field';
import { StatusText } from '../../../components/status-text';
import { useRedeem } from '../../../hooks/use-redeem';
import { useStaffSession } from '../../../hooks/use-staff-session';
import { couponTerms, displayCode } from '../../../services/coupons';
import '../../../components/cashier.css';
import '../../../pages/coupons.css';

export default function RedeemPage() {
  const { staff } = useStaffSession();
  const redeem = useRedeem();
  if (!staff) return <View className="page" id="redeem-page" />;

  if (redeem.result) {
    const coupon = redeem.result;
    return (
      <View className="page" id="redeem-page">
        <View className="panel till-result" id="redeem-result">
          <Text className="till-result__title">核销成功</Text>
          <Text className="redeem-result__title" id="redeem-result-title">
            {coupon.title}
          </Text>
          <Text className="muted redeem-result__line">{couponTerms(coupon)}，请将礼品交给会员</Text>
          <Text className="muted redeem-result__line" id="redeem-result-code">
            券码 {displayCode(coupon.code)}
          </Text>
        </View>
        <Button className="btn btn-secondary" id="redeem-again" onClick={redeem.again}>
          继续核销
        </Button>
      </View>
    );
  }

  return (
    <View className="page" id="redeem-page">
      <View className="panel">
        <Text className="panel-title">核销礼品券</Text>
        {process.env.TARO_ENV === 'weapp' ? (
          <Button className="btn btn-primary redeem-scan" id="redeem-scan" onClick={() => void redeem.scan()}>
            扫描券码
          </Button>
        ) : null}
        <Field
          id="redeem-code"
          label="券码"
          value={redeem.code}
          onInput={redeem.setCode}
          placeholder="会员券包中的 15 位券码"
          maxlength={24}
          hint={redeem.forMember ? '仅核销当前会员的券' : '满减券、折扣券请在收银时勾选使用'}
        />
        <StatusText id="redeem-error" error={redeem.error} />
        <Button
          className={`btn ${process.env.TARO_ENV === 'weapp' ? 'btn-secondary' : 'btn-primary'} ${redeem.busy ? 'btn--busy' : ''}`}
          id="redeem-submit"
          onClick={() => void redeem.submit()}
        >
          确认核销
        </Button>
      </View>
    </View>
  );
}
