// The till's presentational parts: the identified member, the purchase result, the refund result.
import { Text, View } from '@tarojs/components';
import type { IdentifiedMember, OrderResponse, RefundResponse } from '@huiyuan/shared';
import { formatYuan } from '@huiyuan/shared';
import './cashier.css';

function Row({ label, value, id }: { label: string; value: string | number; id?: string }) {
  return (
    <View className="card-row till-row">
      <Text className="muted">{label}</Text>
      <Text id={id} className="till-row__value">
        {value}
      </Text>
    </View>
  );
}

export function MemberSummary({ member }: { member: IdentifiedMember }) {
  return (
    <View className="panel till-member" id="cashier-member">
      <View className="card-row">
        <Text className="till-member__name" id="cashier-member-name">
          {member.nickname || '会员'}
        </Text>
        <Text className={`till-tier till-tier--${member.tier.code}`} id="cashier-member-tier">
          {member.tier.name}
        </Text>
      </View>
      <Row label="会员号" value={member.memberNo} id="cashier-member-no" />
      <Row label="手机号" value={member.phoneMasked ?? '未绑定'} id="cashier-member-phone" />
      <Row label="可用积分" value={member.points} id="cashier-member-points" />
    </View>
  );
}

export function OrderResult({ result }: { result: OrderResponse }) {
  return (
    <View className="panel till-result" id="cashier-result">
      <Text className="till-result__title">收银成功</Text>
      <Text className="till-result__amount">¥{formatYuan(result.payable)}</Text>
      <Text className="muted till-result__sub">实付金额（订单 ¥{formatYuan(result.amount)}）</Text>
      <Row label="订单号" value={result.orderNo} id="cashier-result-order-no" />
      {result.discount > 0 ? <Row label="优惠" value={`-¥${formatYuan(result.discount)}`} /> : null}
      <Row label="获得积分" value={`+${result.pointsEarned}`} id="cashier-result-points" />
      <Row label="使用积分" value={result.pointsRedeemed} id="cashier-result-redeemed" />
      <Row label="积分余额" value={result.member.points} id="cashier-result-balance" />
      <Row label="会员等级" value={result.member.tier.name} id="cashier-result-tier" />
      {result.tierChange ? (
        <Text className="notice-text till-result__upgrade" id="cashier-result-tier-change">
          会员已由{result.tierChange.from.name}升级为{result.tierChange.to.name}
        </Text>
      ) : null}
    </View>
  );
}

export function RefundResult({ result }: { result: RefundResponse }) {
  return (
    <View className="panel till-result" id="refund-result">
      <Text className="till-result__title">退款成功</Text>
      <Text className="till-result__amount">¥{formatYuan(result.amount)}</Text>
      <Row label="退款单号" value={result.refundNo} id="refund-result-no" />
      <Row label="扣回积分" value={result.pointsReversed} id="refund-result-points" />
      {result.pointsShortfall > 0 ? (
        <Row label="积分不足未扣回（计为欠款）" value={result.pointsShortfall} id="refund-result-shortfall" />
      ) : null}
      {result.pointsReturned > 0 ? <Row label="退还抵扣积分" value={result.pointsReturned} id="refund-result-returned" /> : null}
      <Row label="扣回成长值" value={result.growthReversed} id="refund-result-growth" />
      {result.couponsRestored.length ? (
        <Row label="退回优惠券" value={`${result.couponsRestored.length} 张`} id="refund-result-coupons" />
      ) : null}
    </View>
  );
}
