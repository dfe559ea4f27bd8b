import { Button, Text, View } from '@tarojs/components';
import type { CouponStatus } from '@huiyuan/shared';
import { CouponTabs, WalletCoupon } from '../../components/coupon-card';
import { StatusText } from '../../components/status-text';
import { useWallet } from '../../hooks/use-wallet';
import { STATUS_LABELS } from '../../services/coupons';
import { open, ROUTES } from '../../services/routes';
import '../coupons.css';

const TABS: { key: CouponStatus; label: string }[] = [
  { key: 'available', label: STATUS_LABELS.available },
  { key: 'used', label: STATUS_LABELS.used },
  { key: 'expired', label: STATUS_LABELS.expired },
];

const EMPTY: Record<CouponStatus, string> = {
  available: '暂无可用的优惠券',
  used: '暂无已使用的优惠券',
  expired: '暂无已过期的优惠券',
};

export default function WalletPage() {
  const wallet = useWallet();

  return (
    <View className="page" id="wallet-page">
      <CouponTabs tabs={TABS} active={wallet.tab} onChange={wallet.setTab} idPrefix="wallet-tab" />
      <View id="wallet-list" className={`wallet-list wallet-list--${wallet.tab}`}>
        {wallet.items.map((coupon) => (
          <WalletCoupon key={coupon.id} coupon={coupon} onOpen={(c) => open(ROUTES.coupon, { id: c.id })} />
        ))}
      </View>
      {wallet.loaded && wallet.items.length === 0 ? (
        <View className="panel center" id="wallet-empty">
          <Text className="muted">{EMPTY[wallet.tab]}</Text>
          {wallet.tab === 'available' ? (
            <Text className="coupon-page-link wallet-empty__link" id="wallet-center-link" onClick={() => open(ROUTES.center)}>
              去领券中心看看 ›
            </Text>
          ) : null}
        </View>
      ) : null}
      {!wallet.loaded && wallet.loading ? (
        <Text className="muted" id="wallet-loading">
          加载中…
        </Text>
      ) : null}
      {wallet.error ? (
        <View className="panel center">
          <StatusText id="wallet-error" error={wallet.error} />
          <Button className="btn btn-secondary" id="wallet-retry" onClick={() => void wallet.reload()}>
            重试
          </Button>
        </View>
      ) : null}
    </View>
  );
}
