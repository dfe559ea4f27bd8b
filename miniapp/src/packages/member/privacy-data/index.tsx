import { Button, Input, ScrollView, Text, View } from '@tarojs/components';
import { StatusText } from '../../../components/status-text';
import { usePrivacyData } from '../../../hooks/use-privacy-data';
import './index.css';

export default function PrivacyDataPage() {
  const p = usePrivacyData();
  return (
    <View className="page" id="privacy-data-page">
      <View className="panel">
        <Text className="panel-title">隐私政策</Text>
        {p.policy ? (
          <ScrollView className="privacy-data-policy" scrollY>
            <Text className="muted">版本 {p.policy.version}</Text>
            <Text className="privacy-body__text" id="privacy-data-policy" userSelect>
              {p.policy.body}
            </Text>
          </ScrollView>
        ) : (
          <StatusText id="privacy-data-load-error" error={p.loadError} />
        )}
      </View>

      <View className="panel">
        <Text className="panel-title">导出我的数据</Text>
        <Text className="muted privacy-data-hint">包含资料、同意记录、积分、订单、优惠券、签到、邀请、通知等全部数据</Text>
        <StatusText id="privacy-data-export-status" error={p.exportError} notice={p.notice} />
        <Button
          className={`btn btn-secondary ${p.exporting ? 'btn--busy' : ''}`}
          id="privacy-data-export"
          loading={p.exporting}
          disabled={p.exporting}
          onClick={() => void p.exportData()}
        >
          导出我的数据
        </Button>
        {p.exportJson ? (
          <View>
            <Button className="btn btn-plain" id="privacy-data-copy" onClick={() => void p.copyExport()}>
              复制 JSON
            </Button>
            <ScrollView className="privacy-data-json" scrollY>
              <Text id="privacy-data-json" userSelect>
                {p.exportJson}
              </Text>
            </ScrollView>
          </View>
        ) : null}
      </View>

      <View className="panel">
        <Text className="panel-title">撤回同意</Text>
        <Text className="muted privacy-data-hint">撤回后将无法使用会员服务，直至重新同意隐私政策</Text>
        <StatusText id="privacy-data-withdraw-status" error={p.withdrawError} />
        <Button
          className={`btn btn-secondary ${p.withdrawing ? 'btn--busy' : ''}`}
          id="privacy-data-withdraw"
          loading={p.withdrawing}
          disabled={p.withdrawing}
          onClick={() => void p.withdraw()}
        >
          撤回同意
        </Button>
      </View>

      <View className="panel">
        <Text className="panel-title">注销账户</Text>
        <Text className="muted privacy-data-hint">
          注销后个人信息立即删除或匿名化，未使用的优惠券作废；积分与消费流水按法律要求匿名保留。请输入“注销”确认。
        </Text>
        <Input
          className="field-input"
          id="privacy-data-confirm"
          value={p.confirmText}
          placeholder="注销"
          onInput={(e) => p.setConfirmText(e.detail.value)}
        />
        <StatusText id="privacy-data-delete-status" error={p.deleteError} />
        <Button
          className={`btn btn-danger ${p.deleting ? 'btn--busy' : ''}`}
          id="privacy-data-delete"
          loading={p.deleting}
          disabled={p.deleting}
          onClick={() => void p.deleteAccount()}
        >
          注销账户
        </Button>
      </View>

      <StatusText id="privacy-data-logout-status" error={p.logoutError} />
      <Button
        className={`btn btn-plain ${p.loggingOut ? 'btn--busy' : ''}`}
        id="privacy-data-logout"
        loading={p.loggingOut}
        disabled={p.loggingOut}
        onClick={() => void p.logout()}
      >
        退出登录
      </Button>
    </View>
  );
}
