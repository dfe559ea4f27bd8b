// 储值设置 (admins): the spend order (which bucket a balance payment takes first) and how long a
// top-up's bonus stays spendable, checked with the shared storedValueSettingsProblems before the PUT.
import { SPEND_ORDERS, storedValueSettingsProblems, type StoredValueSettingsResponse } from '@huiyuan/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, InputNumber, Radio, Space, Typography } from 'antd';
import { putStoredValueSettings } from '../../api/stored-value';
import { ErrorAlert } from '../../components/error-alert';
import { QueryState } from '../../components/query-state';
import { SPEND_ORDER_LABELS } from '../../lib/labels';
import { serverProblems, setFieldProblems, toFieldProblems } from './rule-problems';
import { SETTINGS_WORDING as WORDING, toSettings, type SettingsValues as Values } from './settings-request';
import { STORED_VALUE_KEYS, useStoredValueSettings } from './use-stored-value';

function SettingsForm({ settings }: { settings: StoredValueSettingsResponse }) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const expiry = Form.useWatch('expiry', form);
  const save = useMutation({
    mutationFn: putStoredValueSettings,
    onSuccess: (s) => {
      queryClient.setQueryData(STORED_VALUE_KEYS.settings, s);
      void message.success('储值设置已保存');
    },
    onError: (err) => setFieldProblems(form, toFieldProblems(serverProblems(err), WORDING)),
  });
  const onFinish = (v: Values) => {
    const s = toSettings(v);
    const found = toFieldProblems(storedValueSettingsProblems(s), WORDING);
    setFieldProblems(form, found);
    if (found.fields.length === 0) save.mutate(s);
  };
  return (
    <Form<Values>
      form={form}
      layout="vertical"
      style={{ maxWidth: 720 }}
      initialValues={{
        spendOrder: settings.spendOrder,
        expiry: settings.bonusExpiryDays === null ? 'never' : 'days',
        bonusExpiryDays: settings.bonusExpiryDays ?? 365,
      }}
      onFinish={onFinish}
      data-testid="sv-settings-form"
    >
      <Form.Item label="扣款顺序" name="spendOrder" extra="从下一笔储值支付起生效；订单退款按原扣款退回本金和赠送金">
        <Radio.Group>
          <Space direction="vertical">
            {SPEND_ORDERS.map((o) => (
              <Radio key={o} value={o} data-testid={`sv-spend-order-${o}`}>
                <Typography.Text strong>{SPEND_ORDER_LABELS[o].label}</Typography.Text>
                <br />
                <Typography.Text type="secondary">{SPEND_ORDER_LABELS[o].explain}</Typography.Text>
              </Radio>
            ))}
          </Space>
        </Radio.Group>
      </Form.Item>
      <Form.Item label="赠送金有效期" name="expiry" extra="适用于此后支付的充值；已到账的赠送金保持原有效期。本金永不过期">
        <Radio.Group
          options={[
            { value: 'days', label: '到账后 N 天内有效' },
            { value: 'never', label: '永不过期' },
          ]}
        />
      </Form.Item>
      {expiry !== 'never' && (
        <Form.Item label="有效天数" name="bonusExpiryDays" rules={[{ required: true, message: '请填写天数' }]}>
          <InputNumber min={1} max={3660} precision={0} addonAfter="天" style={{ width: 200 }} />
        </Form.Item>
      )}
      <Space direction="vertical" style={{ width: '100%' }}>
        {save.error ? <ErrorAlert error={save.error} testId="sv-settings-error" /> : null}
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          保存
        </Button>
      </Space>
    </Form>
  );
}

export default function StoredValueSettingsPage() {
  const settings = useStoredValueSettings();
  return (
    <Card title="储值设置">
      <QueryState query={settings}>{(s) => <SettingsForm settings={s} />}</QueryState>
    </Card>
  );
}
