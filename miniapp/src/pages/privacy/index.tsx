import { Button, ScrollView, Text, View } from '@tarojs/components';
import { StatusText } from '../../components/status-text';
import { usePrivacyConsent } from '../../hooks/use-privacy-consent';
import './index.css';

export default function PrivacyPage() {
  const { policy, loadError, reload, accept, accepting, acceptError, decline } = usePrivacyConsent();

  if (!policy) {
    return (
      <View className="page" id="privacy-page">
        {loadError ? (
          <View className="panel center">
            <StatusText id="privacy-error" error={loadError} />
            <Button className="btn btn-secondary" id="privacy-retry" onClick={() => void reload()}>
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
    <View className="page privacy-page" id="privacy-page">
      <View className="panel privacy-panel">
        <Text className="privacy-title" id="privacy-title">
          {policy.title}
        </Text>
        <Text className="muted privacy-version" id="privacy-version">
          版本 {policy.version}
        </Text>
        <ScrollView className="privacy-body" scrollY>
          <Text className="privacy-body__text" id="privacy-body" userSelect>
            {policy.body}
          </Text>
        </ScrollView>
      </View>
      <Text className="muted privacy-note">请阅读并同意《{policy.title}》后继续使用会员服务</Text>
      <StatusText id="privacy-error" error={acceptError} />
      <Button
        className={`btn btn-primary ${accepting ? 'btn--busy' : ''}`}
        id="privacy-accept"
        loading={accepting}
        disabled={accepting}
        onClick={() => void accept()}
      >
        同意并继续
      </Button>
      <Button className="btn btn-plain" id="privacy-decline" onClick={() => void decline()}>
        不同意
      </Button>
    </View>
  );
}
