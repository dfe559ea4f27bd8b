// 新建付费会员方案: price and term (or a free trial), and the benefits — member price, points
// multiplier, a monthly coupon pack picked from the coupon templates — checked with the shared
// membershipPlanProblems before sending; the benefit lines previewed as the member will read them.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Col, Form, Input, InputNumber, Row, Select, Switch, Typography } from 'antd';
import { useState } from 'react';
import { createMembershipPlan } from '../../api/stored-value';
import { EditModal } from '../../components/edit-modal';
import { useSubmitKey } from '../../hooks/use-submit-key';
import { serverProblems, setFieldProblems, toFieldProblems } from '../stored-value/rule-problems';
import {
  MEMBERSHIP_PLAN_WORDING,
  benefitPreview,
  membershipPlanFormProblems,
  toMembershipPlanRequest,
  type MembershipPlanValues,
} from './plan-request';
import { MEMBERSHIP_KEYS, useCouponTemplates } from './use-membership';

export function MembershipPlanCreateModal({ onClose }: { onClose: () => void }) {
  const [form] = Form.useForm<MembershipPlanValues>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const submitKey = useSubmitKey('mp-plan');
  const [general, setGeneral] = useState<string[]>([]);
  const templates = useCouponTemplates(true);
  const trial = Form.useWatch('trial', form);
  const values = Form.useWatch([], form) as MembershipPlanValues | undefined;
  const lines = values ? benefitPreview(values) : [];

  const create = useMutation({
    mutationFn: (v: MembershipPlanValues) => {
      const body = toMembershipPlanRequest(v);
      return createMembershipPlan(body, submitKey.keyFor(body));
    },
    onSuccess: (plan) => {
      submitKey.done();
      void message.success(`已创建付费会员方案「${plan.title}」`);
      void queryClient.invalidateQueries({ queryKey: MEMBERSHIP_KEYS.plans });
      onClose();
    },
    onError: (err) => {
      const found = toFieldProblems(serverProblems(err), MEMBERSHIP_PLAN_WORDING);
      setFieldProblems(form, found);
      setGeneral(found.general);
    },
  });

  const onFinish = (v: MembershipPlanValues) => {
    const found = membershipPlanFormProblems(v);
    setFieldProblems(form, found);
    setGeneral(found.general);
    if (found.fields.length === 0 && found.general.length === 0) create.mutate(v);
  };

  return (
    <EditModal<MembershipPlanValues>
      title="新建付费会员方案"
      form={form}
      initialValues={{ trial: false, termDays: 30 }}
      onFinish={onFinish}
      onClose={onClose}
      saving={create.isPending}
      problems={general}
      error={create.error}
      testId="mp-plan-form"
    >
      <Form.Item label="名称" name="title" rules={[{ required: true, whitespace: true, message: '请填写名称' }]}>
        <Input maxLength={40} placeholder="例如：PLUS 月卡" />
      </Form.Item>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item label="免费试用" name="trial" valuePropName="checked" extra="每位会员限一次">
            <Switch />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item label="价格（元）" name="priceYuan">
            <InputNumber
              min={0}
              precision={2}
              disabled={Boolean(trial)}
              placeholder={trial ? '免费' : ''}
              style={{ width: '100%' }}
            />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item label="会员期（天）" name="termDays" extra="续费时接在当前会员期之后">
            <InputNumber min={1} max={3660} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Typography.Text strong>权益（至少一项）</Typography.Text>
      <Row gutter={16} style={{ marginTop: 8 }}>
        <Col span={12}>
          <Form.Item label="会员价（原价的 %）" name="discountPercent" extra="95 = 95 折；与等级折扣取更优；不填 = 无">
            <InputNumber min={10} max={100} precision={2} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label="积分倍数" name="pointsMultiplier" extra="1.5 = 消费积分 ×1.5，叠加等级倍数；不填 = 无">
            <InputNumber min={1} max={10} precision={2} step={0.5} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        label="每月优惠券礼包"
        name="monthlyCouponTemplateId"
        extra="会员期内每个自然月发放一次；可选开放“付费会员礼包”渠道的优惠券；不选 = 无"
      >
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          loading={templates.isLoading}
          placeholder="选择优惠券"
          data-testid="mp-plan-template"
          options={(templates.data?.items ?? [])
            .filter((t) => t.status === 'active' && t.channels.includes('membership'))
            .map((t) => ({ value: t.id, label: t.title }))}
        />
      </Form.Item>
      {lines.length > 0 ? (
        <div data-testid="mp-plan-benefits">
          <Typography.Text type="secondary">会员将看到：</Typography.Text>
          <ul style={{ margin: '4px 0 0', paddingLeft: 20 }}>
            {lines.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
        创建后价格、会员期和权益不能修改（已购买的会员按购买时的权益），可下架后新建方案。
      </Typography.Paragraph>
    </EditModal>
  );
}
