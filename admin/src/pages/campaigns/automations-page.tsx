// 自动化: trigger → delay → action, once per member per occurrence. Built-ins (新会员礼券, 生日礼券,
// 积分到期提醒) are switched on and off here; new ones are added with the form below the table.
import {
  AUTOMATION_TRIGGER_CODES,
  automationProblems,
  type AutomationTriggerCode,
  type CampaignAction,
  type CreateAutomationRequest,
} from '@huiyuan/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Form, Input, InputNumber, Modal, Row, Select, Space, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { createAutomation, listAutomations, listCouponTemplates, updateAutomation } from '../../api/endpoints';
import { errorMessage } from '../../api/errors';
import type { AutomationView } from '../../api/types';
import { QueryState } from '../../components/query-state';
import { useSubmitKey } from '../../hooks/use-submit-key';
import { showFieldErrors } from '../../lib/form-errors';
import { formatCount } from '../../lib/format';
import { AUTOMATION_TRIGGER_LABELS } from '../../lib/labels';

interface Values {
  name: string;
  trigger: AutomationTriggerCode;
  days?: number;
  actionType: 'points' | 'coupon';
  points?: number;
  templateId?: string;
  delayMinutes?: number;
}

function toRequest(v: Values): CreateAutomationRequest {
  const action: CampaignAction =
    v.actionType === 'points' ? { type: 'points', points: v.points ?? 0 } : { type: 'coupon', templateId: v.templateId ?? '' };
  return {
    name: (v.name ?? '').trim(),
    trigger: { code: v.trigger, args: v.trigger === 'points_expiring' ? { days: v.days ?? 0 } : {} },
    action,
    delayMinutes: v.delayMinutes ?? 0,
    enabled: true,
  };
}

function CreateAutomationModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const submitKey = useSubmitKey('automation');
  const templates = useQuery({ queryKey: ['coupon-templates'], queryFn: listCouponTemplates, enabled: open });
  const trigger = Form.useWatch('trigger', form);
  const actionType = Form.useWatch('actionType', form);
  const create = useMutation({
    mutationFn: (req: CreateAutomationRequest) => createAutomation(req, submitKey.keyFor(req)),
    onSuccess: (a) => {
      submitKey.done();
      void message.success(`已创建自动化「${a.name}」`);
      void queryClient.invalidateQueries({ queryKey: ['automations'] });
      form.resetFields();
      onClose();
    },
    onError: (err) => showFieldErrors(form, err),
  });
  const onFinish = (v: Values) => {
    const req = toRequest(v);
    const problems = automationProblems(req);
    if (problems.length > 0) {
      form.setFields([{ name: 'name', errors: problems }]);
      return;
    }
    create.mutate(req);
  };
  return (
    <Modal
      title="新建自动化"
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="创建"
      cancelText="取消"
      confirmLoading={create.isPending}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ trigger: 'first_order', actionType: 'points', points: 100, delayMinutes: 0, days: 7 }}
        onFinish={onFinish}
      >
        <Form.Item label="名称" name="name" rules={[{ required: true, whitespace: true, message: '请填写名称' }]}>
          <Input maxLength={64} placeholder="例如：首单后送积分" />
        </Form.Item>
        <Row gutter={12}>
          <Col span={14}>
            <Form.Item label="触发" name="trigger">
              <Select options={AUTOMATION_TRIGGER_CODES.map((c) => ({ value: c, label: AUTOMATION_TRIGGER_LABELS[c] }))} />
            </Form.Item>
          </Col>
          <Col span={10}>
            {trigger === 'points_expiring' ? (
              <Form.Item label="到期前（天）" name="days">
                <InputNumber min={1} max={60} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            ) : (
              <Form.Item label="延迟（分钟）" name="delayMinutes">
                <InputNumber min={0} max={43200} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            )}
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={10}>
            <Form.Item label="动作" name="actionType">
              <Select
                options={[
                  { value: 'points', label: '赠送积分' },
                  { value: 'coupon', label: '发放优惠券' },
                ]}
              />
            </Form.Item>
          </Col>
          <Col span={14}>
            {actionType === 'coupon' ? (
              <Form.Item
                label="优惠券（开放“自动化”渠道）"
                name="templateId"
                rules={[{ required: true, message: '请选择优惠券' }]}
              >
                <Select
                  options={(templates.data?.items ?? [])
                    .filter((t) => t.channels.includes('automation'))
                    .map((t) => ({ value: t.id, label: t.title }))}
                />
              </Form.Item>
            ) : (
              <Form.Item label="积分" name="points">
                <InputNumber min={1} max={100000} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            )}
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

export default function AutomationsPage() {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const automations = useQuery({ queryKey: ['automations'], queryFn: listAutomations });
  const toggle = useMutation({
    mutationFn: (a: AutomationView) => updateAutomation(a.id, { enabled: !a.enabled }),
    onSuccess: (a) => {
      void message.success(`「${a.name}」已${a.enabled ? '开启' : '关闭'}`);
      void queryClient.invalidateQueries({ queryKey: ['automations'] });
    },
    onError: (err) => void message.error(errorMessage(err)),
  });
  return (
    <Card
      title="自动化"
      extra={
        <Button type="primary" onClick={() => setCreating(true)} data-testid="automation-create">
          新建自动化
        </Button>
      }
    >
      <QueryState query={automations}>
        {(data) => (
          <Table<AutomationView>
            data-testid="automations-table"
            rowKey="id"
            dataSource={data.items}
            pagination={false}
            columns={[
              {
                title: '名称',
                dataIndex: 'name',
                render: (n: string, a) => (
                  <Space>
                    {n}
                    {a.builtin && <Tag>内置</Tag>}
                  </Space>
                ),
              },
              { title: '规则', dataIndex: 'description' },
              { title: '已触发', dataIndex: 'fired', align: 'right', render: (n: number) => formatCount(n) },
              { title: '已送达', dataIndex: 'delivered', align: 'right', render: (n: number) => formatCount(n) },
              {
                title: '开启',
                render: (_, a) => (
                  <Switch
                    checked={a.enabled}
                    loading={toggle.isPending && toggle.variables?.id === a.id}
                    onChange={() => toggle.mutate(a)}
                    data-testid={`automation-switch-${a.name}`}
                  />
                ),
              },
            ]}
          />
        )}
      </QueryState>
      <CreateAutomationModal open={creating} onClose={() => setCreating(false)} />
    </Card>
  );
}
