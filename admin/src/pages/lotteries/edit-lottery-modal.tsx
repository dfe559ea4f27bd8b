// 编辑抽奖 (admins): the wording, a later end and higher limits (PATCH /admin/lotteries/:id). Prizes,
// odds, cost and the start are not edited here: once a lottery has started members drew against
// them (the server refuses; before the start a new lottery is the clearer way). Checked first with
// the shared lotteryEditProblems.
import { lotteryEditProblems, type CreateLotteryRequest, type UpdateLotteryRequest } from '@huiyuan/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, DatePicker, Form, Input, InputNumber } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { updateLottery } from '../../api/endpoints';
import type { AdminLotteryView } from '../../api/types';
import { EditModal } from '../../components/edit-modal';
import { showFieldErrors } from '../../lib/form-errors';

interface Values {
  title: string;
  description?: string;
  endsAt: Dayjs;
  perMemberDaily: number;
  perMemberTotal: number;
}

/** The PATCH body: only what changed (a cleared description as null). */
export function lotteryChanges(l: AdminLotteryView, v: Values): UpdateLotteryRequest {
  const description = v.description?.trim() ? v.description.trim() : null;
  const endsAt = v.endsAt.toISOString();
  return {
    ...(v.title.trim() !== l.title ? { title: v.title.trim() } : {}),
    ...(description !== (l.description ?? null) ? { description } : {}),
    ...(Date.parse(endsAt) !== Date.parse(l.endsAt) ? { endsAt } : {}),
    ...(v.perMemberDaily !== l.perMemberDaily ? { perMemberDaily: v.perMemberDaily } : {}),
    ...(v.perMemberTotal !== l.perMemberTotal ? { perMemberTotal: v.perMemberTotal } : {}),
  };
}

/** The lottery as its create request, for the shared edit rule. */
export function asRequest(l: AdminLotteryView): CreateLotteryRequest {
  return {
    title: l.title,
    description: l.description,
    startsAt: l.startsAt,
    endsAt: l.endsAt,
    costPoints: l.costPoints,
    perMemberDaily: l.perMemberDaily,
    perMemberTotal: l.perMemberTotal,
    budgetPoints: l.budgetPoints,
    prizes: l.prizes.map((p) => ({
      title: p.title,
      kind: p.kind,
      stock: p.stock,
      weight: p.weight,
      ...(p.points !== undefined ? { points: p.points } : {}),
      ...(p.templateId !== undefined ? { templateId: p.templateId } : {}),
      ...(p.claimDays !== undefined ? { claimDays: p.claimDays } : {}),
    })),
  };
}

export function EditLotteryModal({ lottery: l, onClose }: { lottery: AdminLotteryView; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [problems, setProblems] = useState<string[]>([]);
  const save = useMutation({
    mutationFn: (body: UpdateLotteryRequest) => updateLottery(l.id, body),
    onSuccess: (saved) => {
      void message.success(`已保存「${saved.title}」`);
      void queryClient.invalidateQueries({ queryKey: ['lotteries'] });
      onClose();
    },
    onError: (err) => showFieldErrors(form, err),
  });
  const onFinish = (v: Values) => {
    const body = lotteryChanges(l, v);
    if (Object.keys(body).length === 0) return onClose();
    const started = Date.now() >= Date.parse(l.startsAt);
    const found = lotteryEditProblems(asRequest(l), body, started).problems;
    setProblems(found);
    if (found.length === 0) save.mutate(body);
  };
  return (
    <EditModal<Values>
      title={`编辑「${l.title}」`}
      form={form}
      initialValues={{
        title: l.title,
        description: l.description ?? '',
        endsAt: dayjs(l.endsAt),
        perMemberDaily: l.perMemberDaily,
        perMemberTotal: l.perMemberTotal,
      }}
      onFinish={onFinish}
      onClose={onClose}
      saving={save.isPending}
      problems={problems}
      error={save.error}
      testId="lottery-edit-form"
    >
      <Form.Item label="标题" name="title" rules={[{ required: true, whitespace: true, message: '请填写标题' }]}>
        <Input maxLength={64} />
      </Form.Item>
      <Form.Item label="说明" name="description">
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
      <Form.Item label="结束时间" name="endsAt" extra="开始后只能延后" rules={[{ required: true, message: '请选择结束时间' }]}>
        <DatePicker showTime style={{ width: 240 }} />
      </Form.Item>
      <Form.Item label="每人每天次数" name="perMemberDaily" extra="开始后只能调高">
        <InputNumber min={1} precision={0} style={{ width: 160 }} />
      </Form.Item>
      <Form.Item label="每人总次数" name="perMemberTotal" extra="开始后只能调高">
        <InputNumber min={1} precision={0} style={{ width: 160 }} />
      </Form.Item>
      <Alert type="info" showIcon message="奖品、中奖概率和每次消耗在会员开始抽奖后不能修改。" />
    </EditModal>
  );
}
