// 调整积分 (admins): delta and reason; one idempotency key per submit, the same key when the same
// submit is retried, so a lost answer never adjusts twice. The form keeps its values on an error.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, InputNumber, Modal } from 'antd';
import { adjustPoints } from '../../api/endpoints';
import { ErrorAlert } from '../../components/error-alert';
import { useSubmitKey } from '../../hooks/use-submit-key';
import { showFieldErrors } from '../../lib/form-errors';
import { formatCount } from '../../lib/format';

interface Values {
  delta: number;
  reason: string;
}

export function PointsAdjustmentModal({
  memberId,
  balance,
  open,
  onClose,
}: {
  memberId: string;
  balance: number;
  open: boolean;
  onClose: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const submitKey = useSubmitKey('adjust');
  const mutation = useMutation({
    mutationFn: (v: Values) =>
      adjustPoints(memberId, { delta: v.delta, reason: v.reason.trim(), idempotencyKey: submitKey.keyFor(v) }),
    onSuccess: (res) => {
      submitKey.done();
      void message.success(`积分已调整 ${res.delta > 0 ? '+' : ''}${res.delta}，当前余额 ${formatCount(res.balanceAfter)}`);
      void queryClient.invalidateQueries({ queryKey: ['member', memberId] });
      form.resetFields();
      mutation.reset();
      onClose();
    },
    onError: (err) => showFieldErrors(form, err),
  });

  return (
    <Modal
      title="调整积分"
      open={open}
      okText="确认调整"
      cancelText="取消"
      confirmLoading={mutation.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form<Values> form={form} layout="vertical" onFinish={(v) => mutation.mutate(v)}>
        <Form.Item
          label="调整数量"
          name="delta"
          extra={`当前积分 ${formatCount(balance)}；正数增加，负数扣减`}
          rules={[
            { required: true, message: '请输入调整数量' },
            {
              validator: (_, v: number | null) =>
                v === null || v === undefined || (Number.isInteger(v) && v !== 0 && Math.abs(v) <= 1_000_000)
                  ? Promise.resolve()
                  : Promise.reject(new Error('请输入 -1000000 到 1000000 之间的非零整数')),
            },
          ]}
        >
          <InputNumber precision={0} style={{ width: '100%' }} placeholder="例如 200 或 -100" />
        </Form.Item>
        <Form.Item
          label="调整原因"
          name="reason"
          rules={[
            { required: true, whitespace: true, message: '请填写调整原因' },
            { max: 100, message: '原因最多 100 个字' },
          ]}
        >
          <Input.TextArea rows={2} maxLength={100} showCount placeholder="例如：客诉补偿" />
        </Form.Item>
      </Form>
      {mutation.error ? <ErrorAlert error={mutation.error} testId="adjust-error" /> : null}
    </Modal>
  );
}
