// The celebration after an upgrade: the new tier, what it brings, one button to carry on.
import { Button, Text, View } from '@tarojs/components';
import type { MemberCard } from '@huiyuan/shared';
import './tier-upgrade-modal.css';

export interface TierUpgradeModalProps {
  tier: MemberCard['tier'];
  benefits: MemberCard['benefits'];
  /** The notification's own text (e.g. "您的成长值已达 500"), shown under the title. */
  body: string;
  onClose: () => void;
}

export function TierUpgradeModal({ tier, benefits, body, onClose }: TierUpgradeModalProps) {
  return (
    <View className="upgrade-mask">
      <View className={`upgrade-modal upgrade-modal--${tier.code}`} id="tier-upgrade-modal">
        <Text className="upgrade-modal__badge">🎉</Text>
        <Text className="upgrade-modal__title" id="tier-upgrade-title">
          恭喜升级为{tier.name}
        </Text>
        {body ? <Text className="upgrade-modal__body">{body}</Text> : null}
        {benefits.length ? (
          <View className="upgrade-modal__benefits" id="tier-upgrade-benefits">
            <Text className="upgrade-modal__benefits-title">您已解锁以下权益</Text>
            {benefits.map((b) => (
              <Text key={b.code} className="upgrade-modal__benefit">
                · {b.title}
              </Text>
            ))}
          </View>
        ) : null}
        <Button className="btn btn-primary" id="tier-upgrade-close" onClick={onClose}>
          我知道了
        </Button>
      </View>
    </View>
  );
}
