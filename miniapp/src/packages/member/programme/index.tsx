import { Button, Text, View } from '@tarojs/components';
import { tierBenefits, type ProgrammeTierView } from '@huiyuan/shared';
import { StatusText } from '../../../components/status-text';
import { useProgramme } from '../../../hooks/use-programme';
import { earningLabels, expiryLabel, redemptionLabels, thresholdLabel } from '../../../services/programme-labels';
import './index.css';

function TierItem({ tier, current }: { tier: ProgrammeTierView; current: boolean }) {
  return (
    <View className={`programme-tier ${current ? 'programme-tier--current' : ''}`} id="programme-tier" data-tier-code={tier.code}>
      <View className="programme-tier__head">
        <Text className="programme-tier__name" id="programme-tier-name">
          {tier.name}
        </Text>
        {current ? (
          <Text className="programme-tier__badge" id="programme-tier-current">
            当前等级
          </Text>
        ) : null}
      </View>
      <Text className="programme-tier__line" id="programme-tier-threshold">
        {thresholdLabel(tier.growthThreshold)}
      </Text>
      {/* The member-price and points lines come from the tier's numbers (shared tierBenefits), once. */}
      {tierBenefits(tier).map((b) => (
        <Text key={b.code} className="programme-tier__benefit" id="programme-tier-benefit">
          · {b.title}
        </Text>
      ))}
    </View>
  );
}

export default function ProgrammePage() {
  const { programme, currentTier, loading, error, reload } = useProgramme();

  if (!programme) {
    return (
      <View className="page" id="programme-page">
        {error ? (
          <View className="panel center">
            <StatusText id="programme-error" error={error} />
            <Button className="btn btn-secondary" id="programme-retry" onClick={() => void reload()}>
              重试
            </Button>
          </View>
        ) : (
          <Text className="muted" id="programme-loading">
            {loading ? '加载中…' : ''}
          </Text>
        )}
      </View>
    );
  }

  return (
    <View className="page" id="programme-page">
      <View className="panel" id="programme-tiers">
        <Text className="panel-title">会员权益</Text>
        {programme.tiers.map((tier) => (
          <TierItem key={tier.code} tier={tier} current={tier.code === currentTier} />
        ))}
      </View>
      <View className="panel" id="programme-rules">
        <Text className="panel-title">积分规则</Text>
        <Text className="programme-rules__heading">获得</Text>
        {earningLabels(programme.earning).map((line) => (
          <Text key={line} className="programme-rules__line" id="programme-earning">
            {line}
          </Text>
        ))}
        <Text className="programme-rules__heading">抵现</Text>
        {redemptionLabels(programme.redemption).map((line) => (
          <Text key={line} className="programme-rules__line" id="programme-redemption">
            {line}
          </Text>
        ))}
        <Text className="programme-rules__heading">有效期</Text>
        <Text className="programme-rules__line" id="programme-expiry">
          {expiryLabel(programme.expiry)}
        </Text>
      </View>
    </View>
  );
}
