import { Button, Text, View } from '@tarojs/components';
import { ConfirmSheet, OfferCard } from '../../components/coupon-card';
import { StatusText } from '../../components/status-text';
import { useCouponOffers } from '../../hooks/use-coupon-offers';
import { open, ROUTES } from '../../services/routes';
import '../coupons.css';

export default function MallPage() {
  const mall = useCouponOffers({ channel: 'points', withPoints: true });
  const pending = mall.pending;

  return (
    <View className="page" id="mall-page">
      <View className="panel mall-points">
        <View className="mall-points__main">
          <Text className="muted">我的积分</Text>
          <Text className="mall-points__value" id="mall-points">
            {mall.points ?? '—'}
          </Text>
        </View>
        <Text className="coupon-page-link" id="mall-wallet-link" onClick={() => open(ROUTES.wallet)}>
          我的券包 ›
        </Text>
      </View>
      <StatusText id="mall-error" error={mall.error} notice={mall.notice} />
      {mall.items.map((item) => (
        <OfferCard key={item.templateId} item={item} mall busy={mall.busy} onClaim={mall.request} />
      ))}
      {mall.loaded && mall.items.length === 0 ? (
        <View className="panel center">
          <Text className="muted" id="mall-empty">
            暂无可兑换的商品
          </Text>
        </View>
      ) : null}
      {!mall.loaded && mall.loading ? (
        <Text className="muted" id="mall-loading">
          加载中…
        </Text>
      ) : null}
      {mall.loadError ? (
        <View className="panel center">
          <StatusText id="mall-load-error" error={mall.loadError} />
          <Button className="btn btn-secondary" id="mall-retry" onClick={() => void mall.reload()}>
            重试
          </Button>
        </View>
      ) : null}
      {pending ? (
        <ConfirmSheet
          id="mall-confirm"
          title="确认兑换"
          body={`使用 ${pending.pointsCost} 积分兑换「${pending.title}」${
            mall.points === null ? '' : `，兑换后剩余 ${mall.points - (pending.pointsCost ?? 0)} 积分`
          }`}
          confirmLabel="确认兑换"
          busy={mall.busy}
          onConfirm={() => void mall.confirm()}
          onCancel={mall.cancel}
        />
      ) : null}
    </View>
  );
}
