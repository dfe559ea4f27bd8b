// 新建抽奖: window, cost, per-member limits, budget and up to eight prizes (积分 / 优惠券 / 实物 /
// 谢谢参与) with stock and weight; the odds column previews what members will be shown (the shared
// largest-remainder rounding). Checked first with the shared rule the server applies; the server's
// problems go onto the same fields; Idempotency-Key: a retried submit creates one lottery.
import { MAX_PRIZES, type CreateLotteryRequest } from '@huiyuan/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, DatePicker, Form, Input, InputNumber, Row, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { createLottery } from '../../api/endpoints';
import { ErrorAlert } from '../../components/error-alert';
import { useSubmitKey } from '../../hooks/use-submit-key';
import { clearChangedErrors } from '../../lib/form-errors';
import {
  lotteryFormProblems,
  lotteryProblemFields,
  serverLotteryProblems,
  toLotteryRequest,
  type LotteryValues,
} from './lottery-request';
import { PrizeTable } from './prize-table';

/** A new lottery opens now (members can draw at once) for 30 days. */
const initialValues = (): LotteryValues => ({
  costPoints: 10,
  perMemberDaily: 3,
  perMemberTotal: 30,
  window: [dayjs().startOf('minute'), dayjs().add(30, 'day').endOf('day')],
  prizes: [
    { title: '100 积分', kind: 'points', points: 100, stock: 100, weight: 10 },
    { title: '谢谢参与', kind: 'none', stock: 0, weight: 90 },
  ],
});

export default function LotteryCreatePage() {
  const [form] = Form.useForm<LotteryValues>();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const submitKey = useSubmitKey('lottery');
  const [general, setGeneral] = useState<string[]>([]);
  const [initial] = useState(initialValues);

  const place = (problems: string[]) => {
    const placed = lotteryProblemFields(problems);
    if (placed.fields.length) form.setFields(placed.fields as Parameters<typeof form.setFields>[0]);
    setGeneral(placed.general);
  };

  const create = useMutation({
    mutationFn: (req: CreateLotteryRequest) => createLottery(req, submitKey.keyFor(req)),
    onSuccess: (l) => {
      submitKey.done();
      void queryClient.invalidateQueries({ queryKey: ['lotteries'] });
      void message.success(`已创建抽奖「${l.title}」`);
      void navigate(`/lotteries/${l.id}`);
    },
    onError: (err) => place(serverLotteryProblems(err)),
  });

  const onFinish = (v: LotteryValues) => {
    const problems = lotteryFormProblems(v);
    setGeneral(problems.general);
    if (problems.fields.length || problems.general.length) {
      form.setFields(problems.fields as Parameters<typeof form.setFields>[0]);
      return;
    }
    create.mutate(toLotteryRequest(v));
  };

  return (
    <Card title="新建抽奖">
      <Form<LotteryValues>
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={onFinish}
        onValuesChange={(changed) => clearChangedErrors(form, changed)}
        data-testid="lottery-form"
      >
        <Row gutter={16}>
          <Col span={10}>
            <Form.Item label="抽奖名称" name="title" rules={[{ required: true, whitespace: true, message: '请填写抽奖名称' }]}>
              <Input maxLength={64} placeholder="例如：周年庆九宫格" />
            </Form.Item>
          </Col>
          <Col span={14}>
            <Form.Item label="活动时间" name="window" rules={[{ required: true, message: '请选择开始和结束时间' }]}>
              <DatePicker.RangePicker showTime style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label="说明" name="description">
          <Input.TextArea rows={2} maxLength={500} placeholder="展示给会员的活动说明（选填）" />
        </Form.Item>
        <Row gutter={16}>
          <Col span={6}>
            <Form.Item label="每次消耗积分" name="costPoints" extra="0 为免费；有免费次数时先用免费次数">
              <InputNumber min={0} precision={0} style={{ width: '100%' }} data-testid="lottery-cost" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item label="每人每天次数" name="perMemberDaily">
              <InputNumber min={1} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item label="每人总次数" name="perMemberTotal">
              <InputNumber min={1} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item label="积分奖品预算" name="budgetPoints" extra="积分奖品发放总额上限，不填则不限">
              <InputNumber min={1} precision={0} style={{ width: '100%' }} placeholder="不限" />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Title level={5}>奖品（最多 {MAX_PRIZES} 个）</Typography.Title>
        <PrizeTable />
        {general.length > 0 && <Alert type="error" showIcon style={{ marginTop: 16 }} message={general.join('；')} />}
        {create.error && !serverLotteryProblems(create.error).length && (
          <div style={{ marginTop: 16 }}>
            <ErrorAlert error={create.error} />
          </div>
        )}
        <Space style={{ marginTop: 24 }}>
          <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="lottery-submit">
            创建抽奖
          </Button>
          <Button onClick={() => void navigate('/lotteries')}>取消</Button>
        </Space>
      </Form>
    </Card>
  );
}
