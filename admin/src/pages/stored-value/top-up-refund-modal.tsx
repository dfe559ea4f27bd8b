// 退款 of one top-up: the principal to refund (all that is left by default) and a reason; then the
// server's answer: the money WeChat Pay returns, the bonus clawed back with it and the part of that
// bonus kept from the money because it was already spent.
import type { TopUp, TopUpRefundResponse } from '@huiyuan/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Form, Input, InputNumber, Modal, Space } from 'antd';
import { refundTopUp } from '../../api/stored-value';
import { ErrorAlert } from '../../components/error-alert';
import { useSubmitKey } from '../../hooks/use-submit-key';
import { formatFen } from '../../lib/format';
import { refundPrincipalProblem, toTopUpRefundRequest, type TopUpRefundValues } from './top-up-refund';
import { STORED_VALUE_KEYS } from './use-stored-value';

const REFUND_STATUS: Record<TopUpRefundResponse['status'], string> = {
  processing: '退款处理中（微信支付到账后自动完成）',
  succeeded: '已退款',
  failed: '退款失败，金额已退回会员储值',
};

export function TopUpRefundResult({ result }: { result: TopUpRefundResponse }) {
  return (
    <Descriptions size="small" column={1} bordered data-testid="top-up-refund-result">
      <Descriptions.Item label="退还本金">{formatFen(result.principal)}</Descriptions.Item>
      <Descriptions.Item label="扣回赠送金">{formatFen(result.bonusClawedBack)}</Descriptions.Item>
      <Descriptions.Item label="从退款中扣除（已用掉的赠送金）">{formatFen(result.bonusKeptFromMoney)}</Descriptions.Item>
      <Descriptions.Item label="实际退款（微信支付）">
        <span data-testid="top-up-refund-money">{formatFen(result.money)}</span>
      </Descriptions.Item>
      <Descriptions.Item label="状态">{REFUND_STATUS[result.status]}</Descriptions.Item>
    </Descriptions>
  );
}

export function TopUpRefundModal({ memberId, topUp, onClose }: { memberId: string; topUp: TopUp; onClose: () => void }) {
  const [form] = Form.useForm<TopUpRefundValues>();
  const queryClient = useQueryClient();
  const submitKey = useSubmitKey('tu-refund');
  const refund = useMutation({
    mutationFn: (v: TopUpRefundValues) => {
      const values = { topUpId: topUp.id, principalYuan: v.principalYuan ?? null, reason: v.reason?.trim() ?? '' };
      return refundTopUp(topUp.id, toTopUpRefundRequest(v, topUp.principalLeft, submitKey.keyFor(values)));
    },
    onSuccess: () => {
      submitKey.done();
      void queryClient.invalidateQueries({ queryKey: STORED_VALUE_KEYS.member(memberId) });
      void queryClient.invalidateQueries({ queryKey: ['member', memberId] });
    },
  });
  const result = refund.data;

  return (
    <Modal
      title={`退款：${topUp.title}`}
      open
      onCancel={onClose}
      footer={
        result ? (
          <Button type="primary" onClick={onClose}>
            完成
          </Button>
        ) : (
          <Space>
            <Button onClick={onClose}>取消</Button>
            <Button
              type="primary"
              danger
              loading={refund.isPending}
              onClick={() => form.submit()}
              data-testid="top-up-refund-submit"
            >
              确认退款
            </Button>
          </Space>
        )
      }
    >
      {result ? (
        <TopUpRefundResult result={result} />
      ) : (
        <>
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            message={`这笔充值还剩本金 ${formatFen(topUp.principalLeft)}、赠送金 ${formatFen(topUp.bonusLeft)}`}
            description="退款按退还本金的比例扣回赠送金；若赠送金已用掉，将从退款中扣除相应金额。"
          />
          <Form<TopUpRefundValues>
            form={form}
            layout="vertical"
            initialValues={{ principalYuan: topUp.principalLeft / 100 }}
            onFinish={(v) => refund.mutate(v)}
            data-testid="top-up-refund-form"
          >
            <Form.Item
              label="退还本金（元）"
              name="principalYuan"
              extra="默认退还剩余的全部本金"
              rules={[
                {
                  validator: (_, v: number | null | undefined) => {
                    const problem = refundPrincipalProblem(v, topUp.principalLeft);
                    return problem ? Promise.reject(new Error(problem)) : Promise.resolve();
                  },
                },
              ]}
            >
              <InputNumber min={0.01} max={topUp.principalLeft / 100} precision={2} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item label="退款原因" name="reason" rules={[{ max: 80, message: '原因最多 80 个字' }]}>
              <Input.TextArea rows={2} maxLength={80} showCount placeholder="选填，例如：顾客搬家" />
            </Form.Item>
          </Form>
          {refund.error ? (
            <ErrorAlert
              error={refund.error}
              testId="top-up-refund-error"
              overrides={{ STORE_SCOPE: '这笔充值不是为您的门店办理的：只有管理员或该门店的店长可以退款' }}
            />
          ) : null}
        </>
      )}
    </Modal>
  );
}
