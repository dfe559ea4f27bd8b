// 储值's presentational parts: the balance (principal and bonus apart), the plans, the ledger.
import { Button, Text, View } from '@tarojs/components';
import type { StoredValueEntry, StoredValuePlan } from '@huiyuan/shared';
import { formatYuan } from '@huiyuan/shared';
import type { StoredValueSummary } from '../hooks/use-stored-value';
import { formatDateTime } from '../hooks/use-points-history';
import {
  bonusExpiryNudge,
  ENTRY_KIND_TEXT,
  membershipBadge,
  planOffer,
  signedYuan,
  SPEND_ORDER_TEXT,
} from '../services/stored-value';
import './stored-value.css';

export function BalancePanel({ summary }: { summary: StoredValueSummary }) {
  const nudge = bonusExpiryNudge(summary);
  return (
    <View className="panel sv-balance" id="sv-balance-panel">
      <Text className="sv-balance__label">储值余额（元）</Text>
      <Text className="sv-balance__value" id="sv-balance">
        {formatYuan(summary.balance)}
      </Text>
      <View className="sv-balance__parts">
        <View className="sv-balance__part">
          <Text className="sv-balance__part-value" id="sv-principal">
            ¥{formatYuan(summary.principal)}
          </Text>
          <Text className="sv-balance__part-label">本金</Text>
        </View>
        <View className="sv-balance__part">
          <Text className="sv-balance__part-value" id="sv-bonus">
            ¥{formatYuan(summary.bonus)}
          </Text>
          <Text className="sv-balance__part-label">赠送金</Text>
        </View>
      </View>
      {nudge ? (
        <Text className="sv-balance__nudge" id="sv-bonus-expiring">
          {nudge}
        </Text>
      ) : null}
      <Text className="sv-balance__order" id="sv-spend-order">
        {SPEND_ORDER_TEXT[summary.spendOrder]}
      </Text>
    </View>
  );
}

export function PlanList({
  plans,
  busy,
  onTopUp,
}: {
  plans: StoredValuePlan[];
  busy: boolean;
  onTopUp: (plan: StoredValuePlan) => void;
}) {
  return (
    <View className="panel" id="sv-plans">
      <Text className="panel-title">充值</Text>
      {plans.length === 0 ? (
        <Text className="muted" id="sv-plans-empty">
          暂无充值方案
        </Text>
      ) : null}
      <View className="sv-plans">
        {plans.map((p) => (
          <View key={p.id} className="sv-plan" id="sv-plan" data-plan-id={p.id}>
            <Text className="sv-plan__offer" id="sv-plan-offer">
              {planOffer(p)}
            </Text>
            <Text className="muted sv-plan__title">{p.title}</Text>
            <Button
              className={`btn btn-primary sv-plan__buy ${busy ? 'btn--busy' : ''}`}
              id="sv-plan-buy"
              disabled={busy}
              onClick={() => onTopUp(p)}
            >
              充值 ¥{formatYuan(p.amount)}
            </Button>
          </View>
        ))}
      </View>
    </View>
  );
}

export function EntryItem({ entry }: { entry: StoredValueEntry }) {
  return (
    <View className="history-item" id="sv-entry" data-kind={entry.kind}>
      <View className="history-item__main">
        <Text className="history-item__reason" id="sv-entry-kind">
          {ENTRY_KIND_TEXT[entry.kind]}
        </Text>
        <Text className="history-item__line">{formatDateTime(entry.createdAt)}</Text>
        {entry.orderNo ? (
          <Text className="history-item__line history-item__order" id="sv-entry-order-no">
            订单号 {entry.orderNo}
          </Text>
        ) : null}
      </View>
      <View className="history-item__side">
        <Text className={`history-item__delta ${entry.delta < 0 ? 'delta--minus' : 'delta--plus'}`} id="sv-entry-delta">
          {signedYuan(entry.delta)}
        </Text>
        <Text className="history-item__line" id="sv-entry-balance-after">
          余额 ¥{formatYuan(entry.balanceAfter)}
        </Text>
      </View>
    </View>
  );
}

/** The card page's 储值余额 (tap → 储值) and, with a paid membership, its PLUS badge (tap → 付费会员). */
export function CardWallet({
  storedBalance,
  paidMembership,
  onStoredValue,
  onMembership,
}: {
  storedBalance: number;
  paidMembership: { title: string; expiresAt: string } | null;
  onStoredValue: () => void;
  onMembership: () => void;
}) {
  return (
    <View className="panel" id="card-wallet">
      <View className="card-row card-wallet" id="card-stored-value-link" onClick={onStoredValue}>
        <Text>储值余额</Text>
        <Text className="card-wallet__value" id="card-stored-balance">
          ¥{formatYuan(storedBalance)} ›
        </Text>
      </View>
      {paidMembership ? (
        <View className="card-row card-wallet" id="card-membership-link" onClick={onMembership}>
          <Text className="plus-badge" id="card-plus-badge">
            {membershipBadge(paidMembership)}
          </Text>
          <Text className="muted">›</Text>
        </View>
      ) : (
        <View className="card-row card-wallet" id="card-membership-link" onClick={onMembership}>
          <Text>付费会员</Text>
          <Text className="muted">开通 PLUS 会员 ›</Text>
        </View>
      )}
    </View>
  );
}
