import { Button, Text, View } from '@tarojs/components';
import { BenefitList } from '../../components/benefit-list';
import { MemberCodeOverlay, MemberCodePanel } from '../../components/member-code-panel';
import { PromotionBanner } from '../../components/promotion-banner';
import { RecommendationList } from '../../components/recommendation-list';
import { StatusText } from '../../components/status-text';
import { CardWallet } from '../../components/stored-value';
import { TierCard } from '../../components/tier-card';
import { TierUpgradeModal } from '../../components/tier-upgrade-modal';
import { useCardPage } from '../../hooks/use-card-page';
import { useRecommendations } from '../../hooks/use-recommendations';
import { useLogout } from '../../hooks/use-staff-session';
import { open, ROUTES } from '../../services/routes';
import './index.css';

export default function CardPage() {
  const { card, loading, error, reload, code, enlarged, enlarge, shrink, expiring, upgrade, dismissUpgrade } = useCardPage();
  const logout = useLogout();
  const recommendations = useRecommendations();

  if (!card) {
    return (
      <View className="page" id="card-page">
        {error ? (
          <View className="panel center">
            <StatusText id="card-error" error={error} />
            <Button className="btn btn-secondary" id="card-retry" onClick={() => void reload()}>
              重试
            </Button>
          </View>
        ) : (
          <Text className="muted" id="card-loading">
            {loading ? '加载中…' : ''}
          </Text>
        )}
      </View>
    );
  }

  return (
    <View className="page" id="card-page">
      <TierCard {...card} />
      <PromotionBanner promotions={card.todayPromotions} />
      <MemberCodePanel {...code} storedBalance={card.storedBalance} onEnlarge={enlarge} />
      <CardWallet
        storedBalance={card.storedBalance ?? 0}
        paidMembership={card.paidMembership ?? null}
        onStoredValue={() => open(ROUTES.storedValue)}
        onMembership={() => open(ROUTES.membership)}
      />
      <View className="panel points-links">
        <Text className="points-expiring" id="card-expiring">
          {expiring ?? '暂无即将过期的积分'}
        </Text>
        <Text className="points-history-link" id="card-history-link" onClick={() => open(ROUTES.points)}>
          积分明细 ›
        </Text>
        <Text className="points-history-link" id="card-orders-link" onClick={() => open(ROUTES.orders)}>
          消费记录 ›
        </Text>
      </View>
      <View className="panel coupon-links" id="card-coupon-links">
        <View className="coupon-links__item" id="card-center-link" onClick={() => open(ROUTES.center)}>
          <Text className="coupon-links__icon coupon-links__icon--center">券</Text>
          <Text className="coupon-links__label">领券中心</Text>
        </View>
        <View className="coupon-links__item" id="card-mall-link" onClick={() => open(ROUTES.mall)}>
          <Text className="coupon-links__icon coupon-links__icon--mall">兑</Text>
          <Text className="coupon-links__label">积分商城</Text>
        </View>
        <View className="coupon-links__item" id="card-coupons-link" onClick={() => open(ROUTES.wallet)}>
          <Text className="coupon-links__icon coupon-links__icon--wallet">包</Text>
          <Text className="coupon-links__label">我的券包</Text>
        </View>
      </View>
      <View className="panel coupon-links" id="card-engagement-links">
        <View className="coupon-links__item" id="card-checkin-link" onClick={() => open(ROUTES.checkin)}>
          <Text className="coupon-links__icon coupon-links__icon--checkin">签</Text>
          <Text className="coupon-links__label">每日签到</Text>
        </View>
        <View className="coupon-links__item" id="card-referral-link" onClick={() => open(ROUTES.referral)}>
          <Text className="coupon-links__icon coupon-links__icon--referral">邀</Text>
          <Text className="coupon-links__label">邀请有礼</Text>
        </View>
        <View className="coupon-links__item" id="card-lottery-link" onClick={() => open(ROUTES.lottery)}>
          <Text className="coupon-links__icon coupon-links__icon--lottery">抽</Text>
          <Text className="coupon-links__label">幸运抽奖</Text>
        </View>
      </View>
      <RecommendationList items={recommendations.items} />
      <BenefitList benefits={card.benefits} />
      <View className="panel">
        <View className="card-row" id="card-programme-link" onClick={() => open(ROUTES.programme)}>
          <Text>会员权益与积分规则</Text>
          <Text className="muted">›</Text>
        </View>
      </View>
      <View className="panel">
        <View className="card-row">
          <Text>手机号</Text>
          <Text className="muted" id="card-phone">
            {card.phoneMasked ?? '未绑定'}
          </Text>
        </View>
      </View>
      <Button className="btn btn-primary" id="card-profile-link" onClick={() => open(ROUTES.profile)}>
        完善个人资料
      </Button>
      <Button className="btn btn-plain" id="card-logout" onClick={logout}>
        退出登录
      </Button>
      {enlarged ? <MemberCodeOverlay {...code} storedBalance={card.storedBalance} onClose={shrink} /> : null}
      {upgrade ? (
        <TierUpgradeModal tier={card.tier} benefits={card.benefits} body={upgrade.body} onClose={() => void dismissUpgrade()} />
      ) : null}
    </View>
  );
}
