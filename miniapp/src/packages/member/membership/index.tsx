import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { MembershipPlanList, MembershipStatus, PurchaseList } from '../../../components/membership';
import { PaymentStep } from '../../../components/payment-step';
import { StatusText } from '../../../components/status-text';
import { useMembership } from '../../../hooks/use-membership';
import '../../../pages/points/index.css';

export default function MembershipPage() {
  const ms = useMembership();
  const [amount, setAmount] = useState<number | null>(null);

  if (!ms.mine) {
    return (
      <View className="page" id="ms-page">
        {ms.loadError ? (
          <View className="panel center">
            <StatusText id="ms-error" error={ms.loadError} />
            <Button className="btn btn-secondary" id="ms-retry" onClick={() => void ms.reload()}>
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
    <View className="page" id="ms-page">
      <MembershipStatus mine={ms.mine} />
      <MembershipPlanList
        plans={ms.plans}
        active={ms.mine.active}
        busy={ms.payment.busy || ms.payment.confirming}
        onBuy={(plan) => {
          setAmount(plan.price);
          void ms.buy(plan);
        }}
      />
      <PaymentStep payment={ms.payment} amount={amount} what="付费会员" />
      <PurchaseList purchases={ms.mine.purchases} />
      <StatusText id="ms-error" error={ms.loadError} />
    </View>
  );
}
