import { Button, Text, View } from '@tarojs/components';
import { ConfirmSheet, OfferCard } from '../../components/coupon-card';
import { StatusText } from '../../components/status-text';
import { useCouponOffers } from '../../hooks/use-coupon-offers';
import { open, ROUTES } from '../../services/routes';
import '../coupons.css';

export default function CenterPage() {
  const offers = useCouponOffers();

  return (
    <View className="page" id="center-page">
      <View className="coupon-page-head">
        <Text className="coupon-page-title">领券中心</Text>
        <Text className="coupon-page-link" id="center-wallet-link" onClick={() => open(ROUTES.wallet)}>
          我的券包 ›
        </Text>
      </View>
      <StatusText id="center-error" error={offers.error} notice={offers.notice} />
      {offers.items.map((item) => (
        <OfferCard key={item.templateId} item={item} busy={offers.busy} onClaim={offers.request} />
      ))}
      {offers.loaded && offers.items.length === 0 ? (
        <View className="panel center">
          <Text className="muted" id="center-empty">
            暂无可领取的优惠券，晚点再来看看
          </Text>
        </View>
      ) : null}
      {!offers.loaded && offers.loading ? (
        <Text className="muted" id="center-loading">
          加载中…
        </Text>
      ) : null}
      {offers.loadError ? (
        <View className="panel center">
          <StatusText id="center-load-error" error={offers.loadError} />
          <Button className="btn btn-secondary" id="center-retry" onClick={() => void offers.reload()}>
            重试
          </Button>
        </View>
      ) : null}
      {offers.pending ? (
        <ConfirmSheet
          id="center-confirm"
          title="确认兑换"
          body={`使用 ${offers.pending.pointsCost} 积分兑换「${offers.pending.title}」？`}
          confirmLabel="确认兑换"
          busy={offers.busy}
          onConfirm={() => void offers.confirm()}
          onCancel={offers.cancel}
        />
      ) : null}
    </View>
  );
}
