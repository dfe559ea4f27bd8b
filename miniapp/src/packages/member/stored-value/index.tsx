import { Button, Text, View } from '@tarojs/components';
import { useReachBottom } from '@tarojs/taro';
import { useState } from 'react';
import { PaymentStep } from '../../../components/payment-step';
import { StatusText } from '../../../components/status-text';
import { BalancePanel, EntryItem, PlanList } from '../../../components/stored-value';
import { useStoredValue } from '../../../hooks/use-stored-value';
import '../../../pages/points/index.css';

export default function StoredValuePage() {
  const sv = useStoredValue();
  const [amount, setAmount] = useState<number | null>(null);
  useReachBottom(() => void sv.loadMore());

  if (!sv.summary) {
    return (
      <View className="page" id="sv-page">
        {sv.loadError ? (
          <View className="panel center">
            <StatusText id="sv-error" error={sv.loadError} />
            <Button className="btn btn-secondary" id="sv-retry" onClick={() => void sv.reload()}>
              重试
            </Button>
          </View>
        ) : (
          <Text className="muted">加载中…</Text>
        )}
      </View>
    );
  }

  return (
    <View className="page" id="sv-page">
      <BalancePanel summary={sv.summary} />
      <PlanList
        plans={sv.plans}
        busy={sv.payment.busy || sv.payment.confirming}
        onTopUp={(plan) => {
          setAmount(plan.amount);
          void sv.topUp(plan);
        }}
      />
      <PaymentStep payment={sv.payment} amount={amount} what="储值充值" />
      <View className="panel" id="sv-entries">
        <Text className="panel-title">储值明细</Text>
        {sv.entries.map((e) => (
          <EntryItem key={e.id} entry={e} />
        ))}
        {sv.entries.length === 0 ? (
          <Text className="muted history-footer" id="sv-entries-empty">
            暂无储值记录
          </Text>
        ) : null}
        {!sv.hasMore && sv.entries.length > 0 ? (
          <Text className="muted history-footer" id="sv-entries-end">
            没有更多了
          </Text>
        ) : null}
      </View>
      <StatusText id="sv-error" error={sv.loadError} />
      {sv.hasMore ? (
        <Button className={`btn btn-secondary ${sv.loading ? 'btn--busy' : ''}`} id="sv-more" onClick={() => void sv.loadMore()}>
          {sv.loading ? '加载中…' : '加载更多'}
        </Button>
      ) : null}
    </View>
  );
}
