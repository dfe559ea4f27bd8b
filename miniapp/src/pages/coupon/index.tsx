import { COUPON_KINDS } from '@huiyuan/shared';
import { Button, Text, View } from '@tarojs/components';
import { QrCode } from '../../components/code-symbols';
import { StatusText } from '../../components/status-text';
import { useCouponDetail } from '../../hooks/use-coupon-detail';
import { formatDateTime } from '../../hooks/use-points-history';
import { couponTerms, couponValidity, displayCode, KIND_LABELS, STATUS_LABELS } from '../../services/coupons';
import '../coupons.css';

export default function CouponPage() {
  const { coupon, loading, error, reload } = useCouponDetail();

  if (!coupon) {
    return (
      <View className="page" id="coupon-detail-page">
        {error ? (
          <View className="panel center">
            <StatusText id="coupon-detail-error" error={error} />
            <Button className="btn btn-secondary" id="coupon-detail-retry" onClick={() => void reload()}>
              重试
            </Button>
          </View>
        ) : (
          <Text className="muted">{loading ? '加载中…' : ''}</Text>
        )}
      </View>
    );
  }

  const usable = coupon.status === 'available';
  return (
    <View className="page" id="coupon-detail-page">
      <View className={`panel coupon-detail coupon-detail--${coupon.status}`}>
        <Text className="coupon-detail__kind">{KIND_LABELS[coupon.kind]}</Text>
        <Text className="coupon-detail__title" id="coupon-detail-title">
          {coupon.title}
        </Text>
        <Text className="coupon-detail__terms" id="coupon-detail-terms">
          {couponTerms(coupon)}
        </Text>
        {coupon.description ? <Text className="muted coupon-detail__desc">{coupon.description}</Text> : null}
        <View className="coupon-detail__code">
          <View className={usable ? '' : 'coupon-detail__qr--void'}>
            <QrCode value={coupon.code} id="coupon-detail-qr" large />
          </View>
          {usable ? null : (
            <Text className="coupon-detail__stamp" id="coupon-detail-status">
              {STATUS_LABELS[coupon.status]}
            </Text>
          )}
        </View>
        <Text className="coupon-detail__digits" id="coupon-detail-code" userSelect>
          {displayCode(coupon.code)}
        </Text>
        <Text className="muted coupon-detail__hint">
          {usable
            ? !COUPON_KINDS[coupon.kind].discountsOrder
              ? '到店出示此码，由店员扫码核销兑换礼品'
              : '结账时出示会员码，由收银员勾选此券；也可出示此券码'
            : coupon.status === 'used'
              ? `已于 ${coupon.usedAt ? formatDateTime(coupon.usedAt) : ''} 使用`
              : '该券已过期'}
        </Text>
        <Text className="coupon-detail__validity" id="coupon-detail-validity">
          {couponValidity(coupon)}
        </Text>
      </View>
    </View>
  );
}
