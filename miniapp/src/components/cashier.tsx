// The till's presentational parts: the identified member, the member's coupons, the purchase
// result, the refund result.
import { Input, Text, View } from '@tarojs/components';
import type { Coupon, IdentifiedMember, OrderResponse, PricedOrder, RefundResponse } from '@huiyuan/shared';
import { formatYuan } from '@huiyuan/shared';
import { TillCouponRow } from './coupon-card';
import { couponTerms, displayCode, type CouponPreview } from '../services/coupons';
import { dateOf } from '../services/stored-value';
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
      <Row label="储值余额" value={`¥${formatYuan(member.storedBalance ?? 0)}`} id="cashier-member-balance" />
      {member.pricing?.paidMembership ? (
        <Row
          label="付费会员"
          value={`${member.pricing.paidMembership.title} · 至 ${dateOf(member.pricing.paidMembership.expiresAt)}`}
          id="cashier-member-plus"
        />
      ) : null}
    </View>
  );
}

/**
 * The member's usable coupons: cash/percent ones to tick onto the order, with the discount shared's
 * rules give; gift ones to hand over through 核销.
 */
export function TillCoupons({
  coupons,
  gifts,
  selected,
  preview,
  onToggle,
  onRedeemGift,
}: {
  coupons: Coupon[];
  gifts: Coupon[];
  selected: Coupon[];
  preview: CouponPreview | null;
  onToggle: (coupon: Coupon) => void;
  onRedeemGift: (coupon: Coupon) => void;
}) {
  if (coupons.length === 0 && gifts.length === 0) {
    return (
      <Text className="muted till-coupons__none" id="cashier-coupons-none">
        该会员暂无本店可用的优惠券
      </Text>
    );
  }
  return (
    <View className="till-coupons" id="cashier-coupons">
      {coupons.length > 0 ? <Text className="field-label">使用优惠券（{coupons.length} 张可用）</Text> : null}
      {coupons.map((c) => (
        <TillCouponRow key={c.id} coupon={c} checked={selected.some((s) => s.id === c.id)} onToggle={onToggle} />
      ))}
      {preview ? (
        preview.ok ? (
          <Text className="notice-text" id="cashier-coupon-preview">
            优惠 -¥{formatYuan(preview.discountFen)}，券后应付 ¥{formatYuan(preview.payableFen)}
          </Text>
        ) : (
          <Text className="error-text" id="cashier-coupon-preview">
            {preview.message}
          </Text>
        )
      ) : selected.length > 0 ? (
        <Text className="muted till-coupons__hint" id="cashier-coupon-preview">
          输入金额后显示优惠
        </Text>
      ) : null}
      {gifts.length > 0 ? <Text className="field-label till-coupons__gifts">礼品券（单独核销）</Text> : null}
      {gifts.map((g) => (
        <View key={g.id} className="card-row till-gift" id="cashier-gift-coupon" data-code={g.code}>
          <View className="till-coupon__main">
            <Text className="till-coupon__title">{g.title}</Text>
            <Text className="muted">
              {couponTerms(g)} · 至 {g.validTo}
            </Text>
          </View>
          <Text className="till-gift__redeem" id="cashier-gift-redeem" onClick={() => onRedeemGift(g)}>
            核销 ›
          </Text>
        </View>
      ))}
    </View>
  );
}

/** 储值支付: off until turned on; then the amount, 全部用储值 (min(balance, payable)) and its problem. */
export function BalanceTender({
  storedBalance,
  on,
  value,
  error,
  onToggle,
  onInput,
  onFill,
}: {
  storedBalance: number;
  on: boolean;
  value: string;
  error: string | null;
  onToggle: () => void;
  onInput: (value: string) => void;
  onFill: () => void;
}) {
  if (storedBalance <= 0) return null;
  return (
    <View className="till-balance" id="cashier-balance">
      <View className="card-row">
        <Text className="field-label">储值支付（余额 ¥{formatYuan(storedBalance)}）</Text>
        <Text className="till-link" id="cashier-balance-toggle" onClick={onToggle}>
          {on ? '不用储值' : '使用储值'}
        </Text>
      </View>
      {on ? (
        <View className="field">
          <Input
            className="field-input"
            id="cashier-balance-input"
            type="digit"
            value={value}
            placeholder="储值支付金额（元）"
            maxlength={12}
            onInput={(e) => onInput(e.detail.value)}
          />
          <Text className="till-link" id="cashier-balance-all" onClick={onFill}>
            全部用储值
          </Text>
          {error ? (
            <Text className="error-text" id="cashier-balance-error">
              {error}
            </Text>
          ) : null}
        </View>
      ) : null}
    </View>
  );
}

/** The order as shared priceOrder prices it — what the server will record. */
export function PricingPreview({ pricing }: { pricing: PricedOrder }) {
  const { discounts } = pricing;
  return (
    <View className="panel till-preview" id="cashier-preview">
      {discounts.memberPrice > 0 ? (
        <Row
          label={`会员价（${pricing.memberRateBp / 1000}折）`}
          value={`-¥${formatYuan(discounts.memberPrice)}`}
          id="cashier-preview-member-price"
        />
      ) : null}
      {discounts.coupons > 0 ? (
        <Row label="优惠券" value={`-¥${formatYuan(discounts.coupons)}`} id="cashier-preview-coupons" />
      ) : null}
      {discounts.points > 0 ? (
        <Row
          label={`积分抵扣（${pricing.pointsRedeemed} 积分）`}
          value={`-¥${formatYuan(discounts.points)}`}
          id="cashier-preview-points"
        />
      ) : null}
      <Row label="应付" value={`¥${formatYuan(pricing.payable)}`} id="cashier-preview-payable" />
      {pricing.tenders.balance > 0 ? (
        <>
          <Row label="储值支付" value={`¥${formatYuan(pricing.tenders.balance)}`} id="cashier-preview-balance" />
          <Row label="其他支付" value={`¥${formatYuan(pricing.tenders.external)}`} id="cashier-preview-external" />
        </>
      ) : null}
      <Row label="预计获得积分" value={`+${pricing.earned.points}`} id="cashier-preview-points-earned" />
    </View>
  );
}

export function OrderResult({ result }: { result: OrderResponse }) {
  return (
    <View className="panel till-result" id="cashier-result">
      <Text className="till-result__title">收银成功</Text>
      <Text className="till-result__amount" id="cashier-result-payable">
        ¥{formatYuan(result.payable)}
      </Text>
      <Text className="muted till-result__sub">实付金额（订单 ¥{formatYuan(result.amount)}）</Text>
      <Row label="订单号" value={result.orderNo} id="cashier-result-order-no" />
      {result.discounts && result.discounts.memberPrice > 0 ? (
        <Row label="会员价优惠" value={`-¥${formatYuan(result.discounts.memberPrice)}`} id="cashier-result-member-price" />
      ) : null}
      {result.discount > 0 ? (
        <Row label="优惠合计" value={`-¥${formatYuan(result.discount)}`} id="cashier-result-discount" />
      ) : null}
      {result.couponsUsed.length > 0 ? (
        <Row label="使用优惠券" value={`${result.couponsUsed.length} 张`} id="cashier-result-coupons" />
      ) : null}
      {result.tenders && result.tenders.balance > 0 ? (
        <>
          <Row label="储值" value={`¥${formatYuan(result.tenders.balance)}`} id="cashier-result-tender-balance" />
          <Row label="其他支付" value={`¥${formatYuan(result.tenders.external)}`} id="cashier-result-tender-external" />
        </>
      ) : null}
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
      {result.balanceReturned ? (
        <Row label="退回储值" value={`¥${formatYuan(result.balanceReturned)}`} id="refund-result-balance" />
      ) : null}
      {result.balanceForfeited ? (
        <Row
          label="已过期赠送金，不退回"
          value={`¥${formatYuan(result.balanceForfeited)}`}
          id="refund-result-balance-forfeited"
        />
      ) : null}
      {result.pointsReturned > 0 ? <Row label="退还抵扣积分" value={result.pointsReturned} id="refund-result-returned" /> : null}
      <Row label="扣回成长值" value={result.growthReversed} id="refund-result-growth" />
      {result.couponsRestored.length ? (
        <View className="till-restored" id="refund-result-coupons">
          <Row label="退回优惠券" value={`${result.couponsRestored.length} 张`} />
          {result.couponsRestored.map((code) => (
            <Text key={code} className="muted till-restored__code" id="refund-result-coupon-code">
              {displayCode(code)}
            </Text>
          ))}
        </View>
      ) : null}
    </View>
  );
}
