// 新建储值方案 and 改名: the two forms of the plans screen, each checked with the shared rule
// before sending, the rule's (and the server's, the same rule's) problems on their fields.
import type { AdminStoredValuePlan } from '@huiyuan/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, InputNumber, Typography } from 'antd';
import { useState } from 'react';
import { createStoredValuePlan, updateStoredValuePlan } from '../../api/stored-value';
import { EditModal } from '../../components/edit-modal';
import { useSubmitKey } from '../../hooks/use-submit-key';
import {
  STORED_VALUE_PLAN_WORDING,
  describeStoredValuePlan,
  storedValuePlanFormProblems,
  toStoredValuePlanRequest,
  type StoredValuePlanValues,
} from './plan-request';
import { serverProblems, setFieldProblems, toFieldProblems } from './rule-problems';
import { STORED_VALUE_KEYS } from './use-stored-value';

export function CreateStoredValuePlanModal({ onClose }: { onClose: () => void }) {
  const [form] = Form.useForm<StoredValuePlanValues>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const submitKey = useSubmitKey('sv-plan');
  const [general, setGeneral] = useState<string[]>([]);
  const values = Form.useWatch([], form) as StoredValuePlanValues | undefined;
  const req = values ? toStoredValuePlanRequest(values) : null;
  const preview = req && Number.isSafeInteger(req.amount) && Number.isSafeInteger(req.bonus) ? describeStoredValuePlan(req) : '';

  const create = useMutation({
    mutationFn: (v: StoredValuePlanValues) => {
      const body = toStoredValuePlanRequest(v);
      return createStoredValuePlan(body, submitKey.keyFor(body));
    },
    onSuccess: (plan) => {
      submitKey.done();
      void message.success(`已创建储值方案「${plan.title}」`);
      void queryClient.invalidateQueries({ queryKey: STORED_VALUE_KEYS.plans });
      onClose();
    },
    onError: (err) => {
      const found = toFieldProblems(serverProblems(err), STORED_VALUE_PLAN_WORDING);
      setFieldProblems(form, found);
      setGeneral(found.general);
    },
  });

  const onFinish = (v: StoredValuePlanValues) => {
    const found = storedValuePlanFormProblems(v);
    setFieldProblems(form, found);
    setGeneral(found.general);
    if (found.fields.length === 0 && found.general.length === 0) create.mutate(v);
  };

  return (
    <EditModal<StoredValuePlanValues>
      title="新建储值方案"
      form={form}
      initialValues={{ bonusYuan: 0 }}
      onFinish={onFinish}
      onClose={onClose}
      saving={create.isPending}
      problems={general}
      error={create.error}
      testId="sv-plan-form"
    >
      <Form.Item label="名称" name="title" rules={[{ required: true, whitespace: true, message: '请填写名称' }]}>
        <Input maxLength={40} placeholder="例如：充 100 送 10" />
      </Form.Item>
      <Form.Item label="充值金额（元）" name="amountYuan" extra="会员实际支付的金额（本金）">
        <InputNumber min={0} precision={2} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item label="赠送金额（元）" name="bonusYuan" extra="额外赠送的金额（赠送金），0 = 不赠送；有效期见储值设置">
        <InputNumber min={0} precision={2} style={{ width: '100%' }} />
      </Form.Item>
      {preview ? (
        <Typography.Paragraph data-testid="sv-plan-preview">
          预览：<Typography.Text strong>{preview}</Typography.Text>
        </Typography.Paragraph>
      ) : null}
      <Typography.Text type="secondary">创建后金额不能修改（可下架后新建方案），名称可随时修改。</Typography.Text>
    </EditModal>
  );
}

export function RenameStoredValuePlanModal({ plan, onClose }: { plan: AdminStoredValuePlan; onClose: () => void }) {
  const [form] = Form.useForm<{ title: string }>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const rename = useMutation({
    mutationFn: (title: string) => updateStoredValuePlan(plan.id, { title }),
    onSuccess: (p) => {
      void message.success(`已改名为「${p.title}」`);
      void queryClient.invalidateQueries({ queryKey: STORED_VALUE_KEYS.plans });
      onClose();
    },
    onError: (err) => setFieldProblems(form, toFieldProblems(serverProblems(err), STORED_VALUE_PLAN_WORDING)),
  });
  return (
    <EditModal<{ title: string }>
      title={`改名：${plan.title}`}
      form={form}
      initialValues={{ title: plan.title }}
      onFinish={(v) => rename.mutate(v.title.trim())}
      onClose={onClose}
      saving={rename.isPending}
      error={rename.error}
      testId="sv-plan-rename-form"
    >
      <Form.Item
        label="名称"
        name="title"
        rules={[
          { required: true, whitespace: true, message: '请填写名称' },
          { max: 40, message: '名称最多 40 个字' },
        ]}
      >
        <Input maxLength={40} />
      </Form.Item>
    </EditModal>
  );
}
