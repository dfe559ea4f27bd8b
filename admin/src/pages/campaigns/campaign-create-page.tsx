// 新建活动: segment, action, holdout, budget, frequency cap and schedule, checked first with the
// shared rule the server applies; the draft is launched from its page. Idempotency-Key: a retried
// submit creates one campaign.
import { CAMPAIGN_ACTION_TYPES, describeCampaignAction, type CreateCampaignRequest } from '@huiyuan/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, DatePicker, Form, Input, InputNumber, Radio, Row, Select, Space, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { createCampaign, listCouponTemplates, listSegments } from '../../api/endpoints';
import { useSubmitKey } from '../../hooks/use-submit-key';
import { showFieldErrors } from '../../lib/form-errors';
import { formatCount } from '../../lib/format';
import { CAMPAIGN_ACTION_LABELS } from '../../lib/labels';
import { campaignFormErrors, toCampaignRequest, type CampaignValues } from './campaign-request';

export default function CampaignCreatePage() {
  const [form] = Form.useForm<CampaignValues>();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const submitKey = useSubmitKey('campaign');
  const segments = useQuery({ queryKey: ['segments'], queryFn: listSegments });
  const templates = useQuery({ queryKey: ['coupon-templates'], queryFn: listCouponTemplates });
  const actionType = Form.useWatch('actionType', form);
  const values = Form.useWatch([], form);
  const preview = values?.actionType ? describeCampaignAction(toCampaignRequest(values).action) : '';

  const create = useMutation({
    mutationFn: (req: CreateCampaignRequest) => createCampaign(req, submitKey.keyFor(req)),
    onSuccess: (c) => {
      submitKey.done();
      void queryClient.invalidateQueries({ queryKey: ['campaigns'] });
      void message.success(`已创建活动「${c.name}」（草稿），确认后即可启动`);
      void navigate(`/campaigns/${c.id}`);
    },
    onError: (err) => showFieldErrors(form, err),
  });

  const onFinish = (v: CampaignValues) => {
    const errors = campaignFormErrors(v);
    if (errors.length > 0) form.setFields(errors);
    else create.mutate(toCampaignRequest(v));
  };

  const campaignTemplates = (templates.data?.items ?? []).filter((t) => t.channels.includes('campaign') && t.status === 'active');

  return (
    <Card title="新建营销活动">
      <Form<CampaignValues>
        form={form}
        layout="vertical"
        style={{ maxWidth: 880 }}
        initialValues={{ actionType: 'points', points: 100, holdoutPercent: 10 }}
        onFinish={onFinish}
        data-testid="campaign-form"
      >
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item label="活动名称" name="name" rules={[{ required: true, whitespace: true, message: '请填写活动名称' }]}>
              <Input maxLength={64} placeholder="例如：沉睡会员唤醒" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              label="目标人群"
              name="segmentId"
              rules={[{ required: true, message: '请选择人群' }]}
              extra="启动时冻结当时的人群成员"
            >
              <Select
                data-testid="campaign-segment"
                loading={segments.isLoading}
                placeholder="选择人群"
                showSearch
                optionFilterProp="label"
                options={(segments.data?.items ?? []).map((s) => ({
                  value: s.id,
                  label: `${s.name}（约 ${formatCount(s.memberCount)} 人）`,
                }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label="动作" name="actionType">
          <Radio.Group
            optionType="button"
            options={CAMPAIGN_ACTION_TYPES.map((t) => ({ value: t, label: CAMPAIGN_ACTION_LABELS[t] }))}
          />
        </Form.Item>
        {actionType === 'points' && (
          <Form.Item label="每人赠送积分" name="points" rules={[{ required: true, message: '请填写积分' }]}>
            <InputNumber min={1} max={100000} precision={0} style={{ width: 200 }} data-testid="campaign-points" />
          </Form.Item>
        )}
        {actionType === 'coupon' && (
          <Form.Item
            label="优惠券"
            name="templateId"
            rules={[{ required: true, message: '请选择优惠券' }]}
            extra="只列出开放了“营销活动”渠道的优惠券"
          >
            <Select
              loading={templates.isLoading}
              placeholder="选择优惠券"
              options={campaignTemplates.map((t) => ({
                value: t.id,
                label: `${t.title}（剩余 ${formatCount(t.totalStock - t.issued)}）`,
              }))}
            />
          </Form.Item>
        )}
        {actionType === 'message' && (
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item label="订阅消息模板 ID" name="messageTemplateId" extra="只发给对该模板有剩余一次性订阅次数的会员">
                <Input maxLength={64} />
              </Form.Item>
              <Form.Item label="跳转页面" name="messagePage">
                <Input placeholder="pages/card/index" maxLength={128} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item label="模板内容（每行 字段=内容）" name="messageData">
                <Input.TextArea rows={4} placeholder={'thing1=会员日积分 2 倍\ntime2=12月3日'} />
              </Form.Item>
            </Col>
          </Row>
        )}
        <Row gutter={16}>
          <Col span={6}>
            <Form.Item label="对照组比例（%）" name="holdoutPercent" extra="随机留出、不发送，用于衡量效果">
              <InputNumber min={0} max={50} precision={2} style={{ width: '100%' }} data-testid="campaign-holdout" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item label="最多送达人数" name="maxMembers">
              <InputNumber min={1} precision={0} style={{ width: '100%' }} placeholder="不限" />
            </Form.Item>
          </Col>
          {actionType === 'points' && (
            <Col span={6}>
              <Form.Item label="积分预算" name="maxPoints">
                <InputNumber min={1} precision={0} style={{ width: '100%' }} placeholder="不限" />
              </Form.Item>
            </Col>
          )}
          <Col span={6}>
            <Form.Item label="频次限制（天）" name="frequencyCapDays" extra="N 天内收到过任何活动的会员不再发送">
              <InputNumber min={1} max={365} precision={0} style={{ width: '100%' }} placeholder="不限" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label="定时开始" name="scheduleAt" extra="不填则在启动时立即开始">
          <DatePicker showTime style={{ width: 240 }} />
        </Form.Item>
        {preview && (
          <Typography.Paragraph type="secondary" data-testid="campaign-preview">
            每位目标会员：{preview}
          </Typography.Paragraph>
        )}
        <Space>
          <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="campaign-submit">
            保存为草稿
          </Button>
          <Button onClick={() => void navigate('/campaigns')}>取消</Button>
        </Space>
      </Form>
    </Card>
  );
}
