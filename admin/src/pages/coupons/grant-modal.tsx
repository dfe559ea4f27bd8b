// 发放 (admins): grant a template's coupon to members found by search (POST
// /admin/coupon-templates/:id/grants). One idempotency key per submit, reused on a retry of it.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { grantCoupons, searchMembers } from '../../api/endpoints';
import type { CouponTemplateView, GrantCouponsResponse } from '../../api/types';
import { ErrorAlert } from '../../components/error-alert';
import { useSubmitKey } from '../../hooks/use-submit-key';

interface Values {
  memberIds: string[];
}

export function GrantModal({ template, onClose }: { template: CouponTemplateView; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const submitKey = useSubmitKey('grant');
  const [q, setQ] = useState('');
  const [result, setResult] = useState<GrantCouponsResponse | null>(null);
  const search = useQuery({ queryKey: ['members', q, 'grant'], queryFn: () => searchMembers(q || undefined, undefined) });
  const grant = useMutation({
    mutationFn: (v: Values) => grantCoupons(template.id, v.memberIds, submitKey.keyFor({ id: template.id, ...v })),
    onSuccess: (res) => {
      submitKey.done();
      setResult(res);
      void message.success(res.issued > 0 ? `已发放 ${res.issued} 张优惠券` : '这些会员此前已发放过，未重复发放');
      void queryClient.invalidateQueries({ queryKey: ['coupon-templates'] });
    },
  });
  const notGrantable = !template.channels.includes('grant');

  return (
    <Modal
      title={`发放优惠券：${template.title}`}
      open
      okText={result ? '完成' : '确认发放'}
      cancelText="取消"
      okButtonProps={{ disabled: notGrantable && !result }}
      confirmLoading={grant.isPending}
      onOk={() => (result ? onClose() : form.submit())}
      onCancel={onClose}
    >
      {notGrantable && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message="该优惠券的发放渠道不含「后台发放」，不能直接发放给会员。"
        />
      )}
      {result ? (
        <Alert
          type="success"
          showIcon
          data-testid="grant-result"
          message={`已发放 ${result.issued} 张（共 ${result.coupons.length} 位会员持有本次发放的券）`}
          description={<Typography.Text type="secondary">券码：{result.coupons.map((c) => c.code).join('、')}</Typography.Text>}
        />
      ) : (
        <Form<Values> form={form} layout="vertical" onFinish={(v) => grant.mutate(v)}>
          <Form.Item label="会员" name="memberIds" rules={[{ required: true, message: '请选择至少一位会员' }]}>
            <Select
              mode="multiple"
              showSearch
              filterOption={false}
              onSearch={(v) => setQ(v.trim())}
              loading={search.isFetching}
              placeholder="输入会员号、昵称或完整手机号搜索"
              notFoundContent={search.isFetching ? '搜索中…' : '没有找到会员'}
              options={(search.data?.items ?? []).map((m) => ({
                value: m.id,
                label: `${m.memberNo} ${m.nickname ?? ''} ${m.phoneMasked ?? ''}`.trim(),
              }))}
            />
          </Form.Item>
          <Typography.Text type="secondary">剩余库存 {template.remaining}；同一次发放重试不会重复发券。</Typography.Text>
        </Form>
      )}
      {grant.error ? <ErrorAlert error={grant.error} testId="grant-error" /> : null}
    </Modal>
  );
}
