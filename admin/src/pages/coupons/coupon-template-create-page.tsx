// 新建优惠券: a coupon template (POST /admin/coupon-templates), checked first with the shared
// validator the server applies. Amounts are typed in yuan and sent as fen. The Idempotency-Key
// header makes a retried submit create one template, not two.
import {
  COUPON_CHANNELS,
  TIER_CODES,
  couponTemplateProblems,
  describeCouponTerms,
  type CouponKind,
  type CreateCouponTemplateRequest,
} from '@huiyuan/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { createCouponTemplate } from '../../api/endpoints';
import { ErrorAlert } from '../../components/error-alert';
import { useSubmitKey } from '../../hooks/use-submit-key';
import { showFieldErrors } from '../../lib/form-errors';
import { toRequest, type Values } from './template-request';
import { WEEKDAY_OPTIONS } from '../programme/member-days';
import { COUPON_CHANNEL_LABELS, COUPON_KIND_LABELS, TIER_LABELS } from '../../lib/labels';

const SELECTABLE_CHANNELS = COUPON_CHANNELS.filter((c) => c !== 'lottery');

export default function CouponTemplateCreatePage() {
  const [form] = Form.useForm<Values>();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const submitKey = useSubmitKey('template');
  const [problems, setProblems] = useState<string[]>([]);
  const kind = Form.useWatch('kind', form);
  const validity = Form.useWatch('validity', form);
  const channels = Form.useWatch('channels', form) ?? [];
  const values = Form.useWatch([], form);
  const preview = values?.kind ? describeCouponTerms({ ...toRequest(values), kind: values.kind }) : '';

  const create = useMutation({
    mutationFn: (req: CreateCouponTemplateRequest) => createCouponTemplate(req, submitKey.keyFor(req)),
    onSuccess: (t) => {
      submitKey.done();
      void queryClient.invalidateQueries({ queryKey: ['coupon-templates'] });
      void message.success(`已创建优惠券「${t.title}」`);
      void navigate('/coupons');
    },
    onError: (err) => showFieldErrors(form, err),
  });

  const onFinish = (v: Values) => {
    const req = toRequest(v);
    const found = couponTemplateProblems(req);
    setProblems(found);
    if (found.length === 0) create.mutate(req);
  };

  return (
    <Card title="新建优惠券">
      <Form<Values>
        form={form}
        layout="vertical"
        style={{ maxWidth: 880 }}
        initialValues={{
          kind: 'cash',
          validity: 'days',
          validDays: 30,
          totalStock: 1000,
          perMemberLimit: 1,
          channels: ['grant'],
          stackable: false,
        }}
        onFinish={onFinish}
        data-testid="coupon-template-form"
      >
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item label="名称" name="title" rules={[{ required: true, whitespace: true, message: '请填写名称' }]}>
              <Input maxLength={64} placeholder="例如：满100减20" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label="说明" name="description">
              <Input maxLength={200} placeholder="选填，会员可见" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label="类型" name="kind">
          <Radio.Group
            optionType="button"
            options={(Object.keys(COUPON_KIND_LABELS) as CouponKind[]).map((k) => ({ value: k, label: COUPON_KIND_LABELS[k] }))}
          />
        </Form.Item>
        <Row gutter={16}>
          {kind !== 'gift' && (
            <Col span={6}>
              <Form.Item label="使用门槛（元）" name="thresholdYuan" extra="不填或 0 = 无门槛">
                <InputNumber min={0} precision={2} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          )}
          {kind === 'cash' && (
            <Col span={6}>
              <Form.Item label="减免金额（元）" name="amountOffYuan" rules={[{ required: true, message: '请填写减免金额' }]}>
                <InputNumber min={0.01} precision={2} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          )}
          {kind === 'percent' && (
            <>
              <Col span={6}>
                <Form.Item
                  label="优惠比例（%）"
                  name="percentOff"
                  extra="20 = 减 20%，即 8 折"
                  rules={[{ required: true, message: '请填写 1–99' }]}
                >
                  <InputNumber min={1} max={99} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={6}>
                <Form.Item label="最高减免（元）" name="maxOffYuan" extra="选填">
                  <InputNumber min={0.01} precision={2} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </>
          )}
          {kind !== 'gift' && (
            <Col span={6}>
              <Form.Item label="可与其他券叠加" name="stackable" valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
          )}
        </Row>
        <Row gutter={16}>
          <Col span={6}>
            <Form.Item label="总库存" name="totalStock" rules={[{ required: true, message: '请填写总库存' }]}>
              <InputNumber min={1} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item label="每人限领" name="perMemberLimit" rules={[{ required: true, message: '请填写' }]}>
              <InputNumber min={1} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item label="最低会员等级" name="minTier">
              <Select allowClear placeholder="不限" options={TIER_CODES.map((c) => ({ value: c, label: TIER_LABELS[c] }))} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label="有效期" name="validity">
          <Radio.Group
            options={[
              { value: 'days', label: '领取后 N 天内有效' },
              { value: 'window', label: '固定日期' },
            ]}
          />
        </Form.Item>
        {validity === 'window' ? (
          <Form.Item label="使用日期" name="window" rules={[{ required: true, message: '请选择日期范围' }]}>
            <DatePicker.RangePicker />
          </Form.Item>
        ) : (
          <Form.Item label="有效天数" name="validDays" rules={[{ required: true, message: '请填写天数' }]}>
            <InputNumber min={1} max={3650} precision={0} style={{ width: 160 }} />
          </Form.Item>
        )}
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item label="仅限每周" name="validWeekdays" extra="不选 = 每天可用（按会员方案时区）">
              <Checkbox.Group options={WEEKDAY_OPTIONS} />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item label="使用时段从" name="validTimeFrom">
              <Input placeholder="HH:MM，不限" maxLength={5} />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item label="至（不含）" name="validTimeTo">
              <Input placeholder="HH:MM" maxLength={5} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          label="发放渠道"
          name="channels"
          rules={[{ required: true, message: '请至少选择一个渠道' }]}
          extra="领券中心与积分商城不能同时选择"
        >
          <Checkbox.Group options={SELECTABLE_CHANNELS.map((c) => ({ value: c, label: COUPON_CHANNEL_LABELS[c] }))} />
        </Form.Item>
        {channels.includes('points') && (
          <Form.Item label="兑换所需积分" name="pointsCost" rules={[{ required: true, message: '积分商城渠道需填写兑换积分' }]}>
            <InputNumber min={1} precision={0} style={{ width: 160 }} />
          </Form.Item>
        )}
        {preview && (
          <Typography.Paragraph>
            预览：<Typography.Text strong>{preview}</Typography.Text>
          </Typography.Paragraph>
        )}
        <Space direction="vertical" style={{ width: '100%' }}>
          {problems.length > 0 && (
            <Alert
              type="error"
              showIcon
              role="alert"
              message="请先修改以下问题"
              description={
                <ul style={{ margin: 0, paddingLeft: 20 }}>
                  {problems.map((p) => (
                    <li key={p}>{p}</li>
                  ))}
                </ul>
              }
            />
          )}
          {create.error ? <ErrorAlert error={create.error} testId="coupon-template-error" /> : null}
          <Space>
            <Button type="primary" htmlType="submit" loading={create.isPending}>
              创建
            </Button>
            <Button onClick={() => void navigate('/coupons')}>取消</Button>
          </Space>
        </Space>
      </Form>
    </Card>
  );
}
