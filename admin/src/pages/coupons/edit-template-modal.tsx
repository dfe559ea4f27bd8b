// 编辑优惠券 (admins): what an existing template may change without touching issued coupons' worth —
// title, description, stock (not below what is issued), the per-member limit upwards, a window's end
// later (PATCH /admin/coupon-templates/:id). Checked first with the shared couponTemplateEditProblems.
import { couponTemplateEditProblems, type UpdateCouponTemplateRequest } from '@huiyuan/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, DatePicker, Form, Input, InputNumber } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { updateCouponTemplate } from '../../api/endpoints';
import type { CouponTemplateView } from '../../api/types';
import { EditModal } from '../../components/edit-modal';
import { showFieldErrors } from '../../lib/form-errors';

interface Values {
  title: string;
  description?: string;
  totalStock: number;
  perMemberLimit: number;
  validTo?: Dayjs | null;
}

/** The PATCH body: only what changed (a cleared description as null). */
export function templateChanges(t: CouponTemplateView, v: Values): UpdateCouponTemplateRequest {
  const description = v.description?.trim() ? v.description.trim() : null;
  const validTo = v.validTo ? v.validTo.format('YYYY-MM-DD') : undefined;
  return {
    ...(v.title.trim() !== t.title ? { title: v.title.trim() } : {}),
    ...(description !== (t.description ?? null) ? { description } : {}),
    ...(v.totalStock !== t.totalStock ? { totalStock: v.totalStock } : {}),
    ...(v.perMemberLimit !== t.perMemberLimit ? { perMemberLimit: v.perMemberLimit } : {}),
    ...(validTo !== undefined && t.validTo && validTo !== t.validTo.slice(0, 10) ? { validTo } : {}),
  };
}

export function EditTemplateModal({ template: t, onClose }: { template: CouponTemplateView; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [problems, setProblems] = useState<string[]>([]);
  const save = useMutation({
    mutationFn: (body: UpdateCouponTemplateRequest) => updateCouponTemplate(t.id, body),
    onSuccess: (saved) => {
      void message.success(`已保存「${saved.title}」`);
      void queryClient.invalidateQueries({ queryKey: ['coupon-templates'] });
      onClose();
    },
    onError: (err) => showFieldErrors(form, err),
  });
  const onFinish = (v: Values) => {
    const body = templateChanges(t, v);
    if (Object.keys(body).length === 0) return onClose();
    const found = couponTemplateEditProblems(
      {
        status: t.status,
        channels: t.channels,
        totalStock: t.totalStock,
        issued: t.issued,
        perMemberLimit: t.perMemberLimit,
        validDays: t.validDays ?? null,
        validFrom: t.validFrom ? t.validFrom.slice(0, 10) : null,
        validTo: t.validTo ? t.validTo.slice(0, 10) : null,
        minTier: t.minTier ?? null,
      },
      body,
    );
    setProblems(found);
    if (found.length === 0) save.mutate(body);
  };
  return (
    <EditModal<Values>
      title={`编辑「${t.title}」`}
      form={form}
      initialValues={{
        title: t.title,
        description: t.description ?? '',
        totalStock: t.totalStock,
        perMemberLimit: t.perMemberLimit,
        validTo: t.validTo ? dayjs(t.validTo.slice(0, 10)) : null,
      }}
      onFinish={onFinish}
      onClose={onClose}
      saving={save.isPending}
      problems={problems}
      error={save.error}
      testId="template-edit-form"
    >
      <Form.Item label="名称" name="title" rules={[{ required: true, whitespace: true, message: '请填写名称' }]}>
        <Input maxLength={64} />
      </Form.Item>
      <Form.Item label="说明" name="description">
        <Input maxLength={200} placeholder="选填，会员可见" />
      </Form.Item>
      <Form.Item label="总库存" name="totalStock" extra={`已发放 ${t.issued} 张，不能低于此数`}>
        <InputNumber min={Math.max(1, t.issued)} precision={0} style={{ width: 200 }} />
      </Form.Item>
      <Form.Item label="每人限领" name="perMemberLimit" extra="只能调高">
        <InputNumber min={t.perMemberLimit} precision={0} style={{ width: 200 }} />
      </Form.Item>
      {t.validTo ? (
        <Form.Item label="有效期至" name="validTo" extra="只能延后">
          <DatePicker style={{ width: 200 }} />
        </Form.Item>
      ) : null}
      <Alert type="info" showIcon message="类型、面额、门槛、渠道、门店和等级在发券后不能修改（已发出的券带着这些条款）。" />
    </EditModal>
  );
}
