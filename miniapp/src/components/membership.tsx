// 付费会员's presentational parts: where the membership stands, the plans, the purchases.
import { Button, Text, View } from '@tarojs/components';
import type { MembershipPlan, MembershipPurchase, MembershipPurchaseStatus, MyMembershipResponse } from '@huiyuan/shared';
import { dateOf, membershipPriceText, termText, yuanShort } from '../services/stored-value';
import './stored-value.css';

export function MembershipStatus({ mine }: { mine: MyMembershipResponse }) {
  if (!mine.active || !mine.expiresAt) {
    return (
      <View className="panel" id="ms-status">
        <Text className="ms-status__title" id="ms-status-title">
          您还不是 PLUS 会员
        </Text>
        <Text className="muted ms-benefit">开通后享会员价、积分加倍等专属权益</Text>
      </View>
    );
  }
  return (
    <View className="panel" id="ms-status">
      <Text className="plus-badge" id="ms-status-badge">
        PLUS 会员
      </Text>
      <Text className="ms-status__title ms-benefit" id="ms-status-title">
        {mine.title}
      </Text>
      <Text className="muted ms-benefit" id="ms-status-expires">
        有效期至 {dateOf(mine.expiresAt)}
      </Text>
      {(mine.benefits?.lines ?? []).map((line) => (
        <Text key={line} className="ms-benefit" id="ms-status-benefit">
          · {line}
        </Text>
      ))}
    </View>
  );
}

export function MembershipPlanList({
  plans,
  active,
  busy,
  onBuy,
}: {
  plans: MembershipPlan[];
  active: boolean;
  busy: boolean;
  onBuy: (plan: MembershipPlan) => void;
}) {
  return (
    <View className="panel" id="ms-plans">
      <Text className="panel-title">{active ? '续费' : '开通'}</Text>
      {plans.length === 0 ? (
        <Text className="muted" id="ms-plans-empty">
          暂无可开通的方案
        </Text>
      ) : null}
      {plans.map((p) => (
        <View key={p.id} className="sv-plan" id="ms-plan" data-plan-id={p.id} data-trial={p.trial ? '1' : '0'}>
          <Text className="ms-status__title">{p.title}</Text>
          <Text className="ms-plan__price" id="ms-plan-price">
            {membershipPriceText(p)}
          </Text>
          {p.benefits.map((line) => (
            <Text key={line} className="muted ms-benefit" id="ms-plan-benefit">
              · {line}
            </Text>
          ))}
          <Button
            className={`btn btn-primary sv-plan__buy ${busy ? 'btn--busy' : ''}`}
            id={p.trial ? 'ms-plan-trial' : 'ms-plan-buy'}
            disabled={busy}
            onClick={() => onBuy(p)}
          >
            {p.trial ? '免费试用' : `${active ? '续费' : '开通'} ${yuanShort(p.price)}`}
          </Button>
        </View>
      ))}
    </View>
  );
}

const PURCHASE_STATUS: Record<MembershipPurchaseStatus, string> = {
  pending: '待支付',
  active: '已生效',
  closed: '已关闭',
  refunded: '已退款',
};

export function PurchaseList({ purchases }: { purchases: MembershipPurchase[] }) {
  return (
    <View className="panel" id="ms-purchases">
      <Text className="panel-title">购买记录</Text>
      {purchases.length === 0 ? (
        <Text className="muted" id="ms-purchases-empty">
          暂无购买记录
        </Text>
      ) : null}
      {purchases.map((p) => (
        <View key={p.id} className="history-item" id="ms-purchase" data-status={p.status}>
          <View className="history-item__main">
            <Text className="history-item__reason">{p.title}</Text>
            <Text className="history-item__line">
              {dateOf(p.startsAt)} 至 {dateOf(p.endsAt)}（
              {termText(Math.round((Date.parse(p.endsAt) - Date.parse(p.startsAt)) / 86_400_000))}）
            </Text>
          </View>
          <View className="history-item__side">
            <Text className="history-item__delta">{p.trial ? '免费' : yuanShort(p.price)}</Text>
            <Text className="history-item__line" id="ms-purchase-status">
              {PURCHASE_STATUS[p.status]}
            </Text>
          </View>
        </View>
      ))}
    </View>
  );
}
